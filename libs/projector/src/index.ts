export { ProjectorModule } from './projector.module.js';
export { ProjectorService, PROJECTIONS, RUN_PROJECTIONS, type ProjectionHealth } from './projector.service.js';
