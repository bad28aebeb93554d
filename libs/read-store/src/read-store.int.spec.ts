import { randomUUID } from 'node:crypto';
import { type EventStore, type NewEvent, PostgresEventStore, type RecordedEvent } from '#event-store';
import { type SqlClient, openPostgres } from '#sql';
import { DocumentCache, type DocumentProjection, ProjectionRunner, ReadStore, documentsVersion, findDocuments, getDocument, rebuildProjection } from './index.js';
import { openEmbeddedSql } from '#testing';

interface Tally {
  stream: string;
  count: number;
  types: string[];
}

const category = `rs${randomUUID().slice(0, 8)}`;
const tally = (version = 1, failOn?: string): DocumentProjection<Tally> => ({
  name: `tally-${category}`,
  version,
  categories: [category],
  columns: { count: { type: 'integer', value: (d) => d.count }, stream: { type: 'text', value: (d) => d.stream } },
  keys: (e) => [e.stream],
  evolve: (doc, e) => {
    if (e.type === failOn) throw new Error(`cannot project ${e.type}`);
    return { stream: e.stream, count: (doc?.count ?? 0) + version, types: [...(doc?.types ?? []), e.type] };
  },
});

const event = (type = 'Noted'): NewEvent => ({
  eventId: randomUUID(),
  type,
  data: {},
  occurredAt: { at: '2025-03-05', precision: 'day' },
  actor: { subject: 'tester', role: 'negotiator' },
  correlationId: randomUUID(),
  classification: { level: 'internal', basis: 'test' },
});

