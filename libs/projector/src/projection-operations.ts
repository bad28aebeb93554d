import { type EventStore, type RecordedEvent, handleCommand, readStreamOrEmpty } from '#event-store';
import { type Actor, type CommandMetadata, notFound } from '#kernel';
import { type DocumentProjection, type ReadStore, type RunnerStatus, projectionId } from '#read-store';
import { PROJECTION_OPERATIONS_STREAM, type ProjectionEventSkipped, projectionOperationsDecider } from './domain/projection-skips.js';

/** An operator's recorded decision that a projection skips an event. */
export interface ProjectionSkip {
  readonly projection: string;
  readonly eventId: string;
  readonly reason: string;
  readonly skippedBy: Actor;
  readonly recordedAt: string;
}

/** What `/projections` and `projections status` show for each build of each projection. */
export interface ProjectionStatus {
  readonly projection: string;
  readonly build: string | null;
  /** The build's stored state, or the state of the runner feeding it in this process. */
  readonly state: string;
  /** Whether this build is of the projection's current version. */
  readonly current: boolean;
  readonly checkpoint: string | null;
  readonly events: number;
  readonly lagEvents: number | null;
  readonly lagSeconds: number | null;
  readonly error: string | null;
  readonly failedEvent: string | null;
  readonly failedEventId: string | null;
  readonly skipped: readonly ProjectionSkip[];
}

/** A projection named by name (its current version) or by `name.vN`; unknown: 404. */
export function resolveProjection(projections: readonly DocumentProjection[], name: string): DocumentProjection {
  const found = projections.find((p) => p.name === name || projectionId(p) === name);
  if (!found) throw notFound('PROJECTION_NOT_FOUND', `no projection named ${name} (known: ${projections.map((p) => p.name).join(', ') || 'none'})`);
  return found;
}

/**
 * Records that the projection (its current version) skips the event: one use case for the API's
 * `POST /projections/{name}/skips` and the CLI's `projections skip`. Skipping twice records nothing new.
 */
export async function recordProjectionSkip(
  store: EventStore,
  projections: readonly DocumentProjection[],
  request: { readonly projection: string; readonly eventId: string; readonly reason: string },
  metadata: CommandMetadata,
): Promise<ProjectionSkip> {
  const projection = projectionId(resolveProjection(projections, request.projection));
  const eventId = request.eventId.toLowerCase();
  await handleCommand(store, PROJECTION_OPERATIONS_STREAM, projectionOperationsDecider, {
    type: 'SkipProjectionEvent',
    data: { projection, eventId, reason: request.reason.trim() },
    metadata,
  });
  return (await projectionSkips(store)).find((s) => s.projection === projection && s.eventId === eventId)!;
}

/** Every skip recorded, first decision first. */
export async function projectionSkips(store: EventStore): Promise<ProjectionSkip[]> {
  const events = (await readStreamOrEmpty(store, PROJECTION_OPERATIONS_STREAM)) as RecordedEvent[];
  return events
    .filter((e): e is RecordedEvent & Pick<ProjectionEventSkipped, 'data'> => e.type === 'ProjectionEventSkipped')
    .map((e) => ({ projection: e.data.projection, eventId: e.data.eventId, reason: e.data.reason, skippedBy: e.actor, recordedAt: e.recordedAt }));
}

export const skippedEventIds = (skips: readonly ProjectionSkip[], projection: DocumentProjection): ReadonlySet<string> =>
  new Set(skips.filter((s) => s.projection === projectionId(projection)).map((s) => s.eventId));

/**
 * Each build of each projection that is not retired (and each projection not built yet): state,
 * checkpoint, lag in events and seconds, the failure if any, and the skips recorded for it.
 * `running` overlays the state of the runners of this process.
 */
export async function projectionStatus(
  store: EventStore,
  readStore: ReadStore,
  projections: readonly DocumentProjection[],
  running: ReadonlyMap<string, RunnerStatus> = new Map(),
): Promise<ProjectionStatus[]> {
  const skips = await projectionSkips(store);
  const rows: ProjectionStatus[] = [];
  for (const build of await readStore.builds()) {
    if (build.state === 'retired') continue;
    const projection = projections.find((p) => p.name === build.name);
    const category = projection?.categories.length === 1 ? projection.categories[0] : undefined;
    const behind = await store.readAll({ after: build.checkpoint, maxCount: 1, category });
    const lagEvents = store.countEvents ? await store.countEvents({ after: build.checkpoint, category }) : behind.events.length > 0 ? null : 0;
    const oldestPending = behind.events[0]?.recordedAt;
    const runner = running.get(build.projection);
    rows.push({
      projection: build.projection,
      build: build.buildId,
      state: runner?.build?.buildId === build.buildId ? runner.state : build.state,
      current: projection ? projectionId(projection) === build.projection : false,
      checkpoint: build.checkpoint,
      events: build.events,
      lagEvents,
      lagSeconds: oldestPending ? Math.max(0, Math.round((Date.now() - Date.parse(oldestPending)) / 1000)) : 0,
      error: runner?.state === 'retrying' && runner.build?.buildId === build.buildId ? (runner.lastError ?? null) : build.error,
      failedEvent: build.failedEvent,
      failedEventId: build.failedEventId,
      skipped: skips.filter((s) => s.projection === build.projection),
    });
  }
  for (const p of projections) {
    if (rows.some((r) => r.projection === projectionId(p))) continue;
    const skipped = skips.filter((s) => s.projection === projectionId(p));
    rows.push({ projection: projectionId(p), build: null, state: 'not built', current: true, checkpoint: null, events: 0, lagEvents: null, lagSeconds: null, error: null, failedEvent: null, failedEventId: null, skipped });
  }
  return rows;
}
