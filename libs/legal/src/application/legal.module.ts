import { type DynamicModule, Module } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { LegalController } from './legal.controller.js';
import { LEGAL_OPTIONS, type LegalOptions, LegalRecords } from './legal-records.js';

/**
 * GET /negotiations/:id/timeline and GET /negotiations/:id/as-of/:date.
 * `LegalModule.forRoot({ lateEntryDays: config.lateEntryDays })`.
 */
@Module({})
export class LegalModule {
  static forRoot(options: LegalOptions): DynamicModule {
    return {
      module: LegalModule,
      imports: [ReadPolicyModule],
      controllers: [LegalController],
      providers: [{ provide: LEGAL_OPTIONS, useValue: { lateEntryDays: options.lateEntryDays } }, LegalRecords],
      exports: [LegalRecords],
    };
  }
}
