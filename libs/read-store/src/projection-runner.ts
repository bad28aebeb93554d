import type { EventStore, RecordedEvent } from '#event-store';
import { isStoreUnavailable, reconnectDelay } from '#sql';
import type { DocumentProjection } from './projection.js';
import { projectionId } from './projection.js';
import { BuildMoved, DocumentCache, PendingDocuments, type ProjectionBuild, type ReadStore } from './read-store.js';

export interface ProjectionObserver {
  /** After a batch committed: how many events it applied and each one's lag (commit time − recordedAt). */
  batchApplied?(projection: string, events: readonly RecordedEvent[], lagSeconds: readonly number[]): void;
  failed?(projection: string, error: unknown, event: RecordedEvent): void;
  log?(message: string, fields: Record<string, unknown>): void;
}

/** Events applied in one transaction while catching up or rebuilding: each touched document is written once per flush. */
const CATCH_UP_FLUSH = 20_000;
const PAGE = 2_000;
/**
 * A rebuild writes its documents (and checkpoint, so an interrupted one resumes from there) once a
 * minute, or sooner when this many documents wait; else once, at the end. Each write of a document
 * before the last is work thrown away.
 */
const REBUILD_FLUSH_MS = 60_000;
const REBUILD_FLUSH_DOCUMENTS = 100_000;
const REBUILD_CACHE_BYTES = 512 * 1024 * 1024;

export interface RunnerOptions {
  readonly batchSize?: number;
  readonly observer?: ProjectionObserver;
  /** How often a failed projection looks whether a rebuild replaced its build or an operator skipped its event. */
  readonly failedRecheckMs?: number;
  /**
   * The ids of the events an operator decided this projection skips (recorded as events, never by
   * editing the store). Read whenever the runner starts over and while it is failed.
   */
  readonly skips?: () => Promise<ReadonlySet<string>>;
}

export type RunnerStatus = {
  state: 'starting' | 'catching-up' | 'live' | 'failed' | 'retrying' | 'stopped';
  build: ProjectionBuild | null;
  /** While retrying: what went wrong (the database away, or an unexpected error). */
  lastError?: string;
};

/** A projection could not apply an event: names the projection and the event, for one line of output. */
export class ProjectionFailed extends Error {
  constructor(
    readonly projection: string,
    readonly event: Pick<RecordedEvent, 'eventId' | 'stream' | 'revision' | 'type'>,
    readonly reason: unknown,
  ) {
    super(
      `projection ${projection} failed on event ${event.eventId} (stream ${event.stream}, revision ${event.revision}, ${event.type}): ${(reason instanceof Error ? reason.message : String(reason)).replace(/\s+/g, ' ')}`,
      { cause: reason },
    );
    this.name = 'ProjectionFailed';
  }
}

/** The projection with the events an operator skipped taken out: it neither reads nor writes a document for them. */
export function skipping<Doc>(projection: DocumentProjection<Doc>, skipped: ReadonlySet<string>): DocumentProjection<Doc> {
  if (skipped.size === 0) return projection;
  return { ...projection, keys: (event) => (skipped.has(event.eventId) ? [] : projection.keys(event)) };
}

const NOTHING_SKIPPED: ReadonlySet<string> = new Set();

/**
 * Feeds one projection from the event store: catches its build up, activates it if it was being
 * built, then follows the live subscription. A throwing evolve (or a row the database refuses)
 * stops this projection at that event (its checkpoint stays before it) and nothing else; readers
 * keep its last good state. Losing the database, or any unexpected error, never stops it for
 * good: it waits with back-off and starts over from its stored checkpoint.
 */
