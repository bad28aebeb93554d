import { Body, Controller, Get, HttpCode, HttpStatus, Inject, Param, Put, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '#auth';
import { CLOCK, type Clock, CommandCtx, type CommandContext, IdempotencyInterceptor, OperationId } from '#platform';
import { ROLES, calendarDay } from '#kernel';
import { SetInformationRequestPolicyCommand } from '../commands.js';
import { AsOfQuery, SetInformationRequestPolicyDto, UnitParams } from '../dto/requests.dto.js';
import { InformationRequestPolicyRecordedView, InformationRequestPolicyView } from '../dto/responses.dto.js';
import { BargainingUnits } from '../bargaining-units.js';
import { WRITERS, businessTime, today } from '../information-requests.controller.js';
import { ApiCommand, ApiReadProblems } from '../openapi.js';
import { policyView, recordedEventView } from '../views.js';
import { ResponsePolicies } from './response-policies.js';

@ApiTags('information requests')
@Controller('units/:unitId/information-request-policy')
export class InformationRequestPolicyController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(ResponsePolicies) private readonly policies: ResponsePolicies,
    @Inject(BargainingUnits) private readonly units: BargainingUnits,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Put()
  @OperationId('setInformationRequestPolicy')
  @HttpCode(HttpStatus.OK)
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: "Set the unit's response policy for information requests, from the day of occurredAt",
    description:
      'Recorded as an event (auditable; earlier versions stay). Requests received on or after occurredAt get their due date from it; ' +
      'due dates already recorded do not change. Setting the policy already in effect records nothing.',
  })
  @ApiOkResponse({ type: InformationRequestPolicyRecordedView })
  @ApiCommand()
  async set(@Param() params: UnitParams, @Body() body: SetInformationRequestPolicyDto, @CommandCtx() ctx: CommandContext): Promise<InformationRequestPolicyRecordedView> {
    const handled = await this.commands.execute(
      new SetInformationRequestPolicyCommand(
        { unitId: params.unitId, policy: { kind: body.kind, days: body.days }, holidays: [...body.holidays] },
        ctx.metadata(businessTime(body.occurredAt)),
      ),
    );
    const { events } = await this.policies.recorded(params.unitId);
    return {
      events: handled.events.map(recordedEventView),
      nextExpectedRevision: handled.nextExpectedRevision,
      policy: policyView(params.unitId, handled.state, events, calendarDay(ctx.now)),
      warnings: handled.warnings.map(({ code, message }) => ({ code, message })),
    };
  }

  @Get()
  @OperationId('getInformationRequestPolicy')
  @Roles(...ROLES)
  @ApiOperation({ summary: "The unit's response policy in effect on a day (default today), and every version recorded" })
  @ApiOkResponse({ type: InformationRequestPolicyView })
  @ApiReadProblems()
  async get(@Param() params: UnitParams, @Query() query: AsOfQuery): Promise<InformationRequestPolicyView> {
    await this.units.requireRegistered(params.unitId);
    const { state, events } = await this.policies.recorded(params.unitId);
    return policyView(params.unitId, state, events, query.asOf ?? today(this.clock));
  }
}
