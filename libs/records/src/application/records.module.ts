import { type DynamicModule, Module } from '@nestjs/common';
import { ReadPolicyModule } from '#access';
import { RECORDS_OPTIONS, RecordsController, type RecordsOptions } from './records.controller.js';

@Module({})
export class RecordsModule {
  static forRoot(options: RecordsOptions): DynamicModule {
    return { module: RecordsModule, imports: [ReadPolicyModule], controllers: [RecordsController], providers: [{ provide: RECORDS_OPTIONS, useValue: options }] };
  }
}
