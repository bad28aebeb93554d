export { ProjectorModule } from './projector.module.js';
export { ProjectorService, PROJECTIONS, RUN_PROJECTIONS } from './projector.service.js';
export { type ProjectionSkip, type ProjectionStatus, projectionSkips, projectionStatus, recordProjectionSkip, resolveProjection, skippedEventIds } from './projection-operations.js';
export { PROJECTION_OPERATIONS_STREAM, type ProjectionEventSkipped } from './domain/projection-skips.js';