export class ProjectionRunner {
  private stopped = false;
  private subscriptionClose: (() => Promise<void>) | null = null;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private failures = 0;
  private readonly documents = new DocumentCache();
  status: RunnerStatus = { state: 'starting', build: null };

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    readonly projection: DocumentProjection,
    private readonly options: RunnerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.subscriptionClose?.();
    await this.running;
    this.status = { ...this.status, state: 'stopped' };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.follow();
      } catch (error) {
        if (this.stopped) return;
        if (error instanceof BuildMoved) continue;
        this.failures += 1;
        const transient = isStoreUnavailable(error);
        const message = error instanceof Error ? error.message : String(error);
        if (this.failures === 1 || !transient) {
          this.options.observer?.log?.(transient ? 'projection waits for the database; it goes on from its checkpoint' : 'projection runner met an unexpected error; it starts over from its checkpoint', {
            projection: projectionId(this.projection),
            error: message,
          });
        }
        this.status = { state: 'retrying', build: this.status.build, lastError: message };
        await this.pause(reconnectDelay(this.failures, { capMs: transient ? 10_000 : 30_000 }));
      }
    }
  }

  /** One pass: from the stored build and checkpoint to a failure, a stop, or an error (thrown). */
  private async follow(): Promise<void> {
    let build = await this.readStore.currentBuild(this.projection);
    const skipped = (await this.options.skips?.()) ?? NOTHING_SKIPPED;
    if (build.state === 'failed') {
      if (build.failedEventId === null || !skipped.has(build.failedEventId)) {
        this.status = { state: 'failed', build };
        this.failures = 0;
        await this.pause(this.options.failedRecheckMs ?? 5000);
        return;
      }
      this.options.observer?.log?.('projection goes on past an event an operator skipped', { projection: projectionId(this.projection), eventId: build.failedEventId });
      build = await this.readStore.resume(build);
    }
    const projection = skipping(this.projection, skipped);
    this.status = { state: 'catching-up', build };
    this.documents.clear();
    if (build.checkpoint === null) await this.store.prepareFullRead?.();
    for await (const events of batchesAfter(this.store, this.projection, build.checkpoint, CATCH_UP_FLUSH)) {
      if (this.stopped) return;
      build = await this.apply(build, projection, events);
      this.status = { state: build.state === 'failed' ? 'failed' : 'catching-up', build };
      if (build.state === 'failed') return;
    }
    if (build.state === 'building') build = await this.readStore.activate(build);
    this.status = { state: 'live', build };
    // A stop asked for while catching up found no subscription to close: do not open one now.
    if (this.stopped) return;
    const subscription = this.store.subscribe({ after: build.checkpoint, batchSize: this.options.batchSize ?? 500, category: onlyCategory(this.projection) });
    this.subscriptionClose = () => subscription.close();
    try {
      for await (const batch of subscription) {
        build = await this.apply(build, projection, batch);
        this.status = { state: build.state === 'failed' ? 'failed' : 'live', build };
        if (build.state === 'failed' || this.stopped) break;
      }
    } finally {
      this.subscriptionClose = null;
      await subscription.close();
    }
  }

  /** Applies a batch; on a failure, applies event by event up to the culprit and marks the build failed there. */
  private async apply(build: ProjectionBuild, projection: DocumentProjection, events: readonly RecordedEvent[]): Promise<ProjectionBuild> {
    try {
      const next = await this.readStore.applyBatch(build, projection, events, this.documents);
      this.failures = 0;
      this.observe(events);
      return next;
    } catch (error) {
      if (error instanceof BuildMoved || isStoreUnavailable(error)) throw error;
      const located = await applyOneByOne(this.readStore, build, projection, events, (event) => this.observe([event]));
      if (!located.failure) return located.build;
      const { reason, event } = located.failure;
      this.options.observer?.failed?.(projectionId(this.projection), reason, event);
      this.options.observer?.log?.('projection failed on an event; it stays stopped before it until rebuilt or an operator skips the event', {
        projection: projectionId(this.projection),
        stream: event.stream,
        revision: event.revision,
        eventId: event.eventId,
        error: reason instanceof Error ? reason.message : String(reason),
      });
      return this.readStore.markFailed(located.build, reason, event);
    }
  }

  private observe(events: readonly RecordedEvent[]): void {
    const observer = this.options.observer?.batchApplied;
    if (!observer) return;
    const now = Date.now();
    const relevant = events.filter((e) => this.projection.categories.includes(e.stream.split('-')[0]!));
    observer(projectionId(this.projection), relevant, relevant.map((e) => (now - Date.parse(e.recordedAt)) / 1000));
  }

  private pause(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/**
 * Applies events one at a time from `build` (each in its own transaction) until one fails: the
 * build as far as it got, and the event that failed with why. Losing the database is not the
 * event's fault: that is thrown, as is a build another runner moved.
 */
async function applyOneByOne(
  readStore: ReadStore,
  build: ProjectionBuild,
  projection: DocumentProjection,
  events: readonly RecordedEvent[],
  applied?: (event: RecordedEvent) => void,
): Promise<{ build: ProjectionBuild; failure: { reason: unknown; event: RecordedEvent } | null }> {
  let current = build;
  for (const event of events) {
    try {
      current = await readStore.applyBatch(current, projection, [event]);
      applied?.(event);
    } catch (reason) {
      if (reason instanceof BuildMoved || isStoreUnavailable(reason)) throw reason;
      return { build: current, failure: { reason, event } };
    }
  }
  return { build: current, failure: null };
}

export interface RebuildOptions {
  readonly onProgress?: (progress: { events: number; build: ProjectionBuild }) => void;
  /** Write documents at least this often (default a minute) or when this many wait (default 100,000). */
  readonly flushEveryMs?: number;
  readonly flushDocuments?: number;
  /** Event ids an operator decided this projection skips. */
  readonly skipped?: ReadonlySet<string>;
}

/**
 * Rebuilds a projection into a fresh table from the first event and swaps it in once caught up.
 * Live runners elsewhere notice (their next checkpoint update fails) and continue on the new build.
 * An event the projection cannot apply marks the new build failed (the active one stays) and
 * throws ProjectionFailed naming it.
 */
export async function rebuildProjection(store: EventStore, readStore: ReadStore, original: DocumentProjection, options: RebuildOptions = {}): Promise<ProjectionBuild> {
  const everyMs = options.flushEveryMs ?? REBUILD_FLUSH_MS;
  const maxDocuments = options.flushDocuments ?? REBUILD_FLUSH_DOCUMENTS;
  const projection = skipping(original, options.skipped ?? NOTHING_SKIPPED);
  let build = await readStore.createBuild(projection);
  await store.prepareFullRead?.();
  // A rebuild touches every document of the model: keeping them all spares reading any back.
  const documents = new DocumentCache(REBUILD_CACHE_BYTES);
  let events = 0;
  let pending = new PendingDocuments();
  let flushed = Date.now();
  // Nobody reads a build before it is activated: pages are evolved in memory as they arrive and
  // written now and then (see REBUILD_FLUSH_MS), each touched document once per write.
  try {
    for await (const page of batchesAfter(store, projection, build.checkpoint, PAGE)) {
      await readStore.stage(build, projection, page, pending, documents);
      events += page.length;
      if (pending.positions.size >= maxDocuments || Date.now() - flushed >= everyMs) {
        build = await readStore.commit(build, projection, pending, documents);
        pending = new PendingDocuments();
        flushed = Date.now();
      }
      options.onProgress?.({ events, build });
    }
    build = await readStore.commit(build, projection, pending, documents);
  } catch (error) {
    if (error instanceof BuildMoved || isStoreUnavailable(error)) throw error;
    throw await locateRebuildFailure(store, readStore, build, projection, error);
  }
  return readStore.activate(build);
}

/**
 * A rebuild failed somewhere after its last write: replays from there one event at a time to find
 * the event, marks the build failed on it, and answers ProjectionFailed (or the original error when
 * replaying does not fail again).
 */
async function locateRebuildFailure(store: EventStore, readStore: ReadStore, written: ProjectionBuild, projection: DocumentProjection, error: unknown): Promise<unknown> {
  let build = (await readStore.build(written.buildId)) ?? written;
  for await (const page of batchesAfter(store, projection, build.checkpoint, PAGE)) {
    const located = await applyOneByOne(readStore, build, projection, page);
    build = located.build;
    if (located.failure) {
      await readStore.markFailed(build, located.failure.reason, located.failure.event);
      return new ProjectionFailed(projectionId(projection), located.failure.event, located.failure.reason);
    }
  }
  return error;
}

/**
 * The projection's events after `after` in batches of up to `limit`, the next batch read while the
 * caller applies the current one: the store's work and this process's overlap.
 */
async function* batchesAfter(store: EventStore, projection: DocumentProjection, after: ProjectionBuild['checkpoint'], limit: number): AsyncGenerator<RecordedEvent[]> {
  let next = readUpTo(store, projection, after, limit);
  for (;;) {
    const batch = await next;
    if (batch.length === 0) return;
    next = readUpTo(store, projection, batch[batch.length - 1]!.position, limit);
    next.catch(() => undefined); // a read-ahead the caller no longer wants fails quietly; a wanted one is awaited above
    yield batch;
  }
}

/** The projection's next events after `after`, read page by page, up to `limit`. */
async function readUpTo(
  store: EventStore,
  projection: DocumentProjection,
  after: ProjectionBuild['checkpoint'],
  limit: number,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  let checkpoint = after;
  while (events.length < limit) {
    const page = await store.readAll({ after: checkpoint, maxCount: Math.min(PAGE, limit - events.length), category: onlyCategory(projection) });
    if (page.events.length === 0) break;
    for (const event of page.events) events.push(event);
    checkpoint = page.checkpoint;
  }
  return events;
}

/** A projection of one category reads only that category (positions stay global, so checkpoints do not change). */
function onlyCategory(projection: DocumentProjection): string | undefined {
  return projection.categories.length === 1 ? projection.categories[0] : undefined;
}