async function until(condition: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const backends: [string, () => Promise<SqlClient>][] = [['PGlite', openEmbeddedSql]];
if (process.env.DATABASE_URL) backends.push(['PostgreSQL', async () => openPostgres(process.env.DATABASE_URL!)]);

describe.each(backends)('read store on %s', (_name, open) => {
  let sql: SqlClient;
  let store: EventStore;
  let readStore: ReadStore;
  const streams = [`${category}-a`, `${category}-b`, `${category}-c`];
  beforeAll(async () => {
    sql = await open();
    store = await PostgresEventStore.open(sql);
    readStore = await ReadStore.open(sql);
    for (const s of streams) await store.append(s, [event(), event('Other')], { expectedRevision: 'any' });
    await store.append('elsewhere-x', [event()], { expectedRevision: 'any' });
  }, 60_000);
  afterAll(() => sql.close());

  it('catches up, swaps the view in, follows live events, and pages in a stable order', async () => {
    const projection = tally();
    const runner = new ProjectionRunner(store, readStore, projection, { batchSize: 3 });
    runner.start();
    await until(async () => (await getDocument(sql, projection, streams[2]!))?.count === 2);
    await store.append(streams[0]!, [event('Late')], { expectedRevision: 'any' });
    await until(async () => (await getDocument(sql, projection, streams[0]!))?.count === 3);
    expect(runner.status.state).toBe('live');
    const first = await findDocuments(sql, projection, { orderBy: 'count', direction: 'desc', limit: 2 });
    expect(first.items.map((d) => d.stream)).toEqual([streams[0], streams[2]]);
    const second = await findDocuments(sql, projection, { orderBy: 'count', direction: 'desc', limit: 2, cursor: first.nextCursor });
    expect(second.items.map((d) => d.stream)).toEqual([streams[1]]);
    expect(second.nextCursor).toBeNull();
    expect((await findDocuments(sql, projection, { where: { count: 2 } })).items).toHaveLength(2);
    await runner.stop();
  });

  it('stops when asked while catching up on a category with no events yet (no subscription is opened after the stop)', async () => {
    const empty = { ...tally(), name: `empty-${category}`, categories: [`${category}none`] };
    const runner = new ProjectionRunner(store, readStore, empty);
    runner.start();
    // Asked at once: the runner is still reading its build, before catching up and subscribing.
    await runner.stop();
    expect(runner.status.state).toBe('stopped');
  }, 20_000);

  it('applies nothing twice: a batch replayed from a stale checkpoint is refused whole', async () => {
    const projection = tally();
    const build = (await readStore.builds()).find((b) => b.projection === `tally-${category}.v1` && b.state === 'active')!;
    const stale = { ...build, checkpoint: null };
    const { events } = await store.readAll({ maxCount: 5 });
    await expect(readStore.applyBatch(stale, projection, events as RecordedEvent[])).rejects.toThrow(/moved on/);
    expect((await getDocument(sql, projection, streams[1]!))?.count).toBe(2);
  });

  it('a document cache holds only what committed: a failed batch leaves nothing of itself in it', async () => {
    const projection: DocumentProjection<Tally> = { ...tally(1, 'Toxic'), name: `cached-${category}` };
    const stream = `${category}-cached`;
    await store.append(stream, [event(), event(), event('Toxic')], { expectedRevision: 'any' });
    const all = (await store.readStream(stream)) as RecordedEvent[];
    const cache = new DocumentCache();
    let build = await readStore.createBuild(projection);
    build = await readStore.applyBatch(build, projection, [all[0]!], cache);
    expect(cache.has(stream)).toBe(true);
    // The failing batch evolved the document in memory before the toxic event threw: none of it may stay.
    await expect(readStore.applyBatch(build, projection, [all[1]!, all[2]!], cache)).rejects.toThrow(/cannot project Toxic/);
    expect(cache.has(stream) ? cache.get(stream) : { count: 1 }).toMatchObject({ count: 1, types: ['Noted'] }); // committed, or dropped: never the failed batch's
    build = await readStore.applyBatch(build, projection, [all[1]!], cache);
    const stored = (await sql.query<{ doc: Tally | string }>(`SELECT doc FROM ${build.tableName} WHERE key = $1`, [stream])).rows[0]!.doc;
    expect(typeof stored === 'string' ? JSON.parse(stored) : stored).toMatchObject({ count: 2 });
    expect(cache.get(stream)).toMatchObject({ count: 2, types: ['Noted', 'Noted'] });
  });

  it('a document cache keeps within its size, dropping the least recently used', () => {
    const cache = new DocumentCache(100);
    cache.set('a', { n: 1 }, 40);
    cache.set('b', { n: 2 }, 40);
    cache.get('a');
    cache.set('c', { n: 3 }, 40);
    expect([cache.has('a'), cache.has('b'), cache.has('c')]).toEqual([true, false, true]);
  });

  it('a rebuild fills a fresh table and swaps it in; a new version rebuilds from the start', async () => {
    const v2 = tally(2);
    const progress: number[] = [];
    const build = await rebuildProjection(store, readStore, v2, { onProgress: (p) => progress.push(p.events) });
    expect(build.state).toBe('active');
    expect(progress.length).toBeGreaterThan(0);
    expect((await getDocument(sql, v2, streams[0]!))?.count).toBe(6);
    const builds = (await readStore.builds()).filter((b) => b.name === `tally-${category}`);
    expect(builds.filter((b) => b.state === 'active').map((b) => b.projection)).toEqual([`tally-${category}.v2`]);
  });

  it('names the state of the documents a filter matches: the same until one of them changes or the view is rebuilt', async () => {
    const projection = { ...tally(), name: `versioned-${category}` };
    expect(await documentsVersion(sql, projection, {})).toBeNull();
    await rebuildProjection(store, readStore, projection);
    const all = await documentsVersion(sql, projection, {});
    const onlyB = await documentsVersion(sql, projection, { stream: streams[1] });
    expect(all).not.toBeNull();
    expect(await documentsVersion(sql, projection, {})).toBe(all);
    expect(onlyB).not.toBe(all);
    // An event of stream a moves its document: every filter matching it sees a new version, the others do not.
    const runner = new ProjectionRunner(store, readStore, projection);
    runner.start();
    await store.append(streams[0]!, [event('Moved')], { expectedRevision: 'any' });
    await until(async () => (await getDocument(sql, projection, streams[0]!))?.types.includes('Moved') === true);
    await runner.stop();
    expect(await documentsVersion(sql, projection, {})).not.toBe(all);
    expect(await documentsVersion(sql, projection, { stream: streams[1] })).toBe(onlyB);
    // A rebuild swaps in another table behind a new view: the same documents, another version.
    await rebuildProjection(store, readStore, projection);
    expect(await documentsVersion(sql, projection, { stream: streams[1] })).not.toBe(onlyB);
  });

  it('a projection that throws stops at that event, keeps its checkpoint before it, and others keep running', async () => {
    const failing: DocumentProjection<Tally> = { ...tally(1, 'Poison'), name: `poison-${category}` };
    const healthy: DocumentProjection<Tally> = { ...tally(1), name: `healthy-${category}` };
    const poisoned = `${category}-poisoned`;
    await store.append(poisoned, [event(), event('Poison'), event()], { expectedRevision: 'any' });
    const runners = [new ProjectionRunner(store, readStore, failing, { failedRecheckMs: 50 }), new ProjectionRunner(store, readStore, healthy)];
    runners.forEach((r) => r.start());
    await until(async () => (await getDocument(sql, healthy, poisoned))?.count === 3);
    await until(async () => (await readStore.builds()).some((b) => b.name === failing.name && b.state === 'failed'));
    const failed = (await readStore.builds()).find((b) => b.name === failing.name)!;
    expect(failed.failedEvent).toMatch(new RegExp(`^${poisoned}@1 \\(Poison`));
    expect(failed.error).toMatch(/cannot project Poison/);
    const poisonEvent = (await store.readStream(poisoned))[1]!;
    const beforePoison = (await store.readStream(poisoned))[0]!;
    expect(failed.checkpoint === beforePoison.position || failed.checkpoint !== poisonEvent.position).toBe(true);
    expect(failed.checkpoint).not.toBe(poisonEvent.position);
    await Promise.all(runners.map((r) => r.stop()));
  });
});
