import type { BusinessTime, ClassificationMark, Command } from '#kernel';
import type { AgreementTerm, CostLineInput, DocumentRef, IsoDate, Side } from '../common.js';
import type { NegotiationId, ProposalId, SessionId, StoppageId, TaId } from '../ids.js';
import type { DemandSnapshot } from '../demand-to-bargain.js';
import type { UnitSnapshot } from '../unit.js';
import type { Attendees, ChangeKind, ImpasseDeclarer, ImpasseForm, NegotiationKind, NoteKind, Outcome, PerbDetermination, TaRule, WorkStoppageKind } from './events.js';

/*
 * The business day of every act is the calendar day of metadata.occurredAt: the record has one
 * business time per fact, so no command carries a second, possibly contradicting, date.
 * Ids of new things (proposalId, taId, sessionId) arrive in the data: the application layer makes them.
 */

type NegotiationCommand_<Type extends string, Data extends object> = Command<Type, { negotiationId: NegotiationId } & Data>;

export type OpenNegotiation = NegotiationCommand_<'OpenNegotiation', {
  /** The unit as registered, resolved by the application layer (an unknown unit is its 404). */
  unit: UnitSnapshot;
  kind: NegotiationKind;
  articlesInScope?: readonly string[];
  /** Defaults to the unit's current agreement term. */
  expiringAgreementTerm?: AgreementTerm | null;
  subject?: string | null;
  writtenNoticeGivenOn?: IsoDate | null;
  /** Instead of writtenNoticeGivenOn, when the record gives the notice's day less precisely (a month, a bound…). */
  writtenNoticeGiven?: BusinessTime | null;
  /** The demand to bargain it is opened on, resolved by the application layer (an unknown demand is its 404). */
  demand?: DemandSnapshot | null;
}>;

export type AgreeGroundRules = NegotiationCommand_<'AgreeGroundRules', {
  taRule: TaRule;
  terms?: string | null;
}>;

