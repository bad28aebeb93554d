import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { CommandCtx, type CommandContext } from '#platform';
import {
  AppointMediatorDto,
  CertifyFactfindingDto,
  DeclareImpasseDto,
  FormFactfindingPanelDto,
  HoldFactfindingHearingDto,
  HoldImpasseHearingDto,
  HoldMediationSessionDto,
  ImposeLastBestFinalOfferDto,
  IssueFactfindingReportDto,
  MakeFactfindingReportPublicDto,
  NegotiationParams,
  RecordPerbImpasseDeterminationDto,
  RequestPerbImpasseDeterminationDto,
} from './dto/requests.dto.js';
import { RecordsFact } from './openapi.js';
import { NegotiationFactController, knownNegotiation, metadataOf } from './support.js';
import { BARGAINING_MESSAGES } from './importable.js';

const AT_IMPASSE = 'Needs a declared impasse (422 NOT_AT_IMPASSE).';

/** Impasse procedures: declaration, PERB determination, mediation, factfinding, the public hearing and an imposed offer. */
@ApiTags('negotiations: impasse')
@Controller('negotiations')
export class NegotiationImpasseController extends NegotiationFactController {
  constructor(@Inject(CommandBus) commands: CommandBus) {
    super(commands);
  }

  @Post(':negotiationId/impasse')
  @RecordsFact('Record an impasse declared: by a side or jointly, written or oral, on what date (occurredAt)')
  declareImpasse(@Param() p: NegotiationParams, @Body() body: DeclareImpasseDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.DeclareImpasse({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse/perb-requests')
  @RecordsFact('Record a request to PERB for a determination of impasse: who asked (a side or both), when (occurredAt)', 'Distinct from the determination; needs no declaration recorded first.')
  requestPerbDetermination(@Param() p: NegotiationParams, @Body() body: RequestPerbImpasseDeterminationDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.RequestPerbImpasseDetermination({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse/perb-determination')
  @RecordsFact("Record PERB's determination: impasse exists, or none (back to the table)", 'Recordable without a declaration: who declared impasse may not be known.')
  recordPerbDetermination(@Param() p: NegotiationParams, @Body() body: RecordPerbImpasseDeterminationDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.RecordPerbImpasseDetermination({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse/mediators')
  @RecordsFact('Record a mediator appointed', AT_IMPASSE)
  appointMediator(@Param() p: NegotiationParams, @Body() body: AppointMediatorDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.AppointMediator({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/impasse/mediation-sessions')
  @RecordsFact('Record a mediation session held', AT_IMPASSE)
  holdMediationSession(@Param() p: NegotiationParams, @Body() body: HoldMediationSessionDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.HoldMediationSession({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse/factfinding/certification')
  @RecordsFact('Record certification of the dispute to factfinding', AT_IMPASSE)
  certifyFactfinding(@Param() p: NegotiationParams, @Body() body: CertifyFactfindingDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.CertifyFactfinding({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/impasse/factfinding/panel')
  @RecordsFact('Record the factfinding panel formed', AT_IMPASSE)
  formFactfindingPanel(@Param() p: NegotiationParams, @Body() body: FormFactfindingPanelDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.FormFactfindingPanel({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse/factfinding/hearings')
  @RecordsFact('Record a factfinding hearing held', AT_IMPASSE)
  holdFactfindingHearing(@Param() p: NegotiationParams, @Body() body: HoldFactfindingHearingDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.HoldFactfindingHearing({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/impasse/factfinding/report')
  @RecordsFact("Record the factfinding panel's report, issued to the parties privately", AT_IMPASSE)
  issueFactfindingReport(@Param() p: NegotiationParams, @Body() body: IssueFactfindingReportDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.IssueFactfindingReport({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse/factfinding/report/publication')
  @RecordsFact(
    'Record the factfinding report made public (EERA 3548.3, MMBA 3505.5: within 10 days)',
    'Later than 10 days after issue is recorded and flagged FACTFINDING_REPORT_PUBLIC_LATE; 422 FACTFINDING_REPORT_NOT_ISSUED before a report.',
  )
  makeFactfindingReportPublic(@Param() p: NegotiationParams, @Body() body: MakeFactfindingReportPublicDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.MakeFactfindingReportPublic({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }

  @Post(':negotiationId/impasse-hearings')
  @RecordsFact('Record the public hearing on the impasse that MMBA 3505.7 requires before an offer is imposed')
  holdImpasseHearing(@Param() p: NegotiationParams, @Body() body: HoldImpasseHearingDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(negotiationId, BARGAINING_MESSAGES.HoldImpasseHearing({ negotiationId }, body, metadataOf(ctx, body)));
  }

  @Post(':negotiationId/imposition')
  @RecordsFact(
    "Record the employer's last, best and final offer imposed",
    'Without an impasse, or (MMBA) without a public hearing, it is recorded and flagged (IMPOSITION_WITHOUT_IMPASSE, IMPOSITION_WITHOUT_PUBLIC_HEARING).',
  )
  imposeLastBestFinalOffer(@Param() p: NegotiationParams, @Body() body: ImposeLastBestFinalOfferDto, @CommandCtx() ctx: CommandContext) {
    const negotiationId = knownNegotiation(p.negotiationId);
    return this.record(
      negotiationId,
      BARGAINING_MESSAGES.ImposeLastBestFinalOffer({ negotiationId }, body, metadataOf(ctx, body)),
    );
  }
}
