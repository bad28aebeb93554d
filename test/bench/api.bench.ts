/**
 * `npm run bench:api` — the HTTP API under autocannon load (issue 3, item 8).
 *
 * The API runs as a child process (`node dist/apps/api/src/main.js`), its RSS sampled from
 * /proc/<pid>/status, on (a) the embedded store in a fresh temporary DATA_DIR (projector in-process,
 * as `npm start` runs it) and (b) PostgreSQL in a fresh scratch database on DATABASE_URL's server
 * (projector off: in production it is apps/projector). Set-up over HTTP: one unit, N negotiations
 * with ground rules and one proposal per side. Then `--connections` clients for `--seconds` send
 * mixed record commands (proposal, counterproposal, session, information request received), each
 * body unique, spread round-robin over the negotiations, with `--reads` of the requests (default
 * 20%) reads in between: the negotiation, its proposals, its latest events, its notes. Afterwards
 * the stored events are counted and must equal the commands' 2xx answers. Before the measured load, a warm-up of `--warmup` requests (the
 * same commands, every answer read; a tenth on the embedded store) lets V8 compile the code and the
 * pool open its connections; its events are counted apart.
 *
 *   npm run bench:api -- [--seconds 20] [--connections 50] [--negotiations 20] [--reads 0.2] [--only pglite,postgres] [--warmup 2000] [--strict]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPglite } from '#sql';
import { type LoadResult, mintToken, runLoad, setUp, startApi, statusSummary, type Tokens } from './api-load.js';
import { canConnect, ScratchDatabases } from './databases.js';
import { conclude, int, mb, ms, runBench, type TargetCheck } from './report.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    negotiations: { type: 'string', default: '20' },
    only: { type: 'string', default: 'pglite,postgres' },
    warmup: { type: 'string', default: '2000' },
    reads: { type: 'string', default: '0.2' },
    strict: { type: 'boolean', default: false },
  },
});
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);
const NEGOTIATIONS = Number(values.negotiations);
const WARMUP = Number(values.warmup);
const READ_SHARE = Number(values.reads);
/** Requests sent (and answered) before the measured load: `--warmup` on PostgreSQL; the embedded store, ten times slower, gets a tenth. */
const warmupRequests = (embedded: boolean) => (embedded ? Math.round(WARMUP / 10) : WARMUP);
const ONLY = new Set(values.only.split(',').map((s) => s.trim()));
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Outcome {
  readonly name: string;
  readonly load: LoadResult;
  readonly stored: number;
  /** How many of the 2xx answers' event ids the store holds (each once: event_id is unique). */
  readonly answeredFound: number;
  readonly setupEvents: number;
  /** The warm-up's requests, all answered before the measured load began; its events are not counted. */
  readonly warmup: { readonly requests: number; readonly ok: number; readonly events: number; readonly seconds: number } | null;
  readonly peakRss: number;
  readonly idleRss: number;
}

type Counter = (ids: readonly string[]) => Promise<{ total: number; found: number }>;
const COUNT = 'SELECT (SELECT count(*) FROM lrr_events) AS total, (SELECT count(*) FROM lrr_events WHERE event_id = ANY ($1::uuid[])) AS found';

function countPg(url: string): Counter {
  return async (ids) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const row = (await client.query<{ total: string; found: string }>(COUNT, [ids])).rows[0]!;
      return { total: Number(row.total), found: Number(row.found) };
    } finally {
      await client.end();
    }
  };
}

/** After the API stopped (it holds the data directory's lock): open the directory as the API does. */
function countPglite(dataDir: string): Counter {
  return async (ids) => {
    const sql = await openPglite(dataDir);
    try {
      const row = (await sql.query<{ total: string | number; found: string | number }>(COUNT, [ids])).rows[0]!;
      return { total: Number(row.total), found: Number(row.found) };
    } finally {
      await sql.close();
    }
  };
}

/**
 * Every 2xx's event stored, and nothing else stored but what requests whose answer was never read
 * recorded: those in flight at the cut-off, and those the client gave up on (a timeout; the server
 * still records the command, it only answers too late).
 */
const unread = (o: Outcome) => o.load.inFlightAtStop + statusSummary(o.load.result).errors;
const matches = (o: Outcome) =>
  o.answeredFound === o.load.eventIds.length && o.load.eventsAnswered === o.load.commands.ok && o.stored - o.load.eventsAnswered >= 0 && o.stored - o.load.eventsAnswered <= unread(o);
const p = (sorted: readonly number[], q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((q / 100) * sorted.length) - 1))]!);

async function tokensFor(dataDir: string): Promise<Tokens> {
  return { admin: await mintToken(dataDir, 'admin', 'bench-admin@example.org'), negotiator: await mintToken(dataDir, 'negotiator', 'bench-negotiator@example.org') };
}