export type SunshineInitialProposal = NegotiationCommand_<'SunshineInitialProposal', {
  side: Side;
  boardMeeting: string;
  articles: readonly string[];
  summary?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type HearPublicComment = NegotiationCommand_<'HearPublicComment', {
  boardMeeting: string;
  summary?: string | null;
}>;

export type AdoptEmployerProposal = NegotiationCommand_<'AdoptEmployerProposal', {
  boardMeeting: string;
  resolutionNumber?: string | null;
}>;

export type MakeNewSubjectPublic = NegotiationCommand_<'MakeNewSubjectPublic', {
  side: Side;
  articles: readonly string[];
  how: string;
}>;

export type HoldSession = NegotiationCommand_<'HoldSession', {
  sessionId: SessionId;
  number: number;
  place: string;
  attendees: Attendees;
  articlesDiscussed?: readonly string[];
  summary?: string | null;
  /** Local clock time, HH:MM. */
  startTime?: string | null;
  endTime?: string | null;
  /** The length, when only that is known (derived from the times when both are given). */
  hours?: number | null;
  /** Caucuses called during the session, in order; optional. */
  caucuses?: readonly { side: Side; minutes?: number | null }[] | null;
}>;

export type CancelSession = NegotiationCommand_<'CancelSession', {
  sessionId: SessionId;
  number?: number | null;
  scheduledFor: IsoDate;
  cancelledBy: Side;
  reason: string;
}>;

export interface ProposedArticleInput {
  readonly article: string;
  readonly title?: string | null;
  readonly changeKind: ChangeKind;
  readonly text: string;
}

export interface ProposalCostingInput {
  readonly summary: string;
  readonly costs?: readonly CostLineInput[];
  readonly documents?: readonly DocumentRef[];
}

interface Tabling {
  proposalId: ProposalId;
  side: Side;
  number: string;
  articles: readonly ProposedArticleInput[];
  documents?: readonly DocumentRef[];
  /** Recorded as a separate, confidential ProposalCostingRecorded beside the (internal) proposal. */
  costing?: ProposalCostingInput | null;
}

export type TableProposal = NegotiationCommand_<'TableProposal', Tabling>;

export type TableCounterproposal = NegotiationCommand_<'TableCounterproposal', Tabling & { respondsTo: ProposalId }>;

export type TablePackage = NegotiationCommand_<'TablePackage', Tabling & { conditional: boolean; respondsTo?: ProposalId | null }>;

export type WithdrawProposal = NegotiationCommand_<'WithdrawProposal', {
  proposalId: ProposalId;
  reason?: string | null;
}>;

export type RejectPackage = NegotiationCommand_<'RejectPackage', {
  proposalId: ProposalId;
  reason?: string | null;
}>;

export interface AgreedArticleInput {
  readonly article: string;
  readonly title?: string | null;
  readonly text: string;
}

export type InitialTentativeAgreement = NegotiationCommand_<'InitialTentativeAgreement', {
  taId: TaId;
  side: Side;
  signatory: string;
  /** Required on the first initial; on the second, absent or the same articles and text. */
  articles?: readonly AgreedArticleInput[];
}>;

export type WithdrawTentativeAgreement = NegotiationCommand_<'WithdrawTentativeAgreement', {
  taId: TaId;
  withdrawnBy: Side;
  reason?: string | null;
}>;

export type DeclareImpasse = NegotiationCommand_<'DeclareImpasse', {
  declaredBy: ImpasseDeclarer;
  form: ImpasseForm;
  statement?: string | null;
}>;

export type RequestPerbImpasseDetermination = NegotiationCommand_<'RequestPerbImpasseDetermination', {
  requestedBy: ImpasseDeclarer;
  caseNumber?: string | null;
  statement?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type RecordPerbImpasseDetermination = NegotiationCommand_<'RecordPerbImpasseDetermination', {
  determination: PerbDetermination;
  caseNumber?: string | null;
}>;

export type AppointMediator = NegotiationCommand_<'AppointMediator', {
  mediator: string;
  appointedBy?: string | null;
}>;

export type HoldMediationSession = NegotiationCommand_<'HoldMediationSession', {
  mediator?: string | null;
  place?: string | null;
  summary?: string | null;
}>;

export type CertifyFactfinding = NegotiationCommand_<'CertifyFactfinding', {
  caseNumber?: string | null;
}>;

export type FormFactfindingPanel = NegotiationCommand_<'FormFactfindingPanel', {
  chair: string;
  employerMember?: string | null;
  unionMember?: string | null;
}>;

export type HoldFactfindingHearing = NegotiationCommand_<'HoldFactfindingHearing', {
  place?: string | null;
  summary?: string | null;
}>;

export type IssueFactfindingReport = NegotiationCommand_<'IssueFactfindingReport', {
  summary?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type MakeFactfindingReportPublic = NegotiationCommand_<'MakeFactfindingReportPublic', {
  how?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type HoldImpasseHearing = NegotiationCommand_<'HoldImpasseHearing', {
  governingBody: string;
  summary?: string | null;
}>;

export type ImposeLastBestFinalOffer = NegotiationCommand_<'ImposeLastBestFinalOffer', {
  governingBody: string;
  resolutionNumber?: string | null;
  articles?: readonly string[];
  summary: string;
  documents?: readonly DocumentRef[];
}>;

export type ReachSettlement = NegotiationCommand_<'ReachSettlement', {
  taIds: readonly TaId[];
  term: AgreementTerm;
  summary: string;
  costs?: readonly CostLineInput[];
}>;

export type DiscloseSettlementCosts = NegotiationCommand_<'DiscloseSettlementCosts', {
  meeting?: string | null;
  summary: string;
  costs?: readonly CostLineInput[];
  certifiedBy?: { readonly superintendent?: string | null; readonly chiefBusinessOfficial?: string | null } | null;
  documents?: readonly DocumentRef[];
}>;

/** Counts are optional (often never published); without both counts the outcome must be given. */
export type HoldRatificationVote = NegotiationCommand_<'HoldRatificationVote', {
  yes?: number | null;
  no?: number | null;
  ratified?: boolean | null;
}>;

export type ApproveByGoverningBody = NegotiationCommand_<'ApproveByGoverningBody', {
  governingBody: string;
  resolutionNumber?: string | null;
  meeting?: string | null;
  vote?: { ayes?: number | null; noes?: number | null; abstentions?: number | null; absent?: number | null } | null;
}>;

export type ExecuteAgreement = NegotiationCommand_<'ExecuteAgreement', {
  /** Defaults to the settlement's term. */
  term?: AgreementTerm | null;
  signatories: Attendees;
  documents?: readonly DocumentRef[];
}>;

export type ConcludeNegotiation = NegotiationCommand_<'ConcludeNegotiation', {
  outcome: Outcome;
  summary?: string | null;
}>;

interface InstrumentInput {
  title: string;
  articles?: readonly string[];
  text: string;
  precedential: boolean;
  expiresOn?: IsoDate | null;
  signatories: Attendees;
  documents?: readonly DocumentRef[];
}

export type ExecuteSideLetter = NegotiationCommand_<'ExecuteSideLetter', InstrumentInput>;
export type ExecuteMemorandumOfUnderstanding = NegotiationCommand_<'ExecuteMemorandumOfUnderstanding', InstrumentInput>;

export type GiveWorkStoppageNotice = NegotiationCommand_<'GiveWorkStoppageNotice', {
  /** The new stoppage's id, made by the application layer. */
  stoppageId: StoppageId;
  kind: WorkStoppageKind;
  plannedStartOn?: IsoDate | null;
  estimatedParticipants?: number | null;
  statement?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type BeginWorkStoppage = NegotiationCommand_<'BeginWorkStoppage', {
  stoppageId: StoppageId;
  /** True when stoppageId names a stoppage announced by a recorded notice; false for a new one. */
  noticed: boolean;
  kind: WorkStoppageKind;
  estimatedParticipants?: number | null;
  summary?: string | null;
}>;

export type EndWorkStoppage = NegotiationCommand_<'EndWorkStoppage', {
  stoppageId: StoppageId;
  estimatedParticipants?: number | null;
  summary?: string | null;
}>;

export type AgreeReturnToWork = NegotiationCommand_<'AgreeReturnToWork', {
  /** The stoppage it ends, when known; it must be recorded. */
  stoppageId?: StoppageId | null;
  terms: string;
  documents?: readonly DocumentRef[];
}>;

export type RecordConfidentialNote = NegotiationCommand_<'RecordConfidentialNote', {
  kind: NoteKind;
  title: string;
  body: string;
  author?: string | null;
  /** A bargaining session the note is about; it must be recorded already. */
  sessionId?: SessionId | null;
  documents?: readonly DocumentRef[];
}>;

export type RecordCorrection = NegotiationCommand_<'RecordCorrection', {
  /** The corrected event, resolved from this negotiation's stream by the application layer. */
  correctedEventId: string;
  correctedEventType: string;
  /** The corrected event's classification, resolved with it; the correction is classified the same. */
  correctedEventClassification?: ClassificationMark | null;
  reason: string;
  correctedFields: Readonly<Record<string, unknown>>;
}>;

export type NegotiationCommand =
  | OpenNegotiation
  | AgreeGroundRules
  | SunshineInitialProposal
  | HearPublicComment
  | AdoptEmployerProposal
  | MakeNewSubjectPublic
  | HoldSession
  | CancelSession
  | TableProposal
  | TableCounterproposal
  | TablePackage
  | WithdrawProposal
  | RejectPackage
  | InitialTentativeAgreement
  | WithdrawTentativeAgreement
  | DeclareImpasse
  | RequestPerbImpasseDetermination
  | RecordPerbImpasseDetermination
  | AppointMediator
  | HoldMediationSession
  | CertifyFactfinding
  | FormFactfindingPanel
  | HoldFactfindingHearing
  | IssueFactfindingReport
  | MakeFactfindingReportPublic
  | HoldImpasseHearing
  | ImposeLastBestFinalOffer
  | ReachSettlement
  | DiscloseSettlementCosts
  | HoldRatificationVote
  | ApproveByGoverningBody
  | ExecuteAgreement
  | ConcludeNegotiation
  | ExecuteSideLetter
  | ExecuteMemorandumOfUnderstanding
  | GiveWorkStoppageNotice
  | BeginWorkStoppage
  | EndWorkStoppage
  | AgreeReturnToWork
  | RecordConfidentialNote
  | RecordCorrection;

export type NegotiationCommandType = NegotiationCommand['type'];

export const NEGOTIATION_COMMAND_TYPES = [
  'OpenNegotiation',
  'AgreeGroundRules',
  'SunshineInitialProposal',
  'HearPublicComment',
  'AdoptEmployerProposal',
  'MakeNewSubjectPublic',
  'HoldSession',
  'CancelSession',
  'TableProposal',
  'TableCounterproposal',
  'TablePackage',
  'WithdrawProposal',
  'RejectPackage',
  'InitialTentativeAgreement',
  'WithdrawTentativeAgreement',
  'DeclareImpasse',
  'RequestPerbImpasseDetermination',
  'RecordPerbImpasseDetermination',
  'AppointMediator',
  'HoldMediationSession',
  'CertifyFactfinding',
  'FormFactfindingPanel',
  'HoldFactfindingHearing',
  'IssueFactfindingReport',
  'MakeFactfindingReportPublic',
  'HoldImpasseHearing',
  'ImposeLastBestFinalOffer',
  'ReachSettlement',
  'DiscloseSettlementCosts',
  'HoldRatificationVote',
  'ApproveByGoverningBody',
  'ExecuteAgreement',
  'ConcludeNegotiation',
  'ExecuteSideLetter',
  'ExecuteMemorandumOfUnderstanding',
  'GiveWorkStoppageNotice',
  'BeginWorkStoppage',
  'EndWorkStoppage',
  'AgreeReturnToWork',
  'RecordConfidentialNote',
  'RecordCorrection',
] as const satisfies readonly NegotiationCommandType[];

// Fails to compile when a command type is missing from NEGOTIATION_COMMAND_TYPES.
const everyCommandTypeListed: [Exclude<NegotiationCommandType, (typeof NEGOTIATION_COMMAND_TYPES)[number]>] extends [never] ? true : false = true;
void everyCommandTypeListed;
