import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { BargainingReadModelsController } from './bargaining-read-models.controller.js';
import { BargainingReadModels } from './bargaining-read-models.service.js';
import { UNIT_OVERDUE_REQUESTS, type UnitOverdueRequests } from './unit-dashboard.js';

/**
 * The bargaining read models' query endpoints, read through the read policy (#access). Needs
 * SQL_CLIENT, EVENT_STORE and CLOCK (#platform), provided globally by the platform; the projections themselves are run by the projector
 * (BARGAINING_PROJECTIONS). UNIT_OVERDUE_REQUESTS is optional: provide it globally, or pass the
 * provider to `withOverdueRequests`.
 */
@Module({
  imports: [ReadPolicyModule],
  controllers: [BargainingReadModelsController],
  providers: [BargainingReadModels],
  exports: [BargainingReadModels],
})
export class BargainingReadModelsModule {
  /** The same module, with the information-request register's per-unit overdue counts on the dashboards. */
  static withOverdueRequests(options: { provider: Type<UnitOverdueRequests>; imports?: ModuleMetadata['imports'] }): DynamicModule {
    return {
      module: BargainingReadModelsModule,
      imports: options.imports ?? [],
      providers: [{ provide: UNIT_OVERDUE_REQUESTS, useExisting: options.provider }],
    };
  }
}
