import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandCtx, type CommandContext } from '#platform';
import { AgreeReturnToWorkDto, BeginWorkStoppageDto, EndWorkStoppageDto, GiveWorkStoppageNoticeDto, NegotiationParams, WorkStoppageParams } from './dto/requests.dto.js';
import { RecordsFact } from './openapi.js';
import { BARGAINING_MESSAGES } from './importable.js';
import { NegotiationFactController, knownNegotiation, metadataOf, newId, nullable } from './support.js';

/** Strikes, sick-outs and lockouts on the negotiation's stream: the negotiation names the unit. */
@ApiTags('negotiations: work stoppages')
@Controller('negotiations')
export class NegotiationWorkStoppagesController extends NegotiationFactController {
  constructor(@Inject(CommandBus) commands: CommandBus) {
    super(commands);
  }

  @Post(':negotiationId/work-stoppages/notices')
  @RecordsFact(
    'Record notice of a strike, sick-out or lockout: the kind (the side follows from it), the planned start, the estimated participation when known; given on occurredAt',
    'The server names the stoppage (stoppageId); record its beginning under that id.',
  )
  giveWorkStoppageNotice(@Param() p: NegotiationParams, @Body() body: GiveWorkStoppageNoticeDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const stoppageId = newId(ctx, 'work-stoppage');
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.GiveWorkStoppageNotice({ negotiationId, stoppageId }, body, metadataOf(ctx, body)),
      { stoppageId },
    );
  }

  @Post(':negotiationId/work-stoppages')
  @RecordsFact(
    'Record a strike, sick-out or lockout begun on occurredAt, under the id of its recorded notice or as a new stoppage',
    'A stoppage without notice, or on another day than the notice planned, is recorded as given. 422 WORK_STOPPAGE_NOT_RECORDED for an unknown stoppageId, WORK_STOPPAGE_ALREADY_BEGAN.',
  )
  beginWorkStoppage(@Param() p: NegotiationParams, @Body() body: BeginWorkStoppageDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const stoppageId = body.stoppageId ?? newId(ctx, 'work-stoppage');
    return this.record(negotiationId, BARGAINING_MESSAGES.BeginWorkStoppage({ negotiationId, stoppageId }, body, metadataOf(ctx, body)), { stoppageId });
  }

  @Post(':negotiationId/work-stoppages/:stoppageId/end')
  @RecordsFact(
    'Record a work stoppage ended on occurredAt',
    '422 WORK_STOPPAGE_NOT_RECORDED for an unknown stoppage, WORK_STOPPAGE_NOT_BEGUN for one only noticed, WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN, WORK_STOPPAGE_ALREADY_ENDED.',
  )
  endWorkStoppage(@Param() p: WorkStoppageParams, @Body() body: EndWorkStoppageDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const { stoppageId } = p;
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.EndWorkStoppage({ negotiationId, stoppageId }, body, metadataOf(ctx, body)),
      { stoppageId },
    );
  }

  @Post(':negotiationId/work-stoppages/return-to-work-agreements')
  @RecordsFact('Record a return-to-work agreement: its terms, and the stoppage it ends when known', '422 WORK_STOPPAGE_NOT_RECORDED for an unknown stoppageId.')
  agreeReturnToWork(@Param() p: NegotiationParams, @Body() body: AgreeReturnToWorkDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    const stoppageId = nullable(body.stoppageId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.AgreeReturnToWork({ negotiationId }, body, metadataOf(ctx, body)),
      stoppageId === null ? {} : { stoppageId },
    );
  }
}
