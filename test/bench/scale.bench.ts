/**
 * `npm run bench:scale` — how every read grows with the record (issue 17).
 *
 * For each size: RecordSimulator generates a record (one long negotiation of `--long-share` of the
 * events, then negotiations, information requests and access-log entries), appended through the
 * store's group-committed appends (every stream's events in order, many streams at once; no HTTP);
 * every projection is rebuilt (timed); the API starts on it (time to listening and to ready); every
 * GET route of the OpenAPI document the API serves is timed (p50/p99, sequential requests, path
 * parameters taken from the simulated record), for a typical negotiation and for the long one; then
 * the long negotiation's audit file as JSON and PDF, and an offline verify of that bundle; and the
 * API's peak RSS. Prints a table per size and the growth factor of each route's p99 between sizes,
 * and writes everything as JSON (`--out`, default docs/bench-scale.json).
 *
 *   npm run bench:scale -- [--sizes 10000,100000,1000000] [--pglite-sizes 100000] [--samples 30]
 *                          [--long-share 0.02] [--access-share 0.1] [--out docs/bench-scale.json] [--keep]
 *                          [--route-budget 20000] [--skip /route,/other-route]
 *                          [--db-prefix lrr_scale] [--no-audit-file]
 *
 * PostgreSQL sizes use scratch databases <db-prefix>_<size> (lrr_scale_<size> by default) on DATABASE_URL's server (dropped at the
 * end unless --keep); PGlite sizes a fresh data directory.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { type EventStore, type NewEvent, openStores } from '#event-store';
import { ALL_PROJECTIONS } from '#read-models';
import { ReadStore } from '#read-store';
import { verifyBundleFile } from '../../apps/cli/src/commands/verify.command.js';
import { RecordSimulator, type SimulatedBatch } from '../harness/record-simulator.js';
import { mintToken, type RunningApi, scriptNodeFlags, startApi } from './api-load.js';
import { canConnect, ScratchDatabases } from './databases.js';
import { Progress } from './progress.js';
import { rebuildTimed } from './rebuild-timed.js';
import { int, mb, ms, runBench } from './report.js';

// The generator keeps every negotiation's state, and the rebuild runs here as the cli runs it.
const FLAGS = [...scriptNodeFlags('cli', 'dist/apps/cli/src/main.js'), '--max-old-space-size=6144'];
if (FLAGS.some((flag) => !process.execArgv.includes(flag))) {
  const again = spawnSync(process.execPath, [...process.execArgv, ...FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000,1000000' },
    'pglite-sizes': { type: 'string', default: '100000' },
    samples: { type: 'string', default: '30' },
    'long-share': { type: 'string', default: '0.02' },
    'access-share': { type: 'string', default: '0.1' },
    out: { type: 'string', default: 'docs/bench-scale.json' },
    keep: { type: 'boolean', default: false },
    'route-budget': { type: 'string', default: '20000' },
    skip: { type: 'string', default: '' },
    'db-prefix': { type: 'string', default: 'lrr_scale' },
    'no-audit-file': { type: 'boolean', default: false },
  },
});
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
const SIZES = list(values.sizes);
const PGLITE_SIZES = list(values['pglite-sizes']);
const SAMPLES = Number(values.samples);
const LONG_SHARE = Number(values['long-share']);
const ACCESS_SHARE = Number(values['access-share']);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CLI_MAIN = resolve('dist/apps/cli/src/main.js');
/** No route is sampled for more than about this long (ms): a slow one gets fewer samples (at least 3). */
const ROUTE_BUDGET_MS = Number(values['route-budget']);
/** Routes (paths as the document names them) left out of a run, said so in its output. */
const SKIP = new Set(values.skip.split(',').map((s) => s.trim()).filter(Boolean));
/** Scratch databases are named <prefix>_<size>: runs beside each other take prefixes of their own. */
const DB_PREFIX = values['db-prefix'];
if (!/^[a-z][a-z0-9_]{0,40}$/.test(DB_PREFIX)) throw new Error(`--db-prefix must be a lower-case SQL name, got ${DB_PREFIX}`);
/** Leaves out the long negotiation's audit file and its verify (a run that times routes only). */
const NO_AUDIT_FILE = values['no-audit-file'];
const PURPOSE = 'scale benchmark';
const run = promisify(execFile);

