import { randomUUID } from 'node:crypto';
import { type EventStore, type NewEvent, type RecordedEvent, DuplicateEventId, RehearsableEventStore, StreamNotFound, WrongExpectedRevision, compareCheckpoints, verifyChain } from '../index.js';

/**
 * The contract every event-store adapter passes (CONVENTIONS 8). Each test writes to its own
 * streams and category, so one store instance serves the whole suite.
 */
export interface ContractSubject {
  readonly store: EventStore;
  close(): Promise<void>;
}

export const uniqueCategory = () => `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
export const uniqueStream = (category = uniqueCategory()) => `${category}-${randomUUID()}`;

export function newEvent(type = 'SomethingRecorded', data: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    data: { ...data, note: data.note ?? 'fact', big: '9007199254740993' },
    occurredAt: { at: '2025-03-05', precision: 'day' },
    actor: { subject: 'records@bayview.example', role: 'negotiator' },
    correlationId: randomUUID(),
    causationId: null,
    commandId: randomUUID(),
    classification: { level: 'internal', basis: 'exchanged at the bargaining table' },
  };
}

async function collect(store: EventStore, category: string, expected: number, after: string | null = null, timeoutMs = 15_000): Promise<RecordedEvent[]> {
  const subscription = store.subscribe({ category, after, batchSize: 7 });
  const seen: RecordedEvent[] = [];
  const timer = setTimeout(() => void subscription.close(), timeoutMs);
  try {
    for await (const batch of subscription) {
      seen.push(...batch);
      if (seen.length >= expected) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return seen;
}

/** How many of the suite's cases a run registered, and how many of them have passed so far. */
export interface ContractRun {
  readonly registered: number;
  passed(): number;
}

export function describeEventStoreContract(name: string, open: () => Promise<ContractSubject>): ContractRun {
  let registered = 0;
  let passed = 0;
  const it = (title: string, test: () => Promise<void>, timeout?: number) => {
    registered += 1;
    globalThis.it(
      title,
      async () => {
        await test();
        passed += 1;
      },
      timeout,
    );
  };
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    beforeAll(async () => {
      subject = await open();
      store = subject.store;
    }, 120_000);
    afterAll(async () => {
      await subject?.close();
    });

    describe('append and read a stream', () => {
      it('stores the envelope as given, with 0-based revisions, positions and a verifiable chain', async () => {
        const stream = uniqueStream();
        const events = [newEvent('ProposalTabled', { n: 1 }), newEvent('SessionHeld', { n: 2 }), newEvent('ProposalWithdrawn', { n: 3 })];
        const result = await store.append(stream, events, { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(2);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(read.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
        expect(read[0]).toMatchObject({ stream, type: 'ProposalTabled', schemaVersion: 1, data: events[0]!.data, occurredAt: events[0]!.occurredAt, actor: events[0]!.actor, classification: events[0]!.classification });
        expect(read[0]!.data.big).toBe('9007199254740993');
        expect(typeof read[0]!.recordedAt).toBe('string');
        expect(read[2]!.position).toBe(result.position);
        expect(result.events.map((e) => e.hash)).toEqual(read.map((e) => e.hash));
        expect(verifyChain(read)).toEqual({ intact: true, events: 3, headHash: read[2]!.hash });
      });

      it('continues the chain across appends', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
        await store.append(stream, [newEvent(), newEvent()], { expectedRevision: 0 });
        await store.append(stream, [newEvent()], { expectedRevision: 'stream_exists' });
        await store.append(stream, [newEvent()], { expectedRevision: 'any' });
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read[1]!.prevHash).toBe(read[0]!.hash);
        expect(verifyChain(read).intact).toBe(true);
      });

      it('reads forwards from a revision and backwards from the end, with a max count', async () => {
        const stream = uniqueStream();
        await store.append(stream, Array.from({ length: 6 }, () => newEvent()), { expectedRevision: 'no_stream' });
        expect((await store.readStream(stream, { fromRevision: 2, maxCount: 3 })).map((e) => e.revision)).toEqual([2, 3, 4]);
        expect((await store.readStream(stream, { direction: 'backwards', maxCount: 2 })).map((e) => e.revision)).toEqual([5, 4]);
        expect((await store.readStream(stream, { direction: 'backwards', fromRevision: 1 })).map((e) => e.revision)).toEqual([1, 0]);
      });

      it('answers an append with its events exactly as a read returns them: revisions, positions, hashes', async () => {
        const stream = uniqueStream();
        const single = await store.append(stream, [newEvent('ProposalTabled')], { expectedRevision: 'no_stream' });
        const batch = await store.append(stream, [newEvent('SessionHeld'), newEvent('Noted'), newEvent('ProposalWithdrawn')], { expectedRevision: 0 });
        const read = await store.readStream(stream);
        expect(single.events).toEqual(read.slice(0, 1));
        expect(batch.events).toEqual(read.slice(1));
        expect([single.position, batch.position]).toEqual([read[0]!.position, read[3]!.position]);
        expect(batch.nextExpectedRevision).toBe(3);
        const positions = read.map((e) => e.position);
        for (let i = 1; i < positions.length; i++) expect(compareCheckpoints(positions[i - 1]!, positions[i]!)).toBeLessThan(0);
      });

      it('orders positions across streams by commit: a later append has a later position', async () => {
        const category = uniqueCategory();
        const first = await store.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
        const second = await store.append(uniqueStream(category), [newEvent(), newEvent()], { expectedRevision: 'any' });
        const third = await store.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
        expect(compareCheckpoints(first.position, second.events[0]!.position)).toBeLessThan(0);
        expect(compareCheckpoints(second.position, third.position)).toBeLessThan(0);
        const all = await store.readAll({ category });
        expect(all.events.map((e) => e.position)).toEqual([first.position, ...second.events.map((e) => e.position), third.position]);
      });

      it('throws StreamNotFound for a stream with no events', async () => {
        await expect(store.readStream(uniqueStream())).rejects.toBeInstanceOf(StreamNotFound);
      });
    });

    describe('expected revision', () => {
      it('refuses each mismatch with one error naming stream, expected and actual', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const cases: [Parameters<EventStore['append']>[2]['expectedRevision'], string, number | 'no_stream'][] = [
          ['no_stream', stream, 1],
          [0, stream, 1],
          [5, stream, 1],
        ];
        for (const [expected, target, actual] of cases) {
          const error = await store.append(target, [newEvent()], { expectedRevision: expected }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedRevision);
          expect(error).toMatchObject({ stream: target, expected, actual });
        }
        const missing = uniqueStream();
        const error = await store.append(missing, [newEvent()], { expectedRevision: 'stream_exists' }).catch((e: unknown) => e);
        expect(error).toMatchObject({ stream: missing, expected: 'stream_exists', actual: 'no_stream' });
        await expect(store.append(missing, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject({ actual: 'no_stream' });
        expect((await store.readStream(stream)).length).toBe(2);
      });

      it('100 concurrent appends at one expected revision: exactly one wins, 99 conflict, revisions stay contiguous', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) => store.append(stream, [newEvent('CounterproposalTabled', { i }), newEvent('Noted', { i })], { expectedRevision: 0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(99);
        expect(lost.every((o) => o.reason instanceof WrongExpectedRevision)).toBe(true);
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(verifyChain(read).intact).toBe(true);
      }, 60_000);
    });

    describe('idempotency', () => {
      it('a retried append with the same event ids stores nothing new and answers as the first time', async () => {
        const stream = uniqueStream();
        const batch = [newEvent(), newEvent()];
        const first = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        const again = await store.append(stream, batch, { expectedRevision: 'no_stream' });
        const againAny = await store.append(stream, batch, { expectedRevision: 'any' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(againAny.events.map((e) => e.hash)).toEqual(first.events.map((e) => e.hash));
        expect((await store.readStream(stream)).length).toBe(2);
      });

      it('a retried append with a stale expectation answers as the first time, and stores nothing', async () => {
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const batch = [newEvent(), newEvent()];
        const first = await store.append(stream, batch, { expectedRevision: 0 });
        await store.append(stream, [newEvent()], { expectedRevision: 2 });
        expect(await store.append(stream, batch, { expectedRevision: 0 })).toEqual(first);
        expect(await store.append(stream, batch, { expectedRevision: 3 })).toEqual(first);
        expect(await store.append(stream, batch, { expectedRevision: 'stream_exists' })).toEqual(first);
        expect((await store.readStream(stream)).length).toBe(4);
      });

      it('a batch that repeats part of a stored batch is refused, and stores nothing', async () => {
        const stream = uniqueStream();
        const [x, y] = [newEvent(), newEvent()];
        await store.append(stream, [x, y], { expectedRevision: 'no_stream' });
        await expect(store.append(stream, [x, newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
        await expect(store.append(stream, [y, x], { expectedRevision: 1 })).rejects.toBeInstanceOf(DuplicateEventId);
        expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([x.eventId, y.eventId]);
      });

      it('an event id already stored in another stream is refused', async () => {
        const event = newEvent();
        await store.append(uniqueStream(), [event], { expectedRevision: 'no_stream' });
        await expect(store.append(uniqueStream(), [event], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventId);
      });
    });

    describe('read all and subscribe', () => {
      it('reads all events of a category from a checkpoint in batches, in order, each once', async () => {
        const category = uniqueCategory();
        const streams = [uniqueStream(category), uniqueStream(category), uniqueStream(category)];
        const appended: string[] = [];
        for (let round = 0; round < 4; round++) {
          for (const stream of streams) {
            const batch = [newEvent(), newEvent()];
            await store.append(stream, batch, { expectedRevision: 'any' });
            appended.push(...batch.map((e) => e.eventId));
          }
        }
        await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'any' }); // another category
        const seen: string[] = [];
        let checkpoint: string | null = null;
        for (let guard = 0; guard < 50; guard++) {
          const page = await store.readAll({ after: checkpoint, maxCount: 5, category });
          if (page.events.length === 0) break;
          expect(page.events.every((e) => e.stream.startsWith(`${category}-`))).toBe(true);
          seen.push(...page.events.map((e) => e.eventId));
          checkpoint = page.checkpoint;
        }
        expect(seen).toEqual(appended);
      });

      it('pages through 300 appends seven at a time: each event once, in commit order', async () => {
        const category = uniqueCategory();
        const appended: string[] = [];
        for (let i = 0; i < 300; i++) {
          const event = newEvent('Paged', { i });
          await store.append(uniqueStream(category), [event], { expectedRevision: 'no_stream' });
          appended.push(event.eventId);
        }
        const seen: string[] = [];
        let after: string | null = null;
        for (let guard = 0; guard < 100; guard++) {
          const page = await store.readAll({ after, maxCount: 7, category });
          if (page.events.length === 0) break;
          seen.push(...page.events.map((e) => e.eventId));
          after = page.checkpoint;
        }
        expect(seen).toEqual(appended);
      }, 60_000);

      it('subscribes: catch-up, then live; resumed from a checkpoint it gets each event exactly once', async () => {
        const category = uniqueCategory();
        const stream = uniqueStream(category);
        await store.append(stream, Array.from({ length: 10 }, () => newEvent()), { expectedRevision: 'no_stream' });
        const live = collect(store, category, 25);
        await new Promise((r) => setTimeout(r, 50));
        for (let i = 0; i < 15; i++) await store.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
        const first = await live;
        expect(first).toHaveLength(25);
        const checkpoint = first[11]!.position;
        const resumed = await collect(store, category, 13, checkpoint);
        expect(resumed.map((e) => e.eventId)).toEqual(first.slice(12).map((e) => e.eventId));
        expect(new Set(first.map((e) => e.eventId)).size).toBe(25);
      }, 60_000);
    });

    describe('hash chain', () => {
      it('names the first modified, removed or reordered event', async () => {
        const stream = uniqueStream();
        await store.append(stream, Array.from({ length: 5 }, (_, i) => newEvent('Fact', { i })), { expectedRevision: 'no_stream' });
        const events = await store.readStream(stream);
        const modified = events.map((e, i) => (i === 2 ? { ...e, canonical: e.canonical.replace('"i":2', '"i":7') } : e));
        expect(verifyChain(modified)).toMatchObject({ intact: false, firstBreak: { kind: 'modified', revision: 2 } });
        const removed = events.filter((_, i) => i !== 1).map((e, i) => ({ ...e, revision: i }));
        expect(verifyChain(removed)).toMatchObject({ intact: false, firstBreak: { kind: 'broken-link', eventId: events[2]!.eventId } });
        const reordered = [events[0]!, events[2]!, events[1]!, events[3]!, events[4]!].map((e, i) => ({ ...e, revision: i }));
        expect(verifyChain(reordered)).toMatchObject({ intact: false, firstBreak: { kind: 'broken-link', eventId: events[2]!.eventId } });
        const rehashedAlone = events.map((e, i) => (i === 2 ? { ...e, canonical: e.canonical.replace('"i":2', '"i":7'), hash: 'f'.repeat(64) } : e));
        expect(verifyChain(rehashedAlone)).toMatchObject({ intact: false, firstBreak: { revision: 2 } });
      });

      it("keeps an imported fact's provenance in the hashed envelope; a fact recorded live has none", async () => {
        const stream = uniqueStream();
        const imported = { document: 'BTA binder 2019, vol. 2', transcribedBy: 'M. Chen', key: 'p.14 U-1' };
        await store.append(stream, [{ ...newEvent('ProposalTabled'), imported }, newEvent('SessionHeld')], { expectedRevision: 'no_stream' });
        const [historic, live] = await store.readStream(stream);
        expect(historic!.imported).toEqual(imported);
        expect(historic!.canonical).toContain('"imported":{"document":"BTA binder 2019, vol. 2","key":"p.14 U-1","transcribedBy":"M. Chen"}');
        expect(live!.imported).toBeUndefined();
        expect(live!.canonical).not.toContain('"imported"');
        const events = await store.readStream(stream);
        expect(verifyChain(events)).toMatchObject({ intact: true });
        const stripped = events.map((e, i) => (i === 0 ? { ...e, canonical: e.canonical.replace(',"key":"p.14 U-1"', '') } : e));
        expect(verifyChain(stripped)).toMatchObject({ intact: false, firstBreak: { kind: 'modified', revision: 0 } });
      });
    });

    describe('rehearsal (an import\'s dry run)', () => {
      it('stores nothing while rehearsing; a commit stores exactly what was rehearsed, chained after what was there', async () => {
        const rehearsable = new RehearsableEventStore(store);
        const stream = uniqueStream();
        await store.append(stream, [newEvent('Fact', { i: 0 })], { expectedRevision: 'no_stream' });
        const fresh = uniqueStream();
        const rehearsed = await rehearsable.rehearse(async () => {
          expect(RehearsableEventStore.rehearsing).toBe(true);
          await rehearsable.append(stream, [newEvent('Fact', { i: 1 }), newEvent('Fact', { i: 2 })], { expectedRevision: 0 });
          await rehearsable.append(fresh, [newEvent('Fact', { i: 0 })], { expectedRevision: 'no_stream' });
          await expect(rehearsable.append(stream, [newEvent()], { expectedRevision: 1 })).rejects.toBeInstanceOf(WrongExpectedRevision);
          return (await rehearsable.readStream(stream)).map((e) => e.data['i']);
        });
        expect(rehearsed.value).toEqual([0, 1, 2]);
        expect(RehearsableEventStore.rehearsing).toBe(false);
        expect((await store.readStream(stream)).length).toBe(1);
        await expect(store.readStream(fresh)).rejects.toBeInstanceOf(StreamNotFound);
        expect(rehearsed.appended.map((s) => [s.stream, s.after, s.events.length])).toEqual([[stream, 0, 2], [fresh, -1, 1]]);

        await rehearsable.commit(rehearsed.appended);
        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.eventId)).toEqual([expect.any(String), ...rehearsed.appended[0]!.events.map((e) => e.eventId)]);
        expect(verifyChain(stored)).toMatchObject({ intact: true, events: 3 });
        expect((await store.readStream(fresh)).map((e) => e.eventId)).toEqual(rehearsed.appended[1]!.events.map((e) => e.eventId));
        await rehearsable.commit(rehearsed.appended);
        expect((await store.readStream(stream)).length).toBe(3);
      });

      it('refuses a commit on a stream that moved on since the rehearsal read it', async () => {
        const rehearsable = new RehearsableEventStore(store);
        const stream = uniqueStream();
        await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
        const rehearsed = await rehearsable.rehearse(() => rehearsable.append(stream, [newEvent()], { expectedRevision: 0 }));
        await store.append(stream, [newEvent()], { expectedRevision: 0 });
        await expect(rehearsable.commit(rehearsed.appended)).rejects.toBeInstanceOf(WrongExpectedRevision);
        expect((await store.readStream(stream)).length).toBe(2);
      });
    });
  });
  return {
    get registered() {
      return registered;
    },
    passed: () => passed,
  };
}
