import { type EventStore, PostgresEventStore } from '#event-store';
import { ALL_PROJECTIONS } from '#read-models';
import { type DocumentProjection, type ProjectionBuild, ProjectionRunner, ReadStore } from '#read-store';
import { type SqlClient, openPostgres } from '#sql';
import { appendSimulated, equivalenceRecord } from './harness/record-simulator.js';
import { openEmbeddedSql } from '#testing';

/**
 * For every projection: the tables built incrementally — while events keep arriving in small
 * batches — equal a full rebuild from the first event, row for row, after the Bayview scenario plus
 * 3,000 random valid events (as covering as 10,000: see `equivalenceRecord`).
 *
 * The backends are prepared side by side (PostgreSQL works in its own process while PGlite works
 * in this one); each test compares what its backend's preparation built.
 */
const backends: [string, () => Promise<SqlClient>][] = [['PGlite', openEmbeddedSql]];
if (process.env.DATABASE_URL) {
  // A database of its own: the comparison reads every event in the store.
  backends.push(['PostgreSQL', async () => {
    const admin = openPostgres(process.env.DATABASE_URL!);
    const name = `lrr_equivalence_${process.pid}_${Date.now()}`;
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.close();
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    // PGlite's preparation runs in this same process, and its long synchronous WebAssembly work holds
    // the event loop: a connection's 5 s timeout, timed on that loop, expires while the server waits.
    const sql = openPostgres(url.toString(), { connectionTimeoutMs: 120_000 });
    const close = sql.close.bind(sql);
    return Object.assign(sql, {
      close: async () => {
        await close();
        const again = openPostgres(process.env.DATABASE_URL!);
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await again.close();
      },
    });
  }]);
} else {
  describe('projection equivalence on PostgreSQL', () => it.skip('skipped: DATABASE_URL is not set', () => undefined));
}

async function rows(sql: SqlClient, build: ProjectionBuild): Promise<unknown[]> {
  const { rows } = await sql.query<Record<string, unknown>>(`SELECT * FROM ${build.tableName} ORDER BY key`);
  return rows.map((row) => JSON.parse(JSON.stringify(row)));
}

async function caughtUp(store: EventStore, runners: ProjectionRunner[]): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 50) {
    const pending = await Promise.all(
      runners.map(async (r) => r.status.state !== 'live' || (await store.readAll({ after: r.status.build?.checkpoint ?? null, maxCount: 1, category: r.projection.categories.length === 1 ? r.projection.categories[0] : undefined })).events.length > 0),
    );
    if (!pending.some(Boolean)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('projections did not catch up');
}

interface Prepared {
  /** Per projection id: the incrementally built rows and the rebuilt rows. */
  readonly tables: ReadonlyMap<string, { readonly incremental: unknown[]; readonly rebuilt: unknown[] }>;
}

const projectionKey = (projection: DocumentProjection) => `${projection.name}.v${projection.version}`;

/** Appends the record while the runners project it, stops them, rebuilds every projection from the first event and reads both tables. */
async function prepare(open: () => Promise<SqlClient>): Promise<Prepared> {
  const sql = await open();
  const runners: ProjectionRunner[] = [];
  try {
    const store = await PostgresEventStore.open(sql);
    const readStore = await ReadStore.open(sql);
    for (const projection of ALL_PROJECTIONS) runners.push(new ProjectionRunner(store, readStore, projection, { batchSize: 97 }));
    runners.forEach((r) => r.start());
    const batches = equivalenceRecord();
    // In slices, so the runners project while events arrive (catch-up and live both exercised).
    const revisions = new Map<string, number>();
    for (let i = 0; i < batches.length; i += 400) {
      await appendSimulated(store, batches.slice(i, i + 400), { revisions });
      await new Promise((r) => setTimeout(r, 5));
    }
    await caughtUp(store, runners);
    await Promise.all(runners.map((r) => r.stop()));

    const tables = new Map<string, { incremental: unknown[]; rebuilt: unknown[] }>();
    const builds = await readStore.builds();
    for (const projection of ALL_PROJECTIONS) {
      const incremental = builds.find((b) => b.name === projection.name && b.state === 'active');
      if (!incremental) throw new Error(`${projectionKey(projection)}: no active build`);
      let rebuilt = await readStore.createBuild(projection);
      for (;;) {
        const page = await store.readAll({ after: rebuilt.checkpoint, maxCount: 1000, category: projection.categories.length === 1 ? projection.categories[0] : undefined });
        if (page.events.length === 0) break;
        rebuilt = await readStore.applyBatch(rebuilt, projection, page.events);
      }
      tables.set(projectionKey(projection), { incremental: await rows(sql, incremental), rebuilt: await rows(sql, rebuilt) });
    }
    return { tables };
  } finally {
    await Promise.all(runners.map((r) => r.stop()));
    await sql.close();
  }
}

const prepared = new Map<string, Promise<Prepared>>();
// Awaited here, not only by each backend's tests: PGlite imports modules while it starts, which Jest
// refuses once a hook has returned and no test is running.
beforeAll(async () => {
  for (const [name, open] of backends) {
    const preparation = prepare(open);
    preparation.catch(() => undefined); // reported by the backend's own tests
    prepared.set(name, preparation);
  }
  await Promise.allSettled(prepared.values());
}, 600_000);

describe.each(backends)('projection equivalence on %s: incremental equals rebuild, row for row', (name) => {
  let tables: Prepared['tables'];

  beforeAll(async () => {
    ({ tables } = await prepared.get(name)!);
  }, 600_000);

  it('registers projections to compare', () => {
    expect(ALL_PROJECTIONS.length).toBeGreaterThan(0);
  });

  it.each(ALL_PROJECTIONS.map((p) => [projectionKey(p)]))('%s', (id) => {
    const { incremental, rebuilt } = tables.get(id)!;
    expect(incremental.length).toBeGreaterThan(0);
    expect(incremental.length).toBe(rebuilt.length);
    expect(incremental).toEqual(rebuilt);
  });
});
