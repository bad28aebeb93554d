import { AccessModule } from '#access';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import type { AppConfig } from '#config';
import { InformationRequestsModule } from '#information-requests';
import { LegalModule } from '#legal';
import { readModelModules } from '#read-models';
import { RecordsModule } from '#records';

/** What the API serves: each bounded context's commands and reads, the legal record, and the read models. */
export function featureModules(config: AppConfig) {
  return [
    BargainingModule,
    StatutoryWarningsModule,
    InformationRequestsModule,
    AccessModule,
    LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }),
    RecordsModule.forRoot({ dataDir: config.storage.dataDir, lateEntryDays: config.lateEntryDays, officeTimeZone: config.officeTimeZone, exportMemoryMb: config.exportMemoryMb, checkpoints: { intervalMs: config.checkpoints.intervalMinutes * 60_000, directory: config.checkpoints.directory }, ...(config.signingKeyFile !== undefined && { signingKeyFile: config.signingKeyFile }) }),
    ...readModelModules({ run: config.runProjector }),
  ];
}
