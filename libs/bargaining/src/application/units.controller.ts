import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandCtx, type CommandContext, OperationId } from '#platform';
import { RecordUnitAgreementTermDto, RegisterUnitDto, UnitParams } from './dto/requests.dto.js';
import { UnitRecordedView, UnitView } from './dto/responses.dto.js';
import { ReadsRecord, RecordsFact } from './openapi.js';
import { BargainingRecords } from './records.js';
import { knownUnit, metadataOf, newId } from './support.js';
import { unitRecordedView, unitView } from './views.js';
import { BARGAINING_MESSAGES } from './importable.js';

/** The unit register is the administrators' (DESIGN.md: admin keeps units); everyone reads it. */
@ApiTags('bargaining units')
@Controller('units')
export class UnitsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
  ) {}

  @Post()
  @OperationId('registerUnit')
  @RecordsFact('Register a bargaining unit', 'The server gives the unit its id. Negotiations open on a registered unit and copy its statute.', UnitRecordedView, ['admin'])
  async register(@Body() body: RegisterUnitDto, @CommandCtx() ctx: CommandContext): Promise<UnitRecordedView> {
    const unitId = newId(ctx, 'unit');
    const handled = await this.commands.execute(
      BARGAINING_MESSAGES.RegisterUnit({ unitId }, body, metadataOf(ctx, body)),
    );
    return unitRecordedView(handled);
  }

  @Post(':unitId/agreement-terms')
  @RecordsFact("Record a new agreement's term for the unit (a successor or an extension)", undefined, UnitRecordedView, ['admin'])
  async recordAgreementTerm(@Param() params: UnitParams, @Body() body: RecordUnitAgreementTermDto, @CommandCtx() ctx: CommandContext): Promise<UnitRecordedView> {
    const unitId = knownUnit(params.unitId);
    const handled = await this.commands.execute(
      BARGAINING_MESSAGES.RecordUnitAgreementTerm({ unitId }, body, metadataOf(ctx, body)),
    );
    return unitRecordedView(handled);
  }

  @Get(':unitId')
  @OperationId('getUnit')
  @ReadsRecord('A bargaining unit as registered', UnitView)
  async get(@Param() params: UnitParams): Promise<UnitView> {
    const { state, events } = await this.records.unit(params.unitId);
    return unitView(state, events.at(-1)!.revision);
  }
}
