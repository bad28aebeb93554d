import { v5 as uuidv5 } from 'uuid';
import { type Command, type Decider, type Event, INTERNAL, type Warning, fold } from '#kernel';
import { type EventStore, type RecordedEvent, StreamNotFound, WrongExpectedRevision } from './event-store.port.js';
import { LRUCache } from 'lru-cache';
import { rehearsalShadow } from './rehearsal.js';

/** Namespace for event ids derived from command ids: a retried command yields the same ids. */
const EVENT_ID_NAMESPACE = '6f1c8a4e-3b7d-5f02-9a61-2c4d8e0b7a13';

/** The id of the `index`-th event a command stores on a stream: a retried command stores nothing new. */
export function eventIdFor(stream: string, commandId: string, index: number): string {
  return uuidv5(`${stream}:${commandId}:${index}`, EVENT_ID_NAMESPACE);
}

export interface Handled<S> {
  readonly state: S;
  readonly events: readonly RecordedEvent[];
  readonly nextExpectedRevision: number | null;
  readonly warnings: readonly Warning[];
}

export interface HandleOptions {
  /** Re-decide this many times on a revision conflict before giving up with WrongExpectedRevision. */
  readonly maxAttempts?: number;
  /** Folded states kept between commands; default: one cache per store (see stateCacheFor). */
  readonly cache?: StreamStateCache;
  /**
   * The stream's id was made for this command (a new negotiation, a request just received): decide
   * on the initial state without reading it first. If it exists after all (a retry), the append's
   * revision check says so and the shell reads it and decides again, as for a stale cache entry.
   */
  readonly newStream?: boolean;
}

/** Reads a stream's events, or none when it does not exist yet. */
export async function readStreamOrEmpty(store: EventStore, stream: string, fromRevision?: number): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(stream, fromRevision === undefined ? undefined : { fromRevision });
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}

type Evolve = (state: never, event: never) => unknown;

/** A stream's state folded by one evolve function up to a revision (-1: the stream does not exist). */
export interface FoldedState<S> {
  readonly state: S;
  readonly revision: number;
}

interface Entry {
  readonly evolve: Evolve;
  readonly state: unknown;
  readonly revision: number;
}

/**
 * Folded stream states between commands, least recently used evicted first. An entry is a hint,
 * never the truth: a decision taken on it is appended with the entry's revision as the expected
 * revision, so the store's compare-and-set refuses it if another writer (another process, or a
 * write that did not pass through this cache) moved the stream on, and the shell then reads only
 * the events after the entry. States are immutable (evolve returns new objects), so an entry is
 * shared safely by concurrent commands.
 */
