import { AsyncLocalStorage } from 'node:async_hooks';
import { GENESIS_HASH, canonicalize, chainHash, envelopeOf, recordedFromCanonical } from './envelope.js';
import {
  type AppendResult,
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
} from './event-store.port.js';

/*
 * A rehearsal runs commands exactly as they run for real (the same handlers, the same deciders, the
 * same reads) but every append lands in an overlay that dies with the rehearsal: a dry run of an
 * import decides each fact on the state the facts before it would leave, and stores nothing.
 * The scope travels with the async work (AsyncLocalStorage), so nothing between the caller and the
 * store needs to know; the stream-state caches keep a separate set of entries inside a rehearsal,
 * so no rehearsed state ever serves a real command.
 */

interface Scope {
  readonly overlay: OverlayEventStore;
  /** Per cache instance: the entries a rehearsal may read and write instead of the real ones. */
  readonly caches: WeakMap<object, unknown>;
}

const scope = new AsyncLocalStorage<Scope>();

/** The rehearsal's own stand-in for a cache instance, made on first use; undefined outside a rehearsal. */
export function rehearsalShadow<T>(owner: object, make: () => T): T | undefined {
  const active = scope.getStore();
  if (!active) return undefined;
  let shadow = active.caches.get(owner) as T | undefined;
  if (shadow === undefined) {
    shadow = make();
    active.caches.set(owner, shadow);
  }
  return shadow;
}

/** What a rehearsal appended to one stream, after the base store's revision `after` (-1: the stream did not exist). */
export interface RehearsedStream {
  readonly stream: string;
  readonly after: number;
  readonly events: readonly RecordedEvent[];
}

export interface Rehearsed<T> {
  readonly value: T;
  /** Per stream, in the order the streams were first appended to. */
  readonly appended: readonly RehearsedStream[];
}

/** Reads what the base store holds plus what the rehearsal appended; appends only to the latter. */
class OverlayEventStore implements EventStore {
  readonly kind: EventStore['kind'];
  private readonly appended = new Map<string, RecordedEvent[]>();
  private readonly after = new Map<string, number>();
  private readonly stored = new Map<string, Promise<RecordedEvent[]>>();
  private positions = 0;

  constructor(private readonly base: EventStore) {
    this.kind = base.kind;
  }

  private async baseStream(stream: string): Promise<RecordedEvent[]> {
    let read = this.stored.get(stream);
    if (!read) {
      read = this.base.readStream(stream).catch((error: unknown) => {
        if (error instanceof StreamNotFound) return [];
        throw error;
      });
      this.stored.set(stream, read);
    }
    return read;
  }

  private async whole(stream: string): Promise<RecordedEvent[]> {
    return [...(await this.baseStream(stream)), ...(this.appended.get(stream) ?? [])];
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    const whole = await this.whole(stream);
    const last = whole.length - 1;
    const first = events[0];
    const replayed = first === undefined ? -1 : whole.findIndex((event) => event.eventId === first.eventId);
    if (replayed >= 0) {
      const again = whole.slice(replayed, replayed + events.length);
      return { nextExpectedRevision: again.at(-1)!.revision, position: again.at(-1)!.position, events: again };
    }
    const expected = options.expectedRevision;
    const fits = expected === 'any' || (expected === 'no_stream' ? last < 0 : expected === 'stream_exists' ? last >= 0 : expected === last);
    if (!fits) throw new WrongExpectedRevision(stream, expected, last < 0 ? 'no_stream' : last);
    let prevHash = whole.at(-1)?.hash ?? GENESIS_HASH;
    const recorded = events.map((event, index) => {
      const canonical = canonicalize(envelopeOf(stream, event, event.recordedAt ?? new Date().toISOString()));
      const hash = chainHash(prevHash, canonical);
      const made = recordedFromCanonical(canonical, { revision: last + 1 + index, position: `0/${++this.positions}`, prevHash, hash });
      prevHash = hash;
      return made;
    });
    if (!this.after.has(stream)) this.after.set(stream, (await this.baseStream(stream)).length - 1);
    this.appended.set(stream, [...(this.appended.get(stream) ?? []), ...recorded]);
    return { nextExpectedRevision: last + recorded.length, position: recorded.at(-1)?.position ?? '0/0', events: recorded };
  }

