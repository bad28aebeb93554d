import { type DynamicModule, Module } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { NegotiationExports, RECORDS_OPTIONS, type RecordsOptions } from '../export/negotiation-exports.js';
import { CheckpointSchedule } from '../checkpoint/checkpoint-schedule.js';
import { RecordsController } from './records.controller.js';

/** GET /negotiations/:id/audit-file and /public-records-file, over the one export use case (NegotiationExports); the record's periodic checkpoints. */
@Module({})
export class RecordsModule {
  static forRoot(options: RecordsOptions): DynamicModule {
    return {
      module: RecordsModule,
      imports: [ReadPolicyModule],
      controllers: [RecordsController],
      providers: [{ provide: RECORDS_OPTIONS, useValue: options }, NegotiationExports, CheckpointSchedule],
      exports: [NegotiationExports],
    };
  }
}
