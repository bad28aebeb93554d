import {
  type AllStreamResolvedEvent,
  type AppendResult as ClientAppendResult,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  type ReadRevision,
  START,
  streamNameFilter,
} from '@eventstore/db-client';
import { GENESIS_HASH, canonicalEnvelope, chainHash, recordedFromCanonical } from '../envelope.js';
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
  WrongExpectedRevision,
} from '../event-store.port.js';
import {
  EventStoreDbDeadlineExceeded,
  actualRevision,
  assertDistinctIds,
  checkExpectation,
  isNotLeader,
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
 * Append, in two round trips: (1) the event ids are claimed — and, when the adapter does not know
 * the stream's head, the head is read — at once; (2) the events, chained onto that head, are
 * appended with the server's expected revision set to it: the server's optimistic check is the
 * compare-and-set that keeps the chain linear, and its answer gives the revision and the position
 * of the last event. A batch's earlier events come, with their positions, from a subscription to
 * the stream opened together with the append.
 * `any` and `stream_exists` re-read the head and retry a bounded number of times when it moved; an
 * exact revision or `no_stream` conflicts at once.
 */

export interface EventStoreDbOptions {
  /** recordedAt for events that do not bring one. */
  readonly clock?: () => Date;
  /** Attempts of an `any` / `stream_exists` append whose head moved between read and write. */
  readonly maxAppendAttempts?: number;
  /** Most `$all` events read per round trip while readAll filters. */
  readonly readPageSize?: number;
  /** How long one request may take before it fails with EventStoreDbDeadlineExceeded, in ms. */
  readonly deadlineMs?: number;
  /** Deadline of ping(), in ms. */
  readonly pingDeadlineMs?: number;
  /** Stream heads remembered between appends (a hint: the server's check refuses a stale one). */
  readonly headCacheSize?: number;
  /**
   * Whether stream reads must be served by the leader (read-your-writes for deciding commands).
   * Default: yes, unless the connection string prefers another node (`nodePreference=follower`,
   * as the projector's does). Appends always require the leader.
   */
  readonly readsRequireLeader?: boolean;
}

export interface ConnectOptions extends EventStoreDbOptions {
  /** Attempts to reach the server at start before giving up. */
  readonly connectAttempts?: number;
  /** Pause before attempt n+1, in ms (default: 250 ms doubling, at most 5 s). */
  readonly connectBackoffMs?: (attempt: number) => number;
  /** Told about each failed attempt that will be retried. */
  readonly onConnectRetry?: (attempt: number, error: unknown, delayMs: number) => void;
}

interface Head {
  readonly revision: number;
  readonly hash: string;
}

/** What a subscription opened with an append has received of the stream. */
interface StreamWatch {
  /** What arrived, once it reaches that revision; null when the subscription ended or the deadline passed first. */
  upTo(revision: number): Promise<readonly StoredRecord[] | null>;
  close(): void;
}

/** How many times an append follows a "not leader" answer to the new leader. */
const LEADER_CHANGES_FOLLOWED = 3;

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly clock: () => Date;
  private readonly maxAppendAttempts: number;
  private readonly readPageSize: number;
  private readonly deadlineMs: number;
  private readonly pingDeadlineMs: number;
  private readonly headCacheSize: number;
  private readonly readsRequireLeader: boolean;
  private readonly heads = new Map<string, Head>();
  private readonly subscriptions = new Set<Subscription>();

  private constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbOptions,
  ) {
    this.clock = options.clock ?? (() => new Date());
    this.maxAppendAttempts = Math.max(1, options.maxAppendAttempts ?? 10);
    this.readPageSize = Math.max(16, options.readPageSize ?? 1024);
    this.deadlineMs = options.deadlineMs ?? 10_000;
    this.pingDeadlineMs = options.pingDeadlineMs ?? this.deadlineMs;
    this.headCacheSize = Math.max(0, options.headCacheSize ?? 10_000);
    this.readsRequireLeader = options.readsRequireLeader ?? true;
  }

  /**
   * Connects with an `esdb://` / `esdb+discover://` connection string (one node, or gossip seeds of
   * a cluster) and waits until the server answers, retrying with back-off; then fails with one
   * line that names the server (password hidden) and the last error.
   */
  static async connect(connectionString: string, options: ConnectOptions = {}): Promise<EventStoreDbEventStore> {
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new Error(`EVENTSTORE_CONNECTION_STRING is not a valid EventStoreDB connection string (${redact(connectionString)}): ${messageOf(error)}`, { cause: error });
    }
    const preference = nodePreferenceOf(connectionString);
    const store = new EventStoreDbEventStore(client, { readsRequireLeader: preference === undefined || preference === 'leader', ...options });
    const attempts = Math.max(1, options.connectAttempts ?? 8);
    const backoff = options.connectBackoffMs ?? ((attempt: number) => Math.min(250 * 2 ** (attempt - 1), 5_000));
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await store.ping();
        return store;
      } catch (error) {
        if (attempt >= attempts) {
          await client.dispose().catch(() => undefined);
          const seconds = ((Date.now() - started) / 1000).toFixed(1);
          throw new Error(`EventStoreDB at ${redact(connectionString)} did not answer (${attempt} attempts in ${seconds} s): ${messageOf(error)}`, { cause: error });
        }
        const delay = backoff(attempt);
        options.onConnectRetry?.(attempt, error, delay);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedRevision;
    const ids = events.map((e) => e.eventId);
    assertDistinctIds(stream, ids);
    const attempts = retriesOnMovedHead(expected) ? this.maxAppendAttempts : 1;
    // undefined: not known here, read it; null: the stream has no events.
    let head: Head | null | undefined = this.knownHead(stream, expected);
    let claims: Promise<boolean> | null = null;
    let leaderChanges = 0;
    for (let attempt = 1; ; ) {
      // Round trip 1: claim the ids (once per append) and, when unknown, read the head — together.
      let fresh: boolean;
      try {
        [fresh, head] = await Promise.all([(claims ??= this.claim(stream, ids)), head === undefined ? this.readHead(stream) : head]);
      } catch (error) {
        if (!isNotLeader(error) || ++leaderChanges > LEADER_CHANGES_FOLLOWED) throw error;
        claims = null; // the client now talks to the leader it was told of: claim there
        continue;
      }
      if (!fresh) {
        // Some id was offered to this stream before: answer a retry of a stored batch as the first time.
        const replay = await this.storedBatchInStream(stream, ids);
        if (replay) return replay;
      }
      const mismatch = checkExpectation(stream, expected, head?.revision ?? null);
      if (mismatch) throw mismatch;

      const now = this.clock().toISOString();
      let prevHash = head?.hash ?? GENESIS_HASH;
      const chained = events.map((event) => {
        const canonical = canonicalEnvelope(stream, event, event.recordedAt ?? now);
        const hash = chainHash(prevHash, canonical);
        const link = { canonical, prevHash, hash };
        prevHash = hash;
        return link;
      });
      const data = events.map((event, i) => encodeRecord(event, chained[i]!.canonical, chained[i]!));
      // Round trip 2: the append, with the exact head the chain was built on — and, when the answer
      // cannot be the result (it gives only the last event's position; or an earlier attempt may
      // have stored these ids), a subscription to the stream after that head, whose events arrive
      // with the answer.
      const watch = fresh && events.length === 1 ? null : this.watchStream(stream, head?.revision ?? null);
      let answer: ClientAppendResult;
      try {
        answer = await this.withDeadline(`an append to ${stream}`, this.deadlineMs + 1_000, () =>
          this.client.appendToStream(stream, data, { expectedRevision: serverExpectation(head?.revision ?? null), requiresLeader: true, deadline: this.deadlineMs }),
        );
      } catch (error) {
        watch?.close();
        if (isNotLeader(error) && ++leaderChanges <= LEADER_CHANGES_FOLLOWED) continue; // the client now talks to the leader it was told of
        if (isWrongExpectedVersion(error)) {
          this.heads.delete(stream);
          if (++attempt <= attempts) {
            // Another writer moved the head (or the one remembered here was stale): re-read, re-chain.
            head = undefined;
            await new Promise((resolve) => setTimeout(resolve, Math.floor(Math.random() * 5 * attempt)));
            continue;
          }
          const actual = actualRevision((error as { actualVersion?: unknown }).actualVersion);
          throw new WrongExpectedRevision(stream, expected, actual);
        }
        throw translateClientError(error, { stream, expected, operation: `an append to ${stream}`, deadlineMs: this.deadlineMs });
      }
      const firstRevision = (head?.revision ?? -1) + 1;
      const lastRevision = Number(answer.nextExpectedRevision);
      if (fresh && events.length === 1 && answer.position && lastRevision === firstRevision) {
        // Only this append could store these ids (every claim was new), so what was stored is what
        // was sent; the server's answer is the event's revision and `$all` position.
        const position = formatPosition(answer.position);
        const recorded = chained.map((link) => recordedFromCanonical(link.canonical, { revision: lastRevision, position, prevHash: link.prevHash, hash: link.hash }));
        return this.remember(stream, resultOf(recorded));
      }
      // A batch (the answer gives only its last position), or a retry that raced: what is stored.
      try {
        return this.remember(stream, await this.storedBatchAt(stream, ids, lastRevision - ids.length + 1, watch));
      } finally {
        watch?.close();
      }
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
    const events = records.map(decodeRecord);
    // A read that reached the end of the stream saw its head: the next append need not read it.
    if (!backwards && events.length > 0 && events.length < maxCount) this.rememberHead(stream, events.at(-1)!);
    if (backwards && from === undefined && events.length > 0) this.rememberHead(stream, events[0]!);
    return events;
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
   * server on stream names and again here; resubscribed by us from the last position received (or
   * the server's last checkpoint) whenever the server subscription drops. Served by whichever node
   * the connection prefers: followers can feed projections.
   */
  subscribe(options: SubscribeOptions = {}): Subscription {
    const category = options.category;
    const subscription: Subscription = new ResilientSubscription<AllStreamResolvedEvent>({
      from: parseCheckpoint(options.after),
      batchSize: Math.max(1, options.batchSize ?? 500),
      open: (from, checkpointReached) =>
        this.client.subscribeToAll({
          fromPosition: from ?? START,
          filter: streamNameFilter({ regex: serverStreamRegex(category), checkpointReached: (_, position) => checkpointReached(position) }),
        }),
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
    await this.withDeadline('a readiness check (one event of $all)', this.pingDeadlineMs, async (cancel) => {
      const read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      cancel(() => void read.cancel().catch(() => undefined));
      for await (const _ of read) {
        // reading one event from the end of $all is the readiness check
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  // ── reads ──────────────────────────────────────────────────────────────────────────────────────

  /**
   * A stream's records; null when the stream does not exist (the client throws that while
   * iterating). The client gives reads no deadline of their own: this one cancels the read.
   */
  private async readRecords(stream: string, options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: ReadRevision; maxCount: number }): Promise<StoredRecord[] | null> {
    for (let leaderChanges = 0; ; leaderChanges++) {
      const records: StoredRecord[] = [];
      try {
        await this.withDeadline(`a read of ${stream}`, this.deadlineMs, async (cancel) => {
          const read = this.client.readStream(stream, { ...options, requiresLeader: this.readsRequireLeader });
          cancel(() => void read.cancel().catch(() => undefined));
          for await (const resolved of read) {
            if (resolved.event) records.push(resolved.event);
          }
        });
        return records;
      } catch (error) {
        if (isStreamNotFound(error)) return null;
        if (isNotLeader(error) && leaderChanges < LEADER_CHANGES_FOLLOWED) continue; // asked again, of the leader
        throw translateClientError(error, { stream, operation: `a read of ${stream}`, deadlineMs: this.deadlineMs });
      }
    }
  }

  private async readAllPage(from: LogPosition | null, maxCount: number): Promise<AllStreamResolvedEvent[]> {
    const page: AllStreamResolvedEvent[] = [];
    await this.withDeadline('a read of $all', this.deadlineMs, async (cancel) => {
      const read = this.client.readAll({ direction: FORWARDS, fromPosition: from ?? START, maxCount });
      cancel(() => void read.cancel().catch(() => undefined));
      for await (const resolved of read) page.push(resolved);
    });
    return page;
  }

  /**
   * A catch-up subscription to the stream after a revision (null: from its start), collecting what
   * arrives. Opened together with an append, it delivers the events the append stored as soon as
   * they are committed — no read after the append's answer. Served by the node stream reads are.
   */
  private watchStream(stream: string, after: number | null): StreamWatch {
    const subscription = this.client.subscribeToStream(stream, { fromRevision: after === null ? START : BigInt(after), resolveLinkTos: false, requiresLeader: this.readsRequireLeader });
    const records: StoredRecord[] = [];
    let ended = false;
    let closed = false;
    let changed: (() => void) | null = null;
    subscription.on('data', (resolved: { event?: StoredRecord }) => {
      if (resolved.event) records.push(resolved.event);
      changed?.();
    });
    const end = () => {
      ended = true;
      changed?.();
    };
    subscription.on('error', end);
    subscription.on('end', end);
    return {
      upTo: async (revision) => {
        const target = BigInt(revision);
        const arrived = () => records.some((record) => record.revision >= target);
        const deadline = Date.now() + this.deadlineMs;
        while (!arrived() && !ended && Date.now() < deadline) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, deadline - Date.now());
            changed = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          changed = null;
        }
        return arrived() ? records : null;
      },
      close: () => {
        if (closed) return;
        closed = true;
        void subscription.unsubscribe().catch(() => undefined);
      },
    };
  }

  private async readHead(stream: string): Promise<Head | null> {
    const records = await this.readRecords(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    const last = records?.[0];
    if (!last) return null;
    const event = decodeRecord(last);
    return { revision: event.revision, hash: event.hash };
  }

  /**
   * The batch an acknowledged append stored at firstRevision…, as the server holds it: from the
   * subscription opened with the append when it delivered them within the deadline, else read.
   */
  private async storedBatchAt(stream: string, ids: readonly string[], firstRevision: number, watch: StreamWatch | null): Promise<AppendResult> {
    const lastRevision = firstRevision + ids.length - 1;
    const watched = await watch?.upTo(lastRevision);
    const stored = watched
      ? watched.filter((record) => record.revision >= BigInt(firstRevision) && record.revision <= BigInt(lastRevision)).map(decodeRecord)
      : await this.readStream(stream, { fromRevision: firstRevision, maxCount: ids.length });
    const match = matchStoredBatch(ids, stored);
    if (match.kind !== 'replay' || match.events[0]!.revision !== firstRevision) {
      throw new Error(`EventStoreDB acknowledged the append to ${stream}, but revisions ${firstRevision}…${firstRevision + ids.length - 1} do not hold the batch`);
    }
    return resultOf(match.events);
  }

  /**
   * Runs one request with a deadline. `work` registers how to cancel what it started; past the
   * deadline that is called and the request fails with EventStoreDbDeadlineExceeded.
   */
  private async withDeadline<T>(operation: string, ms: number, work: (onCancel: (cancel: () => void) => void) => Promise<T>): Promise<T> {
    let cancel: (() => void) | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancel?.();
        reject(new EventStoreDbDeadlineExceeded(operation, ms));
      }, ms);
    });
    try {
      return await Promise.race([work((c) => (cancel = c)), expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  // ── stream heads remembered between appends ─────────────────────────────────────────────────────

  /** The head this append can chain onto without reading it: undefined when it must be read. */
  private knownHead(stream: string, expected: ExpectedRevision): Head | null | undefined {
    if (expected === 'no_stream') return null; // the server's check refuses it if the stream exists
    const known = this.heads.get(stream);
    if (!known) return undefined;
    // An exact expectation is only taken on trust when it is the head known here.
    return typeof expected === 'number' && known.revision !== expected ? undefined : known;
  }

  private rememberHead(stream: string, event: RecordedEvent): void {
    if (this.headCacheSize === 0) return;
    const known = this.heads.get(stream);
    if (known && known.revision >= event.revision) return;
    this.heads.delete(stream);
    this.heads.set(stream, { revision: event.revision, hash: event.hash });
    if (this.heads.size > this.headCacheSize) this.heads.delete(this.heads.keys().next().value!);
  }

  private remember(stream: string, result: AppendResult): AppendResult {
    this.rememberHead(stream, result.events.at(-1)!);
    return result;
  }

  // ── event-id claims (see codec.ts) ─────────────────────────────────────────────────────────────

  private async claimOwner(eventId: string): Promise<string | null> {
    const stream = claimStreamOf(eventId);
    const records = await this.readRecords(stream, { direction: FORWARDS, fromRevision: START, maxCount: 1 });
    return records?.[0] ? claimOwner(records[0]) : null;
  }

  /**
   * Claims every id for this stream. An id claimed for another stream is refused
   * (DuplicateEventId). True when every claim is new; false when some id was claimed for this
   * stream before (stored there already, as a retry, or left by an append that did not go through).
   */
  private async claim(stream: string, ids: readonly string[]): Promise<boolean> {
    const outcomes = await Promise.allSettled(
      ids.map(async (id) => {
        try {
          await this.withDeadline(`the claim of event id ${id}`, this.deadlineMs + 1_000, () =>
            this.client.appendToStream(claimStreamOf(id), encodeClaim(stream, id), { expectedRevision: NO_STREAM, requiresLeader: true, deadline: this.deadlineMs }),
          );
          return { id, owner: stream, fresh: true };
        } catch (error) {
          if (!isWrongExpectedVersion(error)) throw translateClientError(error, { stream: claimStreamOf(id), operation: `the claim of event id ${id}`, deadlineMs: this.deadlineMs });
          return { id, owner: await this.claimOwner(id), fresh: false };
        }
      }),
    );
    let fresh = true;
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      const { id, owner } = outcome.value;
      if (owner !== null && owner !== stream) throw new DuplicateEventId(stream, id);
      if (!outcome.value.fresh) fresh = false;
    }
    return fresh;
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

/** The connection string's node preference (leader, follower, random, readOnlyReplica), if it sets one. */
export function nodePreferenceOf(connectionString: string): string | undefined {
  const match = /[?&]nodePreference=([^&#]*)/i.exec(connectionString);
  return match ? decodeURIComponent(match[1]!).toLowerCase() : undefined;
}

function redact(connectionString: string): string {
  return connectionString.replace(/\/\/[^@/]*@/, '//***@');
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message || error.name : String(error);
  return message.split('\n')[0]!.trim();
}
