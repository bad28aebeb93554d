/**
 * `npm run bench:audit-file` — the audit file of one long negotiation through the API (issue 17:
 * ≤ 3 s as JSON, ≤ 10 s as PDF for a 20,000-event negotiation), with the peak RSS of the API and of
 * its export worker.
 *
 * The record: RecordSimulator's long negotiation as bench:scale makes it (`--long-share 0.2 --sizes
 * 100000`: the same seed and the same busy negotiation of `--events` events, with its access log),
 * appended to database `--db` on DATABASE_URL's server. An existing database holding it is reused
 * (`--reseed` makes it anew). Then the API starts on it (a fresh data directory: its own signing key)
 * and the file is fetched `--runs` times as JSON and as PDF, alternately.
 *
 *   npm run bench:audit-file -- [--events 20000] [--runs 3] [--db lrr_audit_file_20000] [--reseed] [--formats json,pdf]
 *
 * A request that fails (a 503, or no answer within the client's 300 s) is printed and the runs go on.
 *   BENCH_API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" …   a profile of the API; with
 *   NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" every node process (the export worker too) writes one
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type EventStore, openStores } from '#event-store';
import { RecordSimulator } from '../harness/record-simulator.js';
import { mintToken, startApi } from './api-load.js';
import { int, mb } from './report.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    db: { type: 'string' },
    reseed: { type: 'boolean', default: false },
    formats: { type: 'string', default: 'json,pdf' },
  },
});
const EVENTS = Number(values.events);
const RUNS = Number(values.runs);
const DB = values.db ?? `lrr_audit_file_${EVENTS}`;
const FORMATS = values.formats.split(',').map((f) => f.trim()) as ('json' | 'pdf')[];
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function urlOf(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The long negotiation's id when database `DB` already holds it, else null. */
async function seeded(): Promise<string | null> {
  const exists = await admin(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [DB])).rowCount === 1);
  if (!exists) return null;
  const client = new pg.Client({ connectionString: urlOf(DB) });
  await client.connect();
  try {
    const { rows } = await client.query<{ stream: string; n: string }>(
      "SELECT stream, count(*) AS n FROM lrr_events WHERE stream LIKE 'negotiation-%' GROUP BY stream ORDER BY count(*) DESC LIMIT 1",
    );
    return rows[0] && Number(rows[0].n) >= EVENTS ? rows[0].stream.slice('negotiation-'.length) : null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

async function seed(): Promise<string> {
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB}`);
  });
  const stores = await openStores({ databaseUrl: urlOf(DB), dataDir: null });
  try {
    // bench:scale's generator for --sizes 100000 --long-share 0.2: its seed, its access-log share.
    const simulator = new RecordSimulator(100_000, { accessLogShare: 0.1, startDay: '2015-06-01', spanDays: 3650 });
    const id = simulator.busyNegotiation(EVENTS);
    await append(stores.events, simulator.drain());
    return id;
  } finally {
    await stores.close();
  }
}

async function append(store: EventStore, batches: ReturnType<RecordSimulator['drain']>): Promise<void> {
  const byStream = new Map<string, (typeof batches)[number]['events'][number][]>();
  for (const batch of batches) byStream.set(batch.stream, [...(byStream.get(batch.stream) ?? []), ...batch.events]);
  await Promise.all(
    [...byStream].map(async ([stream, events]) => {
      let expected: number | 'no_stream' = 'no_stream';
      for (let i = 0; i < events.length; i += 500) expected = (await store.append(stream, events.slice(i, i + 500), { expectedRevision: expected })).nextExpectedRevision;
    }),
  );
}

/** The RSS of the API's children (the export worker), summed; sampled like the API's own. */
function childrenRss(pid: number): number {
  let total = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let children: string[] = [];
    try {
      children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean);
    } catch {
      continue;
    }
    for (const child of children) {
      try {
        total += Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${child}/status`, 'utf8'))?.[1] ?? 0) * 1024;
      } catch {
        // ended
      }
    }
  }
  return total;
}

const started = performance.now();
let longId = values.reseed ? null : await seeded();
if (longId === null) {
  longId = await seed();
  console.log(`seeded ${DB}: negotiation ${longId} of ${int(EVENTS)} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const dataDir = mkdtempSync(join(tmpdir(), 'lrr-audit-file-bench-'));
try {
  const token = await mintToken(dataDir, 'records-officer', 'records@district.example');
  const api = await startApi({ dataDir, databaseUrl: urlOf(DB), runProjector: false });
  let workerPeak = 0;
  const sampler = setInterval(() => (workerPeak = Math.max(workerPeak, childrenRss(api.pid))), 100);
  try {
    console.log(`bench:audit-file  negotiation ${longId} (${DB}), ${RUNS} runs of each, alternating; load average before ${load()}`);
    const times: Record<'json' | 'pdf', number[]> = { json: [], pdf: [] };
    const sizes: Record<'json' | 'pdf', number> = { json: 0, pdf: 0 };
    for (let i = 0; i < RUNS; i++) {
      for (const format of FORMATS) {
        const t0 = performance.now();
        let status: number;
        let body: Buffer;
        try {
          const response = await fetch(`${api.url}/negotiations/${longId}/audit-file${format === 'pdf' ? '?format=pdf' : ''}`, {
            headers: { authorization: `Bearer ${token}`, 'x-access-purpose': 'audit-file bench' },
          });
          status = response.status;
          body = Buffer.from(await response.arrayBuffer());
        } catch (error) {
          console.log(`  ${format.padEnd(4)} FAILED after ${int(performance.now() - t0)} ms: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`);
          continue;
        }
        const ms = performance.now() - t0;
        if (status !== 200) {
          console.log(`  ${format.padEnd(4)} answered ${status} after ${int(ms)} ms: ${body.toString().slice(0, 300)}`);
          continue;
        }
        times[format].push(ms);
        sizes[format] = body.length;
        console.log(`  ${format.padEnd(4)} ${int(ms).padStart(7)} ms  ${mb(body.length)}  (load ${load()})`);
      }
    }
    console.log(
      `median JSON ${times.json.length > 0 ? int(median(times.json)) : '–'} ms (${mb(sizes.json)}), PDF ${times.pdf.length > 0 ? int(median(times.pdf)) : '–'} ms (${mb(sizes.pdf)}); ` +
        `peak RSS API ${mb(api.peakRssBytes())}, export worker ${mb(workerPeak)}; load average after ${load()}`,
    );
  } finally {
    clearInterval(sampler);
    await api.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
