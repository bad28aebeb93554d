import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';

/**
 * An in-memory stand-in for the parts of `EventStoreDBClient` the adapter calls, for tests on
 * machines without an EventStoreDB. It follows the server's documented behaviour as the adapter
 * relies on it — and so it proves the adapter's logic, not the server's: the real contract run is
 * eventstoredb-event-store.int.spec.ts.
 *
 * Modelled: 0-based bigint revisions; expected revision any / no_stream / stream_exists / exact with
 * the server's idempotency rules (same ids at expected+1… → success without writing; some → wrong
 * expected version); StreamNotFoundError thrown while iterating a read; reading `$all` from a
 * position includes the event at it; subscribeToAll's fromPosition is exclusive; stream-name
 * filters; a batch's events share a commit position and differ in prepare position; data and
 * metadata stored as bytes and decoded as the client does (JSON metadata parsed, binary data as
 * bytes); system events (`$stats-…`, `$>` links into `$ce-<category>` as the by-category projection
 * writes them) interleaved in `$all`; dropping live subscriptions with an error.
 */
interface Position {
  commit: bigint;
  prepare: bigint;
}

interface StoredRow {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
  created: Date;
  position: Position;
}

interface EventDataLike {
  id: string;
  type: string;
  contentType: string;
  data: unknown;
  metadata?: unknown;
}

interface FilterLike {
  filterOn: 'streamName' | 'eventType';
  regex?: string;
  prefixes?: string[];
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const isBytes = (value: unknown): value is Uint8Array => ArrayBuffer.isView(value) && (value as Uint8Array).BYTES_PER_ELEMENT === 1;
const comparePositions = (a: Position, b: Position) => (a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1);

export class FakeEventStoreDbClient {
  readonly log: StoredRow[] = [];
  private readonly streams = new Map<string, StoredRow[]>();
  private nextLogPosition = 1_000n;
  private readonly live = new Set<FakeSubscription>();
  appendCalls = 0;
  disposed = false;

  constructor(private readonly options: { systemEvents?: boolean } = { systemEvents: true }) {
    if (options.systemEvents) this.writeSystem('$stats-127.0.0.1:2113', '$statsCollected', { 'proc-cpu': 1 });
  }

  /** Appends to a stream as the server does, including its idempotency rules. */
  async appendToStream(streamName: string, event: EventDataLike | EventDataLike[], options: { expectedRevision?: bigint | 'any' | 'no_stream' | 'stream_exists' } = {}) {
    this.appendCalls += 1;
    await new Promise((resolve) => setImmediate(resolve)); // a round trip: lets concurrent appends interleave
    if (this.disposed) throw new UnavailableError();
    const events = Array.isArray(event) ? event : [event];
    const expected = options.expectedRevision ?? 'any';
    const rows = this.streams.get(streamName) ?? [];
    const current = BigInt(rows.length - 1);
    const wrong = () =>
      new WrongExpectedVersionError(undefined, { streamName, expected, current: current < 0n ? 'no_stream' : current });
    const matchAt = (start: number): 'all' | 'none' | 'partial' => {
      let matched = 0;
      events.forEach((e, i) => {
        if (rows[start + i]?.id === e.id.toLowerCase()) matched += 1;
      });
      return matched === events.length ? 'all' : matched === 0 ? 'none' : 'partial';
    };
    const alreadyThere = (start: number) => ({ success: true, nextExpectedRevision: BigInt(start + events.length - 1), position: rows[start + events.length - 1]!.position });

    if (expected === 'any' || expected === 'stream_exists') {
      if (expected === 'stream_exists' && current < 0n) throw wrong();
      const start = rows.findIndex((r) => r.id === events[0]!.id.toLowerCase());
      if (start >= 0) {
        const match = matchAt(start);
        if (match === 'all') return alreadyThere(start);
        if (match === 'partial') throw wrong();
      }
    } else {
      const at = expected === 'no_stream' ? -1n : expected;
      if (at > current) throw wrong();
      if (at < current) {
        const match = matchAt(Number(at) + 1);
        if (match === 'all') return alreadyThere(Number(at) + 1);
        throw wrong();
      }
    }
    const commit = this.nextLogPosition;
    const written = events.map((e) => this.write(streamName, e, commit));
    this.nextLogPosition += 50n; // the commit record
    if (this.options.systemEvents) {
      const category = streamName.split('-')[0]!;
      for (const row of written) this.writeSystem(`$ce-${category}`, '$>', `${row.revision}@${streamName}`);
    }
    this.pumpAll();
    // The server's own answer is deliberately not an event's read position: the adapter reads back.
    return { success: true, nextExpectedRevision: written[written.length - 1]!.revision, position: { commit: this.nextLogPosition, prepare: this.nextLogPosition } };
  }