interface RouteFigure {
  readonly route: string;
  /** typical: a negotiation of ordinary length; long: the longest negotiation; '' for routes of no negotiation. */
  readonly variant: 'typical' | 'long' | '';
  readonly samples: number;
  readonly statuses: string;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly bytes: number;
}

interface SizeResult {
  readonly store: 'postgres' | 'pglite';
  readonly size: number;
  readonly record: { events: number; negotiations: number; longNegotiationEvents: number; informationRequests: number; accessLogEntries: number; streams: number };
  readonly seedSeconds: number;
  readonly rebuild: { seconds: number; projections: { projection: string; events: number; seconds: number }[] };
  readonly api: { listeningSeconds: number; readySeconds: number; peakRssBytes: number };
  readonly routes: RouteFigure[];
  /** Null when the file could not be fetched (`failure` says why). */
  readonly auditFile: { jsonMs: number[]; pdfMs: number[]; jsonBytes: number; pdfBytes: number; events: number } | null;
  readonly verify: { events: number; inProcessSeconds: number; eventsPerSecond: number; cliSeconds: number; intact: boolean } | null;
  readonly failure: string | null;
  readonly load: { start: number; end: number; duringRoutes: number };
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!);
const load1 = () => loadavg()[0]!;

/** Streams' events in order, many streams at once: the store commits up to 200 appends together. */
async function appendSlice(store: EventStore, batches: readonly SimulatedBatch[], revisions: Map<string, number>): Promise<void> {
  const byStream = new Map<string, NewEvent[]>();
  for (const batch of batches) {
    const events = byStream.get(batch.stream);
    if (events) events.push(...batch.events);
    else byStream.set(batch.stream, [...batch.events]);
  }
  await Promise.all(
    [...byStream].map(async ([stream, events]) => {
      for (let i = 0; i < events.length; i += 500) {
        const expected = revisions.get(stream);
        const result = await store.append(stream, events.slice(i, i + 500), { expectedRevision: expected ?? 'no_stream' });
        revisions.set(stream, result.nextExpectedRevision);
      }
    }),
  );
}

interface Seeded {
  readonly record: SizeResult['record'];
  readonly seconds: number;
  readonly longId: string;
  readonly negotiations: { id: string; unitId: string; events: number; lastEventId: string }[];
  readonly units: string[];
  readonly requests: string[];
  readonly demands: string[];
}

async function seed(store: EventStore, size: number): Promise<Seeded> {
  // Ten years of negotiations, each over by now (a step moves a negotiation's day on by 0–2 days).
  const simulator = new RecordSimulator(size, { accessLogShare: ACCESS_SHARE, startDay: '2015-06-01', spanDays: 3650 });
  const revisions = new Map<string, number>();
  const progress = new Progress();
  progress.start(`seed ${int(size)}`, size);
  const started = performance.now();
  let accessLogEntries = 0;
  const drain = async () => {
    const batches = simulator.drain();
    for (const b of batches) if (b.stream.startsWith('accesslog-')) accessLogEntries += b.events.length;
    await appendSlice(store, batches, revisions);
    progress.update(simulator.events);
  };
  const longId = simulator.busyNegotiation(Math.max(100, Math.round(size * LONG_SHARE)));
  await drain();
  while (simulator.events < size) {
    simulator.generate(Math.min(size, simulator.events + 20_000));
    await drain();
  }
  // A demand to bargain on every unit: GET /units/{unitId}/demands-to-bargain and /demands-to-bargain/{demandId}.
  simulator.demandsToBargain(Number.MAX_SAFE_INTEGER);
  await drain();
  progress.stop();
  const seconds = (performance.now() - started) / 1000;
  const inventory = simulator.inventory;
  return {
    seconds,
    longId,
    negotiations: inventory.negotiations,
    units: inventory.units,
    requests: inventory.requests,
    demands: inventory.demands,
    record: {
      events: simulator.events,
      negotiations: inventory.negotiations.length,
      longNegotiationEvents: inventory.negotiations.find((n) => n.id === longId)!.events,
      informationRequests: inventory.requests.length,
      accessLogEntries,
      streams: revisions.size,
    },
  };
}

