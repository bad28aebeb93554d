import { AccessModule } from '#access';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import type { AppConfig } from '#config';
import { ImportsModule } from '#imports';
import { InformationRequestsModule } from '#information-requests';
import { LegalModule } from '#legal';
import { readModelModules } from '#read-models';
import { RecordsModule, recordsOptions } from '#records';

/** What the API serves: each bounded context's commands and reads, the legal record, and the read models. */
export function featureModules(config: AppConfig) {
  return [
    BargainingModule,
    StatutoryWarningsModule,
    InformationRequestsModule,
    AccessModule,
    ImportsModule,
    LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }),
    RecordsModule.forRoot(recordsOptions(config)),
    ...readModelModules({ run: config.runProjector }),
  ];
}