  readStream(streamName: string, options: { fromRevision?: bigint | 'start' | 'end'; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint } = {}) {
    const { fromRevision = 'start', direction = 'forwards' } = options;
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const rows = () => {
      const list = this.streams.get(streamName);
      if (!list) throw new StreamNotFoundError(undefined, streamName);
      if (direction === 'forwards') {
        const from = fromRevision === 'start' ? 0 : fromRevision === 'end' ? list.length : Number(fromRevision);
        return list.slice(from, from + maxCount);
      }
      const from = fromRevision === 'end' ? list.length - 1 : fromRevision === 'start' ? 0 : Math.min(Number(fromRevision), list.length - 1);
      return list.slice(Math.max(0, from - maxCount + 1), from + 1).reverse();
    };
    return this.streaming(rows);
  }

  readAll(options: { fromPosition?: Position | 'start' | 'end'; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint; deadline?: number } = {}) {
    const { fromPosition = 'start', direction = 'forwards' } = options;
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const rows = () => {
      if (direction === 'backwards') {
        const upTo = fromPosition === 'end' ? this.log.length : fromPosition === 'start' ? 0 : this.log.filter((r) => comparePositions(r.position, fromPosition) <= 0).length;
        return this.log.slice(Math.max(0, upTo - maxCount), upTo).reverse();
      }
      const from = fromPosition === 'start' ? 0 : fromPosition === 'end' ? this.log.length : this.log.findIndex((r) => comparePositions(r.position, fromPosition) >= 0);
      return from < 0 ? [] : this.log.slice(from, from + maxCount);
    };
    return this.streaming(rows);
  }

  subscribeToAll(options: { fromPosition?: Position | 'start' | 'end'; filter?: FilterLike } = {}) {
    const subscription = new FakeSubscription(this, options.fromPosition ?? 'start', options.filter);
    this.live.add(subscription);
    return subscription;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const subscription of this.live) subscription.destroy();
    this.live.clear();
  }

  /** Drops every live subscription as a lost connection or a server restart does. */
  dropSubscriptions(error: Error = new UnavailableError()): void {
    for (const subscription of [...this.live]) {
      this.live.delete(subscription);
      subscription.destroy(error);
    }
  }

  get liveSubscriptions(): number {
    return this.live.size;
  }

  /** Writes an event another application might have written (JSON, no record metadata). */
  writeForeign(streamName: string, type = 'SomethingElse'): void {
    this.write(streamName, { id: randomUUID(), type, contentType: 'application/json', data: { hello: 'world' } }, this.nextLogPosition);
    this.nextLogPosition += 50n;
    this.pumpAll();
  }

  /** Overwrites the stored bytes of an event (tampering with the store behind the adapter's back). */
  tamper(streamName: string, revision: number, edit: (canonical: string) => string): void {
    const row = this.streams.get(streamName)![revision]!;
    row.data = utf8.encode(edit(fromUtf8.decode(row.data)));
  }

