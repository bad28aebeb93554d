/**
 * bench:verify — offline verification speed of one large audit file (issue 17: at least 100,000
 * events/s). One busy negotiation of EVENTS events (RecordSimulator, seed 17) is appended to an
 * empty store (DATABASE_URL's PostgreSQL database when set, else PGlite in memory) and exported as
 * the CLI exports it (NegotiationExports); the file is kept in
 * VERIFY_BENCH_DIR (default: the system's temporary directory) and reused by later runs.
 *
 * Measured, RUNS times each, in this process (the file's bytes in memory, read as the verifiers read them):
 *   cli      verifyBundleFile, what `npm run cli -- verify` and verify-bundle.mjs run: node:crypto's SHA-256
 *   webcrypto  readBundleFile + verifyBundle with no hash given: WebCrypto, what verify.html runs in a browser
 * Prints each run's events/s, their median, the median CPU time per event (process.cpuUsage: all of
 * the process's threads, less sensitive to other load than the wall clock) and the load average before and after.
 *
 *   npm run bench:verify                      EVENTS=100000 RUNS=5
 *   EVENTS=20000 RUNS=7 npm run bench:verify
 *   node --cpu-prof dist/test/bench/verify.bench.js   a profile of the runs (CPU.*.cpuprofile)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { readBundleFile, verifyBundle } from '#bundle-verifier';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { NegotiationExports, recordsOptions } from '#records';
import { verifyBundleFile } from '../../apps/cli/src/commands/verify.command.js';
import { RecordSimulator, appendSimulated } from '../harness/record-simulator.js';

const EVENTS = Number(process.env['EVENTS'] ?? 100_000);
const RUNS = Number(process.env['RUNS'] ?? 5);
const ONLY = process.env['ONLY'] ?? 'cli,webcrypto';
const DIR = process.env['VERIFY_BENCH_DIR'] ?? join(tmpdir(), 'lrr-verify-bench');
const int = (n: number) => Math.round(n).toLocaleString('en-US');
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The audit file of one negotiation of at least `events` events, made once and kept. */
async function auditFile(events: number): Promise<string> {
  const path = join(DIR, `audit-${events}.json`);
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  const started = performance.now();
  const simulator = new RecordSimulator(17, { startDay: '2015-06-01', spanDays: 3650 });
  const negotiationId = simulator.busyNegotiation(events);
  const config = loadConfig({ DATA_DIR: join(DIR, 'data'), LOG_LEVEL: 'error' });
  const databaseUrl = process.env['DATABASE_URL'];
  const stores = await openStores(databaseUrl ? { databaseUrl, dataDir: null } : { dataDir: null });
  try {
    console.log(`Generated ${int(events)} events in ${((performance.now() - started) / 1000).toFixed(1)} s; appending to ${databaseUrl ? 'PostgreSQL' : 'PGlite in memory'}…`);
    await appendSimulated(stores.events, simulator.drain());
    console.log(`Appended at ${((performance.now() - started) / 1000).toFixed(1)} s; exporting…`);
    const { bundle } = await NegotiationExports.over(stores.events, recordsOptions(config)).export(negotiationId, 'audit', {
      actor: { subject: 'records@bench.example', role: 'records-officer' },
      purpose: 'bench:verify',
      resource: 'bench',
    });
    writeFileSync(path, JSON.stringify(bundle));
  } finally {
    await stores.close();
  }
  console.log(`Made ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s (not part of any figure)`);
  return path;
}

const path = await auditFile(EVENTS);
const bytes = readFileSync(path);
const read = await readBundleFile(bytes, path);
const inFile = Object.values((read.bundle as { events: Record<string, unknown[]> }).events).reduce((n, list) => n + list.length, 0);
console.log(`bench:verify  ${path}: ${int(bytes.length)} bytes, ${int(inFile)} events; ${RUNS} runs each; load average before ${load()}`);

const paths: Record<string, () => Promise<boolean>> = {
  cli: async () => (await verifyBundleFile(path, {}, () => {})).exitCode === 0,
  webcrypto: async () => (await verifyBundle((await readBundleFile(readFileSync(path), path)).bundle)).intact,
};
for (const name of ONLY.split(',')) {
  const rates: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const usage = process.cpuUsage();
    const intact = await paths[name]!();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(usage);
    if (!intact) throw new Error(`${name}: the bench file does not verify`);
    rates.push(inFile / seconds);
    cpu.push((used.user + used.system) / inFile);
  }
  console.log(`  ${name.padEnd(10)} median ${int(median(rates)).padStart(9)} events/s, CPU ${median(cpu).toFixed(1)} µs/event (runs: ${rates.map(int).join(', ')}; read, parse and verify of the whole file)`);
}
console.log(`load average after ${load()}`);
