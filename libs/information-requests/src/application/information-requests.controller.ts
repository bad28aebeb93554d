import { Body, Controller, Get, HttpStatus, Inject, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus, type Command as NestCommand } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v5 as uuidv5 } from 'uuid';
import { AccessCtx, type AccessContext } from '#access';
import { Roles, WRITE_ROLES } from '#auth';
import { type BusinessTimeDto, CLOCK, type Clock, CommandCtx, type CommandContext, IdempotencyInterceptor, OperationId } from '#platform';
import { type BusinessTime, ROLES, type Role, businessTimeOf, calendarDay } from '#kernel';
import { isInformationRequestId } from '../domain/ids.js';
import type { InformationRequestHandled } from './commands.js';
import {
  AcknowledgeInformationRequestDto,
  AnswerClarificationDto,
  AsOfQuery,
  CancelInformationRequestMeetingDto,
  ClarificationParams,
  CloseInformationRequestDto,
  DEFAULT_PAGE_SIZE,
  ExplainInformationItemDto,
  ExtendResponseDeadlineDto,
  HoldInformationRequestMeetingDto,
  ItemParams,
  ListInformationRequestsQuery,
  ObjectToInformationItemDto,
  ProduceInformationItemDto,
  ReceiveInformationRequestDto,
  RequestClarificationDto,
  RequestParams,
  WithdrawInformationRequestDto,
} from './dto/requests.dto.js';
import { InformationRequestMeetingRecordedView, InformationRequestPageView, InformationRequestRecordedView, InformationRequestView } from './dto/responses.dto.js';
import { InformationRequestRegister, informationRequestNotFound } from './information-request-register.js';
import { ApiCommand, ApiReadProblems } from './openapi.js';
import { recordedView } from './views.js';
import { INFORMATION_REQUEST_MESSAGES } from './importable.js';

/** Request ids are derived from the command id, so a replay racing the first attempt names the same stream. */
const REQUEST_ID_NAMESPACE = '723c82ba-8110-4c59-bc0d-27c6e4ba6319';
/** Meeting ids likewise, from the command id, in a namespace of their own. */
const MEETING_ID_NAMESPACE = 'c5b0e3f4-2d17-4a8e-9f61-3b7d2e90a4c8';

export const WRITERS = WRITE_ROLES as [Role, ...Role[]];

export const businessTime = (time: BusinessTimeDto): BusinessTime => businessTimeOf(time);
export const today = (clock: Clock) => calendarDay(clock.now().toISOString());

/** An id that cannot name a request is an unknown request (404), not malformed input. */
function knownShape(requestId: string): string {
  if (!isInformationRequestId(requestId)) throw informationRequestNotFound(requestId);
  return requestId;
}

