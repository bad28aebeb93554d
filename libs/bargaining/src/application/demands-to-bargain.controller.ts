import { Body, Controller, Get, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext } from '#access';
import { CommandCtx, type CommandContext } from '#platform';
import type { DemandHandled } from './commands.js';
import { AnswerDemandToBargainDto, DemandParams, MakeDemandToBargainDto, UnitParams } from './dto/requests.dto.js';
import { DemandToBargainRecordedView, DemandToBargainView } from './dto/responses.dto.js';
import { ReadsRecord, RecordsFact } from './openapi.js';
import { BargainingRecords } from './records.js';
import { BARGAINING_MESSAGES } from './importable.js';
import { knownDemand, knownUnit, metadataOf, newId } from './support.js';
import { demandRecordedView, demandToBargainView } from './views.js';

const DEMAND_RESOURCE = 'GET /demands-to-bargain/:demandId';

/**
 * Demands to bargain a decision or its effects, each on its own stream: made for a unit before any
 * negotiation exists, answered by the other side; a negotiation opened on one (POST /negotiations
 * with demandId) is recorded on the demand too.
 */
@ApiTags('demands to bargain')
@Controller()
export class DemandsToBargainController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
  ) {}

  @Post('units/:unitId/demands-to-bargain')
  @RecordsFact(
    'Record a demand to bargain a decision or its effects, made on occurredAt',
    'The decision (description, kind, the day it was made when known) and the scope demanded: the decision, its effects, or both. The server names the demand (demandId); 404 UNIT_NOT_REGISTERED.',
    DemandToBargainRecordedView,
  )
  async makeDemandToBargain(@Param() p: UnitParams, @Body() body: MakeDemandToBargainDto, @CommandCtx() ctx: CommandContext): Promise<DemandToBargainRecordedView> {
    const unitId = knownUnit(p.unitId);
    const demandId = newId(ctx, 'demand-to-bargain');
    const handled: DemandHandled = await this.commands.execute(BARGAINING_MESSAGES.MakeDemandToBargain({ unitId, demandId }, body, metadataOf(ctx, body)));
    return demandRecordedView(handled);
  }

  @Post('demands-to-bargain/:demandId/answer')
  @RecordsFact(
    "Record the other side's answer to a demand to bargain, given on occurredAt",
    'Agrees, effects-only, refuses, or claims-waiver (with the waiver\'s basis). 404 DEMAND_NOT_RECORDED; 422 DEMAND_ALREADY_ANSWERED, DEMAND_ANSWERED_BEFORE_MADE.',
    DemandToBargainRecordedView,
  )
  async answerDemandToBargain(@Param() p: DemandParams, @Body() body: AnswerDemandToBargainDto, @CommandCtx() ctx: CommandContext): Promise<DemandToBargainRecordedView> {
    const demandId = knownDemand(p.demandId);
    const handled: DemandHandled = await this.commands.execute(BARGAINING_MESSAGES.AnswerDemandToBargain({ demandId }, body, metadataOf(ctx, body)));
    return demandRecordedView(handled);
  }

  @Get('demands-to-bargain/:demandId')
  @ReadsRecord('A demand to bargain as it stands: the decision, the scope, the answer and the negotiations opened on it', DemandToBargainView)
  async getDemandToBargain(@Param() p: DemandParams, @AccessCtx() access: AccessContext): Promise<DemandToBargainView> {
    const { state, revision } = await this.records.demand(p.demandId, access, DEMAND_RESOURCE);
    return demandToBargainView(state, revision);
  }
}
