import { randomUUID } from 'node:crypto';
import { type EventStore, type NewEvent, PostgresEventStore } from '#event-store';
import { type SqlClient, StoreUnavailable, openPostgres } from '#sql';
import { type DocumentProjection, ProjectionFailed, ProjectionRunner, ReadStore, findDocuments, getDocument, rebuildProjection } from './index.js';
import { openEmbeddedSql } from '#testing';

/**
 * Issue 11, item 2 (projection side): whatever an accepted event carries, a projection stores it;
 * an event a projection cannot apply stops that projection only, its readers keep the last good
 * state, a rebuild names the event, and an operator's recorded skip lets it go on. Losing the
 * database never marks a projection failed.
 */
interface Label {
  label: string;
  on: string | null;
  tags: unknown;
}

const event = (type: string, data: Record<string, unknown> = {}): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  occurredAt: { at: '2025-03-05', precision: 'day' },
  actor: { subject: 'tester', role: 'negotiator' },
  correlationId: randomUUID(),
  classification: { level: 'internal', basis: 'test' },
});

/** Keys, a text column, a jsonb column and a date column, all taken from the event as given. */
const labels = (category: string, failOn = 'Poison'): DocumentProjection<Label> => ({
  name: `labels-${category}`,
  version: 1,
  categories: [category],
  columns: {
    label: { type: 'text', value: (d) => d.label },
    tags: { type: 'jsonb', value: (d) => d.tags },
    on_day: { type: 'date', value: (d) => d.on },
  },
  keys: (e) => [String(e.data['label'])],
  evolve: (_doc, e) => {
    if (e.type === failOn) throw new Error(`cannot project ${e.type}`);
    return { label: String(e.data['label']), on: (e.data['on'] as string | undefined) ?? null, tags: e.data['tags'] ?? null };
  },
});

