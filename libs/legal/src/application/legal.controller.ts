import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { TABLE_AS_OF_SCHEMAS, TIMELINE_FACT_SCHEMAS, TIMELINE_SCHEMAS } from './openapi.js';
import { AccessCtx, type AccessContext } from '#access';
import type { TableAsOf } from '../as-of.js';
import type { TimelineFact } from '../timeline.js';
import { AsOfParams, AsOfQuery, FactParams, LegalNegotiationParams, TimelineQueryDto } from './dto.js';
import { LegalRecords, type TimelineView } from './legal-records.js';
import { ApiOkSchema, OperationId } from '#platform';

@ApiTags('legal')
@Controller('negotiations/:negotiationId')
export class LegalController {
  constructor(@Inject(LegalRecords) private readonly legal: LegalRecords) {}

  @Get('timeline')
  @ApiOperation({
    summary: "The negotiation's legal timeline across its streams",
    description:
      'Every fact of the negotiation, its information requests, confidential notes and classification changes (and, for records officers, ' +
      'the access log): occurredAt with precision, recordedAt, recorder, late-entry flag with the gap in days, corrections beside what ' +
      'they correct, event id and hash. Facts above the caller’s clearance are left out; each confidential or privileged fact shown is logged. ' +
      'Paginated: `limit` facts a page, `nextCursor` as `after` for the next, `previousCursor` as `before` for the one before; count, ' +
      'lateEntries and corrections are the whole timeline’s.',
  })
  @ApiOkSchema('Timeline', TIMELINE_SCHEMAS, 'The timeline')
  timeline(@Param() params: LegalNegotiationParams, @Query() query: TimelineQueryDto, @AccessCtx() access: AccessContext): Promise<TimelineView> {
    return this.legal.timeline(
      params.negotiationId,
      {
        ...(query.from !== undefined && { from: query.from }),
        ...(query.to !== undefined && { to: query.to }),
        ...(query.timeBase !== undefined && { timeBase: query.timeBase }),
        ...(query.order !== undefined && { order: query.order }),
        ...(query.types !== undefined && { types: query.types.split(',') }),
        ...(query.article !== undefined && { article: query.article }),
        ...(query.side !== undefined && { side: query.side }),
        ...(query.includeAccessLog === 'true' && { includeAccessLog: true }),
      },
      access,
      {
        ...(query.limit !== undefined && { limit: query.limit }),
        ...(query.after !== undefined && { after: query.after }),
        ...(query.before !== undefined && { before: query.before }),
      },
    );
  }

  @Get('timeline/:eventId')
  @OperationId('timelineFact')
  @ApiOperation({
    summary: 'One fact of the timeline, with its corrections beside it',
    description: 'A record the caller may not see answers 404 and the attempt is logged; privileged content needs X-Access-Purpose (else 422).',
  })
  @ApiOkSchema('TimelineFact', TIMELINE_FACT_SCHEMAS, 'The fact')
  fact(@Param() params: FactParams, @AccessCtx() access: AccessContext): Promise<TimelineFact> {
    return this.legal.fact(params.negotiationId, params.eventId, access);
  }

  @Get('as-of/:date')
  @OperationId('tableAsOf')
  @ApiOperation({
    summary: 'The state of the table as of a day: as it happened (business) or as the record stood (system)',
    description:
      "Every article's current position per side with its full text, the TAs (complete or awaiting a signature) and the open " +
      'information requests with their clocks, folded from the events the caller may see.',
  })
  @ApiOkSchema('TableAsOf', TABLE_AS_OF_SCHEMAS, 'The table as of the day')
  asOf(@Param() params: AsOfParams, @Query() query: AsOfQuery, @AccessCtx() access: AccessContext): Promise<TableAsOf & { withheldForPurpose: number }> {
    return this.legal.asOf(params.negotiationId, params.date, query.basis ?? 'business', access);
  }
}
