import { type DynamicModule, Module } from '@nestjs/common';
import type { DocumentProjection } from '#read-store';
import { PROJECTIONS, ProjectorService, RUN_PROJECTIONS } from './projector.service.js';
import { ProjectionsController } from './projections.controller.js';

@Module({})
export class ProjectorModule {
  /** `run: false` serves the read models without feeding them (the API when apps/projector runs apart). */
  static forRoot(options: { projections: readonly DocumentProjection[]; run: boolean }): DynamicModule {
    return {
      module: ProjectorModule,
      global: true,
      controllers: [ProjectionsController],
      providers: [
        { provide: PROJECTIONS, useValue: options.projections },
        { provide: RUN_PROJECTIONS, useValue: options.run },
        ProjectorService,
      ],
      exports: [ProjectorService, PROJECTIONS],
    };
  }
}
