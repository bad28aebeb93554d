/**
 * `npm run bench:store` — append and replay throughput of the event store (issues 2 and 17).
 *
 * Workload: 8 concurrent writers, 10 events per append, 1,000 streams, 100,000 events of realistic
 * size (proposals with article text), each append carrying the exact expected revision its writer
 * tracks; then a full replay through `readAll` in batches. Run on
 *   1. PostgreSQL at DATABASE_URL through this repository's adapter,
 *   2. the same server, the same work, through @event-driven-io/emmett-postgresql (the yardstick),
 *   3. the same server, the same rows inserted by plain SQL (plain-sql-target.ts: the ceiling),
 *   4. embedded PGlite in a fresh data directory on disk, as `npm start` runs it.
 * The three PostgreSQL stores run in rounds (`--rounds`, default 5), alternating their order from
 * round to round, each run in a process of its own on a fresh scratch database (dropped after it):
 * on a shared machine one run's figure swings by a third, so each round's ratio of ours to the
 * others is taken between runs minutes apart, and the median and spread of those ratios reported.
 *
 *   npm run bench:store -- [--events N] [--pglite-events N] [--rounds N] [--only postgres,emmett,sql,pglite] [--strict]
 *
 * PGlite defaults to 20,000 events (`--pglite-events 100000` for the full workload): it is one
 * in-process connection, and the whole run should stay a few minutes long.
 *
 * Results go to stdout (ending in Markdown tables for the README); progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { canonicalEnvelope } from '#event-store';
import { CpuMeter, cpuBetween } from './cpu.js';
import { canConnect, ScratchDatabases } from './databases.js';
import { Progress } from './progress.js';
import { appendRate, checkTargets, conclude, describeRun, int, replayRate, resultsTable, type RunResult, runBench } from './report.js';
import { openOurStore, type StoreUnderTest } from './targets.js';
import { proposalEvents, runWriters, type Workload } from './workload.js';

const USAGE = `usage: npm run bench:store -- [options]
  --events N          events to append on PostgreSQL, ours and Emmett (default 100000)
  --pglite-events N   events to append on PGlite (default 20000: one in-process connection is far
                      slower, and 100,000 would dominate the run; pass 100000 for the full workload)
  --writers N         concurrent writers (default 8)
  --batch N           events per append (default 10)
  --streams N         streams (default 1000)
  --replay-batch N    events per readAll batch during replay (default 1000)
  --rounds N          rounds of the PostgreSQL stores, alternating their order (default 5)
  --only LIST         comma-separated subset of postgres,emmett,sql,pglite (default: all)
  --strict            exit 1 when a target is missed (default: report only)
environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a scratch database
lrr_bench_<pid>_<store>_<round> is created on that server for each run and dropped after it.`;

const ALL_STORES = ['postgres', 'emmett', 'sql', 'pglite'] as const;
type StoreKey = (typeof ALL_STORES)[number];

function parseOptions() {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '100000' },
      'pglite-events': { type: 'string', default: '20000' },
      writers: { type: 'string', default: '8' },
      batch: { type: 'string', default: '10' },
      streams: { type: 'string', default: '1000' },
      'replay-batch': { type: 'string', default: '1000' },
      rounds: { type: 'string', default: '5' },
      child: { type: 'string' },
      url: { type: 'string' },
      database: { type: 'string' },
      only: { type: 'string', default: ALL_STORES.join(',') },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const positive = (name: string, text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${text}`);
    return n;
  };
  const only = values.only.split(',').map((s) => s.trim()).filter(Boolean);
  for (const key of only) if (!(ALL_STORES as readonly string[]).includes(key)) throw new Error(`--only: unknown store ${key} (choose from ${ALL_STORES.join(', ')})`);
  const events = positive('events', values.events);
  return {
    events,
    pgliteEvents: positive('pglite-events', values['pglite-events']),
    writers: positive('writers', values.writers),
    eventsPerAppend: positive('batch', values.batch),
    streams: positive('streams', values.streams),
    replayBatch: positive('replay-batch', values['replay-batch']),
    rounds: positive('rounds', values.rounds),
    child: values.child as StoreKey | undefined,
    childUrl: values.url,
    childDatabase: values.database,
    stores: new Set(only as StoreKey[]),
    strict: values.strict,
  };
}

/** Average sizes of what the workload writes, so the figures can be compared with other payloads. */
function payloadSizes(): { data: number; stored: number } {
  let data = 0;
  let stored = 0;
  let n = 0;
  const now = new Date().toISOString();
  for (let s = 0; s < 50; s++) {
    for (const event of proposalEvents(s, 0, 20)) {
      data += Buffer.byteLength(JSON.stringify(event.data));
      stored += Buffer.byteLength(canonicalEnvelope(`negotiation-${s}`, event, now));
      n += 1;
    }
  }
  return { data: Math.round(data / n), stored: Math.round(stored / n) };
}

