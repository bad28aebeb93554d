import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type EventStore, handleCommand } from '#event-store';
import { EVENT_STORE, recordingHandler } from '#platform';
import type { Decider } from '#kernel';
import { own } from '../domain/common.js';
import { type DemandCommand, demandDecider } from '../domain/demand-to-bargain.js';
import { demandStream, negotiationStream, unitStream } from '../domain/ids.js';
import type { NegotiationCommand } from '../domain/negotiation/commands.js';
import { negotiationDecider } from '../domain/negotiation/decider.js';
import { type AgreementExecuted, CORRECTABLE_EVENT_TYPES, type CorrectableEventType, type NegotiationEvent } from '../domain/negotiation/events.js';
import type { NegotiationState } from '../domain/negotiation/state.js';
import { type UnitCommand, unitDecider, unitSnapshot } from '../domain/unit.js';
import {
  AdoptEmployerProposalCommand,
  AgreeGroundRulesCommand,
  AnswerDemandToBargainCommand,
  type DemandHandled,
  MakeDemandToBargainCommand,
  AppointMediatorCommand,
  ApproveByGoverningBodyCommand,
  CancelSessionCommand,
  CertifyFactfindingCommand,
  ConcludeNegotiationCommand,
  CountersignTentativeAgreementCommand,
  DeclareImpasseCommand,
  DiscloseSettlementCostsCommand,
  ExecuteAgreementCommand,
  ExecuteMemorandumOfUnderstandingCommand,
  GiveWorkStoppageNoticeCommand,
  BeginWorkStoppageCommand,
  EndWorkStoppageCommand,
  AgreeReturnToWorkCommand,
  ExecuteSideLetterCommand,
  FormFactfindingPanelCommand,
  HearPublicCommentCommand,
  HoldFactfindingHearingCommand,
  HoldImpasseHearingCommand,
  HoldMediationSessionCommand,
  HoldRatificationVoteCommand,
  HoldSessionCommand,
  ImposeLastBestFinalOfferCommand,
  InitialTentativeAgreementCommand,
  IssueFactfindingReportCommand,
  MakeFactfindingReportPublicCommand,
  MakeNewSubjectPublicCommand,
  type NegotiationHandled,
  OpenNegotiationCommand,
  ReachSettlementCommand,
  RecordConfidentialNoteCommand,
  RecordCorrectionCommand,
  RecordPerbImpasseDeterminationCommand,
  RequestPerbImpasseDeterminationCommand,
  RecordUnitAgreementTermCommand,
  RegisterUnitCommand,
  RejectPackageCommand,
  SunshineInitialProposalCommand,
  TableCounterproposalCommand,
  TablePackageCommand,
  TableProposalCommand,
  WithdrawProposalCommand,
  WithdrawTentativeAgreementCommand,
} from './commands.js';
import { correctableFields, validateCorrectedFields } from './dto/corrections.js';
import { correctedEventNotFound, correctedFieldUnknown, tentativeAgreementNotFound } from './errors.js';
import { BargainingRecords } from './records.js';
import { StatutoryWarnings } from './statutory-warnings.port.js';

/*
 * Handlers are thin: stream name, decider, command, into the shared read-fold-decide-append
 * (`handleCommand` re-decides on a revision conflict; a conflict that outlasts its retries is a 409).
 * The one-line subclasses only bind a command class to the shared execute.
 */

/** The decision's own warnings and those the statutory rules raise on what it stored. */
async function withStatutoryWarnings(rules: StatutoryWarnings, stream: string, handled: NegotiationHandled): Promise<NegotiationHandled> {
  const statutory = await rules.raisedBy(stream, handled.events);
  return statutory.length === 0 ? handled : { ...handled, warnings: [...handled.warnings, ...statutory] };
}

abstract class RecordNegotiationFact<C extends NegotiationCommand> {
  constructor(
    @Inject(EVENT_STORE) protected readonly store: EventStore,
    @Inject(StatutoryWarnings) protected readonly rules: StatutoryWarnings,
  ) {}

  async execute(command: C): Promise<NegotiationHandled> {
    const stream = negotiationStream(command.data.negotiationId);
    return withStatutoryWarnings(this.rules, stream, await handleCommand(this.store, stream, negotiationDecider, command));
  }
}

const RecordUnitFact = recordingHandler((command: UnitCommand) => unitStream(command.data.unitId), unitDecider);

@CommandHandler(RegisterUnitCommand) export class RegisterUnitHandler extends RecordUnitFact<RegisterUnitCommand> {}
@CommandHandler(RecordUnitAgreementTermCommand) export class RecordUnitAgreementTermHandler extends RecordUnitFact<RecordUnitAgreementTermCommand> {}

