import { Module } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { InformationRequestRegisterModule } from '../read-models/register.module.js';
import { BargainingUnits } from './bargaining-units.js';
import { INFORMATION_REQUEST_COMMAND_HANDLERS } from './handlers.js';
import { InformationRequestRegister } from './information-request-register.js';
import { InformationRequestsController } from './information-requests.controller.js';
import { InformationRequestPolicyController } from './response-policy/response-policy.controller.js';
import { ResponsePolicies } from './response-policy/response-policies.js';

/**
 * The information-requests context over HTTP; its reads go through the read policy (#access), its
 * list is the register (a projection: the application runs a projector fed with INFORMATION_REQUEST_PROJECTIONS). The application provides (globally) the #platform tokens
 * EVENT_STORE and CLOCK, IdempotencyKeys/IdempotencyInterceptor, and CqrsModule.forRoot().
 */
@Module({
  imports: [ReadPolicyModule, InformationRequestRegisterModule],
  controllers: [InformationRequestsController, InformationRequestPolicyController],
  providers: [...INFORMATION_REQUEST_COMMAND_HANDLERS, BargainingUnits, ResponsePolicies, InformationRequestRegister],
})
export class InformationRequestsModule {}
