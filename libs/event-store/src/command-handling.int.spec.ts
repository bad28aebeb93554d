import { randomUUID } from 'node:crypto';
import { type SqlClient } from '#sql';
import { type Command, type Decider, DomainError, type Event } from '#kernel';
import { StreamStateCache, handleCommand } from './command-handling.js';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';
import { openEmbeddedSql } from '#testing';

/*
 * The stream-state cache in the command shell: a cached state is only ever a hint. These specs
 * drive a tiny counter decider through a real (in-memory PGlite) store, with a second writer that
 * bypasses the cache, and count the store calls each command costs.
 */

type Add = Command<'Add', { readonly amount: number; readonly max: number }>;
type Added = Event<'Added', { readonly amount: number }>;
interface Total {
  readonly total: number;
}

const counter: Decider<Add, Added, Total> = {
  initialState: () => ({ total: 0 }),
  evolve: (state, event) => ({ total: state.total + event.data.amount }),
  decide: (command, state) => {
    if (state.total + command.data.amount > command.data.max) throw new DomainError('OVER_MAX', `total ${state.total} + ${command.data.amount} exceeds ${command.data.max}`);
    return command.data.amount === 0 ? [] : [{ type: 'Added', data: { amount: command.data.amount } }];
  },
};

const add = (amount: number, max = 1_000_000): Add => ({
  type: 'Add',
  data: { amount, max },
  metadata: {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    actor: { subject: 'spec@example.org', role: 'negotiator' },
    occurredAt: { at: '2025-03-01T10:00:00.000Z', precision: 'instant' },
    now: '2025-03-01T10:00:00.000Z',
  },
});

/** Counts what each command asks of the store. */
function counting(inner: EventStore) {
  const calls = { appends: 0, reads: 0 };
  const store: EventStore = {
    kind: inner.kind,
    append: (...args) => (calls.appends++, inner.append(...args)),
    readStream: (...args) => (calls.reads++, inner.readStream(...args)),
    readAll: (options) => inner.readAll(options),
    subscribe: (options) => inner.subscribe(options),
    ping: () => inner.ping(),
    close: () => inner.close(),
  };
  return { store, calls };
}

describe('the command shell with its stream-state cache', () => {
  let sql: SqlClient;
  let inner: PostgresEventStore;
  beforeAll(async () => {
    sql = await openEmbeddedSql();
    inner = await PostgresEventStore.open(sql);
  });
  afterAll(() => sql.close());
  const stream = () => `counter-${randomUUID()}`;

  it('reads a stream once; later commands cost one append each', async () => {
    const { store, calls } = counting(inner);
    const cache = new StreamStateCache();
    const name = stream();
    for (let i = 1; i <= 5; i++) await handleCommand(store, name, counter, add(i), { cache });
    expect(calls).toEqual({ reads: 1, appends: 5 });
    const last = await handleCommand(store, name, counter, add(1), { cache });
    expect(last.state).toEqual({ total: 16 });
    expect(last.nextExpectedRevision).toBe(5);
  });

  it('catches a stale entry up with only the events another writer added, and stores the command once', async () => {
    const { store, calls } = counting(inner);
    const cache = new StreamStateCache();
    const name = stream();
    await handleCommand(store, name, counter, add(1), { cache });
    // Another process (no shared cache) adds 10 twice.
    const other = new StreamStateCache();
    await handleCommand(inner, name, counter, add(10), { cache: other });
    await handleCommand(inner, name, counter, add(10), { cache: other });
    const before = { ...calls };
    const handled = await handleCommand(store, name, counter, add(5), { cache });
    expect(handled.state).toEqual({ total: 26 });
    expect(handled.events.map((e) => e.revision)).toEqual([3]);
    expect(calls.appends - before.appends).toBe(2); // refused by the store's revision check, then stored
    const read = await inner.readStream(name);
    expect(read.map((e) => (e.data as { amount: number }).amount)).toEqual([1, 10, 10, 5]);
  });

  it('never refuses on a cached state: it decides again on the store’s current one', async () => {
    const cache = new StreamStateCache();
    const name = stream();
    await handleCommand(inner, name, counter, add(5), { cache });
    // Elsewhere the total went to 5 + (−3): our cache still says 5, which would refuse 7 under max 10.
    await handleCommand(inner, name, counter, add(-3), { cache: new StreamStateCache() });
    const handled = await handleCommand(inner, name, counter, add(7, 10), { cache });
    expect(handled.state).toEqual({ total: 9 });
    // A true refusal still refuses, and stores nothing.
    await expect(handleCommand(inner, name, counter, add(2, 10), { cache })).rejects.toMatchObject({ code: 'OVER_MAX' });
    expect(await inner.readStream(name)).toHaveLength(3);
  });

  it('never answers "nothing to record" from a cached state', async () => {
    const cache = new StreamStateCache();
    const name = stream();
    await handleCommand(inner, name, counter, add(1), { cache });
    await handleCommand(inner, name, counter, add(1), { cache: new StreamStateCache() });
    const handled = await handleCommand(inner, name, counter, add(0), { cache });
    expect(handled.events).toEqual([]);
    expect(handled.state).toEqual({ total: 2 });
    expect(handled.nextExpectedRevision).toBe(1);
  });

  it('runs one process’s concurrent commands on a stream one after another: 50 at once, no conflict, none lost', async () => {
    const { store, calls } = counting(inner);
    const cache = new StreamStateCache();
    const name = stream();
    const results = await Promise.all(Array.from({ length: 50 }, () => handleCommand(store, name, counter, add(1), { cache })));
    expect(calls.appends).toBe(50);
    expect(results.map((r) => r.events[0]!.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect((await inner.readStream(name)).length).toBe(50);
  });

  it('keeps at most its capacity of streams, dropping the least recently used', async () => {
    const cache = new StreamStateCache(2);
    const [a, b, c] = [stream(), stream(), stream()];
    for (const name of [a, b, a, c]) await handleCommand(inner, name, counter, add(1), { cache });
    expect(cache.size).toBe(2);
    expect(cache.get(a, counter.evolve as never)).toBeDefined();
    expect(cache.get(b, counter.evolve as never)).toBeUndefined();
    expect(cache.get(c, counter.evolve as never)).toBeDefined();
  });

  it('a stream made for the command costs one append, and one that exists after all is read and decided again', async () => {
    const { store, calls } = counting(inner);
    const fresh = stream();
    await handleCommand(store, fresh, counter, add(3), { cache: new StreamStateCache(), newStream: true });
    expect(calls).toEqual({ reads: 0, appends: 1 });
    const handled = await handleCommand(store, fresh, counter, add(4), { cache: new StreamStateCache(), newStream: true });
    expect(handled.state).toEqual({ total: 7 });
    expect(handled.events.map((e) => e.revision)).toEqual([1]);
    expect(calls).toEqual({ reads: 1, appends: 3 });
  });

  it('a retried command (same command id) stores nothing the second time, whatever the cache holds', async () => {
    const cache = new StreamStateCache();
    const name = stream();
    const command = add(4);
    const first = await handleCommand(inner, name, counter, command, { cache });
    await handleCommand(inner, name, counter, add(1), { cache });
    cache.clear();
    const again = await handleCommand(inner, name, counter, command, { cache: new StreamStateCache() });
    expect(again.events.map((e) => e.eventId)).toEqual(first.events.map((e) => e.eventId));
    expect(await inner.readStream(name)).toHaveLength(2);
  });
});
