/**
 * `npm run bench:projections` — rebuild throughput and projection lag under load (issue 5, item 6).
 *
 * (a) Rebuild: RecordSimulator generates `--events` valid events (default 200,000; generation timed
 *     separately), appended to a fresh PostgreSQL scratch database and (a prefix of `--pglite-events`,
 *     default 50,000) to a fresh PGlite data directory; then `rebuildProjection` for every projection
 *     in ALL_PROJECTIONS, timed. A projection of one category reads only that category, so both the
 *     events it read and its events/s are reported.
 * (b) Lag: the API on PostgreSQL under the bench:api load for `--lag-seconds` (default 15), with the
 *     projector as its own process (apps/projector, the production layout; `--projector in-process`
 *     runs it inside the API instead, RUN_PROJECTOR=true); the projector's `/metrics` is read before
 *     and after (once it is idle), and p50/p99 of lrr_projection_lag_seconds are interpolated from
 *     the histogram buckets of the difference.
 *
 *   npm run bench:projections -- [--events N] [--pglite-events N] [--lag-seconds S] [--only rebuild-postgres,rebuild-pglite,lag] [--projector process|in-process] [--strict]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openStores } from '#event-store';
import { ALL_PROJECTIONS } from '#read-models';
import { ReadStore, projectionId } from '#read-store';
import { appendSimulated, RecordSimulator, type SimulatedBatch } from '../harness/record-simulator.js';
import { mintToken, runLoad, scriptNodeFlags, setUp, startApi, statusSummary } from './api-load.js';
import { canConnect, ScratchDatabases } from './databases.js';
import { Progress } from './progress.js';
import { rebuildTimed } from './rebuild-timed.js';
import { conclude, int, mb, ms, runBench, type TargetCheck } from './report.js';

// The rebuild runs in this process, as `npm run cli -- projections rebuild` runs it: with the node
// flags of the cli script (a larger young generation). Without them, this process runs itself again with them.
const CLI_FLAGS = scriptNodeFlags('cli', 'dist/apps/cli/src/main.js');
if (CLI_FLAGS.some((flag) => !process.execArgv.includes(flag))) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...CLI_FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    'pglite-events': { type: 'string', default: '50000' },
    'lag-seconds': { type: 'string', default: '15' },
    connections: { type: 'string', default: '50' },
    negotiations: { type: 'string', default: '20' },
    only: { type: 'string', default: 'rebuild-postgres,rebuild-pglite,lag' },
    projector: { type: 'string', default: 'process' },
    strict: { type: 'boolean', default: false },
  },
});
const EVENTS = Number(values.events);
const PGLITE_EVENTS = Number(values['pglite-events']);
const LAG_SECONDS = Number(values['lag-seconds']);
const ONLY = new Set(values.only.split(',').map((s) => s.trim()));
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Rebuilt {
  readonly projection: string;
  readonly events: number;
  readonly seconds: number;
}
interface RebuildRun {
  readonly store: string;
  readonly stored: number;
  readonly appendSeconds: number;
  readonly projections: Rebuilt[];
  readonly target: number;
}

const totalEvents = (r: RebuildRun) => r.projections.reduce((n, p) => n + p.events, 0);
const totalSeconds = (r: RebuildRun) => r.projections.reduce((n, p) => n + p.seconds, 0);
const rate = (events: number, seconds: number) => (seconds > 0 ? events / seconds : 0);

function prefix(batches: readonly SimulatedBatch[], events: number): SimulatedBatch[] {
  const out: SimulatedBatch[] = [];
  let n = 0;
  for (const batch of batches) {
    if (n >= events) break;
    out.push(batch);
    n += batch.events.length;
  }
  return out;
}

async function rebuildAll(store: string, config: { databaseUrl?: string; dataDir: string | null }, batches: readonly SimulatedBatch[], target: number): Promise<RebuildRun> {
  const stored = batches.reduce((n, b) => n + b.events.length, 0);
  console.log(`\n${store}: ${int(stored)} events, ${int(batches.length)} appends`);
  const stores = await openStores(config);
  const progress = new Progress();
  try {
    progress.start(`${store} append`, stored);
    const appendStarted = performance.now();
    await appendSimulated(stores.events, batches, { onProgress: (n) => progress.update(n) }).finally(() => progress.stop());
    const appendSeconds = (performance.now() - appendStarted) / 1000;
    console.log(`  append   ${int(stored)} events in ${appendSeconds.toFixed(1)} s (${int(rate(stored, appendSeconds))} events/s, one writer in generation order; untimed for the target)`);
    const readStore = await ReadStore.open(stores.sql);
    const projections: Rebuilt[] = [];
    for (const projection of ALL_PROJECTIONS) {
      const { projection: id, events, seconds } = await rebuildTimed(stores.events, readStore, projection, progress, stored);
      projections.push({ projection: id, events, seconds });
      const scope = projection.categories.length === 1 ? `category ${projection.categories[0]} only` : `categories ${projection.categories.join(', ')}`;
      console.log(`  rebuild  ${id.padEnd(34)} ${int(events).padStart(8)} events read (${scope}) in ${seconds.toFixed(1).padStart(5)} s: ${int(rate(events, seconds)).padStart(7)} events/s`);
    }
    const run: RebuildRun = { store, stored, appendSeconds, projections, target };
    console.log(`  total    ${int(totalEvents(run))} events read in ${totalSeconds(run).toFixed(1)} s: ${int(rate(totalEvents(run), totalSeconds(run)))} events/s (all projections, one after another)`);
    return run;
  } finally {
    await stores.close();
  }
}

/** Cumulative `lrr_projection_lag_seconds_bucket` counts per projection, by upper bound. */
type Buckets = Map<string, Map<number, number>>;

