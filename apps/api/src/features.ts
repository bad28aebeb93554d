import type { AppConfig } from '#config';
import { InformationRequestsModule } from '#information-requests';
import { readModelModules } from '#read-models';

/** What the API serves: each bounded context's commands and reads, and the read models. */
export function featureModules(config: AppConfig) {
  return [InformationRequestsModule, ...readModelModules({ run: config.runProjector })];
}