export class StreamStateCache {
  private readonly entries: LRUCache<string, Entry>;
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(readonly capacity = 1000) {
    this.entries = new LRUCache<string, Entry>({ max: capacity });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Inside a rehearsal (a dry run), the entries it made; never the real ones. */
  private get active(): LRUCache<string, Entry> {
    return rehearsalShadow(this, () => new LRUCache<string, Entry>({ max: this.capacity })) ?? this.entries;
  }

  get<S>(stream: string, evolve: Evolve): FoldedState<S> | undefined {
    const entry = this.active.get(stream);
    if (!entry || entry.evolve !== evolve) return undefined;
    return { state: entry.state as S, revision: entry.revision };
  }

  /** Keeps the newer of what is cached and what is offered: a slow command never moves an entry back. */
  set(stream: string, evolve: Evolve, folded: FoldedState<unknown>): void {
    const entries = this.active;
    const current = entries.peek(stream);
    if (current && current.evolve === evolve && current.revision >= folded.revision) return;
    entries.set(stream, { evolve, state: folded.state, revision: folded.revision });
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Runs `work` after the work queued before it on the same stream: commands on one stream in this
   * process would only conflict with each other, and each conflict costs a read and a decision.
   */
  async exclusive<T>(stream: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(stream);
    const mine = (before ?? Promise.resolve()).then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(stream, settled);
    try {
      return await mine;
    } finally {
      if (this.queues.get(stream) === settled) this.queues.delete(stream);
    }
  }
}

const cachesByStore = new WeakMap<EventStore, StreamStateCache>();

/** The cache commands on this store share unless they are given another. */
export function stateCacheFor(store: EventStore): StreamStateCache {
  let cache = cachesByStore.get(store);
  if (!cache) {
    cache = new StreamStateCache();
    cachesByStore.set(store, cache);
  }
  return cache;
}

/**
 * A stream's current state: the cached fold caught up with the events after it (one read of only
 * the new events; the whole stream when nothing is cached).
 */
export async function currentState<S>(
  store: EventStore,
  stream: string,
  evolve: (state: S, event: never) => S,
  initialState: () => S,
  cache: StreamStateCache = stateCacheFor(store),
): Promise<FoldedState<S>> {
  const cached = cache.get<S>(stream, evolve);
  const from = cached?.revision ?? -1;
  const later = await readStreamOrEmpty(store, stream, from >= 0 ? from + 1 : undefined);
  if (later.length === 0 && cached) return cached;
  const folded = { state: fold(evolve as (state: S, event: RecordedEvent) => S, cached?.state ?? initialState(), later), revision: later.at(-1)?.revision ?? from };
  cache.set(stream, evolve, folded);
  return folded;
}

/**
 * The one read-fold-decide-append shell every command handler uses. decide is pure, so on a
 * revision conflict re-reading and re-deciding is safe; after maxAttempts the conflict surfaces (409).
 *
 * The state decided on comes from the stream-state cache when it holds the stream, and the append
 * expects the cached revision: when that was current (the usual case in one process) the command
 * costs one round trip to the store. A conflict, a refusal or a decision to record nothing is never
 * answered from a cached state: the shell catches the state up with the store and decides again.
 */
export async function handleCommand<C extends Command, E extends Event, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  options: HandleOptions = {},
): Promise<Handled<S>> {
  const cache = options.cache ?? stateCacheFor(store);
  return cache.exclusive(stream, () => decideAndAppend(store, stream, decider, command, cache, options.maxAttempts ?? 5, options.newStream ?? false));
}

async function decideAndAppend<C extends Command, E extends Event, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  cache: StreamStateCache,
  maxAttempts: number,
  newStream: boolean,
): Promise<Handled<S>> {
  const evolve = decider.evolve as Evolve;
  let useCache = true;
  for (let attempt = 0; ; ) {
    const cached = useCache ? (cache.get<S>(stream, evolve) ?? (newStream ? { state: decider.initialState(), revision: -1 } : undefined)) : undefined;
    useCache = false; // every later round reads what the store holds after the cached revision
    const { state, revision } = cached ?? (await currentState(store, stream, decider.evolve as (state: S, event: never) => S, decider.initialState, cache));
    let decided: readonly E[];
    try {
      decided = decider.decide(command, state);
    } catch (refusal) {
      if (cached) continue; // refused on a cached state: decide again on the store's current one
      throw refusal;
    }
    if (decided.length === 0) {
      if (cached) continue;
      const warnings = decider.warnings?.(command, state, decided) ?? [];
      return { state, events: [], nextExpectedRevision: revision >= 0 ? revision : null, warnings };
    }
    const { metadata } = command;
    try {
      const result = await store.append(
        stream,
        decided.map((event, index) => ({
          eventId: eventIdFor(stream, metadata.commandId, index),
          type: event.type,
          data: event.data as Record<string, unknown>,
          occurredAt: metadata.occurredAt,
          recordedAt: metadata.now,
          actor: metadata.actor,
          correlationId: metadata.correlationId,
          causationId: metadata.causationId ?? null,
          commandId: metadata.commandId,
          classification: decider.classify?.(event, state) ?? INTERNAL,
          ...(metadata.imported && { imported: metadata.imported }),
        })),
        { expectedRevision: revision < 0 ? 'no_stream' : revision },
      );
      const newState = fold(decider.evolve, state, decided);
      // A replayed append (this command's events stored before) returns what was stored then; only
      // events appended right after the state decided on make the new state the stream's.
      if (result.events[0]?.revision === revision + 1) cache.set(stream, evolve, { state: newState, revision: result.nextExpectedRevision });
      const warnings = decider.warnings?.(command, state, decided) ?? [];
      return { state: newState, events: result.events, nextExpectedRevision: result.nextExpectedRevision, warnings };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevision)) throw error;
      // A stale cache entry is not a contested write: only conflicts on the store's state count.
      if (!cached && ++attempt >= maxAttempts) throw error;
    }
  }
}