async function rebuildAll(stores: Awaited<ReturnType<typeof openStores>>, total: number): Promise<SizeResult['rebuild']> {
  const readStore = await ReadStore.open(stores.sql);
  const progress = new Progress();
  const projections: SizeResult['rebuild']['projections'] = [];
  const started = performance.now();
  for (const projection of ALL_PROJECTIONS) projections.push(await rebuildTimed(stores.events, readStore, projection, progress, total));
  return { seconds: (performance.now() - started) / 1000, projections };
}

/** The values a route's path parameters take, by the collection the parameter follows. */
interface Subject {
  readonly negotiationId: string;
  readonly unitId: string;
  readonly eventId: string;
  readonly noteId: string | null;
  readonly proposalId: string | null;
}

async function getJson(base: string, path: string, token: string): Promise<unknown> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-access-purpose': PURPOSE } });
  return response.ok ? response.json() : null;
}

async function subjectOf(base: string, token: string, n: { id: string; unitId: string; lastEventId: string }): Promise<Subject> {
  const notes = (await getJson(base, `/negotiations/${n.id}/confidential-notes`, token)) as { notes?: { noteId: string }[] } | null;
  const proposals = (await getJson(base, `/negotiations/${n.id}/proposals`, token)) as { proposals?: { proposalId: string }[] } | null;
  return { negotiationId: n.id, unitId: n.unitId, eventId: n.lastEventId, noteId: notes?.notes?.[0]?.noteId ?? null, proposalId: proposals?.proposals?.[0]?.proposalId ?? null };
}

/** The path with its parameters filled, or null when the record holds nothing to fill one with. */
function fillPath(template: string, subject: Subject, others: { requestId: string; demandId: string; projection: string }): string | null {
  const segments = template.split('/');
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const param = /^\{(\w+)\}$/.exec(segment)?.[1];
    if (!param) {
      out.push(segment);
      continue;
    }
    const after = segments[i - 1];
    let value: string | null;
    if (after === 'negotiations') value = subject.negotiationId;
    else if (after === 'units') value = subject.unitId;
    else if (after === 'information-requests' || after === 'information-request-register') value = others.requestId;
    else if (after === 'events' || after === 'timeline') value = subject.eventId;
    else if (after === 'confidential-notes') value = subject.noteId;
    else if (after === 'proposals') value = subject.proposalId;
    else if (after === 'articles') value = '10';
    else if (after === 'as-of') value = '2023-06-30';
    else if (after === 'projections') value = others.projection;
    else if (after === 'demands-to-bargain') value = others.demandId;
    else throw new Error(`bench:scale does not know how to fill {${param}} in ${template}: teach fillPath`);
    if (value === null) return null;
    out.push(encodeURIComponent(value));
  }
  return out.join('/');
}

/** A GET, timed; one that has not answered within `timeoutMs` fails (the route is then reported as failed). */
async function timeGet(base: string, path: string, token: string, timeoutMs = 120_000): Promise<{ ms: number; status: number; bytes: number; body: Buffer }> {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, 'x-access-purpose': PURPOSE }, signal: AbortSignal.timeout(timeoutMs) });
  const body = Buffer.from(await response.arrayBuffer());
  return { ms: performance.now() - started, status: response.status, bytes: body.length, body };
}