/** A demand names a registered unit (404 UNIT_NOT_REGISTERED) and starts its own stream. */
@CommandHandler(MakeDemandToBargainCommand)
export class MakeDemandToBargainHandler implements ICommandHandler<MakeDemandToBargainCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
  ) {}

  async execute(command: MakeDemandToBargainCommand): Promise<DemandHandled> {
    await this.records.unit(command.data.unitId);
    return handleCommand(this.store, demandStream(command.data.demandId), demandDecider, command, { newStream: true });
  }
}

const RecordDemandFact = recordingHandler((command: DemandCommand) => demandStream(command.data.demandId), demandDecider);

@CommandHandler(AnswerDemandToBargainCommand) export class AnswerDemandToBargainHandler extends RecordDemandFact<AnswerDemandToBargainCommand> {}

/**
 * Opening copies the unit as registered (DOMAIN.md: a reference to an unknown unit is refused, 404
 * UNIT_NOT_REGISTERED) and, when it opens on a demand to bargain, checks the demand is the unit's
 * (404 DEMAND_NOT_RECORDED, 422 DEMAND_OF_ANOTHER_UNIT). The demand's stream then records the
 * negotiation that followed it, by the same command (a retry records nothing new on either stream).
 */
@CommandHandler(OpenNegotiationCommand)
export class OpenNegotiationHandler implements ICommandHandler<OpenNegotiationCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
    @Inject(StatutoryWarnings) private readonly rules: StatutoryWarnings,
  ) {}

  async execute(command: OpenNegotiationCommand): Promise<NegotiationHandled> {
    const { state: unit } = await this.records.unit(command.data.unitId);
    const demandId = command.data.demandId ?? null;
    const demand = demandId === null ? null : await this.records.demandForCommand(demandId);
    const stream = negotiationStream(command.data.negotiationId);
    const handled = await handleCommand(this.store, stream, negotiationDecider, command.forUnit(unitSnapshot(unit), demand), { newStream: true });
    const state = handled.state;
    if (demand !== null && state.status !== 'not-opened') {
      const link: DemandCommand = {
        type: 'RecordNegotiationOnDemand',
        data: { demandId: demand.demandId, unitId: state.unitId, negotiationId: state.negotiationId, negotiationKind: state.kind },
        metadata: command.metadata,
      };
      await handleCommand(this.store, demandStream(demand.demandId), demandDecider, link);
    }
    return withStatutoryWarnings(this.rules, stream, handled);
  }
}

