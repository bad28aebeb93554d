import { randomUUID } from 'node:crypto';

/**
 * The database behind the wire test server: streams, the `$all` log and the write rules, as
 * EventStoreDB 24.10 documents and implements them (its IndexWriter.CheckCommit, AllReader and the
 * gRPC Streams service). Several server nodes of one test cluster share one log, as replicas of
 * one database would.
 *
 * - Every record (events, link events, metadata, tombstones) takes a place in the log. Events are
 *   written as implicitly committed prepares, so an event's `$all` position has commit = prepare =
 *   the log position of its own record, and records of one write are contiguous.
 * - Append rules: `no_stream`, `stream_exists`, `any` and an exact revision, with the server's
 *   idempotency: the same event ids at expected+1… answer success without writing (the position is
 *   the last of those events'); for `any` / `stream_exists` the first event id is looked up in the
 *   committed-id cache (in the real server a bounded, best-effort cache); a batch that only partly
 *   matches is a wrong expected version.
 * - Deletion states: soft-deleted (reads say "not found", `no_stream` and `any` recreate the stream
 *   and its revisions carry on; `stream_exists` is refused) and tombstoned (reads and writes fail
 *   with "stream deleted" for good).
 */

export type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
}

export interface LogRecord {
  readonly stream: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  /** Kept writable so a test can damage stored bytes behind the adapter's back. */
  data: Uint8Array;
  readonly metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as the server reports `created`. */
  readonly created: bigint;
  readonly position: Position;
}

export type AppendOutcome =
  | { readonly kind: 'written'; readonly currentRevision: bigint; readonly position: Position }
  | { readonly kind: 'idempotent'; readonly currentRevision: bigint; readonly position: Position }
  | { readonly kind: 'wrong-expected-version'; readonly currentRevision: bigint | null; readonly expected: Expected }
  | { readonly kind: 'stream-deleted' };

export type StreamRead =
  | { readonly kind: 'events'; readonly events: readonly LogRecord[] }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'deleted' };

/** The event number EventStoreDB gives a tombstone (long.MaxValue). */
export const TOMBSTONE_REVISION = (1n << 63n) - 1n;

interface StreamState {
  readonly records: LogRecord[];
  /** Revisions below this are truncated (a soft delete sets it past the last event). */
  truncateBefore: bigint;
  softDeleted: boolean;
  tombstoned: boolean;
}

const utf8 = new TextEncoder();

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

export interface EsdbLogOptions {
  /** Log position of the first record; far beyond 2^53 proves positions never pass through a JS number. */
  readonly initialPosition?: bigint;
  /** Write `$>` link events into `$ce-<category>` and `$et-<type>` after each write, as the standard projections do. */
  readonly standardProjections?: boolean;
  /** Size of the committed-event-id cache that `any` / `stream_exists` idempotency consults. */
  readonly idCacheSize?: number;
  /** Time as the server stamps `created`. */
  readonly clock?: () => Date;
}

export class EsdbLog {
  private readonly all: LogRecord[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly committedIds = new Map<string, { stream: string; revision: bigint }>();
  private readonly listeners = new Set<() => void>();
  private nextPosition: bigint;
  private readonly standardProjections: boolean;
  private readonly idCacheSize: number;
  private readonly clock: () => Date;

  constructor(options: EsdbLogOptions = {}) {
    this.nextPosition = options.initialPosition ?? 0n;
    this.standardProjections = options.standardProjections ?? true;
    this.idCacheSize = options.idCacheSize ?? 100_000;
    this.clock = options.clock ?? (() => new Date());
    // A fresh node's log holds system records before any user event.
    this.writeSystem('$$$scavenges', '$metadata', { $maxAge: 2_592_000 });
    this.writeSystem('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-cpu': 1.5, 'sys-freeMem': 1_048_576 });
  }

  /** Called after every write; returns the unsubscribe function. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get lastPosition(): Position | null {
    return this.all.at(-1)?.position ?? null;
  }

  /** Every record in the log (system records included), in `$all` order. */
  get records(): readonly LogRecord[] {
    return this.all;
  }

