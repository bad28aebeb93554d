import { DuplicateEventId, type ExpectedRevision, type RecordedEvent, StreamNotFound, WrongExpectedRevision } from '../event-store.port.js';

/**
 * The pure parts of an append: the expectation check, what the server's compare-and-set is told,
 * the recognition of a retried batch, and the translation of client errors at the boundary.
 */

/** The stream's last revision, or null when it has no events. */
export type HeadRevision = number | null;

/** Null when the expectation holds for this head; otherwise the one conflict error, with the actual revision. */
export function checkExpectation(stream: string, expected: ExpectedRevision, head: HeadRevision): WrongExpectedRevision | null {
  const holds =
    expected === 'any' ? true : expected === 'no_stream' ? head === null : expected === 'stream_exists' ? head !== null : head === expected;
  return holds ? null : new WrongExpectedRevision(stream, expected, head === null ? 'no_stream' : head);
}

/** What the append sends as the server's expected revision: always the exact head we chained onto. */
export function serverExpectation(head: HeadRevision): bigint | 'no_stream' {
  return head === null ? 'no_stream' : BigInt(head);
}

/** Expectations the caller stated loosely: a moved head is not their conflict, so the append is re-tried. */
export function retriesOnMovedHead(expected: ExpectedRevision): boolean {
  return expected === 'any' || expected === 'stream_exists';
}

/** One batch may not carry an id twice (the second copy could never be told from a retry). */
export function assertDistinctIds(stream: string, eventIds: readonly string[]): void {
  const seen = new Set<string>();
  for (const id of eventIds) {
    const key = id.toLowerCase();
    if (seen.has(key)) throw new DuplicateEventId(stream, id);
    seen.add(key);
  }
}

export type StoredBatch =
  | { readonly kind: 'none' }
  | { readonly kind: 'replay'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'conflict'; readonly eventId: string };

/**
 * Given a stream's events, is this batch stored there already? `replay` only when every id is
 * there, in the batch's order, at contiguous revisions (a retry of the same append); `conflict`
 * when only some are, or out of order; `none` when none is.
 */
export function matchStoredBatch(eventIds: readonly string[], streamEvents: readonly RecordedEvent[]): StoredBatch {
  const wanted = new Map(eventIds.map((id, index) => [id.toLowerCase(), index]));
  const found = streamEvents.filter((e) => wanted.has(e.eventId.toLowerCase())).sort((a, b) => a.revision - b.revision);
  if (found.length === 0) return { kind: 'none' };
  const complete =
    found.length === eventIds.length &&
    found.every((e, i) => wanted.get(e.eventId.toLowerCase()) === i && e.revision === found[0]!.revision + i);
  return complete ? { kind: 'replay', events: found } : { kind: 'conflict', eventId: found[0]!.eventId };
}

type ClientErrorLike = Error & { type?: unknown; actualVersion?: unknown; streamName?: unknown };

/** By the client's `type` tag rather than instanceof, so a bundled or successor client's errors translate too. */
function clientErrorType(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const type = (error as ClientErrorLike).type;
  return typeof type === 'string' ? type : null;
}

export function isWrongExpectedVersion(error: unknown): boolean {
  return clientErrorType(error) === 'wrong-expected-version';
}

export function isStreamNotFound(error: unknown): boolean {
  return clientErrorType(error) === 'stream-not-found';
}

/** The node asked is not the leader; the client has already switched to the leader it named. */
export function isNotLeader(error: unknown): boolean {
  return clientErrorType(error) === 'not-leader';
}

/** The server did not complete the request before the deadline the client gave it. */
export function isDeadlineExceeded(error: unknown): boolean {
  return clientErrorType(error) === 'deadline-exceeded' || clientErrorType(error) === 'timeout';
}

/** A tombstoned (hard-deleted) stream: it can never be read or written again. */
export function isStreamDeleted(error: unknown): boolean {
  return clientErrorType(error) === 'stream-deleted';
}

/** EventStoreDB did not answer within the adapter's deadline (the server was slow or gone). */
export class EventStoreDbDeadlineExceeded extends Error {
  constructor(
    readonly operation: string,
    readonly deadlineMs: number,
    options?: { cause?: unknown },
  ) {
    super(`EventStoreDB did not answer ${operation} within ${deadlineMs} ms`, options);
    this.name = 'EventStoreDbDeadlineExceeded';
  }
}

/** The stream was tombstoned in EventStoreDB; the record cannot be read or continued. */
export class StreamDeletedInEventStoreDb extends Error {
  constructor(readonly stream: string) {
    super(`stream ${stream} was deleted (tombstoned) in EventStoreDB: it can be neither read nor appended to`);
    this.name = 'StreamDeletedInEventStoreDb';
  }
}

/** The client's current revision (bigint or 'no_stream') as the port's actual revision. */
export function actualRevision(current: unknown): number | 'no_stream' {
  if (typeof current === 'bigint') return current < 0n ? 'no_stream' : Number(current);
  if (typeof current === 'number') return current < 0 ? 'no_stream' : current;
  return 'no_stream';
}

/**
 * Client errors → port errors, at the boundary: WrongExpectedVersionError → WrongExpectedRevision
 * (stream, the caller's expectation, actual), StreamNotFoundError → StreamNotFound, a tombstoned
 * stream → StreamDeletedInEventStoreDb, the server's deadline answer → EventStoreDbDeadlineExceeded.
 * Anything else passes through unchanged.
 */
export function translateClientError(error: unknown, context: { stream: string; expected?: ExpectedRevision; operation?: string; deadlineMs?: number }): unknown {
  if (isWrongExpectedVersion(error)) {
    return new WrongExpectedRevision(context.stream, context.expected ?? 'any', actualRevision((error as ClientErrorLike).actualVersion));
  }
  if (isStreamNotFound(error)) return new StreamNotFound(context.stream);
  if (isStreamDeleted(error)) return new StreamDeletedInEventStoreDb(context.stream);
  if (isDeadlineExceeded(error)) return new EventStoreDbDeadlineExceeded(context.operation ?? `a request on ${context.stream}`, context.deadlineMs ?? 0, { cause: error });
  return error;
}
