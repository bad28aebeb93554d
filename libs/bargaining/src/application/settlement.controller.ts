import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandCtx, type CommandContext, OperationId } from '#platform';
import {
  ApproveByGoverningBodyDto,
  ConcludeNegotiationDto,
  DiscloseSettlementCostsDto,
  ExecuteAgreementDto,
  ExecuteMemorandumOfUnderstandingDto,
  ExecuteSideLetterDto,
  HoldRatificationVoteDto,
  NegotiationParams,
  ReachSettlementDto,
} from './dto/requests.dto.js';
import { RecordsFact } from './openapi.js';
import { NegotiationFactController, knownNegotiation, metadataOf } from './support.js';
import { BARGAINING_MESSAGES } from './importable.js';

const AFTER_SETTLEMENT = 'Needs a settlement (422 SETTLEMENT_NOT_REACHED).';

/** Settlement and its steps, the conclusion, and side letters and memoranda of understanding. */
@ApiTags('negotiations: settlement')
@Controller('negotiations')
export class NegotiationSettlementController extends NegotiationFactController {
  constructor(@Inject(CommandBus) commands: CommandBus) {
    super(commands);
  }

  @Post(':negotiationId/settlement')
  @RecordsFact(
    'Record a settlement reached: the tentative agreements it includes, term, summary, costs',
    '404 TENTATIVE_AGREEMENT_NOT_FOUND for an unknown TA; 422 SETTLEMENT_WITHOUT_TA when it names none, TA_WITHDRAWN for a withdrawn one.',
  )
  reachSettlement(@Param() p: NegotiationParams, @Body() body: ReachSettlementDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.ReachSettlement({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/settlement/cost-disclosure')
  @RecordsFact('Record the public disclosure of the agreement\'s major provisions and costs (EERA 3547.5)', AFTER_SETTLEMENT)
  discloseCosts(@Param() p: NegotiationParams, @Body() body: DiscloseSettlementCostsDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.DiscloseSettlementCosts({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/settlement/ratification-vote')
  @OperationId('ratifySettlement')
  @RecordsFact("Record the union members' ratification vote (yes and no counts)", AFTER_SETTLEMENT)
  ratify(@Param() p: NegotiationParams, @Body() body: HoldRatificationVoteDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.HoldRatificationVote({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/settlement/governing-body-approval')
  @OperationId('approveSettlement')
  @RecordsFact(
    'Record approval by the governing body (resolution number, date)',
    `${AFTER_SETTLEMENT} Without a cost disclosure before it (EERA) it is recorded and flagged COSTS_NOT_DISCLOSED_BEFORE_APPROVAL.`,
  )
  approve(@Param() p: NegotiationParams, @Body() body: ApproveByGoverningBodyDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.ApproveByGoverningBody({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/settlement/execution')
  @OperationId('executeSettlement')
  @RecordsFact('Record the agreement executed (signed)', AFTER_SETTLEMENT)
  execute(@Param() p: NegotiationParams, @Body() body: ExecuteAgreementDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.ExecuteAgreement({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/conclusion')
  @OperationId('concludeNegotiation')
  @RecordsFact('Record the negotiation concluded: settled, imposed or withdrawn', 'After it, only corrections are accepted (422 NEGOTIATION_CONCLUDED).')
  conclude(@Param() p: NegotiationParams, @Body() body: ConcludeNegotiationDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.ConcludeNegotiation({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/side-letters')
  @RecordsFact('Record a side letter executed (precedential or not, expiry date)')
  executeSideLetter(@Param() p: NegotiationParams, @Body() body: ExecuteSideLetterDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.ExecuteSideLetter({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/memoranda-of-understanding')
  @RecordsFact('Record a memorandum of understanding executed (precedential or not, expiry date)')
  executeMemorandum(@Param() p: NegotiationParams, @Body() body: ExecuteMemorandumOfUnderstandingDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.ExecuteMemorandumOfUnderstanding({ negotiationId }, body, metadataOf(ctx, body)));
  }
}
