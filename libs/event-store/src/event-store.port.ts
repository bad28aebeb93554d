import type { Actor, BusinessTime, ClassificationMark, ImportProvenance } from '#kernel';

/**
 * The event store port. One interface, three adapters (EventStoreDB, PostgreSQL, embedded PGlite),
 * one contract suite (./contract) that every adapter passes.
 *
 * Stream revisions are 0-based like EventStoreDB's and kept as `number`: a stream never nears 2^53
 * events. Global positions are adapter-specific, so they travel as an opaque `Checkpoint` string.
 */

/** `any`: no check. `no_stream`: the stream must not exist. `stream_exists`: it must. A number: its last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** Opaque, totally ordered only by the adapter that produced it. */
export type Checkpoint = string;

/** The hashed part of an event: what RFC 8785 canonical JSON is computed over. */
export interface EventEnvelope {
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly occurredAt: BusinessTime;
  /** System time, set by the server. ISO instant. */
  readonly recordedAt: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly commandId: string | null;
  readonly classification: ClassificationMark;
  /** Where a historic fact was imported from; absent (not null) for everything recorded live, so their hashes are unchanged. */
  readonly imported?: ImportProvenance;
}

/** An event as stored: the envelope, where it stands, and its link in the stream's hash chain. */
export interface RecordedEvent extends EventEnvelope {
  readonly revision: number;
  readonly position: Checkpoint;
  /** The RFC 8785 canonical text the hash was computed over, exactly as stored. */
  readonly canonical: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** What a writer hands to `append`. The store sets revision, position, hashes and (if absent) recordedAt. */
export interface NewEvent {
  readonly eventId: string;
  readonly type: string;
  readonly schemaVersion?: number;
  readonly data: Readonly<Record<string, unknown>>;
  readonly occurredAt: BusinessTime;
  readonly recordedAt?: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId?: string | null;
  readonly commandId?: string | null;
  readonly classification: ClassificationMark;
  readonly imported?: ImportProvenance;
}

export interface AppendResult {
  /** The stream's last revision after the append: pass it as the next expected revision. */
  readonly nextExpectedRevision: number;
  /** Position of the last appended event. */
  readonly position: Checkpoint;
  /** The events as stored (on an idempotent retry: as stored the first time). */
  readonly events: readonly RecordedEvent[];
}

export interface ReadStreamOptions {
  /** Inclusive. Default: the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this checkpoint. Null or absent: from the beginning. */
  readonly after?: Checkpoint | null;
  readonly maxCount?: number;
  /** Stream category: the text before the first '-' of a stream name (as EventStoreDB's $ce-). */
  readonly category?: string;
}

export interface ReadAllResult {
  readonly events: readonly RecordedEvent[];
  /** Where to continue from; unchanged when nothing was read. */
  readonly checkpoint: Checkpoint | null;
}

export interface SubscribeOptions {
  readonly after?: Checkpoint | null;
  readonly category?: string;
  /** Most events in one delivered batch. */
  readonly batchSize?: number;
}

/** Catch-up, then live. Yields batches in commit-safe order; each event carries its position. */
export interface Subscription extends AsyncIterable<readonly RecordedEvent[]> {
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'eventstoredb' | 'postgres' | 'pglite';
  append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** Throws StreamNotFound for a stream with no events. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<ReadAllResult>;
  subscribe(options?: SubscribeOptions): Subscription;
  /** Resolves when the store answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /** How many events the store holds, where that is cheap to know (progress bars); else undefined. */
  countEvents?(options?: { category?: string; after?: Checkpoint | null }): Promise<number>;
  /**
   * Before reading the whole log (a rebuild): bring whatever the store plans its reads by up to
   * date. PostgreSQL's planner, with statistics from when the table was small, scans a whole
   * category for every page; absent where there is nothing to do.
   */
  prepareFullRead?(): Promise<void>;
  close(): Promise<void>;
}

/** The expected revision did not match. Carries what was expected and what was found. */
export class WrongExpectedRevision extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    /** The stream's last revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${stream}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevision';
  }
}

export class StreamNotFound extends Error {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly stream: string) {
    super(`stream ${stream} not found`);
    this.name = 'StreamNotFound';
  }
}

/** An event id already stored in another place: an idempotent retry must repeat the same batch. */
export class DuplicateEventId extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(readonly stream: string, readonly eventId: string) {
    super(`event id ${eventId} already stored elsewhere than as a retry of this append to ${stream}`);
    this.name = 'DuplicateEventId';
  }
}

/**
 * A stream read from the store does not hold together: an event's content does not hash to its
 * stored hash, a link or a revision is missing, the stored text is not an envelope, or the head
 * names an event that is not there. Nothing can be decided on it; it is reported, never repaired.
 */
export class StoredChainBroken extends Error {
  readonly code = 'CHAIN_BROKEN';
  constructor(
    readonly stream: string,
    readonly revision: number,
    readonly detail: string,
    /** The stored event at that revision, when there is one. */
    readonly eventId?: string,
  ) {
    super(`the stored chain of ${stream} is broken at revision ${revision}: ${detail}`);
    this.name = 'StoredChainBroken';
  }
}

/** The category of a stream: the text before its first '-'. */
export function streamCategory(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/** Builds a stream name; the id may not change the category, so it may contain no leading dash issue. */
export function streamName(category: string, id: string): string {
  if (!/^[a-z][a-zA-Z0-9]*$/.test(category)) throw new Error(`invalid stream category: ${category}`);
  if (id.length === 0) throw new Error('empty stream id');
  return `${category}-${id}`;
}

/**
 * Orders two checkpoints of the same adapter. Every adapter writes "<bigint>/<bigint>" (PostgreSQL:
 * transaction id / position; EventStoreDB: commit / prepare position), compared as pairs.
 */
export function compareCheckpoints(a: Checkpoint | null, b: Checkpoint | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const [a1, a2] = a.split('/').map(BigInt) as [bigint, bigint];
  const [b1, b2] = b.split('/').map(BigInt) as [bigint, bigint];
  return a1 !== b1 ? (a1 < b1 ? -1 : 1) : a2 === b2 ? 0 : a2 < b2 ? -1 : 1;
}