function parseLagBuckets(text: string): Buckets {
  const out: Buckets = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('lrr_projection_lag_seconds_bucket{')) continue;
    const labels = Object.fromEntries([...line.slice(line.indexOf('{') + 1, line.indexOf('}')).matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    const le = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
    const projection = labels.projection ?? '';
    if (!out.has(projection)) out.set(projection, new Map());
    out.get(projection)!.set(le, value);
  }
  return out;
}

function diff(after: Buckets, before: Buckets): Buckets {
  const out: Buckets = new Map();
  for (const [projection, buckets] of after) {
    const base = before.get(projection);
    out.set(projection, new Map([...buckets].map(([le, n]) => [le, n - (base?.get(le) ?? 0)])));
  }
  return out;
}

function overall(buckets: Buckets): Map<number, number> {
  const sum = new Map<number, number>();
  for (const b of buckets.values()) for (const [le, n] of b) sum.set(le, (sum.get(le) ?? 0) + n);
  return sum;
}

/** histogram_quantile: linear interpolation inside the bucket holding the rank; Infinity beyond the last finite bound. */
function quantile(q: number, cumulative: Map<number, number>): number {
  const bounds = [...cumulative.keys()].sort((a, b) => a - b);
  const count = cumulative.get(Number.POSITIVE_INFINITY) ?? 0;
  if (count === 0) return Number.NaN;
  const rank = q * count;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const n = cumulative.get(le)!;
    if (n >= rank) {
      if (le === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
      return lower + (le - lower) * ((rank - below) / Math.max(n - below, 1e-9));
    }
    lower = le;
    below = n;
  }
  return Number.POSITIVE_INFINITY;
}

const fmtLag = (seconds: number) => (Number.isNaN(seconds) ? 'n/a' : seconds === Number.POSITIVE_INFINITY ? '> 60,000 ms' : `${ms(seconds * 1000)} ms`);

interface LagRun {
  readonly rows: { projection: string; events: number; p50: number; p99: number }[];
  readonly all: { events: number; p50: number; p99: number };
  readonly okPerSecond: number;
  readonly p99Command: number;
  readonly waitedSeconds: number;
}

