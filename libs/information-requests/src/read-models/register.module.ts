import { Global, Module } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { ProjectedUnitBusinessCalendars, UNIT_BUSINESS_CALENDARS } from './business-calendars.js';
import { InformationRequestRegisterController } from './register.controller.js';
import { InformationRequestRegisterQuery } from './register.query.js';
import { UNIT_OVERDUE_REQUESTS } from './unit-overdue-requests.js';

/**
 * The register's query side over the read store, read through the read policy (#access). Needs
 * (globally) SQL_CLIENT, EVENT_STORE and CLOCK from #platform,
 * and a projector fed with INFORMATION_REQUEST_PROJECTIONS. Global, so the unit dashboard can inject
 * UNIT_OVERDUE_REQUESTS without importing this context.
 */
@Global()
@Module({
  imports: [ReadPolicyModule],
  controllers: [InformationRequestRegisterController],
  providers: [
    InformationRequestRegisterQuery,
    { provide: UNIT_BUSINESS_CALENDARS, useClass: ProjectedUnitBusinessCalendars },
    { provide: UNIT_OVERDUE_REQUESTS, useExisting: InformationRequestRegisterQuery },
  ],
  exports: [InformationRequestRegisterQuery, UNIT_OVERDUE_REQUESTS, UNIT_BUSINESS_CALENDARS],
})
export class InformationRequestRegisterModule {}