  append(stream: string, expected: Expected, events: readonly ProposedEvent[]): AppendOutcome {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return { kind: 'stream-deleted' };
    const current = this.lastRevision(state);
    const wrong = (): AppendOutcome => ({ kind: 'wrong-expected-version', currentRevision: current < 0n ? null : current, expected });

    if (expected === 'stream_exists') {
      if (state?.softDeleted) return { kind: 'stream-deleted' };
      if (current < 0n) return wrong();
    }
    if (expected === 'any' || expected === 'stream_exists') {
      const first = events[0] ? this.committedIds.get(events[0].id.toLowerCase()) : undefined;
      if (first && first.stream === stream) {
        const found = events.map((e) => this.committedIds.get(e.id.toLowerCase()));
        if (found.every((f, i) => f?.stream === stream && f.revision === first.revision + BigInt(i))) return this.idempotent(state!, found.at(-1)!.revision);
        return wrong(); // corrupted idempotency: part of the batch is stored
      }
      return this.write(stream, state, events);
    }
    const at = expected === 'no_stream' ? -1n : expected;
    if (at > current) return wrong();
    if (at < current) {
      let revision = at;
      for (const event of events) {
        revision += 1n;
        const stored = state?.records.find((r) => r.revision === revision);
        if (stored?.id === event.id.toLowerCase()) continue;
        if (revision === at + 1n && expected === 'no_stream' && state?.softDeleted) return this.write(stream, state, events);
        return wrong();
      }
      if (events.length === 0) return wrong();
      return this.idempotent(state!, revision);
    }
    return this.write(stream, state, events);
  }

  /** Soft delete: the stream reads as absent until written again; its revisions then carry on. */
  softDelete(stream: string, expected: Expected): AppendOutcome {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return { kind: 'stream-deleted' };
    const current = this.lastRevision(state);
    if (!this.expectationHolds(expected, current, state)) return { kind: 'wrong-expected-version', currentRevision: current < 0n ? null : current, expected };
    if (!state || current < 0n) return { kind: 'wrong-expected-version', currentRevision: null, expected };
    state.softDeleted = true;
    state.truncateBefore = current + 1n;
    const record = this.writeSystem(`$$${stream}`, '$metadata', `{"$tb":${TOMBSTONE_REVISION}}`);
    this.notify();
    return { kind: 'written', currentRevision: current, position: record.position };
  }

  /** Hard delete: a tombstone; the stream can never be read or written again. */
  tombstone(stream: string, expected: Expected): AppendOutcome {
    const state = this.streams.get(stream) ?? this.newStream(stream);
    if (state.tombstoned) return { kind: 'stream-deleted' };
    const current = this.lastRevision(state);
    if (!this.expectationHolds(expected, current, state)) return { kind: 'wrong-expected-version', currentRevision: current < 0n ? null : current, expected };
    state.tombstoned = true;
    const record = this.place(stream, TOMBSTONE_REVISION, { id: randomUUID(), type: '$streamDeleted', contentType: 'application/octet-stream', data: new Uint8Array(), metadata: new Uint8Array() });
    state.records.push(record);
    this.notify();
    return { kind: 'written', currentRevision: current, position: record.position };
  }

  readStream(stream: string, from: bigint | 'start' | 'end', direction: 'forwards' | 'backwards', count: bigint): StreamRead {
    const state = this.streams.get(stream);
    if (state?.tombstoned) return { kind: 'deleted' };
    const visible = (state?.records ?? []).filter((r) => r.revision >= (state?.truncateBefore ?? 0n));
    if (!state || visible.length === 0) return { kind: 'not-found' };
    const limit = count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
    if (direction === 'forwards') {
      const start = from === 'start' ? -1n : from === 'end' ? TOMBSTONE_REVISION : from - 1n;
      return { kind: 'events', events: visible.filter((r) => r.revision > start).slice(0, limit) };
    }
    const start = from === 'end' || from === 'start' ? TOMBSTONE_REVISION : from;
    if (from === 'start') return { kind: 'events', events: visible.filter((r) => r.revision === 0n).slice(0, limit) };
    return { kind: 'events', events: visible.filter((r) => r.revision <= start).reverse().slice(0, limit) };
  }

  /**
   * `$all` forwards from a position includes the record at it; backwards from a position returns
   * the records before it. A position that is neither a record's, the start nor the end is refused,
   * as the server refuses it.
   */
  readAll(from: Position | 'start' | 'end', direction: 'forwards' | 'backwards', count: bigint, filter?: (record: LogRecord) => boolean): readonly LogRecord[] | 'invalid-position' {
    if (typeof from === 'object' && !this.isValidPosition(from)) return 'invalid-position';
    const limit = count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
    const keep = filter ?? (() => true);
    const out: LogRecord[] = [];
    if (direction === 'forwards') {
      if (from === 'end') return [];
      let index = from === 'start' ? 0 : this.indexAtOrAfter(from);
      for (; index < this.all.length && out.length < limit; index++) if (keep(this.all[index]!)) out.push(this.all[index]!);
      return out;
    }
    let index = from === 'end' ? this.all.length - 1 : from === 'start' ? -1 : this.indexAtOrAfter(from) - 1;
    for (; index >= 0 && out.length < limit; index--) if (keep(this.all[index]!)) out.push(this.all[index]!);
    return out;
  }

