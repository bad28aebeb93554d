import { Module } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { BARGAINING_COMMAND_HANDLERS } from './handlers.js';
import { NegotiationImpasseController } from './impasse.controller.js';
import { NegotiationsController } from './negotiations.controller.js';
import { DemandsToBargainController } from './demands-to-bargain.controller.js';
import { BargainingRecords } from './records.js';
import { NegotiationSettlementController } from './settlement.controller.js';
import { NegotiationTableController } from './table.controller.js';
import { UnitsController } from './units.controller.js';
import { NegotiationWorkStoppagesController } from './work-stoppages.controller.js';

/**
 * The bargaining context over HTTP: units and negotiations, every fact of DOMAIN.md as a
 * sub-resource, reads folded from the streams and filtered by the one read policy (#access), which logs
 * confidential and privileged reads and refused attempts. The
 * application provides (globally) the #platform tokens EVENT_STORE and CLOCK, IdempotencyKeys and
 * IdempotencyInterceptor, and CqrsModule.forRoot().
 */
@Module({
  imports: [ReadPolicyModule],
  controllers: [UnitsController, NegotiationsController, NegotiationTableController, NegotiationImpasseController, NegotiationWorkStoppagesController, NegotiationSettlementController, DemandsToBargainController],
  providers: [...BARGAINING_COMMAND_HANDLERS, BargainingRecords],
})
export class BargainingModule {}