async function measure(
  key: StoreKey,
  name: string,
  open: () => Promise<StoreUnderTest>,
  workload: Workload,
  replayBatch: number,
  beforeTimed: () => Promise<void>,
  meter: CpuMeter,
): Promise<RunResult> {
  const progress = new Progress();
  const opening = performance.now();
  const store = await open();
  const openSeconds = (performance.now() - opening) / 1000;
  try {
    await beforeTimed();
    let cpuStart = await meter.sample();
    progress.start(`${name} append`, workload.events);
    const append = await runWriters(store, workload, progress).finally(() => progress.stop());
    const appendCpu = cpuBetween(cpuStart, await meter.sample());
    const rssAppend = progress.peakRssBytes;

    await beforeTimed();
    cpuStart = await meter.sample();
    progress.start(`${name} replay`, append.events);
    const replayStarted = performance.now();
    const replayed = await store.replay(replayBatch, (n) => progress.update(n)).finally(() => progress.stop());
    const replay = { events: replayed, seconds: (performance.now() - replayStarted) / 1000 };
    const replayCpu = cpuBetween(cpuStart, await meter.sample());

    return { key, name, append, appendCpu, replay, replayCpu, openSeconds, peakRssBytes: Math.max(rssAppend, progress.peakRssBytes) };
  } finally {
    await store.close();
  }
}

const NAMES: Record<StoreKey, string> = {
  postgres: 'PostgreSQL (ours)',
  emmett: 'PostgreSQL (Emmett)',
  sql: 'PostgreSQL (plain SQL)',
  pglite: 'PGlite (embedded)',
};

/** A child process: one store, one run, its result as one JSON line on stdout. */
async function child(key: StoreKey, options: ReturnType<typeof parseOptions>): Promise<number> {
  const base = { writers: options.writers, eventsPerAppend: options.eventsPerAppend, streams: options.streams };
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const url = options.childUrl;
  let open: () => Promise<StoreUnderTest>;
  let name = NAMES[key];
  if (key === 'postgres') open = () => openOurStore({ databaseUrl: url, dataDir: null });
  else if (key === 'sql') open = async () => (await import('./plain-sql-target.js')).openPlainSqlStore(url!);
  else if (key === 'emmett') {
    const { openEmmettStore, emmettVersion } = await import('./emmett-target.js');
    name = `PostgreSQL (Emmett ${emmettVersion})`;
    open = () => openEmmettStore(url!);
  } else open = () => openOurStore({ dataDir: options.childUrl! });
  const scratch = new ScratchDatabases(databaseUrl);
  const meter = key === 'pglite' ? new CpuMeter(null, null) : new CpuMeter(databaseUrl, options.childDatabase!);
  const workload: Workload = { ...base, events: key === 'pglite' ? options.pgliteEvents : options.events };
  // Before each timed phase: the previous phase's dirty pages flushed, and its transactions below the horizon readers stop at.
  let waited = 0;
  const beforeTimed = async () => {
    await scratch.checkpoint();
    waited += await scratch.settle();
  };
  const result = await measure(key, name, open, workload, options.replayBatch, key === 'pglite' ? async () => undefined : beforeTimed, meter);
  if (waited > 1) process.stderr.write(`  waited ${waited.toFixed(1)} s for a long transaction elsewhere on the server to end before timing\n`);
  process.stdout.write(`${RESULT_MARK}${JSON.stringify({ ...result, append: { ...result.append, latenciesMs: [...result.append.latenciesMs] } })}\n`);
  return 0;
}

const RESULT_MARK = 'BENCH_RESULT ';

/** Runs one store in a process of its own (a fresh V8, and Emmett's process-wide pg parsers stay in its process). */
async function runChild(key: StoreKey, url: string, database: string | null): Promise<RunResult> {
  const args = [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), '--child', key, '--url', url, ...(database ? ['--database', database] : [])];
  const childProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  childProcess.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number>((ok) => childProcess.once('exit', (c) => ok(c ?? 1)));
  const line = out.split('\n').find((l) => l.startsWith(RESULT_MARK));
  if (code !== 0 || !line) throw new Error(`${NAMES[key]} run exited with ${code}: ${out.slice(-2000)}`);
  const parsed = JSON.parse(line.slice(RESULT_MARK.length)) as RunResult & { append: { latenciesMs: number[] } };
  return { ...parsed, append: { ...parsed.append, latenciesMs: Float64Array.from(parsed.append.latenciesMs) } };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The run whose append rate is the median of its store's runs: the row the results table shows. */