async function measureRoute(base: string, tokens: readonly string[], route: string, variant: RouteFigure['variant'], paths: readonly string[], maxSamples: number): Promise<RouteFigure> {
  // Two untimed requests (JIT, connection, caches), then sequential samples over the paths in turn;
  // as the first role (admin) the route admits.
  let token = tokens[0]!;
  let warm = await timeGet(base, paths[0]!, token);
  for (const other of tokens.slice(1)) {
    if (warm.status !== 403) break;
    token = other;
    warm = await timeGet(base, paths[0]!, token);
  }
  await timeGet(base, paths[1 % paths.length]!, token);
  const samples = Math.max(3, Math.min(maxSamples, Math.floor(ROUTE_BUDGET_MS / Math.max(1, warm.ms))));
  const times: number[] = [];
  const statuses = new Map<number, number>();
  let bytes = 0;
  for (let i = 0; i < samples; i++) {
    const r = await timeGet(base, paths[i % paths.length]!, token);
    times.push(r.ms);
    statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    bytes += r.bytes;
  }
  times.sort((a, b) => a - b);
  return {
    route,
    variant,
    samples,
    statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(' '),
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: times.at(-1)!,
    bytes: Math.round(bytes / samples),
  };
}

async function measureSize(store: 'postgres' | 'pglite', size: number, scratch: ScratchDatabases): Promise<SizeResult> {
  const loadStart = load1();
  console.log(`\n${store === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${int(size)} events (1-minute load average ${loadStart.toFixed(2)})`);
  const dataDir = mkdtempSync(join(tmpdir(), `lrr-scale-${store}-`));
  try {
    const databaseUrl = store === 'postgres' ? await scratch.create(`${DB_PREFIX}_${size}`) : undefined;
    const config = { databaseUrl, dataDir: store === 'postgres' ? null : dataDir };
    const stores = await openStores(config);
    let seeded: Seeded;
    let rebuild: SizeResult['rebuild'];
    try {
      seeded = await seed(stores.events, size);
      const r = seeded.record;
      console.log(
        `  record   ${int(r.events)} events in ${int(r.streams)} streams: ${int(r.negotiations)} negotiations (the longest ${int(r.longNegotiationEvents)} events), ` +
          `${int(r.informationRequests)} information requests, ${int(r.accessLogEntries)} access-log entries; appended in ${seeded.seconds.toFixed(1)} s (${int(r.events / seeded.seconds)} events/s, generation included)`,
      );
      await stores.events.prepareFullRead?.();
      rebuild = await rebuildAll(stores, r.events);
      console.log(`  rebuild  all ${rebuild.projections.length} projections in ${rebuild.seconds.toFixed(1)} s (${rebuild.projections.map((p) => `${p.projection} ${p.seconds.toFixed(1)} s`).join(', ')})`);
    } finally {
      await stores.close();
    }

    // Before the API starts: the CLI creates the development signing key in the data directory.
    const token = await mintToken(dataDir, 'admin', 'scale.bench@district.example');
    const tokens = [token, await mintToken(dataDir, 'records-officer', 'records@district.example'), await mintToken(dataDir, 'legal-counsel', 'counsel@district.example')];
    const startedAt = performance.now();
    let api: RunningApi = await startApi({ dataDir, databaseUrl, runProjector: false });
    let peakRssBytes = 0;
    const listeningSeconds = (performance.now() - startedAt) / 1000;
    for (;;) {
      const ready = await fetch(`${api.url}/health/ready`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status === 200, () => false);
      if (ready) break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const readySeconds = (performance.now() - startedAt) / 1000;
    console.log(`  api      listening in ${listeningSeconds.toFixed(2)} s, ready in ${readySeconds.toFixed(2)} s`);
    try {
      const document = (await (await fetch(`${api.url}/docs-json`)).json()) as { paths: Record<string, { get?: unknown }> };
      const routes = Object.entries(document.paths).filter(([path, ops]) => ops.get && !SKIP.has(path)).map(([path]) => path);
      if (SKIP.size > 0) console.log(`  skipped  ${[...SKIP].join(', ')} (--skip)`);
      const projections = ((await getJson(api.url, '/projections', token)) as { projections?: { name: string }[] } | null)?.projections ?? [];
      const others = { requestId: seeded.requests[Math.floor(seeded.requests.length / 2)] ?? 'none', demandId: seeded.demands[0] ?? 'none', projection: projections[0]?.name ?? 'negotiation-summary' };
      // Typical: five negotiations of median length from across the record.
      const ordinary = seeded.negotiations.filter((n) => n.id !== seeded.longId).sort((a, b) => a.events - b.events);
      const mid = Math.floor(ordinary.length / 2);
      const typical = await Promise.all(ordinary.slice(Math.max(0, mid - 2), mid + 3).map((n) => subjectOf(api.url, token, n)));
      const long = await subjectOf(api.url, token, seeded.negotiations.find((n) => n.id === seeded.longId)!);

      const figures: RouteFigure[] = [];
      // A route that ends the API (out of memory) or fails is shown as such; the API is started
      // again for the routes after it.
      const measured = async (route: string, variant: RouteFigure['variant'], measure: () => Promise<RouteFigure>): Promise<RouteFigure> => {
        try {
          return await measure();
        } catch (error) {
          // A request that failed because the API is ending (out of memory) is told apart from one the API failed.
          for (let waited = 0; api.ended() === null && waited < 10_000; waited += 100) {
            if (await fetch(`${api.url}/health/live`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false)) break;
            await new Promise((ok) => setTimeout(ok, 100));
          }
          const ended = api.ended();
          const statuses = ended ? `API ${ended}` : `failed: ${(error as Error).message}`;
          console.log(`\n  ${route}${variant === 'long' ? ' (long)' : ''}: ${statuses}`);
          if (ended) {
            peakRssBytes = Math.max(peakRssBytes, api.peakRssBytes());
            api = await startApi({ dataDir, databaseUrl, runProjector: false });
            while (!(await fetch(`${api.url}/health/ready`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status === 200, () => false))) await new Promise((ok) => setTimeout(ok, 50));
          }
          return { route, variant, samples: 0, statuses, p50: Number.NaN, p99: Number.NaN, max: Number.NaN, bytes: 0 };
        }
      };
      const loads: number[] = [];
      const progress = new Progress();
      progress.start('routes', routes.length);
      for (const [i, route] of routes.entries()) {
        loads.push(load1());
        const perNegotiation = route.startsWith('/negotiations/{');
        const typicalPaths = typical.map((s) => fillPath(route, s, others)).filter((p): p is string => p !== null);
        if (typicalPaths.length > 0) figures.push(await measured(route, perNegotiation ? 'typical' : '', () => measureRoute(api.url, tokens, route, perNegotiation ? 'typical' : '', typicalPaths, SAMPLES)));
        const isFile = route.endsWith('/audit-file') || route.endsWith('/public-records-file');
        const longPath = perNegotiation && !isFile ? fillPath(route, long, others) : null;
        if (longPath) figures.push(await measured(route, 'long', () => measureRoute(api.url, tokens, route, 'long', [longPath], Math.min(SAMPLES, 10))));
        progress.update(i + 1);
      }
      progress.stop();

      printRoutes(store, seeded.record.events, figures);
      // The long negotiation's audit file, as JSON (kept for verify) and as PDF.
      let auditFile: SizeResult['auditFile'] = null;
      let verify: SizeResult['verify'] = null;
      let failure: string | null = null;
      try {
        if (NO_AUDIT_FILE) throw new Error('left out (--no-audit-file)');
        const jsonMs: number[] = [];
        const pdfMs: number[] = [];
        let bundle: Buffer = Buffer.alloc(0);
        let pdfBytes = 0;
        for (let i = 0; i < 2; i++) {
          const json = await timeGet(api.url, `/negotiations/${seeded.longId}/audit-file`, token, 900_000);
          if (json.status !== 200) throw new Error(`audit file answered ${json.status}: ${json.body.toString().slice(0, 300)}`);
          jsonMs.push(json.ms);
          bundle = json.body;
          const pdf = await timeGet(api.url, `/negotiations/${seeded.longId}/audit-file?format=pdf`, token, 900_000);
          if (pdf.status !== 200) throw new Error(`audit file PDF answered ${pdf.status}: ${pdf.body.toString().slice(0, 300)}`);
          pdfMs.push(pdf.ms);
          pdfBytes = pdf.bytes;
        }
        const bundleFile = join(dataDir, 'audit-file.json');
        writeFileSync(bundleFile, bundle);
        // In process as `npm run cli -- verify` does it: read from the file's bytes, node:crypto's SHA-256.
        const verifyStarted = performance.now();
        const { report } = await verifyBundleFile(bundleFile, {}, () => {});
        const inProcessSeconds = (performance.now() - verifyStarted) / 1000;
        const bundleEvents = report.streams.reduce((n, s) => n + s.found, 0);
        const cliStarted = performance.now();
        await run(process.execPath, [CLI_MAIN, 'verify', bundleFile], { maxBuffer: 64 * 1024 * 1024 });
        const cliSeconds = (performance.now() - cliStarted) / 1000;
        auditFile = { jsonMs, pdfMs, jsonBytes: bundle.length, pdfBytes, events: bundleEvents };
        verify = { events: bundleEvents, inProcessSeconds, eventsPerSecond: bundleEvents / inProcessSeconds, cliSeconds, intact: report.intact };
      } catch (error) {
        const alive = await fetch(`${api.url}/health/live`).then((r) => r.ok, () => false);
        failure = `audit file of the long negotiation: ${(error as Error).message}${alive ? '' : ' (the API is no longer answering)'}`;
        console.log(`  FAILED ${failure}`);
      }
      peakRssBytes = Math.max(peakRssBytes, api.peakRssBytes());
      const result: SizeResult = {
        store,
        size,
        record: seeded.record,
        seedSeconds: seeded.seconds,
        rebuild,
        api: { listeningSeconds, readySeconds, peakRssBytes },
        routes: figures,
        auditFile,
        verify,
        failure,
        load: { start: loadStart, end: load1(), duringRoutes: loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length) },
      };
      printSize(result);
      return result;
    } finally {
      await api.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((t, c) => (c === 0 ? t.padEnd(widths[c]!) : t.padStart(widths[c]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...rows.map(line)].join('\n');
}

const routeName = (f: RouteFigure) => `${f.route}${f.variant === 'long' ? ' (long)' : ''}`;

function printRoutes(store: SizeResult['store'], events: number, routes: readonly RouteFigure[]): void {
  console.log(`\n### ${store === 'postgres' ? 'PostgreSQL' : 'PGlite'}, ${int(events)} events\n`);
  console.log(
    table(
      ['GET route', 'samples', 'statuses', 'p50 ms', 'p99 ms', 'bytes'],
      routes.map((f) => [routeName(f), String(f.samples), f.statuses, ms(f.p50), ms(f.p99), int(f.bytes)]),
    ),
  );
}

function printSize(r: SizeResult): void {
  console.log(
    (r.auditFile
      ? `\n- audit file of the long negotiation (${int(r.auditFile.events)} events in the bundle): JSON ${r.auditFile.jsonMs.map((t) => int(t)).join(', ')} ms (${mb(r.auditFile.jsonBytes)}), ` +
        `PDF ${r.auditFile.pdfMs.map((t) => int(t)).join(', ')} ms (${mb(r.auditFile.pdfBytes)})\n`
      : `\n- ${r.failure}\n`) +
      (r.verify ? `- offline verify: ${int(r.verify.eventsPerSecond)} events/s in process (${r.verify.inProcessSeconds.toFixed(2)} s), \`cli verify\` ${r.verify.cliSeconds.toFixed(2)} s with Node's start; intact ${r.verify.intact}\n` : '') +
      `- API listening ${r.api.listeningSeconds.toFixed(2)} s, ready ${r.api.readySeconds.toFixed(2)} s; peak RSS ${mb(r.api.peakRssBytes)}\n` +
      `- projection rebuild ${r.rebuild.seconds.toFixed(1)} s for ${int(r.record.events)} events; seeding ${r.seedSeconds.toFixed(1)} s\n` +
      `- 1-minute load average: ${r.load.start.toFixed(2)} at start, ${r.load.duringRoutes.toFixed(2)} on average during the routes, ${r.load.end.toFixed(2)} at the end`,
  );
}

function printGrowth(results: readonly SizeResult[]): void {
  for (const store of ['postgres', 'pglite'] as const) {
    const sized = results.filter((r) => r.store === store).sort((a, b) => a.size - b.size);
    if (sized.length < 2) continue;
    const header = ['GET route', ...sized.map((r) => `p99 ${int(r.size)}`), ...sized.slice(1).map((r, i) => `× ${int(sized[i]!.size)}→${int(r.size)}`)];
    const names = [...new Set(sized.flatMap((r) => r.routes.map(routeName)))];
    const p99 = (r: SizeResult, name: string) => r.routes.find((f) => routeName(f) === name)?.p99;
    const rows = names.map((name) => [
      name,
      ...sized.map((r) => (p99(r, name) === undefined ? '–' : ms(p99(r, name)!))),
      ...sized.slice(1).map((r, i) => {
        const a = p99(sized[i]!, name);
        const b = p99(r, name);
        return a && b ? `${(b / a).toFixed(2)}×` : '–';
      }),
    ]);
    const extra = (label: string, value: (r: SizeResult) => number, format: (n: number) => string) => [
      label,
      ...sized.map((r) => format(value(r))),
      ...sized.slice(1).map((r, i) => `${(value(r) / value(sized[i]!)).toFixed(2)}×`),
    ];
    rows.push(
      extra('audit file JSON, long negotiation (ms, best)', (r) => (r.auditFile ? Math.min(...r.auditFile.jsonMs) : Number.NaN), ms),
      extra('audit file PDF, long negotiation (ms, best)', (r) => (r.auditFile ? Math.min(...r.auditFile.pdfMs) : Number.NaN), ms),
      extra('verify (events/s)', (r) => r.verify?.eventsPerSecond ?? Number.NaN, int),
      extra('API ready (s)', (r) => r.api.readySeconds, (n) => n.toFixed(2)),
      extra('projection rebuild (s)', (r) => r.rebuild.seconds, (n) => n.toFixed(1)),
      extra('API peak RSS (MB)', (r) => r.api.peakRssBytes / 1048576, int),
    );
    console.log(`\n### Growth, ${store === 'postgres' ? 'PostgreSQL' : 'PGlite'}\n\n${table(header, rows)}`);
  }
}

async function main(): Promise<number> {
  const cpu = cpus();
  console.log(`Scale benchmark: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; PostgreSQL sizes ${SIZES.map(int).join(', ')}, PGlite ${PGLITE_SIZES.map(int).join(', ') || 'none'}`);
  const scratch = new ScratchDatabases(DATABASE_URL);
  const results: SizeResult[] = [];
  const failures: string[] = [];
  if (SIZES.length > 0) {
    const unreachable = await canConnect(DATABASE_URL);
    if (unreachable) failures.push(`PostgreSQL at ${DATABASE_URL} unreachable: ${unreachable}`);
    else console.log(`  ${await scratch.describeServer()}`);
  }
  const runs = [...(failures.length === 0 ? SIZES.map((size) => ['postgres', size] as const) : []), ...PGLITE_SIZES.map((size) => ['pglite', size] as const)];
  const command = ['npm run bench:scale', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  // Written after every size, so an interrupted run keeps what it measured.
  const save = () =>
    writeFileSync(resolve(values.out), `${JSON.stringify({ command, measuredAt: new Date().toISOString(), machine: `${cpu.length} × ${cpu[0]?.model.trim()}`, node: process.version, results }, null, 2)}\n`);
  try {
    for (const [store, size] of runs) {
      try {
        results.push(await measureSize(store, size, scratch));
        save();
      } catch (error) {
        failures.push(`${store} ${size}: ${(error as Error).stack ?? String(error)}`);
        console.log(`  FAILED: ${(error as Error).message}`);
      }
    }
  } finally {
    if (values.keep) process.env.BENCH_KEEP_DATABASES = '1';
    await scratch.dropAll();
  }
  printGrowth(results);
  save();
  console.log(`\nwrote ${values.out}`);
  for (const failure of failures) console.error(`\nFAILED ${failure}`);
  return failures.length > 0 ? 1 : 0;
}

runBench(main);