  /** What the client hands out for a stored row (convertGrpcRecord). */
  recordOf(row: StoredRow) {
    const isJson = row.contentType === 'application/json';
    let metadata: unknown;
    if (row.metadata.length > 0) {
      try {
        metadata = JSON.parse(fromUtf8.decode(row.metadata));
      } catch {
        metadata = Uint8Array.from(row.metadata);
      }
    }
    let data: unknown = Uint8Array.from(row.data);
    if (isJson) {
      const text = fromUtf8.decode(row.data);
      try {
        data = JSON.parse(text);
      } catch {
        data = text;
      }
    }
    return { streamId: row.streamId, id: row.id, revision: row.revision, type: row.type, data, metadata, isJson, created: row.created, position: { ...row.position } };
  }

  pumpAll(): void {
    for (const subscription of this.live) subscription.pump();
  }

  forget(subscription: FakeSubscription): void {
    this.live.delete(subscription);
  }

  private streaming(rows: () => StoredRow[]) {
    const self = this;
    async function* generate() {
      await new Promise((resolve) => setImmediate(resolve));
      for (const row of rows()) yield { event: self.recordOf(row), commitPosition: row.position.commit };
    }
    return Object.assign(Readable.from(generate()), { cancel: async () => undefined });
  }

  private write(streamName: string, event: EventDataLike, commit: bigint): StoredRow {
    const rows = this.streams.get(streamName) ?? [];
    this.streams.set(streamName, rows);
    const isJson = event.contentType === 'application/json';
    const data = isJson ? utf8.encode(JSON.stringify(event.data)) : Uint8Array.from(event.data as Uint8Array);
    const metadata = event.metadata === undefined ? new Uint8Array() : isBytes(event.metadata) ? Uint8Array.from(event.metadata) : utf8.encode(JSON.stringify(event.metadata));
    const prepare = this.nextLogPosition;
    this.nextLogPosition += 100n;
    const row: StoredRow = {
      streamId: streamName,
      id: event.id.toLowerCase(),
      revision: BigInt(rows.length),
      type: event.type,
      contentType: event.contentType,
      data,
      metadata,
      created: new Date(),
      position: { commit, prepare },
    };
    rows.push(row);
    this.log.push(row);
    return row;
  }

  private writeSystem(streamName: string, type: string, data: unknown): void {
    const isJson = typeof data !== 'string';
    this.write(streamName, { id: randomUUID(), type, contentType: isJson ? 'application/json' : 'application/octet-stream', data: isJson ? data : utf8.encode(data as string) }, this.nextLogPosition);
    this.nextLogPosition += 50n;
  }
}

class FakeSubscription extends Readable {
  private cursor: number;

  constructor(
    private readonly client: FakeEventStoreDbClient,
    from: Position | 'start' | 'end',
    private readonly allFilter: FilterLike | undefined,
  ) {
    super({ objectMode: true, highWaterMark: 16 });
    // fromPosition is exclusive
    this.cursor = from === 'start' ? 0 : from === 'end' ? client.log.length : client.log.filter((r) => comparePositions(r.position, from) <= 0).length;
    setImmediate(() => this.emit('confirmation'));
  }

  override _read(): void {
    this.pump();
  }

  pump(): void {
    if (this.destroyed) return;
    while (this.cursor < this.client.log.length) {
      const row = this.client.log[this.cursor++]!;
      if (!this.passes(row)) continue;
      if (!this.push({ event: this.client.recordOf(row), commitPosition: row.position.commit })) return;
    }
  }

  async unsubscribe(): Promise<void> {
    this.client.forget(this);
    this.destroy();
  }

  private passes(row: StoredRow): boolean {
    const filter = this.allFilter;
    if (!filter) return true;
    const subject = filter.filterOn === 'streamName' ? row.streamId : row.type;
    if (filter.regex !== undefined) return new RegExp(filter.regex).test(subject);
    return (filter.prefixes ?? []).some((p) => subject.startsWith(p));
  }
}
