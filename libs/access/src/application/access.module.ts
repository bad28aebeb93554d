import { Module } from '@nestjs/common';
import { AccessLog } from './access-log.js';
import { AccessLogController, ClassificationController } from './access.controller.js';
import { Classifications } from './classifications.js';
import { NegotiationFiles } from './negotiation-files.js';
import { ReadPolicy } from './read-policy.js';

/**
 * The read policy and what it needs, without routes: import it into every module that serves reads
 * (inject ReadPolicy, and NegotiationFiles for a negotiation's classification book). Needs the
 * #platform tokens EVENT_STORE and CLOCK, which the application provides globally.
 */
@Module({
  providers: [AccessLog, ReadPolicy, NegotiationFiles],
  exports: [AccessLog, ReadPolicy, NegotiationFiles],
})
export class ReadPolicyModule {}

/**
 * The access context over HTTP: POST /negotiations/:id/classification-changes,
 * GET /negotiations/:id/classification-register, GET /access-log (records officers).
 */
@Module({
  imports: [ReadPolicyModule],
  controllers: [ClassificationController, AccessLogController],
  providers: [Classifications],
  exports: [ReadPolicyModule],
})
export class AccessModule {}
