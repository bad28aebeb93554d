import { Inject, Injectable, type LoggerService, type OnApplicationBootstrap, type OnApplicationShutdown, Optional } from '@nestjs/common';
import type { EventStore } from '#event-store';
import { APP_LOGGER, EVENT_STORE, METRICS, Metrics, SQL_CLIENT } from '#platform';
import { type DocumentProjection, ProjectionRunner, ReadStore, projectionId } from '#read-store';
import type { SqlClient } from '#sql';
import { type ProjectionStatus, projectionSkips, projectionStatus, skippedEventIds } from './projection-operations.js';

export const PROJECTIONS = Symbol.for('lrr.Projections');
export const RUN_PROJECTIONS = Symbol.for('lrr.RunProjections');

/**
 * Runs every projection, each in its own runner so one failing stops only itself. In production it
 * runs in apps/projector; on the embedded run, inside the API process.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private runners: ProjectionRunner[] = [];
  private readStore: ReadStore | null = null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(PROJECTIONS) private readonly projections: readonly DocumentProjection[],
    @Inject(RUN_PROJECTIONS) private readonly run: boolean,
    @Optional() @Inject(METRICS) private readonly metrics?: Metrics,
    @Optional() @Inject(APP_LOGGER) private readonly logger?: LoggerService,
  ) {}

  async readStoreReady(): Promise<ReadStore> {
    this.readStore ??= await ReadStore.open(this.sql);
    return this.readStore;
  }

  async onApplicationBootstrap(): Promise<void> {
    const readStore = await this.readStoreReady();
    if (!this.run) return;
    const metrics = this.metrics;
    this.runners = this.projections.map(
      (projection) =>
        new ProjectionRunner(this.store, readStore, projection, {
          skips: async () => skippedEventIds(await projectionSkips(this.store), projection),
          observer: {
            batchApplied: (name, events, lags) => {
              if (!metrics) return;
              metrics.projectedEvents.inc({ projection: name }, events.length);
              for (const lag of lags) metrics.projectionLagSeconds.observe({ projection: name }, lag);
              if (lags.length > 0) metrics.projectionCheckpointAge.set({ projection: name }, lags[lags.length - 1]!);
            },
            failed: (name) => metrics?.projectionFailed.set({ projection: name }, 1),
            log: (message, fields) => this.logger?.warn(message, { ...fields }, 'Projector'),
          },
        }),
    );
    for (const runner of this.runners) runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }

  /** Every projection's builds, with the state of the runners this process runs (see projectionStatus). */
  async status(): Promise<ProjectionStatus[]> {
    const running = new Map(this.runners.map((r) => [projectionId(r.projection), r.status]));
    return projectionStatus(this.store, await this.readStoreReady(), this.projections, running);
  }

  /** Waits until every projection has applied everything recorded so far (tests, read-your-writes). */
  async caughtUp(timeoutMs = 10_000): Promise<void> {
    const head = await this.store.readAll({ after: null, maxCount: 1 });
    if (head.events.length === 0) return;
    const end = Date.now() + timeoutMs;
    for (;;) {
      const pending = await Promise.all(
        this.runners.map(async (r) => {
          if (r.status.state === 'failed') return false;
          const ahead = await this.store.readAll({ after: r.status.build?.checkpoint ?? null, maxCount: 1, category: r.projection.categories.length === 1 ? r.projection.categories[0] : undefined });
          return ahead.events.length > 0 || r.status.state !== 'live';
        }),
      );
      if (!pending.some(Boolean)) return;
      if (Date.now() > end) throw new Error('projections did not catch up in time');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