@CommandHandler(AgreeGroundRulesCommand) export class AgreeGroundRulesHandler extends RecordNegotiationFact<AgreeGroundRulesCommand> {}
@CommandHandler(SunshineInitialProposalCommand) export class SunshineInitialProposalHandler extends RecordNegotiationFact<SunshineInitialProposalCommand> {}
@CommandHandler(HearPublicCommentCommand) export class HearPublicCommentHandler extends RecordNegotiationFact<HearPublicCommentCommand> {}
@CommandHandler(AdoptEmployerProposalCommand) export class AdoptEmployerProposalHandler extends RecordNegotiationFact<AdoptEmployerProposalCommand> {}
@CommandHandler(MakeNewSubjectPublicCommand) export class MakeNewSubjectPublicHandler extends RecordNegotiationFact<MakeNewSubjectPublicCommand> {}
@CommandHandler(HoldSessionCommand) export class HoldSessionHandler extends RecordNegotiationFact<HoldSessionCommand> {}
@CommandHandler(CancelSessionCommand) export class CancelSessionHandler extends RecordNegotiationFact<CancelSessionCommand> {}
@CommandHandler(TableProposalCommand) export class TableProposalHandler extends RecordNegotiationFact<TableProposalCommand> {}
@CommandHandler(TableCounterproposalCommand) export class TableCounterproposalHandler extends RecordNegotiationFact<TableCounterproposalCommand> {}
@CommandHandler(TablePackageCommand) export class TablePackageHandler extends RecordNegotiationFact<TablePackageCommand> {}
@CommandHandler(WithdrawProposalCommand) export class WithdrawProposalHandler extends RecordNegotiationFact<WithdrawProposalCommand> {}
@CommandHandler(RejectPackageCommand) export class RejectPackageHandler extends RecordNegotiationFact<RejectPackageCommand> {}
@CommandHandler(InitialTentativeAgreementCommand) export class InitialTentativeAgreementHandler extends RecordNegotiationFact<InitialTentativeAgreementCommand> {}
@CommandHandler(WithdrawTentativeAgreementCommand) export class WithdrawTentativeAgreementHandler extends RecordNegotiationFact<WithdrawTentativeAgreementCommand> {}
@CommandHandler(DeclareImpasseCommand) export class DeclareImpasseHandler extends RecordNegotiationFact<DeclareImpasseCommand> {}
@CommandHandler(RequestPerbImpasseDeterminationCommand) export class RequestPerbImpasseDeterminationHandler extends RecordNegotiationFact<RequestPerbImpasseDeterminationCommand> {}
@CommandHandler(RecordPerbImpasseDeterminationCommand) export class RecordPerbImpasseDeterminationHandler extends RecordNegotiationFact<RecordPerbImpasseDeterminationCommand> {}
@CommandHandler(AppointMediatorCommand) export class AppointMediatorHandler extends RecordNegotiationFact<AppointMediatorCommand> {}
@CommandHandler(HoldMediationSessionCommand) export class HoldMediationSessionHandler extends RecordNegotiationFact<HoldMediationSessionCommand> {}
@CommandHandler(CertifyFactfindingCommand) export class CertifyFactfindingHandler extends RecordNegotiationFact<CertifyFactfindingCommand> {}
@CommandHandler(FormFactfindingPanelCommand) export class FormFactfindingPanelHandler extends RecordNegotiationFact<FormFactfindingPanelCommand> {}
@CommandHandler(HoldFactfindingHearingCommand) export class HoldFactfindingHearingHandler extends RecordNegotiationFact<HoldFactfindingHearingCommand> {}
@CommandHandler(IssueFactfindingReportCommand) export class IssueFactfindingReportHandler extends RecordNegotiationFact<IssueFactfindingReportCommand> {}
@CommandHandler(MakeFactfindingReportPublicCommand) export class MakeFactfindingReportPublicHandler extends RecordNegotiationFact<MakeFactfindingReportPublicCommand> {}
@CommandHandler(HoldImpasseHearingCommand) export class HoldImpasseHearingHandler extends RecordNegotiationFact<HoldImpasseHearingCommand> {}
@CommandHandler(ImposeLastBestFinalOfferCommand) export class ImposeLastBestFinalOfferHandler extends RecordNegotiationFact<ImposeLastBestFinalOfferCommand> {}
@CommandHandler(ReachSettlementCommand) export class ReachSettlementHandler extends RecordNegotiationFact<ReachSettlementCommand> {}
@CommandHandler(DiscloseSettlementCostsCommand) export class DiscloseSettlementCostsHandler extends RecordNegotiationFact<DiscloseSettlementCostsCommand> {}
@CommandHandler(HoldRatificationVoteCommand) export class HoldRatificationVoteHandler extends RecordNegotiationFact<HoldRatificationVoteCommand> {}
@CommandHandler(ApproveByGoverningBodyCommand) export class ApproveByGoverningBodyHandler extends RecordNegotiationFact<ApproveByGoverningBodyCommand> {}
/**
 * An executed agreement governs the unit from then on: its term is recorded on the unit's stream
 * too, by the same command (a retry records nothing new on either stream).
 */
@CommandHandler(ExecuteAgreementCommand)
export class ExecuteAgreementHandler implements ICommandHandler<ExecuteAgreementCommand> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: ExecuteAgreementCommand): Promise<NegotiationHandled> {
    const handled = await handleCommand(this.store, negotiationStream(command.data.negotiationId), negotiationDecider, command);
    const state = handled.state;
    const executed = handled.events.find((event) => event.type === 'AgreementExecuted');
    // A replayed command returns the events it stored then, so the execution is always among them.
    const term = executed ? (executed.data as AgreementExecuted['data']).term : null;
    if (state.status !== 'not-opened' && term !== null) {
      const recordTerm: UnitCommand = { type: 'RecordUnitAgreementTerm', data: { unitId: state.unitId, term, negotiationId: state.negotiationId }, metadata: command.metadata };
      await handleCommand(this.store, unitStream(state.unitId), unitDecider, recordTerm);
    }
    return handled;
  }
}
@CommandHandler(ConcludeNegotiationCommand) export class ConcludeNegotiationHandler extends RecordNegotiationFact<ConcludeNegotiationCommand> {}
@CommandHandler(ExecuteSideLetterCommand) export class ExecuteSideLetterHandler extends RecordNegotiationFact<ExecuteSideLetterCommand> {}
@CommandHandler(ExecuteMemorandumOfUnderstandingCommand) export class ExecuteMemorandumOfUnderstandingHandler extends RecordNegotiationFact<ExecuteMemorandumOfUnderstandingCommand> {}
@CommandHandler(GiveWorkStoppageNoticeCommand) export class GiveWorkStoppageNoticeHandler extends RecordNegotiationFact<GiveWorkStoppageNoticeCommand> {}
@CommandHandler(BeginWorkStoppageCommand) export class BeginWorkStoppageHandler extends RecordNegotiationFact<BeginWorkStoppageCommand> {}
@CommandHandler(EndWorkStoppageCommand) export class EndWorkStoppageHandler extends RecordNegotiationFact<EndWorkStoppageCommand> {}
@CommandHandler(AgreeReturnToWorkCommand) export class AgreeReturnToWorkHandler extends RecordNegotiationFact<AgreeReturnToWorkCommand> {}
@CommandHandler(RecordConfidentialNoteCommand) export class RecordConfidentialNoteHandler extends RecordNegotiationFact<RecordConfidentialNoteCommand> {}