@ApiTags('information requests')
@Controller('information-requests')
export class InformationRequestsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(InformationRequestRegister) private readonly register: InformationRequestRegister,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private async record(ctx: CommandContext, command: NestCommand<InformationRequestHandled>): Promise<InformationRequestRecordedView> {
    const handled = await this.commands.execute(command);
    return recordedView(handled, calendarDay(ctx.now));
  }

  @Post()
  @OperationId('receiveInformationRequest')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record an information request received from an employee organization',
    description:
      "The server gives the request its id. The response is due by the unit's policy in effect on the day of receipt " +
      '(default: 10 business days), unless explicitDueOn overrides it. The unit must be recorded (404 UNIT_NOT_FOUND).',
  })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  receive(@Body() body: ReceiveInformationRequestDto, @CommandCtx() ctx: CommandContext): Promise<InformationRequestRecordedView> {
    const requestId = uuidv5(ctx.commandId, REQUEST_ID_NAMESPACE);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.ReceiveInformationRequest({ requestId }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/acknowledgments')
  @OperationId('acknowledgeInformationRequest')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Record that the employer acknowledged the request (a response, not a substantive one)' })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  acknowledge(@Param() params: RequestParams, @Body() body: AcknowledgeInformationRequestDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(ctx, INFORMATION_REQUEST_MESSAGES.AcknowledgeInformationRequest({ requestId }, body, ctx.metadata(businessTime(body.occurredAt))));
  }

  @Post(':requestId/clarifications')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Record a clarification the employer asked of the union; numbered 1, 2, … per request' })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  requestClarification(@Param() params: RequestParams, @Body() body: RequestClarificationDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.RequestClarification({ requestId }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/clarifications/:clarificationNumber/answers')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: "Record the union's answer to a clarification" })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  answerClarification(@Param() params: ClarificationParams, @Body() body: AnswerClarificationDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.AnswerClarification({ requestId, clarificationNumber: String(params.clarificationNumber) }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/items/:itemNumber/productions')
  @OperationId('produceItem')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Record information produced on an item (documents by SHA-256, partial or complete)' })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  produce(@Param() params: ItemParams, @Body() body: ProduceInformationItemDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.ProduceInformationItem({ requestId, itemNumber: String(params.itemNumber) }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/items/:itemNumber/objections')
  @OperationId('objectToItem')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record an objection to an item (grounds, explanation, accommodation offered)',
    description: 'A late objection (after the due date, or after something was produced) is recorded and flagged LATE_OBJECTION.',
  })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  object(@Param() params: ItemParams, @Body() body: ObjectToInformationItemDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.ObjectToInformationItem({ requestId, itemNumber: String(params.itemNumber) }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/items/:itemNumber/explanations')
  @OperationId('explainItem')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record that the employer answered an item by explaining that the information does not exist or was already produced (or another reason)',
    description:
      'An explanation answers the item: it is no longer owed. It is not an objection, so it is never a late objection; one given after the due date ' +
      'while something was owed is recorded and flagged PAST_DUE. Reason `other` requires an explanation.',
  })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  explain(@Param() params: ItemParams, @Body() body: ExplainInformationItemDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.ExplainInformationItem({ requestId, itemNumber: String(params.itemNumber) }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/deadline-extensions')
  @OperationId('extendDeadline')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Record an extension of the response deadline (agreed by the union or not); the earlier due dates stay in the record' })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  extend(@Param() params: RequestParams, @Body() body: ExtendResponseDeadlineDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.ExtendResponseDeadline({ requestId }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Post(':requestId/meetings')
  @OperationId('holdInformationRequestMeeting')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record a meeting of the parties about the request: its day (occurredAt), who attended for each side, the items discussed and what came of it',
    description:
      'The server gives the meeting its id. A meeting is not a response to the request: it changes no clock. ' +
      '404 INFORMATION_ITEM_NOT_FOUND for an item the request does not have.',
  })
  @ApiCreatedResponse({ type: InformationRequestMeetingRecordedView })
  @ApiCommand()
  async holdMeeting(@Param() params: RequestParams, @Body() body: HoldInformationRequestMeetingDto, @CommandCtx() ctx: CommandContext): Promise<InformationRequestMeetingRecordedView> {
    const requestId = knownShape(params.requestId);
    const meetingId = uuidv5(ctx.commandId, MEETING_ID_NAMESPACE);
    const recorded = await this.record(ctx, INFORMATION_REQUEST_MESSAGES.HoldInformationRequestMeeting({ requestId, meetingId }, body, ctx.metadata(businessTime(body.occurredAt))));
    return { ...recorded, meetingId };
  }

  @Post(':requestId/cancelled-meetings')
  @OperationId('cancelInformationRequestMeeting')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record a meeting about the request called off: the day it was set for, which side cancelled, why; occurredAt is when notice was given',
    description:
      'The server gives the meeting its id; a meeting held is never cancelled. Notice given after the day the meeting was set for is recorded and ' +
      'flagged MEETING_CANCELLED_AFTER_SCHEDULED_DAY. Refused: a meeting set for a day before the request was received (MEETING_SCHEDULED_BEFORE_RECEIPT).',
  })
  @ApiCreatedResponse({ type: InformationRequestMeetingRecordedView })
  @ApiCommand()
  async cancelMeeting(@Param() params: RequestParams, @Body() body: CancelInformationRequestMeetingDto, @CommandCtx() ctx: CommandContext): Promise<InformationRequestMeetingRecordedView> {
    const requestId = knownShape(params.requestId);
    const meetingId = uuidv5(ctx.commandId, MEETING_ID_NAMESPACE);
    const recorded = await this.record(ctx, INFORMATION_REQUEST_MESSAGES.CancelInformationRequestMeeting({ requestId, meetingId }, body, ctx.metadata(businessTime(body.occurredAt))));
    return { ...recorded, meetingId };
  }

  @Post(':requestId/withdrawal')
  @OperationId('withdrawInformationRequest')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({ summary: 'Record that the union withdrew the request; what was still owed becomes withdrawn' })
  @ApiCreatedResponse({ type: InformationRequestRecordedView, description: 'Recorded' })
  @ApiOkResponse({ type: InformationRequestRecordedView, description: 'Already withdrawn: nothing new recorded' })
  @ApiCommand()
  async withdraw(
    @Param() params: RequestParams,
    @Body() body: WithdrawInformationRequestDto,
    @CommandCtx() ctx: CommandContext,
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ) {
    const requestId = knownShape(params.requestId);
    const recorded = await this.record(ctx, INFORMATION_REQUEST_MESSAGES.WithdrawInformationRequest({ requestId }, body, ctx.metadata(businessTime(body.occurredAt))));
    if (recorded.events.length === 0) response.status(HttpStatus.OK);
    return recorded;
  }

  @Post(':requestId/closure')
  @OperationId('closeInformationRequest')
  @Roles(...WRITERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: 'Record that the request was closed (fulfilled, partially fulfilled, withdrawn)',
    description: 'Refused: fulfilled while an item is neither produced, objected to nor explained (ITEMS_UNANSWERED); a disposition that contradicts the record.',
  })
  @ApiCreatedResponse({ type: InformationRequestRecordedView })
  @ApiCommand()
  close(@Param() params: RequestParams, @Body() body: CloseInformationRequestDto, @CommandCtx() ctx: CommandContext) {
    const requestId = knownShape(params.requestId);
    return this.record(
      ctx,
      INFORMATION_REQUEST_MESSAGES.CloseInformationRequest({ requestId }, body, ctx.metadata(businessTime(body.occurredAt))),
    );
  }

  @Get(':requestId')
  @OperationId('getInformationRequest')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'One request as of a business day: its items, the facts dated by then, and its clocks and flags',
    description: 'Folded from the request\'s stream. 404 when unknown, not visible to the caller, or not yet received as of asOf.',
  })
  @ApiOkResponse({ type: InformationRequestView })
  @ApiReadProblems()
  get(@Param() params: RequestParams, @Query() query: AsOfQuery, @AccessCtx() access: AccessContext): Promise<InformationRequestView> {
    return this.register.asOf(params.requestId, query.asOf ?? today(this.clock), access);
  }

  @Get()
  @OperationId('listInformationRequests')
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'The register: requests by unit, status and overdue as of a day',
    description: 'Ordered by receivedOn, then requestId; page with limit and cursor. Statuses and clocks are as of overdueAsOf when given, else today.',
  })
  @ApiOkResponse({ type: InformationRequestPageView })
  @ApiReadProblems({ notFound: false })
  list(@Query() query: ListInformationRequestsQuery, @AccessCtx() access: AccessContext): Promise<InformationRequestPageView> {
    const asOf = query.overdueAsOf ?? today(this.clock);
    return this.register.page(
      { unitId: query.unitId, status: query.status, overdueAsOf: query.overdueAsOf, limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor: query.cursor },
      asOf,
      access,
    );
  }
}