  /** Index of the first record at or after a position (the log length when none is). */
  indexAtOrAfter(position: Position): number {
    let low = 0;
    let high = this.all.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (comparePositions(this.all[mid]!.position, position) < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  isValidPosition(position: Position): boolean {
    if (position.commit === 0n && position.prepare === 0n) return true;
    if (position.commit === this.nextPosition && position.prepare === this.nextPosition) return true;
    const at = this.all[this.indexAtOrAfter(position)];
    return at !== undefined && comparePositions(at.position, position) === 0;
  }

  /** Writes a record the way the server's own subsystems do (stats, projections, metadata). */
  writeSystem(stream: string, type: string, data: unknown): LogRecord {
    const state = this.streams.get(stream) ?? this.newStream(stream);
    const record = this.place(stream, this.lastRevision(state) + 1n, {
      id: randomUUID(),
      type,
      contentType: type === '$>' ? 'application/octet-stream' : 'application/json',
      data: utf8.encode(typeof data === 'string' ? data : JSON.stringify(data)),
      metadata: utf8.encode(type === '$>' ? JSON.stringify({ $v: '1:-1:1:4' }) : ''),
    });
    state.records.push(record);
    return record;
  }

  private idempotent(state: StreamState, lastRevision: bigint): AppendOutcome {
    const last = state.records.find((r) => r.revision === lastRevision)!;
    return { kind: 'idempotent', currentRevision: lastRevision, position: last.position };
  }

  private expectationHolds(expected: Expected, current: bigint, state: StreamState | undefined): boolean {
    if (expected === 'any') return true;
    if (expected === 'no_stream') return current < 0n;
    if (expected === 'stream_exists') return current >= 0n && !state?.softDeleted;
    return current === expected;
  }

  private lastRevision(state: StreamState | undefined): bigint {
    const last = state?.records.filter((r) => r.revision !== TOMBSTONE_REVISION).at(-1);
    return last ? last.revision : -1n;
  }

  private newStream(stream: string): StreamState {
    const state: StreamState = { records: [], truncateBefore: 0n, softDeleted: false, tombstoned: false };
    this.streams.set(stream, state);
    return state;
  }

  private write(stream: string, existing: StreamState | undefined, events: readonly ProposedEvent[]): AppendOutcome {
    const state = existing ?? this.newStream(stream);
    if (state.softDeleted) {
      // A write to a soft-deleted stream recreates it from the next revision on.
      state.softDeleted = false;
      state.truncateBefore = this.lastRevision(state) + 1n;
      this.writeSystem(`$$${stream}`, '$metadata', `{"$tb":${state.truncateBefore}}`);
    }
    let revision = this.lastRevision(state);
    const written: LogRecord[] = [];
    for (const event of events) {
      revision += 1n;
      const record = this.place(stream, revision, event);
      state.records.push(record);
      written.push(record);
      this.committedIds.set(record.id, { stream, revision });
      if (this.committedIds.size > this.idCacheSize) this.committedIds.delete(this.committedIds.keys().next().value!);
    }
    if (this.standardProjections && !stream.startsWith('$')) {
      const category = stream.includes('-') ? stream.slice(0, stream.indexOf('-')) : stream;
      for (const record of written) {
        this.writeSystem(`$ce-${category}`, '$>', `${record.revision}@${stream}`);
        this.writeSystem(`$et-${record.type}`, '$>', `${record.revision}@${stream}`);
      }
    }
    this.notify();
    const last = written.at(-1);
    return last ? { kind: 'written', currentRevision: last.revision, position: last.position } : { kind: 'written', currentRevision: revision, position: this.lastPosition ?? { commit: 0n, prepare: 0n } };
  }

  private place(stream: string, revision: bigint, event: ProposedEvent): LogRecord {
    const position = { commit: this.nextPosition, prepare: this.nextPosition };
    const record: LogRecord = {
      stream,
      revision,
      id: event.id.toLowerCase(),
      type: event.type,
      contentType: event.contentType,
      data: event.data,
      metadata: event.metadata,
      created: BigInt(this.clock().getTime()) * 10_000n,
      position,
    };
    this.all.push(record);
    // A prepare record's size on disk: fixed header plus its variable parts, framed by two lengths.
    this.nextPosition += 8n + 86n + BigInt(utf8.encode(stream).length + utf8.encode(event.type).length + event.data.length + event.metadata.length);
    return record;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