async function lagUnderLoad(scratch: ScratchDatabases): Promise<LagRun> {
  const url = await scratch.create(`lrr_bench_lag_${process.pid}`);
  // The rebuilds before left hundreds of megabytes of dirty pages: written now, not during the load.
  await scratch.checkpoint();
  const dataDir = mkdtempSync(join(tmpdir(), 'lrr-bench-lag-keys-'));
  try {
    const separate = values.projector !== 'in-process';
    console.log(
      `\nLag under load: API on PostgreSQL (fresh database), ${separate ? 'projector as its own process (apps/projector, as in production), API with RUN_PROJECTOR=false' : 'projector inside the API process (RUN_PROJECTOR=true)'}, ${values.connections} connections × ${LAG_SECONDS} s of bench:api commands`,
    );
    const tokens = { admin: await mintToken(dataDir, 'admin', 'bench-admin@example.org'), negotiator: await mintToken(dataDir, 'negotiator', 'bench-negotiator@example.org') };
    const api = await startApi({ dataDir, databaseUrl: url, runProjector: !separate });
    const projector = separate ? await startApi({ dataDir, databaseUrl: url, runProjector: true, process: 'projector' }).catch(async (error: unknown) => {
      await api.stop();
      throw error;
    }) : api;
    try {
      const scrape = async () => {
        const response = await fetch(`${projector.url}/metrics`, { headers: { authorization: `Bearer ${tokens.admin}` } });
        if (response.status !== 200) throw new Error(`/metrics answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
        return response.text();
      };
      const projected = (text: string) => text.split('\n').filter((l) => l.startsWith('lrr_projection_events_total{')).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
      const target = await setUp(api.url, tokens, Number(values.negotiations));
      await new Promise((ok) => setTimeout(ok, 2000)); // let the projectors take in the set-up
      const before = parseLagBuckets(await scrape());
      const load = await runLoad(api.url, tokens, target, { seconds: LAG_SECONDS, connections: Number(values.connections) });
      // Wait until the projectors are idle, so events still queued at the end count with their full lag.
      const waitStarted = performance.now();
      let last = -1;
      let text = await scrape();
      while (performance.now() - waitStarted < 60_000) {
        await new Promise((ok) => setTimeout(ok, 1000));
        text = await scrape();
        const now = projected(text);
        if (now === last) break;
        last = now;
      }
      const waitedSeconds = (performance.now() - waitStarted) / 1000;
      const lag = diff(parseLagBuckets(text), before);
      const rows = [...lag].map(([projection, b]) => ({ projection, events: b.get(Number.POSITIVE_INFINITY) ?? 0, p50: quantile(0.5, b), p99: quantile(0.99, b) })).sort((a, b) => a.projection.localeCompare(b.projection));
      const sum = overall(lag);
      const all = { events: sum.get(Number.POSITIVE_INFINITY) ?? 0, p50: quantile(0.5, sum), p99: quantile(0.99, sum) };
      const s = statusSummary(load.result);
      console.log(
        `  load     ${int(s.ok)} 2xx in ${load.seconds.toFixed(1)} s (${int(s.ok / load.seconds)}/s), non-2xx ${int(s.non2xx)}, errors ${int(s.errors)}; command p99 ${ms(load.result.latency.p99)} ms; API peak RSS ${mb(api.peakRssBytes())}${separate ? `, projector peak RSS ${mb(projector.peakRssBytes())}` : ''}`,
      );
      console.log(`  idle     projectors idle ${waitedSeconds.toFixed(1)} s after the load ended`);
      for (const r of rows) console.log(`  lag      ${r.projection.padEnd(34)} ${int(r.events).padStart(7)} events: p50 ${fmtLag(r.p50)}, p99 ${fmtLag(r.p99)}`);
      console.log(`  lag      ${'all projections'.padEnd(34)} ${int(all.events).padStart(7)} events: p50 ${fmtLag(all.p50)}, p99 ${fmtLag(all.p99)}`);
      return { rows, all, okPerSecond: s.ok / load.seconds, p99Command: load.result.latency.p99, waitedSeconds };
    } finally {
      if (separate) await projector.stop();
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const cpu = cpus();
  console.log('Projection benchmark: labor relations record');
  console.log(`  machine   ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; 1-minute load average ${loadavg()[0]!.toFixed(2)} at start`);
  console.log(`  node flags ${process.execArgv.join(' ') || 'none'} (those of \`npm run cli\`, which runs \`projections rebuild\`)`);
  console.log(`  projections ${ALL_PROJECTIONS.map((p) => `${projectionId(p)} [${p.categories.join(',')}]`).join(', ')}`);
  const scratch = new ScratchDatabases(DATABASE_URL);
  const dirs: string[] = [];
  const failures: string[] = [];
  const rebuilds: RebuildRun[] = [];
  let lag: LagRun | null = null;
  const cleanUp = async () => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await scratch.dropAll().catch((error: unknown) => console.error(`could not drop scratch databases: ${(error as Error).message}`));
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  const unreachable = ONLY.has('rebuild-postgres') || ONLY.has('lag') ? await canConnect(DATABASE_URL) : null;
  if (unreachable) failures.push(`PostgreSQL at ${DATABASE_URL} unreachable: ${unreachable}`);
  try {
    if (ONLY.has('rebuild-postgres') || ONLY.has('rebuild-pglite')) {
      const wanted = Math.max(ONLY.has('rebuild-postgres') ? EVENTS : 0, ONLY.has('rebuild-pglite') ? PGLITE_EVENTS : 0);
      const started = performance.now();
      const batches = new RecordSimulator(1).generate(wanted);
      const generated = batches.reduce((n, b) => n + b.events.length, 0);
      console.log(`\nGenerated ${int(generated)} valid events (${int(batches.length)} appends) with RecordSimulator(seed 1) in ${((performance.now() - started) / 1000).toFixed(1)} s (not part of any figure)`);
      if (ONLY.has('rebuild-postgres') && !unreachable) {
        try {
          const url = await scratch.create(`lrr_bench_proj_${process.pid}`);
          rebuilds.push(await rebuildAll('PostgreSQL', { databaseUrl: url, dataDir: null }, prefix(batches, EVENTS), 20_000));
        } catch (error) {
          failures.push(`rebuild on PostgreSQL: ${(error as Error).stack ?? String(error)}`);
          console.log(`  FAILED: ${(error as Error).message}`);
        }
        await scratch.dropAll();
      }
      if (ONLY.has('rebuild-pglite')) {
        const dataDir = mkdtempSync(join(tmpdir(), 'lrr-bench-proj-pglite-'));
        dirs.push(dataDir);
        try {
          rebuilds.push(await rebuildAll('PGlite (embedded)', { dataDir }, prefix(batches, PGLITE_EVENTS), 5_000));
        } catch (error) {
          failures.push(`rebuild on PGlite: ${(error as Error).stack ?? String(error)}`);
          console.log(`  FAILED: ${(error as Error).message}`);
        }
      }
    }
    if (ONLY.has('lag') && !unreachable) {
      try {
        lag = await lagUnderLoad(scratch);
      } catch (error) {
        failures.push(`lag under load: ${(error as Error).stack ?? String(error)}`);
        console.log(`  FAILED: ${(error as Error).message}`);
      }
    }
  } finally {
    await cleanUp();
  }

  const checks: TargetCheck[] = [];
  const command = ['npm run bench:projections', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`\n## Projection benchmark\n\n\`${command}\` on ${cpu.length} cores, Node ${process.version}; 1-minute load average ${loadavg()[0]!.toFixed(2)} at the end.\n`);
  if (rebuilds.length > 0) {
    const names = rebuilds[0]!.projections.map((p) => p.projection);
    console.log(`| Projection | ${rebuilds.map((r) => `${r.store}: events read | events/s`).join(' | ')} |`);
    console.log(`|---|${rebuilds.map(() => '--:|--:').join('|')}|`);
    for (const name of names) {
      console.log(`| ${name} | ${rebuilds.map((r) => { const p = r.projections.find((x) => x.projection === name); return p ? `${int(p.events)} | ${int(rate(p.events, p.seconds))}` : ' | '; }).join(' | ')} |`);
    }
    console.log(`| **all, one after another** | ${rebuilds.map((r) => `${int(totalEvents(r))} | ${int(rate(totalEvents(r), totalSeconds(r)))}`).join(' | ')} |`);
    console.log(`\nEvents in the store: ${rebuilds.map((r) => `${r.store} ${int(r.stored)} (appended in ${r.appendSeconds.toFixed(0)} s)`).join('; ')}.\n`);
    for (const r of rebuilds) {
      const sizable = r.projections.filter((p) => p.events >= 1000);
      const slowest = (sizable.length > 0 ? sizable : r.projections).reduce((a, b) => (rate(a.events, a.seconds) <= rate(b.events, b.seconds) ? a : b));
      const total = rate(totalEvents(r), totalSeconds(r));
      checks.push({ target: `${r.store} rebuild ≥ ${int(r.target)} events/s`, measured: `${int(total)} events/s over all projections; slowest (≥ 1,000 events read) ${slowest.projection} ${int(rate(slowest.events, slowest.seconds))}`, pass: total >= r.target });
    }
  }
  if (lag) {
    console.log('| Projection (lag under load) | Events | p50 | p99 |\n|---|--:|--:|--:|');
    for (const r of lag.rows) console.log(`| ${r.projection} | ${int(r.events)} | ${fmtLag(r.p50)} | ${fmtLag(r.p99)} |`);
    console.log(`| **all** | ${int(lag.all.events)} | ${fmtLag(lag.all.p50)} | ${fmtLag(lag.all.p99)} |\n`);
    console.log(`Load: ${int(lag.okPerSecond)} commands/s (2xx), command p99 ${ms(lag.p99Command)} ms; lag interpolated from the histogram buckets (0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10, 60 s).\n`);
    checks.push({ target: 'Projection lag p99 ≤ 500 ms under load', measured: fmtLag(lag.all.p99), pass: lag.all.p99 <= 0.5 });
  }
  return conclude(checks, failures, values.strict);
}

runBench(main);