  rehearsed(): RehearsedStream[] {
    return [...this.appended].map(([stream, events]) => ({ stream, after: this.after.get(stream) ?? -1, events }));
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const whole = await this.whole(stream);
    if (whole.length === 0) throw new StreamNotFound(stream);
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? whole.length - 1 : 0);
    const selected = backwards ? whole.filter((event) => event.revision <= from).reverse() : whole.filter((event) => event.revision >= from);
    return options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
  }

  // The log as a whole, subscriptions and health are the real store's: a rehearsal projects nothing.
  readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    return this.base.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Subscription {
    return this.base.subscribe(options);
  }

  ping(): Promise<void> {
    return this.base.ping();
  }

  async close(): Promise<void> {}
}

/**
 * The store the application injects: the real one, except inside `rehearse`, where every call goes
 * to the rehearsal's overlay over it.
 */
export class RehearsableEventStore implements EventStore {
  constructor(readonly base: EventStore) {}

  // Read when asked, not when wrapped: a composition test wraps no store at all.
  get kind(): EventStore['kind'] {
    return this.base.kind;
  }

  get countEvents(): EventStore['countEvents'] {
    const { base } = this;
    return base.countEvents && ((options) => base.countEvents!(options));
  }

  get prepareFullRead(): EventStore['prepareFullRead'] {
    const { base } = this;
    return base.prepareFullRead && (() => base.prepareFullRead!());
  }

  /** Runs `work` with appends kept in an overlay, and answers what it appended (nothing is stored). */
  async rehearse<T>(work: () => Promise<T>): Promise<Rehearsed<T>> {
    const overlay = new OverlayEventStore(this.base);
    const value = await scope.run({ overlay, caches: new WeakMap() }, work);
    return { value, appended: overlay.rehearsed() };
  }

  /**
   * Stores what a rehearsal appended, exactly as decided there, a batch of up to `batchSize` events
   * per append and stream, each expecting the revision the rehearsal decided on: a stream that moved
   * on since is refused (WrongExpectedRevision) and nothing more of it is stored. A retried commit
   * stores nothing new (the event ids are the same). The store chains and hashes them.
   */
  async commit(appended: readonly RehearsedStream[], batchSize = 500): Promise<void> {
    for (const { stream, after, events } of appended) {
      let revision = after;
      for (let from = 0; from < events.length; from += batchSize) {
        const batch = events.slice(from, from + batchSize).map(({ eventId, type, schemaVersion, data, occurredAt, recordedAt, actor, correlationId, causationId, commandId, classification, imported }): NewEvent => ({
          eventId,
          type,
          schemaVersion,
          data,
          occurredAt,
          recordedAt,
          actor,
          correlationId,
          causationId,
          commandId,
          classification,
          ...(imported && { imported }),
        }));
        const result = await this.base.append(stream, batch, { expectedRevision: revision < 0 ? 'no_stream' : revision });
        revision = result.nextExpectedRevision;
      }
    }
  }

  /** Whether the calling async work runs inside a rehearsal. */
  static get rehearsing(): boolean {
    return scope.getStore() !== undefined;
  }

  private get current(): EventStore {
    return scope.getStore()?.overlay ?? this.base;
  }

  append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.current.append(stream, events, options);
  }

  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.current.readStream(stream, options);
  }

  readAll(options?: ReadAllOptions): Promise<ReadAllResult> {
    return this.base.readAll(options);
  }

  subscribe(options?: SubscribeOptions): Subscription {
    return this.base.subscribe(options);
  }

  ping(): Promise<void> {
    return this.base.ping();
  }

  close(): Promise<void> {
    return this.base.close();
  }
}