function medianRun(runs: readonly RunResult[]): RunResult {
  const sorted = [...runs].sort((a, b) => appendRate(a) - appendRate(b));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

interface RatioSummary {
  readonly label: string;
  readonly perRound: number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

function ratios(label: string, rounds: readonly Map<StoreKey, RunResult>[], a: StoreKey, b: StoreKey, rate: (r: RunResult) => number): RatioSummary | null {
  // A run that read nothing back (timed as 0 events in no time) has no rate to compare.
  const usable = (r: RunResult | undefined) => r !== undefined && Number.isFinite(rate(r)) && rate(r) > 0;
  const perRound = rounds.filter((r) => usable(r.get(a)) && usable(r.get(b))).map((r) => rate(r.get(a)!) / rate(r.get(b)!));
  if (perRound.length === 0) return null;
  return { label, perRound, median: median(perRound), min: Math.min(...perRound), max: Math.max(...perRound) };
}

async function main(): Promise<number> {
  const options = parseOptions();
  if (options.child) return child(options.child, options);
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const sizes = payloadSizes();
  const cpu = cpus();

  console.log('Event store benchmark: labor relations record');
  console.log(`  machine   ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, ${process.platform} ${process.arch}`);
  console.log(
    `  workload  ${options.writers} writers × ${options.eventsPerAppend} events per append, ${int(options.streams)} streams (each owned by one writer), exact expected revisions; ` +
      `replay via readAll in batches of ${int(options.replayBatch)}`,
  );
  // Two cores leave no headroom: anything else running skews every figure. Say so up front.
  const load = () => loadavg()[0]!.toFixed(2);
  const loads: number[] = [loadavg()[0]!];
  console.log(`  load      1-minute load average ${load()} at start${loadavg()[0]! > cpu.length / 2 ? ' (busy machine: figures will be low and noisy)' : ''}`);
  console.log(`  payload   data ${sizes.data} B on average (proposal with article text); stored envelope ${sizes.stored} B (RFC 8785 canonical text)`);

  const rounds: Map<StoreKey, RunResult>[] = [];
  const failures: string[] = [];
  const scratch = new ScratchDatabases(databaseUrl);
  const tempDirs: string[] = [];
  const cleanUp = async () => {
    for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await scratch.dropAll().catch((error: unknown) => console.error(`could not drop scratch databases: ${(error as Error).message}`));
  };
  process.once('SIGINT', () => {
    process.stderr.write('\ninterrupted: dropping scratch databases\n');
    void cleanUp().finally(() => process.exit(130));
  });

  const postgresKeys = (['postgres', 'emmett', 'sql'] as const).filter((k) => options.stores.has(k));
  const unreachable = postgresKeys.length > 0 ? await canConnect(databaseUrl) : null;
  if (unreachable) {
    failures.push(`PostgreSQL at ${databaseUrl} unreachable: ${unreachable}`);
    console.log(`  postgres  SKIPPED: cannot connect to ${databaseUrl} (${unreachable})`);
  }
  let lite: RunResult | null = null;

  try {
    if (postgresKeys.length > 0 && !unreachable) {
      console.log(`  postgres  ${await scratch.describeServer()}`);
      for (let round = 1; round <= options.rounds; round++) {
        // Odd rounds in one order, even rounds in the reverse: no store always follows another's checkpoint debt.
        const order = round % 2 === 1 ? postgresKeys : [...postgresKeys].reverse();
        const results = new Map<StoreKey, RunResult>();
        for (const key of order) {
          console.log(`\nround ${round}/${options.rounds}, ${NAMES[key]} (1-minute load average ${load()})`);
          try {
            const database = `lrr_bench_${process.pid}_${key}_${round}`;
            const url = await scratch.create(database);
            await scratch.checkpoint();
            const result = await runChild(key, url, database);
            results.set(key, result);
            console.log(describeRun(result, options.replayBatch));
          } catch (error) {
            failures.push(`${NAMES[key]}, round ${round}: ${(error as Error).message}`);
            console.log(`  FAILED: ${(error as Error).message}`);
          } finally {
            loads.push(loadavg()[0]!);
            await scratch.dropAll();
          }
        }
        rounds.push(results);
      }
    }

    if (options.stores.has('pglite')) {
      const dataDir = mkdtempSync(join(tmpdir(), 'lrr-bench-pglite-'));
      tempDirs.push(dataDir);
      console.log(`\n${NAMES.pglite}: PostgresEventStore via openStores(dataDir), fresh data directory on disk (${dataDir}), one connection`);
      try {
        lite = await runChild('pglite', dataDir, null);
        console.log(describeRun(lite, options.replayBatch));
      } catch (error) {
        failures.push(`${NAMES.pglite}: ${(error as Error).message}`);
        console.log(`  FAILED: ${(error as Error).message}`);
      }
    }
  } finally {
    await cleanUp();
  }

  const byStore = (key: StoreKey) => rounds.flatMap((r) => (r.has(key) ? [r.get(key)!] : []));
  const representative = postgresKeys.map(byStore).filter((runs) => runs.length > 0).map(medianRun);
  const results = [...representative, ...(lite ? [lite] : [])];
  const summaries = [
    ratios('append, ours ÷ Emmett', rounds, 'postgres', 'emmett', appendRate),
    ratios('append, ours ÷ plain SQL', rounds, 'postgres', 'sql', appendRate),
    ratios('append, Emmett ÷ plain SQL', rounds, 'emmett', 'sql', appendRate),
    ratios('replay, ours ÷ Emmett', rounds, 'postgres', 'emmett', replayRate),
    ratios('replay, ours ÷ plain SQL', rounds, 'postgres', 'sql', replayRate),
  ].filter((s): s is RatioSummary => s !== null);

  const checks = checkTargets(results);
  const ratioOf = (label: string) => summaries.find((s) => s.label === label);
  const spread = (s: RatioSummary) => `median ${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)}× over ${s.perRound.length} rounds)`;
  const vsEmmett = ratioOf('append, ours ÷ Emmett');
  if (vsEmmett) checks.push({ target: 'append median ≥ 1.5× Emmett (per-round ratio)', measured: spread(vsEmmett), pass: vsEmmett.median >= 1.5 });
  const vsSql = ratioOf('append, ours ÷ plain SQL');
  if (vsSql) checks.push({ target: 'append median ≥ 70% of the plain-SQL ceiling', measured: spread(vsSql), pass: vsSql.median >= 0.7 });
  const replayVsEmmett = ratioOf('replay, ours ÷ Emmett');
  if (replayVsEmmett) checks.push({ target: 'replay median ≥ 3× Emmett', measured: spread(replayVsEmmett), pass: replayVsEmmett.median >= 3 });
  const emmettRuns = byStore('emmett');
  const short = emmettRuns.filter((r) => r.replay.events !== r.append.events);
  if (emmettRuns.length > 0) {
    checks.push({
      target: "Emmett's replay returns every appended event (reported, not ours to meet)",
      measured: short.length === 0 ? `every run: ${int(emmettRuns[0]!.append.events)}` : `${short.length} of ${emmettRuns.length} runs short: ${short.map((r) => `${int(r.replay.events)}/${int(r.append.events)}`).join(', ')}`,
      pass: short.length === 0,
    });
  }

  const command = ['npm run bench:store', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`\n## Event store benchmark\n`);
  console.log(
    `\`${command}\` on ${cpu.length} cores, Node ${process.version}: ${options.writers} concurrent writers, ${options.eventsPerAppend} events per append, ` +
      `${int(options.streams)} streams, ~${sizes.stored} B per stored event; replay = readAll from the start in batches of ${int(options.replayBatch)}; ` +
      `append CPU = µs of CPU per event in the store's process + in the PostgreSQL backends. ${rounds.length} rounds of the PostgreSQL stores, each run its own process ` +
      `and fresh database; the table shows each store's median run. 1-minute load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)} during the runs.\n`,
  );
  if (rounds.length > 0) {
    const keys = postgresKeys.filter((k) => rounds.some((r) => r.has(k)));
    const cell = (r: RunResult | undefined, rate: (x: RunResult) => number) => (r ? int(rate(r)) : '–');
    console.log(`| round | ${keys.map((k) => `${NAMES[k]} append/s`).join(' | ')} | ${keys.map((k) => `${NAMES[k]} replay/s`).join(' | ')} |`);
    console.log(`|---:|${keys.map(() => '---:').join('|')}|${keys.map(() => '---:').join('|')}|`);
    rounds.forEach((r, i) => console.log(`| ${i + 1} | ${keys.map((k) => cell(r.get(k), appendRate)).join(' | ')} | ${keys.map((k) => cell(r.get(k), replayRate)).join(' | ')} |`));
    console.log(`\n| per-round ratio | median | min | max | rounds |\n|---|---:|---:|---:|---:|`);
    for (const s of summaries) console.log(`| ${s.label} | ${s.median.toFixed(2)}× | ${s.min.toFixed(2)}× | ${s.max.toFixed(2)}× | ${s.perRound.length} |`);
    console.log('');
  }
  if (results.length > 0) console.log(`${resultsTable(results)}\n`);
  return conclude(checks, failures, options.strict);
}

runBench(main);
