export { type DocumentProjection, type ColumnType, projectionId, viewName } from './projection.js';
export { ReadStore, BuildMoved, DocumentCache, evolveDocuments, type ProjectionBuild, type BuildState } from './read-store.js';
export { ProjectionFailed, ProjectionRunner, rebuildProjection, type ProjectionObserver, type RebuildOptions, type RunnerOptions, type RunnerStatus } from './projection-runner.js';
export { documentsVersion, findDocuments, getDocument, type DocumentQuery, type DocumentPage } from './queries.js';
export { originalJson, originalText, storableText } from './storable.js';
