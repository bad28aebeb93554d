/**
 * `npm run bench:store` — append and replay throughput of the event store (issue 2, item 10).
 *
 * Workload: 8 concurrent writers, 10 events per append, 1,000 streams, 100,000 events of realistic
 * size (proposals with article text), each append carrying the exact expected revision its writer
 * tracks; then a full replay through `readAll` in batches. Run on
 *   1. PostgreSQL at DATABASE_URL through this repository's adapter,
 *   2. the same server, the same work, through @event-driven-io/emmett-postgresql (the yardstick),
 *   3. embedded PGlite in a fresh data directory on disk, as `npm start` runs it.
 * Each PostgreSQL run gets a fresh scratch database, dropped afterwards.
 *
 *   npm run bench:store -- [--events N] [--pglite-events N] [--only postgres,emmett,pglite] [--strict]
 *
 * PGlite defaults to 20,000 events (`--pglite-events 100000` for the full workload): it is one
 * in-process connection, and the whole run should stay a few minutes long.
 *
 * Results go to stdout (ending in Markdown tables for the README); progress goes to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { canonicalEnvelope } from '#event-store';
import { CpuMeter, cpuBetween } from './cpu.js';
import { canConnect, ScratchDatabases } from './databases.js';
import { Progress } from './progress.js';
import { checkTargets, conclude, describeRun, int, mb, resultsTable, type RunResult, runBench } from './report.js';
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
  --only LIST         comma-separated subset of postgres,emmett,pglite (default: all)
  --strict            exit 1 when a target is missed (default: report only)
environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); scratch databases
lrr_bench_<pid>_ours and lrr_bench_<pid>_emmett are created on that server and dropped at the end.`;

const ALL_STORES = ['postgres', 'emmett', 'pglite'] as const;
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

async function main(): Promise<number> {
  const options = parseOptions();
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const base = { writers: options.writers, eventsPerAppend: options.eventsPerAppend, streams: options.streams };
  const pgWorkload: Workload = { ...base, events: options.events };
  const liteWorkload: Workload = { ...base, events: options.pgliteEvents };
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
  console.log(`  load      1-minute load average ${load()} at start${loadavg()[0]! > cpu.length / 2 ? ' (busy machine: figures will be low and noisy)' : ''}`);
  console.log(`  payload   data ${sizes.data} B on average (proposal with article text); stored envelope ${sizes.stored} B (RFC 8785 canonical text)`);

  const results: RunResult[] = [];
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

  const wantsPostgres = options.stores.has('postgres') || options.stores.has('emmett');
  const unreachable = wantsPostgres ? await canConnect(databaseUrl) : null;
  if (wantsPostgres && unreachable) {
    failures.push(`PostgreSQL at ${databaseUrl} unreachable: ${unreachable}`);
    console.log(`  postgres  SKIPPED: cannot connect to ${databaseUrl} (${unreachable})`);
  }

  try {
    if (wantsPostgres && !unreachable) {
      console.log(`  postgres  ${await scratch.describeServer()}`);
      const run = async (key: StoreKey, name: string, detail: string, open: (url: string) => Promise<StoreUnderTest>) => {
        console.log(`\n${name}: ${detail}`);
        try {
          const database = `lrr_bench_${process.pid}_${key === 'postgres' ? 'ours' : key}`;
          const url = await scratch.create(database);
          const meter = new CpuMeter(databaseUrl, database);
          const result = await measure(key, name, () => open(url), pgWorkload, options.replayBatch, () => scratch.checkpoint(), meter);
          results.push(result);
          console.log(describeRun(result, options.replayBatch));
        } catch (error) {
          failures.push(`${name}: ${(error as Error).stack ?? String(error)}`);
          console.log(`  FAILED: ${(error as Error).message}`);
        }
      };
      // Ours first: creating an Emmett store changes pg's process-wide type parsers (see emmett-target.ts).
      if (options.stores.has('postgres')) {
        await run('postgres', 'PostgreSQL (ours)', 'PostgresEventStore via openStores(DATABASE_URL), pg pool of 10, one lrr_append() call per append', (url) =>
          openOurStore({ databaseUrl: url, dataDir: null }),
        );
      }
      if (options.stores.has('emmett')) {
        const { openEmmettStore, emmettVersion } = await import('./emmett-target.js');
        await run('emmett', `PostgreSQL (Emmett ${emmettVersion})`, `@event-driven-io/emmett-postgresql ${emmettVersion}, getPostgreSQLEventStore(url), pg pool of 10, appendToStream with expectedStreamVersion`, openEmmettStore);
      }
      await cleanUp();
    }

    if (options.stores.has('pglite')) {
      const name = 'PGlite (embedded)';
      const dataDir = mkdtempSync(join(tmpdir(), 'lrr-bench-pglite-'));
      tempDirs.push(dataDir);
      console.log(`\n${name}: PostgresEventStore via openStores(dataDir), fresh data directory on disk (${dataDir}), one connection`);
      try {
        const result = await measure('pglite', name, () => openOurStore({ dataDir }), liteWorkload, options.replayBatch, async () => undefined, new CpuMeter(null, null));
        results.push(result);
        console.log(describeRun(result, options.replayBatch));
      } catch (error) {
        failures.push(`${name}: ${(error as Error).stack ?? String(error)}`);
        console.log(`  FAILED: ${(error as Error).message}`);
      }
    }
  } finally {
    await cleanUp();
  }

  const checks = checkTargets(results);
  const command = ['npm run bench:store', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`\n## Event store benchmark\n`);
  console.log(
    `\`${command}\` on ${cpu.length} cores, Node ${process.version}: ${options.writers} concurrent writers, ${options.eventsPerAppend} events per append, ` +
      `${int(options.streams)} streams, ~${sizes.stored} B per stored event; replay = readAll from the start in batches of ${int(options.replayBatch)}; ` +
      `append CPU = µs of CPU per event in this process + in the PostgreSQL backends. ` +
      `Whole-process peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}; 1-minute load average ${load()} at the end.\n`,
  );
  if (results.length > 0) console.log(`${resultsTable(results)}\n`);
  return conclude(checks, failures, options.strict);
}

runBench(main);
