import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  type ReadRevision,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { GENESIS_HASH, canonicalEnvelope, chainHash } from '../envelope.js';
import {
  type AppendResult,
  DuplicateEventId,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
  StreamNotFound,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import {
  assertDistinctIds,
  checkExpectation,
  isStreamNotFound,
  isWrongExpectedVersion,
  matchStoredBatch,
  retriesOnMovedHead,
  serverExpectation,
  translateClientError,
} from './append-rules.js';
import { type StoredRecord, claimOwner, claimStreamOf, decodeRecord, encodeClaim, encodeRecord, isOwnRecord } from './codec.js';
import { type LogPosition, formatPosition, isAfter, parseCheckpoint } from './positions.js';
import { ResilientSubscription } from './resilient-subscription.js';
import { matchesFilter, serverStreamRegex } from './stream-filter.js';

/**
 * The EventStoreDB adapter of the event store port, through `@eventstore/db-client`. This folder is
 * the only place that imports the client (a switch to `@kurrent/kurrentdb-client`, whose append
 * option is `streamState`, touches nothing else). See README.md here for the design.
 *
 * Append: the server does not hash, so the adapter reads the stream's head (revision and hash),
 * checks the caller's expectation itself, claims the event ids, chains the hashes and appends with
 * the server's expected revision set to the exact head it chained onto — the server's optimistic
 * check is the compare-and-set that keeps the chain linear. `any` and `stream_exists` retry a
 * bounded number of times when the head moved; an exact revision or `no_stream` conflicts at once.
 */

/** The client calls this adapter makes (an in-memory fake of them serves the unit tests). */
export type EsdbClient = Pick<EventStoreDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

export interface EventStoreDbOptions {
  /** recordedAt for events that do not bring one. */
  readonly clock?: () => Date;
  /** Attempts of an `any` / `stream_exists` append whose head moved between read and write. */
  readonly maxAppendAttempts?: number;
  /** Most `$all` events read per round trip while readAll filters. */
  readonly readPageSize?: number;
  /** Deadline of ping(), in ms. */
  readonly pingDeadlineMs?: number;
}

interface Head {
  readonly revision: number;
  readonly hash: string;
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly clock: () => Date;
  private readonly maxAppendAttempts: number;
  private readonly readPageSize: number;
  private readonly pingDeadlineMs: number;
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: EsdbClient,
    options: EventStoreDbOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 10);
    this.readPageSize = Math.max(16, options.readPageSize ?? 1024);
    this.pingDeadlineMs = options.pingDeadlineMs ?? 10_000;
  }

  /** Connects with an `esdb://` / `esdb+discover://` connection string and checks that the server answers. */
  static async connect(connectionString: string, options: EventStoreDbOptions = {}): Promise<EventStoreDbEventStore> {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new Error(`EVENTSTORE_CONNECTION_STRING is not a valid EventStoreDB connection string (${redact(connectionString)}): ${messageOf(error)}`, { cause: error });
    }
    const store = new EventStoreDbEventStore(client, options);
    try {
      await store.ping();
    } catch (error) {
      await client.dispose().catch(() => undefined);
      throw new Error(`EventStoreDB at ${redact(connectionString)} does not answer: ${messageOf(error)}`, { cause: error });
    }
    return store;
  }

  /** Over a client made elsewhere (tests pass an in-memory fake of the client). The store disposes it on close. */
  static overClient(client: EsdbClient, options: EventStoreDbOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(client, options);
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedRevision;
    const ids = events.map((e) => e.eventId);
    assertDistinctIds(stream, ids);
    const claimed = new Set<string>();
    const attempts = retriesOnMovedHead(expected) ? this.maxAppendAttempts : 1;
    for (let attempt = 1; ; attempt++) {
      const head = await this.readHead(stream);
      const headRevision = head?.revision ?? null;
      const mismatch = checkExpectation(stream, expected, headRevision);
      if (mismatch) {
        // A retry of an append that went through has a stale expectation: answer as the first time.
        const replay = await this.storedBatchByClaims(stream, ids);
        if (replay) return replay;
        throw mismatch;
      }
      const replay = await this.claim(stream, ids, claimed);
      if (replay) return replay;

      const now = this.clock().toISOString();
      let prevHash = head?.hash ?? GENESIS_HASH;
      const data = events.map((event) => {
        const canonical = canonicalEnvelope(stream, event, event.recordedAt ?? now);
        const hash = chainHash(prevHash, canonical);
        const encoded = encodeRecord(event, canonical, { prevHash, hash });
        prevHash = hash;
        return encoded;
      });
      try {
        await this.client.appendToStream(stream, data, { expectedRevision: serverExpectation(headRevision) });
      } catch (error) {
        if (isWrongExpectedVersion(error) && attempt < attempts) {
          // Another writer moved the head: re-read and re-chain, after a short jittered pause.
          await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * attempt)));
          continue;
        }
        throw translateClientError(error, { stream, expected });
      }
      // Written at head+1…head+n: by us, or (the server's idempotency) by an identical retry that won
      // the race. Reading them back gives the positions and exactly what is stored.
      return this.readBack(stream, ids, (headRevision ?? -1) + 1);
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const from = options.fromRevision;
    if (maxCount <= 0 || (backwards && from !== undefined && from < 0)) {
      if ((await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 })) === null) throw new StreamNotFound(stream);
      return [];
    }
    const fromRevision: ReadRevision = from === undefined ? (backwards ? END : START) : BigInt(Math.max(0, Math.floor(from)));
    const records = await this.readRecords(stream, { direction: backwards ? BACKWARDS : FORWARDS, fromRevision, maxCount });
    if (records === null) throw new StreamNotFound(stream);
    return records.map(decodeRecord);
  }

  /**
   * `$all` after the checkpoint (exclusive), record events only, optionally one category. The
   * 6.x client reads `$all` without server-side filters, so filtering happens here, a page at a time,
   * until maxCount events match or `$all` ends. The checkpoint returned is the last position
   * examined: events skipped by the filter are never examined again.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = parseCheckpoint(options.after);
    const maxCount = options.maxCount ?? 1000;
    const category = options.category;
    const pageSize = Math.min(Math.max(maxCount + 1, 128), this.readPageSize);
    const events: RecordedEvent[] = [];
    let examined: LogPosition | null = null;
    let from: LogPosition | null = after;
    while (events.length < maxCount) {
      const page = await this.readAllPage(from, pageSize);
      for (const resolved of page) {
        const record = resolved.event;
        if (!record?.position) continue;
        // Reading $all from a position includes the event at it: skip what was examined already.
        if (!isAfter(record.position, examined ?? after)) continue;
        examined = record.position;
        if (!matchesFilter(record.streamId, record.type, category) || !isOwnRecord(record)) continue;
        events.push(decodeRecord(record));
        if (events.length === maxCount) break;
      }
      if (page.length < pageSize) break;
      const last = page[page.length - 1]?.event?.position ?? null;
      if (last === null || (from !== null && !isAfter(last, from))) break;
      from = last;
    }
    return { events, checkpoint: examined ? formatPosition(examined) : (options.after ?? null) };
  }

  /**
   * subscribeToAll after the checkpoint (the server's fromPosition is exclusive), filtered by the
   * server on stream names and again here; resubscribed by us from the last position received
   * whenever the server subscription drops.
   */
  subscribe(options: SubscribeOptions = {}): Subscription {
    const category = options.category;
    const subscription: Subscription = new ResilientSubscription<AllStreamResolvedEvent>({
      from: parseCheckpoint(options.after),
      batchSize: Math.max(1, options.batchSize ?? 500),
      open: (from) => this.client.subscribeToAll({ fromPosition: from ?? START, filter: streamNameFilter({ regex: serverStreamRegex(category) }) }),
      positionOf: (resolved) => resolved.event?.position ?? null,
      accept: (resolved) => {
        const record = resolved.event;
        return record && matchesFilter(record.streamId, record.type, category) && isOwnRecord(record) ? decodeRecord(record) : null;
      },
      onClose: () => this.subscriptions.delete(subscription),
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  async ping(): Promise<void> {
    const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1, deadline: this.pingDeadlineMs });
    for await (const _ of read) {
      // reading one event from the end of $all is the readiness check
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  /** A stream's records; null when the stream does not exist (the client throws that while iterating). */
  private async readRecords(stream: string, options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: ReadRevision; maxCount: number }): Promise<StoredRecord[] | null> {
    const records: StoredRecord[] = [];
    try {
      for await (const resolved of this.client.readStream(stream, options)) {
        if (resolved.event) records.push(resolved.event);
      }
    } catch (error) {
      if (isStreamNotFound(error)) return null;
      throw translateClientError(error, { stream });
    }
    return records;
  }

  private async readAllPage(from: LogPosition | null, maxCount: number): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: from ?? START, maxCount })) page.push(resolved);
    return page;
  }

  private async readHead(stream: string): Promise<Head | null> {
    const records = await this.readRecords(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const last = records?.[0];
    if (!last) return null;
    const event = decodeRecord(last);
    return { revision: event.revision, hash: event.hash };
  }

  private async readBack(stream: string, ids: readonly string[], firstRevision: number): Promise<AppendResult> {
    const stored = await this.readStream(stream, { fromRevision: firstRevision, maxCount: ids.length });
    const match = matchStoredBatch(ids, stored);
    if (match.kind !== 'replay' || match.events[0]!.revision !== firstRevision) {
      throw new Error(`EventStoreDB acknowledged the append to ${stream}, but revisions ${firstRevision}…${firstRevision + ids.length - 1} do not hold the batch`);
    }
    return resultOf(match.events);
  }

  // ── event-id claims (see codec.ts) ─────────────────────────────────────────────────────────────

  private async claimOwner(eventId: string): Promise<string | null> {
    const stream = claimStreamOf(eventId);
    const records = await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 });
    return records?.[0] ? claimOwner(records[0]) : null;
  }

  /**
   * Claims every id not yet held for this stream. An id claimed for another stream is refused
   * (DuplicateEventId). An id claimed earlier for this stream is either stored there already (then
   * this is a retry: answer as the first time) or left by an append that did not go through.
   */
  private async claim(stream: string, ids: readonly string[], held: Set<string>): Promise<AppendResult | null> {
    const pending = ids.filter((id) => !held.has(id));
    const outcomes = await Promise.allSettled(
      pending.map(async (id) => {
        try {
          await this.client.appendToStream(claimStreamOf(id), encodeClaim(stream, id), { expectedRevision: NO_STREAM });
          return { id, owner: stream, fresh: true };
        } catch (error) {
          if (!isWrongExpectedVersion(error)) throw error;
          return { id, owner: await this.claimOwner(id), fresh: false };
        }
      }),
    );
    let earlier = false;
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const { id, owner, fresh } = outcome.value;
      if (owner !== null && owner !== stream) throw new DuplicateEventId(stream, id);
      held.add(id);
      if (!fresh) earlier = true;
    }
    return earlier ? this.storedBatchInStream(stream, ids) : null;
  }

  /** Looks the ids up by their claims, without claiming: used when the expectation failed. */
  private async storedBatchByClaims(stream: string, ids: readonly string[]): Promise<AppendResult | null> {
    const owners = await Promise.all(ids.map((id) => this.claimOwner(id)));
    const elsewhere = owners.findIndex((owner) => owner !== null && owner !== stream);
    if (elsewhere >= 0) throw new DuplicateEventId(stream, ids[elsewhere]!);
    return owners.some((owner) => owner === stream) ? this.storedBatchInStream(stream, ids) : null;
  }

  private async storedBatchInStream(stream: string, ids: readonly string[]): Promise<AppendResult | null> {
    const records = await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, maxCount: Number.MAX_SAFE_INTEGER });
    const match = matchStoredBatch(ids, (records ?? []).map(decodeRecord));
    if (match.kind === 'none') return null;
    if (match.kind === 'conflict') throw new DuplicateEventId(stream, match.eventId);
    return resultOf(match.events);
  }
}

function resultOf(events: readonly RecordedEvent[]): AppendResult {
  const last = events[events.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position, events };
}

function redact(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//***@');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}