async function until(condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const HOSTILE = ['nul \u0000 inside', 'lone high \ud800', '\udc00 lone low', 'escape-like \uffff0000', 'pair 😀 intact', 'plain'];

const backends: [string, () => Promise<SqlClient>][] = [['PGlite', openEmbeddedSql]];
if (process.env.DATABASE_URL) backends.push(['PostgreSQL', async () => openPostgres(process.env.DATABASE_URL!)]);

describe.each(backends)('projection faults on %s', (_name, open) => {
  let sql: SqlClient;
  let store: EventStore;
  let readStore: ReadStore;
  beforeAll(async () => {
    sql = await open();
    store = await PostgresEventStore.open(sql);
    readStore = await ReadStore.open(sql);
  }, 60_000);
  afterAll(() => sql.close());

  it('stores U+0000, lone surrogates and impossible dates from accepted events, and answers them back as given', async () => {
    const category = `hx${randomUUID().slice(0, 8)}`;
    for (const label of HOSTILE) {
      await store.append(`${category}-1`, [event('Labelled', { label, on: '2025-02-30', tags: { [label]: [label] } })], { expectedRevision: 'any' });
    }
    const projection = labels(category);
    const runner = new ProjectionRunner(store, readStore, projection, { batchSize: 2 });
    runner.start();
    try {
      await until(async () => runner.status.state === 'failed' || (runner.status.state === 'live' && runner.status.build?.events === HOSTILE.length));
      expect(runner.status).toMatchObject({ state: 'live', build: { error: null } });
      for (const label of HOSTILE) {
        expect(await getDocument(sql, projection, label)).toEqual({ label, on: '2025-02-30', tags: { [label]: [label] } });
        expect((await findDocuments(sql, projection, { where: { label } })).items.map((d) => d.label)).toEqual([label]);
      }
      const all = await findDocuments(sql, projection, { limit: 2 });
      const next = await findDocuments(sql, projection, { limit: 10, cursor: all.nextCursor });
      expect([...all.items, ...next.items].map((d) => d.label).sort()).toEqual([...HOSTILE].sort());
      // Paged one at a time by a text column, with the store's cursors and with cursors built from
      // the last document read (its original text): each label once.
      for (const cursorOf of [(page: { nextCursor: string | null }) => page.nextCursor, (page: { items: readonly { label: string }[] }) => Buffer.from(JSON.stringify([page.items[0]!.label, page.items[0]!.label])).toString('base64url')]) {
        const seen: string[] = [];
        let page = await findDocuments(sql, projection, { orderBy: 'label', limit: 1 });
        // Bounded: a cursor that does not move on would page forever.
        for (let pages = 0; pages <= HOSTILE.length; pages++) {
          seen.push(...page.items.map((d) => d.label));
          if (page.nextCursor === null) break;
          page = await findDocuments(sql, projection, { orderBy: 'label', limit: 1, cursor: cursorOf(page as never) });
        }
        expect(seen.sort()).toEqual([...HOSTILE].sort());
      }
    } finally {
      await runner.stop();
    }
  });

  it('a failed projection keeps answering its last good state, and goes on once an operator skips the event', async () => {
    const category = `sk${randomUUID().slice(0, 8)}`;
    await store.append(`${category}-1`, [event('Labelled', { label: 'before' })], { expectedRevision: 'any' });
    const poison = event('Poison', { label: 'poison' });
    await store.append(`${category}-1`, [poison, event('Labelled', { label: 'after' })], { expectedRevision: 'any' });
    const projection = labels(category);
    const skipped = new Set<string>();
    const runner = new ProjectionRunner(store, readStore, projection, { failedRecheckMs: 50, skips: async () => skipped });
    const other = new ProjectionRunner(store, readStore, { ...labels(category, 'Nothing'), name: `others-${category}` });
    runner.start();
    other.start();
    try {
      await until(async () => runner.status.state === 'failed');
      expect(runner.status.build).toMatchObject({ failedEventId: poison.eventId, failedEvent: expect.stringContaining(`${category}-1@1`) });
      expect(await getDocument(sql, projection, 'before')).toMatchObject({ label: 'before' });
      expect(await getDocument(sql, projection, 'after')).toBeNull();
      await until(async () => (await getDocument(sql, { ...projection, name: `others-${category}` }, 'poison')) !== null);

      skipped.add(poison.eventId);
      await until(async () => runner.status.state === 'live' && (await getDocument(sql, projection, 'after')) !== null);
      expect(await getDocument(sql, projection, 'poison')).toBeNull();
      const build = (await readStore.builds()).find((b) => b.name === projection.name && b.state === 'active');
      expect(build).toMatchObject({ error: null, failedEventId: null });
    } finally {
      await Promise.all([runner.stop(), other.stop()]);
    }
  });

  it('a rebuild that cannot apply an event fails naming the projection, the event id, stream and revision; the active build still answers', async () => {
    const category = `rb${randomUUID().slice(0, 8)}`;
    await store.append(`${category}-1`, [event('Labelled', { label: 'kept' })], { expectedRevision: 'any' });
    const projection = labels(category);
    await rebuildProjection(store, readStore, projection);
    const poison = event('Poison', { label: 'poison' });
    await store.append(`${category}-2`, [event('Labelled', { label: 'x' }), poison], { expectedRevision: 'any' });
    const failure = await rebuildProjection(store, readStore, projection).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProjectionFailed);
    expect((failure as Error).message).toBe(`projection labels-${category}.v1 failed on event ${poison.eventId} (stream ${category}-2, revision 1, Poison): cannot project Poison`);
    expect(await getDocument(sql, projection, 'kept')).toMatchObject({ label: 'kept' });
    const builds = (await readStore.builds()).filter((b) => b.name === projection.name);
    expect(builds.map((b) => b.state).sort()).toEqual(['active', 'failed']);
    // With the operator's skip the rebuild goes through and leaves the event out.
    const rebuilt = await rebuildProjection(store, readStore, projection, { skipped: new Set([poison.eventId]) });
    expect(rebuilt.state).toBe('active');
    expect(await getDocument(sql, projection, 'x')).toMatchObject({ label: 'x' });
  });

  it('losing the database never marks a projection failed: it waits and goes on from its checkpoint', async () => {
    const category = `dn${randomUUID().slice(0, 8)}`;
    await store.append(`${category}-1`, [event('Labelled', { label: 'a' }), event('Labelled', { label: 'b' })], { expectedRevision: 'any' });
    const projection = labels(category);
    await readStore.createBuild(projection);
    let down = false;
    // Writes fail while `down`, as a pool's do when its server is gone; reads still answer.
    const flaky: SqlClient = {
      ...sql,
      transaction: (fn) => (down ? Promise.reject(new StoreUnavailable('database', { cause: new Error('Connection terminated unexpectedly') })) : sql.transaction(fn)),
    };
    const flakyReadStore = await ReadStore.open(flaky);
    down = true;
    const runner = new ProjectionRunner(store, flakyReadStore, projection);
    runner.start();
    try {
      await until(async () => runner.status.state === 'retrying');
      expect(runner.status.lastError).toMatch(/database is unavailable/);
      expect((await readStore.builds()).filter((b) => b.name === projection.name).map((b) => b.state)).toEqual(['building']);
      down = false;
      await until(async () => runner.status.state === 'live' && (await getDocument(sql, projection, 'b')) !== null, 30_000);
      expect((await readStore.builds()).filter((b) => b.name === projection.name).map((b) => b.state)).toEqual(['active']);
    } finally {
      await runner.stop();
    }
  });
});
