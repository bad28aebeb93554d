import { BadRequestException, Body, Controller, Get, Inject, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACCESS_LOG_PAGE_SCHEMAS, CLASSIFICATION_CHANGE_SCHEMAS, CLASSIFICATION_REGISTER_SCHEMAS } from './openapi.js';
import { Roles } from '#auth';
import { CLOCK, type Clock, CommandCtx, type CommandContext, IdempotencyInterceptor, OperationId, ApiCreatedSchema, ApiOkSchema } from '#platform';
import { type BusinessTime, businessTimeOf } from '#kernel';
import { ACCESS_LOG_CLASSIFICATION } from '../domain/access-log.js';
import { CLASSIFIERS } from '../domain/classification-change.js';
import { AccessCtx, type AccessContext } from './access-context.js';
import { AccessLog, type AccessLogPage, decodeCursor } from './access-log.js';
import { type ClassificationChangeView, type ClassificationRegister, Classifications } from './classifications.js';
import { AccessLogQuery, ChangeClassificationDto, DEFAULT_PAGE_SIZE, NegotiationParams } from './dto.js';
import { ReadPolicy } from './read-policy.js';

@ApiTags('classification')
@Controller('negotiations/:negotiationId')
export class ClassificationController {
  constructor(
    @Inject(Classifications) private readonly classifications: Classifications,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('classification-changes')
  @OperationId('changeClassification')
  @Roles(...CLASSIFIERS)
  @UseInterceptors(IdempotencyInterceptor)
  @ApiOperation({
    summary: "Change a record's classification from a day on",
    description:
      'Records a ClassificationChanged in classification-<negotiationId>; the record itself never changes. ' +
      '404 RECORD_NOT_FOUND for an unknown record or one above the caller’s clearance; 422 CLASSIFICATION_UNCHANGED for a no-op, ' +
      'CLASSIFICATION_ABOVE_CLEARANCE for a level the caller may not read.',
  })
  @ApiCreatedSchema('ClassificationChange', CLASSIFICATION_CHANGE_SCHEMAS, 'The change as recorded')
  change(
    @Param() params: NegotiationParams,
    @Body() body: ChangeClassificationDto,
    @CommandCtx() ctx: CommandContext,
    @AccessCtx() access: AccessContext,
  ): Promise<ClassificationChangeView> {
    const occurredAt: BusinessTime = body.occurredAt ? businessTimeOf(body.occurredAt) : { at: ctx.now, precision: 'instant' };
    return this.classifications.change(
      params.negotiationId,
      { targetEventId: body.targetEventId, to: { level: body.to.level, basis: body.to.basis }, effectiveOn: body.effectiveOn, reason: body.reason },
      ctx.metadata(occurredAt),
      access,
    );
  }

  @Get('classification-register')
  @OperationId('classificationRegister')
  @ApiOperation({
    summary: "Every record's classification: as recorded, today, and each change with its day and reason",
    description: 'Lists the records the caller’s clearance covers today (marks and dates, no content).',
  })
  @ApiOkSchema('ClassificationRegister', CLASSIFICATION_REGISTER_SCHEMAS, 'The classification register')
  register(@Param() params: NegotiationParams, @AccessCtx() access: AccessContext): Promise<ClassificationRegister> {
    return this.classifications.register(params.negotiationId, access, this.clock.now().toISOString());
  }
}

const ACCESS_LOG_RESOURCE = 'GET /access-log';

@ApiTags('access log')
@Controller('access-log')
export class AccessLogController {
  constructor(
    @Inject(AccessLog) private readonly accessLog: AccessLog,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
  ) {}

  @Get()
  @OperationId('accessLog')
  @Roles('records-officer')
  @ApiOperation({
    summary: 'Who read (or tried to read) confidential and privileged records: records officers only',
    description: 'In recording order, paginated by cursor. The query itself is logged as one entry.',
  })
  @ApiOkSchema('AccessLogPage', ACCESS_LOG_PAGE_SCHEMAS, 'A page of access-log entries')
  async query(@Query() query: AccessLogQuery, @AccessCtx() access: AccessContext): Promise<AccessLogPage & { withheldForPurpose: number }> {
    const cursor = query.cursor === undefined ? null : decodeCursor(query.cursor);
    if (query.cursor !== undefined && cursor === null) throw new BadRequestException('cursor is not one this API issued');
    const page = await this.accessLog.query(
      {
        ...(query.subject !== undefined && { subject: query.subject }),
        ...(query.from !== undefined && { from: query.from }),
        ...(query.to !== undefined && { to: query.to }),
        ...(query.stream !== undefined && { stream: query.stream }),
        ...(query.negotiationId !== undefined && { negotiationId: query.negotiationId }),
        ...(query.outcome !== undefined && { outcome: query.outcome }),
      },
      { limit: query.limit ?? DEFAULT_PAGE_SIZE, cursor },
    );
    // The entries are confidential records, read through the policy: the reading of them is logged, summarised (see ReadPolicy.recordReads).
    const records = page.entries.map((entry) => ({ entry, eventId: entry.logEventId, stream: entry.logStream, classification: ACCESS_LOG_CLASSIFICATION }));
    const screened = this.policy.screen(access.actor, records, access.purpose);
    await this.policy.recordReads(access.actor, screened.readable, access.purpose, { resource: ACCESS_LOG_RESOURCE, correlationId: access.correlationId });
    return { ...page, entries: screened.readable.map((record) => record.entry), withheldForPurpose: screened.withheldForPurpose };
  }
}