/**
 * The other side's initial names a tentative agreement by id: one that does not exist is a 404,
 * not a new agreement. Checked inside the decision, so a retry after a conflict checks again.
 */
const countersigning: Decider<NegotiationCommand, NegotiationEvent, NegotiationState> = {
  ...negotiationDecider,
  decide: (command, state) => {
    if (command.type === 'InitialTentativeAgreement' && state.status === 'open' && !own(state.tentativeAgreements, command.data.taId)) {
      throw tentativeAgreementNotFound(command.data.taId);
    }
    return negotiationDecider.decide(command, state);
  },
};

@CommandHandler(CountersignTentativeAgreementCommand)
export class CountersignTentativeAgreementHandler implements ICommandHandler<CountersignTentativeAgreementCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(StatutoryWarnings) private readonly rules: StatutoryWarnings,
  ) {}

  async execute(command: CountersignTentativeAgreementCommand): Promise<NegotiationHandled> {
    const stream = negotiationStream(command.data.negotiationId);
    return withStatutoryWarnings(this.rules, stream, await handleCommand(this.store, stream, countersigning, command));
  }
}

/**
 * A correction names the corrected event by id: it must be in this negotiation's stream and visible
 * to the one correcting it (404 otherwise). Its type and classification go into the command: the
 * correction is classified as the record it corrects.
 */
@CommandHandler(RecordCorrectionCommand)
export class RecordCorrectionHandler implements ICommandHandler<RecordCorrectionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(BargainingRecords) private readonly records: BargainingRecords,
    @Inject(StatutoryWarnings) private readonly rules: StatutoryWarnings,
  ) {}

  async execute(command: RecordCorrectionCommand): Promise<NegotiationHandled> {
    const { negotiationId, correctedEventId, correctedFields } = command.data;
    const corrected = await this.records.eventForCommand(negotiationId, correctedEventId, command.metadata.actor);
    if (!corrected) throw correctedEventNotFound(correctedEventId);
    // A fact that is not correctable (a correction) is refused by the decider, with its own code.
    if ((CORRECTABLE_EVENT_TYPES as readonly string[]).includes(corrected.type)) {
      const allowed = correctableFields(corrected.type, corrected.data);
      const unknown = Object.keys(correctedFields).filter((field) => !allowed.includes(field));
      if (unknown.length > 0) throw correctedFieldUnknown(corrected.type, unknown, allowed);
      await validateCorrectedFields(corrected.type as CorrectableEventType, corrected.data, correctedFields);
    }
    const stream = negotiationStream(negotiationId);
    return withStatutoryWarnings(this.rules, stream, await handleCommand(this.store, stream, negotiationDecider, command.correcting(corrected)));
  }
}

export const BARGAINING_COMMAND_HANDLERS = [
  RegisterUnitHandler,
  RecordUnitAgreementTermHandler,
  MakeDemandToBargainHandler,
  AnswerDemandToBargainHandler,
  OpenNegotiationHandler,
  AgreeGroundRulesHandler,
  SunshineInitialProposalHandler,
  HearPublicCommentHandler,
  AdoptEmployerProposalHandler,
  MakeNewSubjectPublicHandler,
  HoldSessionHandler,
  CancelSessionHandler,
  TableProposalHandler,
  TableCounterproposalHandler,
  TablePackageHandler,
  WithdrawProposalHandler,
  RejectPackageHandler,
  InitialTentativeAgreementHandler,
  CountersignTentativeAgreementHandler,
  WithdrawTentativeAgreementHandler,
  DeclareImpasseHandler,
  RequestPerbImpasseDeterminationHandler,
  RecordPerbImpasseDeterminationHandler,
  AppointMediatorHandler,
  HoldMediationSessionHandler,
  CertifyFactfindingHandler,
  FormFactfindingPanelHandler,
  HoldFactfindingHearingHandler,
  IssueFactfindingReportHandler,
  MakeFactfindingReportPublicHandler,
  HoldImpasseHearingHandler,
  ImposeLastBestFinalOfferHandler,
  ReachSettlementHandler,
  DiscloseSettlementCostsHandler,
  HoldRatificationVoteHandler,
  ApproveByGoverningBodyHandler,
  ExecuteAgreementHandler,
  ConcludeNegotiationHandler,
  ExecuteSideLetterHandler,
  ExecuteMemorandumOfUnderstandingHandler,
  GiveWorkStoppageNoticeHandler,
  BeginWorkStoppageHandler,
  EndWorkStoppageHandler,
  AgreeReturnToWorkHandler,
  RecordConfidentialNoteHandler,
  RecordCorrectionHandler,
];
