import { Command as NestCommand } from '@nestjs/cqrs';
import type { Handled, RecordedEvent } from '#event-store';
import type { Command, CommandMetadata } from '#kernel';
import { commandMessages } from '#platform';
import type {
  AdoptEmployerProposal,
  AgreeGroundRules,
  AgreeReturnToWork,
  BeginWorkStoppage,
  EndWorkStoppage,
  GiveWorkStoppageNotice,
  AppointMediator,
  ApproveByGoverningBody,
  CancelSession,
  CertifyFactfinding,
  ConcludeNegotiation,
  DeclareImpasse,
  DiscloseSettlementCosts,
  ExecuteAgreement,
  ExecuteMemorandumOfUnderstanding,
  ExecuteSideLetter,
  FormFactfindingPanel,
  HearPublicComment,
  HoldFactfindingHearing,
  HoldImpasseHearing,
  HoldMediationSession,
  HoldRatificationVote,
  HoldSession,
  ImposeLastBestFinalOffer,
  InitialTentativeAgreement,
  IssueFactfindingReport,
  MakeFactfindingReportPublic,
  MakeNewSubjectPublic,
  NegotiationCommand,
  OpenNegotiation,
  ReachSettlement,
  RecordConfidentialNote,
  RecordCorrection,
  RecordPerbImpasseDetermination,
  RequestPerbImpasseDetermination,
  RejectPackage,
  SunshineInitialProposal,
  TableCounterproposal,
  TablePackage,
  TableProposal,
  WithdrawProposal,
  WithdrawTentativeAgreement,
} from '../domain/negotiation/commands.js';
import type { NegotiationState } from '../domain/negotiation/state.js';
import type { AnswerDemandToBargain, DemandCommand, DemandSnapshot, DemandState, MakeDemandToBargain } from '../domain/demand-to-bargain.js';
import type { RecordUnitAgreementTerm, RegisterUnit, UnitCommand, UnitSnapshot, UnitState } from '../domain/unit.js';

/*
 * The CommandBus messages. Each class implements its plain domain command type, so a handler hands
 * it to the decider as it is. Two need something the handler resolves from another stream first:
 * opening (the unit, by id) and a correction (the corrected event, by id).
 */

export type NegotiationHandled = Handled<NegotiationState>;
export type UnitHandled = Handled<UnitState>;

const negotiationCommand = commandMessages<NegotiationCommand, NegotiationHandled>();
const unitCommand = commandMessages<UnitCommand, UnitHandled>();

// ---- units ----

export class RegisterUnitCommand extends unitCommand('RegisterUnit') implements RegisterUnit {}
export class RecordUnitAgreementTermCommand extends unitCommand('RecordUnitAgreementTerm') implements RecordUnitAgreementTerm {}

// ---- demands to bargain: each on its own stream; the unit is resolved by id ----

export type DemandHandled = Handled<DemandState>;
const demandCommand = commandMessages<DemandCommand, DemandHandled>();

export class MakeDemandToBargainCommand extends demandCommand('MakeDemandToBargain') implements MakeDemandToBargain {}
export class AnswerDemandToBargainCommand extends demandCommand('AnswerDemandToBargain') implements AnswerDemandToBargain {}

// ---- opening: the unit (and the demand it opens on) is resolved by id ----

export type OpenNegotiationRequest = Command<'OpenNegotiation', Omit<OpenNegotiation['data'], 'unit' | 'demand'> & { readonly unitId: string; readonly demandId?: string | null }>;

export class OpenNegotiationCommand extends NestCommand<NegotiationHandled> implements OpenNegotiationRequest {
  readonly type = 'OpenNegotiation' as const;
  constructor(
    readonly data: OpenNegotiationRequest['data'],
    readonly metadata: CommandMetadata,
  ) {
    super();
  }

  /** The domain command, with the unit as registered and the demand to bargain it opens on, if any. */
  forUnit(unit: UnitSnapshot, demand: DemandSnapshot | null = null): OpenNegotiation {
    const { unitId: _unitId, demandId: _demandId, ...data } = this.data;
    return { type: this.type, data: { ...data, unit, demand }, metadata: this.metadata };
  }
}

// ---- the table ----

export class AgreeGroundRulesCommand extends negotiationCommand('AgreeGroundRules') implements AgreeGroundRules {}
export class SunshineInitialProposalCommand extends negotiationCommand('SunshineInitialProposal') implements SunshineInitialProposal {}
export class HearPublicCommentCommand extends negotiationCommand('HearPublicComment') implements HearPublicComment {}
export class AdoptEmployerProposalCommand extends negotiationCommand('AdoptEmployerProposal') implements AdoptEmployerProposal {}
export class MakeNewSubjectPublicCommand extends negotiationCommand('MakeNewSubjectPublic') implements MakeNewSubjectPublic {}
export class HoldSessionCommand extends negotiationCommand('HoldSession') implements HoldSession {}
export class CancelSessionCommand extends negotiationCommand('CancelSession') implements CancelSession {}
export class TableProposalCommand extends negotiationCommand('TableProposal') implements TableProposal {}
export class TableCounterproposalCommand extends negotiationCommand('TableCounterproposal') implements TableCounterproposal {}
export class TablePackageCommand extends negotiationCommand('TablePackage') implements TablePackage {}
export class WithdrawProposalCommand extends negotiationCommand('WithdrawProposal') implements WithdrawProposal {}
export class RejectPackageCommand extends negotiationCommand('RejectPackage') implements RejectPackage {}
/** The first initial: it creates the tentative agreement. */
export class InitialTentativeAgreementCommand extends negotiationCommand('InitialTentativeAgreement') implements InitialTentativeAgreement {}
/** The other side's initial on a tentative agreement that must already exist (404 otherwise). */
export class CountersignTentativeAgreementCommand extends negotiationCommand('InitialTentativeAgreement') implements InitialTentativeAgreement {}
export class WithdrawTentativeAgreementCommand extends negotiationCommand('WithdrawTentativeAgreement') implements WithdrawTentativeAgreement {}

