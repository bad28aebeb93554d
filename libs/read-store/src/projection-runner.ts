import type { EventStore, RecordedEvent } from '#event-store';
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
  /** How often a failed projection looks whether a rebuild replaced its build. */
  readonly failedRecheckMs?: number;
}

export type RunnerStatus = { state: 'starting' | 'catching-up' | 'live' | 'failed' | 'stopped'; build: ProjectionBuild | null };

/**
 * Feeds one projection from the event store: catches its build up, activates it if it was being
 * built, then follows the live subscription. A throwing evolve stops this projection at that event
 * (its checkpoint stays before it) and nothing else.
 */
export class ProjectionRunner {
  private stopped = false;
  private subscriptionClose: (() => Promise<void>) | null = null;
  private wake: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private readonly documents = new DocumentCache();
  status: RunnerStatus = { state: 'starting', build: null };

  constructor(
    private readonly store: EventStore,
    private readonly readStore: ReadStore,
    readonly projection: DocumentProjection,
    private readonly options: RunnerOptions = {},
  ) {}

  start(): void {
    this.running ??= this.run().catch((error: unknown) => {
      this.options.observer?.log?.('projection runner stopped on an unexpected error', { projection: projectionId(this.projection), error: String(error) });
      this.status = { ...this.status, state: 'stopped' };
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.subscriptionClose?.();
    await this.running;
    this.status = { ...this.status, state: 'stopped' };
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    while (!this.stopped) {
      let build = await this.readStore.currentBuild(this.projection);
      this.status = { state: build.state === 'failed' ? 'failed' : 'catching-up', build };
      if (build.state === 'failed') {
        await this.pause(this.options.failedRecheckMs ?? 5000);
        continue;
      }
      this.documents.clear();
      if (build.checkpoint === null) await this.store.prepareFullRead?.();
      try {
        for await (const events of batchesAfter(this.store, this.projection, build.checkpoint, CATCH_UP_FLUSH)) {
          if (this.stopped) return;
          build = await this.apply(build, events);
          this.status = { state: 'catching-up', build };
          if (build.state === 'failed') break;
        }
        if (build.state === 'failed') continue;
        if (build.state === 'building') build = await this.readStore.activate(build);
        this.status = { state: 'live', build };
        const subscription = this.store.subscribe({ after: build.checkpoint, batchSize, category: onlyCategory(this.projection) });
        this.subscriptionClose = () => subscription.close();
        try {
          for await (const batch of subscription) {
            build = await this.apply(build, batch);
            this.status = { state: build.state === 'failed' ? 'failed' : 'live', build };
            if (build.state === 'failed' || this.stopped) break;
          }
        } finally {
          await subscription.close();
          this.subscriptionClose = null;
        }
      } catch (error) {
        if (!(error instanceof BuildMoved)) throw error;
      }
    }
  }

  /** Applies a batch; on a throwing evolve, applies event by event up to the culprit and marks the build failed. */
  private async apply(build: ProjectionBuild, events: readonly RecordedEvent[]): Promise<ProjectionBuild> {
    try {
      const next = await this.readStore.applyBatch(build, this.projection, events, this.documents);
      this.observe(events);
      return next;
    } catch (error) {
      if (error instanceof BuildMoved) throw error;
      let current = build;
      for (const event of events) {
        try {
          current = await this.readStore.applyBatch(current, this.projection, [event]);
          this.observe([event]);
        } catch (single) {
          if (single instanceof BuildMoved) throw single;
          this.options.observer?.failed?.(projectionId(this.projection), single, event);
          this.options.observer?.log?.('projection failed on an event; it stays stopped before it until rebuilt', {
            projection: projectionId(this.projection),
            stream: event.stream,
            revision: event.revision,
            eventId: event.eventId,
            error: single instanceof Error ? single.message : String(single),
          });
          return this.readStore.markFailed(current, single, event);
        }
      }
      return current;
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
 * Rebuilds a projection into a fresh table from the first event and swaps it in once caught up.
 * Live runners elsewhere notice (their next checkpoint update fails) and continue on the new build.
 */
export async function rebuildProjection(
  store: EventStore,
  readStore: ReadStore,
  projection: DocumentProjection,
  onProgress?: (progress: { events: number; build: ProjectionBuild }) => void,
  flush: { everyMs?: number; documents?: number } = {},
): Promise<ProjectionBuild> {
  const everyMs = flush.everyMs ?? REBUILD_FLUSH_MS;
  const maxDocuments = flush.documents ?? REBUILD_FLUSH_DOCUMENTS;
  let build = await readStore.createBuild(projection);
  await store.prepareFullRead?.();
  // A rebuild touches every document of the model: keeping them all spares reading any back.
  const documents = new DocumentCache(REBUILD_CACHE_BYTES);
  let events = 0;
  let pending = new PendingDocuments();
  let flushed = Date.now();
  // Nobody reads a build before it is activated: pages are evolved in memory as they arrive and
  // written now and then (see REBUILD_FLUSH_MS), each touched document once per write.
  for await (const page of batchesAfter(store, projection, build.checkpoint, PAGE)) {
    await readStore.stage(build, projection, page, pending, documents);
    events += page.length;
    if (pending.positions.size >= maxDocuments || Date.now() - flushed >= everyMs) {
      build = await readStore.commit(build, projection, pending, documents);
      pending = new PendingDocuments();
      flushed = Date.now();
    }
    onProgress?.({ events, build });
  }
  build = await readStore.commit(build, projection, pending, documents);
  return readStore.activate(build);
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
