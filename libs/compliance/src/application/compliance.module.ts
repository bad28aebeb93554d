import { Module } from '@nestjs/common';
import { ComplianceController } from './compliance.controller.js';
import { ComplianceQuery } from './compliance.query.js';

/**
 * Compliance flags over HTTP. Needs (globally) SQL_CLIENT and CLOCK from #platform, and a projector fed
 * with COMPLIANCE_PROJECTIONS (ProjectorModule.forRoot).
 */
@Module({
  controllers: [ComplianceController],
  providers: [ComplianceQuery],
  exports: [ComplianceQuery],
})
export class ComplianceModule {}