// ---- impasse ----

export class DeclareImpasseCommand extends negotiationCommand('DeclareImpasse') implements DeclareImpasse {}
export class RequestPerbImpasseDeterminationCommand extends negotiationCommand('RequestPerbImpasseDetermination') implements RequestPerbImpasseDetermination {}
export class RecordPerbImpasseDeterminationCommand extends negotiationCommand('RecordPerbImpasseDetermination') implements RecordPerbImpasseDetermination {}
export class AppointMediatorCommand extends negotiationCommand('AppointMediator') implements AppointMediator {}
export class HoldMediationSessionCommand extends negotiationCommand('HoldMediationSession') implements HoldMediationSession {}
export class CertifyFactfindingCommand extends negotiationCommand('CertifyFactfinding') implements CertifyFactfinding {}
export class FormFactfindingPanelCommand extends negotiationCommand('FormFactfindingPanel') implements FormFactfindingPanel {}
export class HoldFactfindingHearingCommand extends negotiationCommand('HoldFactfindingHearing') implements HoldFactfindingHearing {}
export class IssueFactfindingReportCommand extends negotiationCommand('IssueFactfindingReport') implements IssueFactfindingReport {}
export class MakeFactfindingReportPublicCommand extends negotiationCommand('MakeFactfindingReportPublic') implements MakeFactfindingReportPublic {}
export class HoldImpasseHearingCommand extends negotiationCommand('HoldImpasseHearing') implements HoldImpasseHearing {}
export class ImposeLastBestFinalOfferCommand extends negotiationCommand('ImposeLastBestFinalOffer') implements ImposeLastBestFinalOffer {}

// ---- settlement and instruments ----

export class ReachSettlementCommand extends negotiationCommand('ReachSettlement') implements ReachSettlement {}
export class DiscloseSettlementCostsCommand extends negotiationCommand('DiscloseSettlementCosts') implements DiscloseSettlementCosts {}
export class HoldRatificationVoteCommand extends negotiationCommand('HoldRatificationVote') implements HoldRatificationVote {}
export class ApproveByGoverningBodyCommand extends negotiationCommand('ApproveByGoverningBody') implements ApproveByGoverningBody {}
export class ExecuteAgreementCommand extends negotiationCommand('ExecuteAgreement') implements ExecuteAgreement {}
export class ConcludeNegotiationCommand extends negotiationCommand('ConcludeNegotiation') implements ConcludeNegotiation {}
export class ExecuteSideLetterCommand extends negotiationCommand('ExecuteSideLetter') implements ExecuteSideLetter {}
export class ExecuteMemorandumOfUnderstandingCommand extends negotiationCommand('ExecuteMemorandumOfUnderstanding') implements ExecuteMemorandumOfUnderstanding {}

// ---- work stoppages ----

export class GiveWorkStoppageNoticeCommand extends negotiationCommand('GiveWorkStoppageNotice') implements GiveWorkStoppageNotice {}
export class BeginWorkStoppageCommand extends negotiationCommand('BeginWorkStoppage') implements BeginWorkStoppage {}
export class EndWorkStoppageCommand extends negotiationCommand('EndWorkStoppage') implements EndWorkStoppage {}
export class AgreeReturnToWorkCommand extends negotiationCommand('AgreeReturnToWork') implements AgreeReturnToWork {}
export class RecordConfidentialNoteCommand extends negotiationCommand('RecordConfidentialNote') implements RecordConfidentialNote {}

// ---- corrections: the corrected event is resolved by id ----

export type RecordCorrectionRequest = Command<
  'RecordCorrection',
  Omit<RecordCorrection['data'], 'correctedEventType' | 'correctedEventClassification'>
>;

export class RecordCorrectionCommand extends NestCommand<NegotiationHandled> implements RecordCorrectionRequest {
  readonly type = 'RecordCorrection' as const;
  constructor(
    readonly data: RecordCorrectionRequest['data'],
    readonly metadata: CommandMetadata,
  ) {
    super();
  }

  /** The domain command, naming the corrected event's type and carrying its classification. */
  correcting(corrected: Pick<RecordedEvent, 'type' | 'classification'>): RecordCorrection {
    return {
      type: this.type,
      data: { ...this.data, correctedEventType: corrected.type, correctedEventClassification: corrected.classification },
      metadata: this.metadata,
    };
  }
}