async function measure(name: string, dataDir: string, databaseUrl: string | undefined, countStored: Counter): Promise<Outcome> {
  console.log(`\n${name}: API child process, DATA_DIR ${dataDir}${databaseUrl ? `, DATABASE_URL ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}, RUN_PROJECTOR=false` : ', RUN_PROJECTOR=true (in-process projector, as npm start)'}`);
  const tokens = await tokensFor(dataDir); // before the API starts: the CLI creates the embedded key
  const api = await startApi({ dataDir, databaseUrl, runProjector: !databaseUrl });
  let load: LoadResult;
  let setupEvents: number;
  let warmup: Outcome['warmup'] = null;
  let idleRss: number;
  let peakRss: number;
  try {
    const target = await setUp(api.url, tokens, NEGOTIATIONS);
    setupEvents = target.setupEvents;
    idleRss = api.peakRssBytes();
    console.log(`  set-up   1 unit, ${target.negotiations.length} negotiations (ground rules, one proposal per side): ${setupEvents} events; API RSS so far ${mb(idleRss)}`);
    let firstSeq = 0;
    const requests = warmupRequests(!databaseUrl);
    if (requests > 0) {
      // The same commands on the same negotiations, every answer read: the API's code is compiled
      // and its connections open before the measured load, which starts where this one stopped.
      process.stderr.write(`  warm-up  ${CONNECTIONS} connections, ${int(requests)} requests …\n`);
      const warm = await runLoad(api.url, tokens, target, { seconds: 0, amount: requests, connections: CONNECTIONS, readShare: READ_SHARE });
      warmup = { requests, ok: warm.commands.ok, events: warm.eventsAnswered, seconds: warm.seconds };
      firstSeq = warm.nextSeq;
    }
    process.stderr.write(`  load     ${CONNECTIONS} connections for ${SECONDS} s …\n`);
    load = await runLoad(api.url, tokens, target, { seconds: SECONDS, connections: CONNECTIONS, firstSeq, readShare: READ_SHARE });
    peakRss = api.peakRssBytes();
  } finally {
    await api.stop();
  }
  const counted = await countStored(load.eventIds);
  return { name, load, stored: counted.total - setupEvents - (warmup?.events ?? 0), answeredFound: counted.found, setupEvents, warmup, peakRss, idleRss };
}

function describe(o: Outcome): void {
  const r = o.load.result;
  const s = statusSummary(r);
  const total = s.ok + s.non2xx;
  if (o.warmup) console.log(`  warm-up  ${int(o.warmup.requests)} requests in ${o.warmup.seconds.toFixed(1)} s before the measured load, all answered (2xx ${int(o.warmup.ok)}, ${int(o.warmup.events)} events; not counted below)`);
  const { commands, reads } = o.load;
  console.log(
    `  requests ${int(total)} answered in ${o.load.seconds.toFixed(1)} s: ${int(total / o.load.seconds)} requests/s, ${int(commands.ok / o.load.seconds)} recorded commands/s (2xx), ${int(reads.ok / o.load.seconds)} reads/s (2xx)`,
  );
  console.log(`  latency  all: p50 ${ms(r.latency.p50)} ms, p97.5 ${ms(r.latency.p97_5)} ms, p99 ${ms(r.latency.p99)} ms, max ${ms(r.latency.max)} ms`);
  console.log(`           commands: p50 ${ms(p(commands.latenciesMs, 50))} ms, p99 ${ms(p(commands.latenciesMs, 99))} ms; reads: p50 ${ms(p(reads.latenciesMs, 50))} ms, p99 ${ms(p(reads.latenciesMs, 99))} ms`);
  console.log(`  answers  2xx ${int(s.ok)}, non-2xx ${int(s.non2xx)}, errors ${int(s.errors)}, timeouts ${int(s.timeouts)} (by code: ${s.codes || 'none'})`);
  console.log(`  mix      sent ${Object.entries(o.load.byKind).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`);
  console.log(
    `  stored   ${int(o.stored)} events beyond the set-up's ${o.setupEvents}${o.warmup ? ` and the warm-up's ${int(o.warmup.events)}` : ''}; 2xx ${int(s.ok)} naming ${int(o.load.eventsAnswered)} events, ${int(o.answeredFound)} of them found in the store; ` +
      `${int(o.load.inFlightAtStop)} requests were in flight when autocannon stopped at the deadline and ${int(s.errors)} were given up on (answers never read; the server may record them): ` +
      `stored − commands' 2xx = ${int(o.stored - commands.ok)} → ${matches(o) ? 'MATCH' : 'MISMATCH'}`,
  );
  console.log(`  RSS      API peak ${mb(o.peakRss)} (after set-up ${mb(o.idleRss)})`);
}

async function main(): Promise<number> {
  const cpu = cpus();
  console.log('HTTP API benchmark: labor relations record');
  console.log(`  machine   ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; 1-minute load average ${loadavg()[0]!.toFixed(2)} at start (autocannon runs on the same cores)`);
  console.log(`  workload  ${CONNECTIONS} connections × ${SECONDS} s, mixed commands round-robin over ${NEGOTIATIONS} negotiations with ${Math.round(READ_SHARE * 100)}% reads, after a warm-up of ${int(warmupRequests(false))} requests (PostgreSQL; ${int(warmupRequests(true))} embedded); LOG_LEVEL=${process.env.LOG_LEVEL ?? 'warn'}`);
  const outcomes: Outcome[] = [];
  const failures: string[] = [];
  const scratch = new ScratchDatabases(DATABASE_URL);
  const dirs: string[] = [];
  const cleanUp = async () => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await scratch.dropAll().catch((error: unknown) => console.error(`could not drop scratch databases: ${(error as Error).message}`));
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    if (ONLY.has('pglite')) {
      const dataDir = mkdtempSync(join(tmpdir(), 'lrr-bench-api-'));
      dirs.push(dataDir);
      try {
        const o = await measure('Embedded (PGlite)', dataDir, undefined, countPglite(dataDir));
        outcomes.push(o);
        describe(o);
      } catch (error) {
        failures.push(`embedded: ${(error as Error).stack ?? String(error)}`);
        console.log(`  FAILED: ${(error as Error).message}`);
      }
    }
    if (ONLY.has('postgres')) {
      const unreachable = await canConnect(DATABASE_URL);
      if (unreachable) {
        failures.push(`PostgreSQL at ${DATABASE_URL} unreachable: ${unreachable}`);
        console.log(`\nPostgreSQL SKIPPED: ${unreachable}`);
      } else {
        console.log(`  postgres  ${await scratch.describeServer()}`);
        const dataDir = mkdtempSync(join(tmpdir(), 'lrr-bench-api-keys-'));
        dirs.push(dataDir);
        try {
          const url = await scratch.create(`lrr_bench_api_${process.pid}`);
          const o = await measure('PostgreSQL', dataDir, url, countPg(url));
          outcomes.push(o);
          describe(o);
        } catch (error) {
          failures.push(`PostgreSQL: ${(error as Error).stack ?? String(error)}`);
          console.log(`  FAILED: ${(error as Error).message}`);
        }
      }
    }
  } finally {
    await cleanUp();
  }

  const checks: TargetCheck[] = [];
  for (const o of outcomes) {
    const s = statusSummary(o.load.result);
    checks.push({
      target: `${o.name}: stored events = commands' 2xx answers (+ requests in flight at the cut-off or timed out)`,
      measured: `${int(o.stored)} stored, ${int(o.load.commands.ok)} commands' 2xx (all found), ${int(o.load.inFlightAtStop)} in flight, ${int(s.errors)} errors`,
      pass: matches(o),
    });
    if (o.name === 'PostgreSQL') {
      const rate = o.load.commands.ok / o.load.seconds;
      checks.push({ target: `PostgreSQL ≥ 1,400 commands/s${READ_SHARE > 0 ? ` (with ${Math.round(READ_SHARE * 100)}% reads besides)` : ''}`, measured: `${int(rate)} commands' 2xx/s`, pass: rate >= 1400 });
      checks.push({ target: 'PostgreSQL p99 ≤ 90 ms (commands and reads)', measured: `${ms(o.load.result.latency.p99)} ms`, pass: o.load.result.latency.p99 <= 90 });
    }
    checks.push({ target: `${o.name}: API RSS ≤ 250 MB`, measured: mb(o.peakRss), pass: o.peakRss <= 250 * 1024 * 1024 });
  }

  const command = ['npm run bench:api', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
  console.log(`\n## HTTP API benchmark\n\n\`${command}\` on ${cpu.length} cores (autocannon on the same machine), Node ${process.version}: ${CONNECTIONS} connections, ${SECONDS} s, mixed record commands over ${NEGOTIATIONS} negotiations with ${Math.round(READ_SHARE * 100)}% reads; 1-minute load average ${loadavg()[0]!.toFixed(2)} at the end.\n`);
  console.log('| Store | Requests/s | Commands/s | Reads/s | p50 ms | p97.5 ms | p99 ms | commands p99 | reads p99 | 2xx | non-2xx | errors | Stored events | Events = commands\' 2xx | Peak API RSS |');
  console.log('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|');
  for (const o of outcomes) {
    const r = o.load.result;
    const s = statusSummary(r);
    const { commands, reads } = o.load;
    console.log(`| ${o.name} | ${int((s.ok + s.non2xx) / o.load.seconds)} | ${int(commands.ok / o.load.seconds)} | ${int(reads.ok / o.load.seconds)} | ${ms(r.latency.p50)} | ${ms(r.latency.p97_5)} | ${ms(r.latency.p99)} | ${ms(p(commands.latenciesMs, 99))} | ${ms(p(reads.latenciesMs, 99))} | ${int(s.ok)} | ${int(s.non2xx)} | ${int(s.errors)} | ${int(o.stored)} (${int(o.load.inFlightAtStop)} in flight at stop) | ${matches(o) ? 'MATCH' : 'MISMATCH'} | ${mb(o.peakRss)} |`);
  }
  console.log('');
  return conclude(checks, failures, values.strict);
}

runBench(main);
