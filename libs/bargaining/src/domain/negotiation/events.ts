import type { BusinessTime, ClassificationMark, Event } from '#kernel';
import type { AgreementTerm, CostLine, DocumentRef, IsoDate, Side, Statute } from '../common.js';
import type { DemandId, NegotiationId, ProposalId, SessionId, StoppageId, TaId, UnitId } from '../ids.js';

/*
 * Every negotiation event names its negotiation and carries the business day it happened on
 * (openedOn, heldOn, initialedOn, …), copied by decide from the command's occurredAt: evolve sees
 * only type and data, yet rules such as "session before sunshine" compare business days, because
 * facts are often recorded out of order. For a date known only as a month, a range or a bound the
 * day field holds the day the fact is filed under (its earliest possible day, kernel businessDayOf);
 * the envelope's occurredAt keeps how precisely it is known, and every display reads that.
 * Absent optional values are null, so stored JSON has one shape.
 */

/** Effects bargaining: over the effects of a decision (often after a demand to bargain them). */
export const NEGOTIATION_KINDS = ['successor', 'reopener', 'mid-term', 'effects', 'meet-and-confer'] as const;
export type NegotiationKind = (typeof NEGOTIATION_KINDS)[number];

/** Ground rules on tentative agreements: "nothing is agreed until everything is agreed", or closed once initialed. */
export const TA_RULES = ['reopenable-until-global', 'closed-once-initialed'] as const;
export type TaRule = (typeof TA_RULES)[number];

export const CHANGE_KINDS = ['new', 'amend', 'delete', 'current-language'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const IMPASSE_FORMS = ['written', 'oral'] as const;
export type ImpasseForm = (typeof IMPASSE_FORMS)[number];

/** Impasse is declared by one side or by both together. */
export const IMPASSE_DECLARERS = ['employer', 'union', 'joint'] as const;
export type ImpasseDeclarer = (typeof IMPASSE_DECLARERS)[number];

export const PERB_DETERMINATIONS = ['impasse-exists', 'no-impasse'] as const;
export type PerbDetermination = (typeof PERB_DETERMINATIONS)[number];

export const OUTCOMES = ['settled', 'imposed', 'withdrawn'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** A strike or sick-out is the union's act; a lockout is the employer's. */
export const WORK_STOPPAGE_KINDS = ['strike', 'sick-out', 'lockout'] as const;
export type WorkStoppageKind = (typeof WORK_STOPPAGE_KINDS)[number];

export const NOTE_KINDS = ['strategy', 'closed-session', 'costing', 'legal-advice'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

/** One article of a proposal, with its full text and the kind of change proposed. */
export interface ProposedArticle {
  readonly article: string;
  readonly title: string | null;
  readonly changeKind: ChangeKind;
  readonly text: string;
}

/** One article of a tentative agreement, with the agreed text. */
export interface AgreedArticle {
  readonly article: string;
  readonly title: string | null;
  readonly text: string;
}

/** The costing of a proposal: recorded as its own confidential fact, beside the internal proposal. */
export interface ProposalCosting {
  readonly summary: string;
  readonly costs: readonly CostLine[];
  readonly documents: readonly DocumentRef[];
}

/** After a withdrawal or a conditional package's rejection, a side's position on an article is again an earlier proposal (or none). */
export interface PositionReversion {
  readonly article: string;
  readonly side: Side;
  readonly revertsTo: ProposalId | null;
}

export interface Attendees {
  readonly employer: readonly string[];
  readonly union: readonly string[];
}

/** A side's caucus during a session: a break to confer apart, with its length in minutes when known. */
export interface Caucus {
  readonly side: Side;
  readonly minutes: number | null;
}

type Fact<Type extends string, Data extends object> = Event<Type, { negotiationId: NegotiationId } & Data>;

export type NegotiationOpened = Fact<'NegotiationOpened', {
  unitId: UnitId;
  unitName: string;
  employer: string;
  employeeOrganization: string;
  /** Copied from the unit: the statute the negotiation is conducted under. */
  statute: Statute;
  kind: NegotiationKind;
  /** For a reopener, the reopened articles; empty means the whole agreement. */
  articlesInScope: readonly string[];
  expiringAgreementTerm: AgreementTerm | null;
  /** For meet-and-confer or mid-term: the proposed rule or change. */
  subject: string | null;
  /** MMBA 3504.5: written notice of a proposed rule on scope matters. */
  writtenNoticeGivenOn: IsoDate | null;
  /** How the notice's day is known when the record gives less than a day (writtenNoticeGivenOn is then its earliest possible day); absent otherwise. */
  writtenNoticeGivenAsKnown?: BusinessTime;
  /** The demand to bargain the negotiation was opened on (same unit); absent in negotiations recorded before demands were. */
  demandId: DemandId | null;
  openedOn: IsoDate;
}>;

export type GroundRulesAgreed = Fact<'GroundRulesAgreed', {
  taRule: TaRule;
  /** The other ground rules, as agreed. */
  terms: string | null;
  agreedOn: IsoDate;
}>;

/** A side's initial proposal presented at a public meeting of the governing board (Gov. Code 3547(a)). */
export type InitialProposalSunshined = Fact<'InitialProposalSunshined', {
  side: Side;
  boardMeeting: string;
  /** The subjects (articles) the initial proposal opens. */
  articles: readonly string[];
  summary: string | null;
  documents: readonly DocumentRef[];
  presentedOn: IsoDate;
}>;

/** The public was heard on the initial proposals (Gov. Code 3547(b)). */
export type PublicCommentHeard = Fact<'PublicCommentHeard', {
  boardMeeting: string;
  summary: string | null;
  heardOn: IsoDate;
}>;

/** The employer adopted its initial proposal at an open meeting (Gov. Code 3547(c)). */
export type EmployerProposalAdopted = Fact<'EmployerProposalAdopted', {
  boardMeeting: string;
  resolutionNumber: string | null;
  adoptedOn: IsoDate;
}>;

/** A subject that arose after the initial proposals was made public (Gov. Code 3547(d): within 24 hours). */
export type NewSubjectMadePublic = Fact<'NewSubjectMadePublic', {
  side: Side;
  articles: readonly string[];
  how: string;
  madePublicOn: IsoDate;
}>;

export type SessionHeld = Fact<'SessionHeld', {
  sessionId: SessionId;
  number: number;
  place: string;
  attendees: Attendees;
  articlesDiscussed: readonly string[];
  summary: string | null;
  /** Local clock times (HH:MM) and length in hours, each null when not known; absent on facts recorded before lengths were kept. */
  startTime?: string | null;
  endTime?: string | null;
  hours?: number | null;
  /** The caucuses called, in order, when recorded; absent on facts recorded before caucuses were kept. */
  caucuses?: readonly Caucus[];
  heldOn: IsoDate;
}>;

export type SessionCancelled = Fact<'SessionCancelled', {
  sessionId: SessionId;
  /** The number the session would have had, when one was assigned. */
  number: number | null;
  scheduledFor: IsoDate;
  cancelledBy: Side;
  /** When notice of the cancellation was given: the command's occurredAt, as precise as it was. */
  noticeGivenAt: string;
  reason: string;
}>;

interface Tabled {
  proposalId: ProposalId;
  side: Side;
  /** The side's own number or label ("D-3", "U-7"). */
  number: string;
  articles: readonly ProposedArticle[];
  documents: readonly DocumentRef[];
  tabledOn: IsoDate;
}

export type ProposalTabled = Fact<'ProposalTabled', Tabled>;

/** A proposal that answers a named earlier proposal of the other side. */
export type CounterproposalTabled = Fact<'CounterproposalTabled', Tabled & { respondsTo: ProposalId }>;

/** A proposal over several articles; when conditional, rejection returns the proposer to its prior positions. */
export type PackageTabled = Fact<'PackageTabled', Tabled & { conditional: boolean; respondsTo: ProposalId | null }>;

/**
 * The costing of a proposal, counterproposal or package, recorded with it as a separate fact so that
 * the proposal stays internal (what crossed the table) while its costing stays confidential.
 */
export type ProposalCostingRecorded = Fact<'ProposalCostingRecorded', ProposalCosting & {
  proposalId: ProposalId;
  /** The side whose proposal was costed. */
  side: Side;
  /** The day the costed proposal was tabled. */
  tabledOn: IsoDate;
}>;

export type ProposalWithdrawn = Fact<'ProposalWithdrawn', {
  proposalId: ProposalId;
  side: Side;
  reason: string | null;
  revertedPositions: readonly PositionReversion[];
  withdrawnOn: IsoDate;
}>;

export type PackageRejected = Fact<'PackageRejected', {
  proposalId: ProposalId;
  rejectedBy: Side;
  reason: string | null;
  /** Empty for an unconditional package: its positions stand. */
  revertedPositions: readonly PositionReversion[];
  rejectedOn: IsoDate;
}>;

/** One side's spokesperson initialed a TA. The first initial creates it; the other side's completes it. */
export type TentativeAgreementInitialed = Fact<'TentativeAgreementInitialed', {
  taId: TaId;
  side: Side;
  signatory: string;
  articles: readonly AgreedArticle[];
  /** True when this initial is the second, by the other side: the TA is complete. */
  completesAgreement: boolean;
  initialedOn: IsoDate;
}>;

export type TentativeAgreementWithdrawn = Fact<'TentativeAgreementWithdrawn', {
  taId: TaId;
  withdrawnBy: Side;
  reason: string | null;
  withdrawnOn: IsoDate;
}>;

export type ImpasseDeclared = Fact<'ImpasseDeclared', {
  declaredBy: ImpasseDeclarer;
  form: ImpasseForm;
  statement: string | null;
  declaredOn: IsoDate;
}>;

/** A request to PERB for a determination of impasse (who asked, when): distinct from PERB's determination. */
export type PerbImpasseDeterminationRequested = Fact<'PerbImpasseDeterminationRequested', {
  requestedBy: ImpasseDeclarer;
  caseNumber: string | null;
  statement: string | null;
  documents: readonly DocumentRef[];
  requestedOn: IsoDate;
}>;

export type PerbImpasseDetermined = Fact<'PerbImpasseDetermined', {
  determination: PerbDetermination;
  caseNumber: string | null;
  determinedOn: IsoDate;
}>;

export type MediatorAppointed = Fact<'MediatorAppointed', {
  mediator: string;
  appointedBy: string | null;
  appointedOn: IsoDate;
}>;

export type MediationSessionHeld = Fact<'MediationSessionHeld', {
  mediator: string | null;
  place: string | null;
  summary: string | null;
  heldOn: IsoDate;
}>;

export type FactfindingCertified = Fact<'FactfindingCertified', {
  caseNumber: string | null;
  certifiedOn: IsoDate;
}>;

export type FactfindingPanelFormed = Fact<'FactfindingPanelFormed', {
  chair: string;
  employerMember: string | null;
  unionMember: string | null;
  formedOn: IsoDate;
}>;

export type FactfindingHearingHeld = Fact<'FactfindingHearingHeld', {
  place: string | null;
  summary: string | null;
  heldOn: IsoDate;
}>;

/** The panel's report, delivered to the parties privately. */
export type FactfindingReportIssued = Fact<'FactfindingReportIssued', {
  summary: string | null;
  documents: readonly DocumentRef[];
  issuedOn: IsoDate;
}>;

/** EERA 3548.3, MMBA 3505.5: the employer makes the report public (within 10 days). */
export type FactfindingReportMadePublic = Fact<'FactfindingReportMadePublic', {
  how: string | null;
  documents: readonly DocumentRef[];
  madePublicOn: IsoDate;
}>;

/** The public hearing on the impasse that MMBA 3505.7 requires before an offer is imposed. */
export type ImpasseHearingHeld = Fact<'ImpasseHearingHeld', {
  governingBody: string;
  summary: string | null;
  heldOn: IsoDate;
}>;

export type LastBestFinalOfferImposed = Fact<'LastBestFinalOfferImposed', {
  governingBody: string;
  resolutionNumber: string | null;
  articles: readonly string[];
  summary: string;
  documents: readonly DocumentRef[];
  imposedOn: IsoDate;
}>;

export type SettlementReached = Fact<'SettlementReached', {
  taIds: readonly TaId[];
  term: AgreementTerm;
  summary: string;
  costs: readonly CostLine[];
  reachedOn: IsoDate;
}>;

/** EERA 3547.5: major provisions and costs made public before adoption, certified by the superintendent and chief business official. */
export type SettlementCostsDisclosed = Fact<'SettlementCostsDisclosed', {
  meeting: string | null;
  summary: string;
  costs: readonly CostLine[];
  certifiedBy: { readonly superintendent: string | null; readonly chiefBusinessOfficial: string | null };
  documents: readonly DocumentRef[];
  disclosedOn: IsoDate;
}>;

export type RatificationVoteHeld = Fact<'RatificationVoteHeld', {
  /** Null when the count was not published. */
  yes: number | null;
  no: number | null;
  /** A majority of the votes cast, or as reported when the counts are not known. */
  ratified: boolean;
  heldOn: IsoDate;
}>;

/** A governing body's roll call, each count null when not known. */
export interface GoverningBodyVote {
  readonly ayes: number | null;
  readonly noes: number | null;
  readonly abstentions: number | null;
  readonly absent: number | null;
}

export type GoverningBodyApproved = Fact<'GoverningBodyApproved', {
  governingBody: string;
  /** Null when the record does not give it. */
  resolutionNumber: string | null;
  meeting: string | null;
  /** Absent from facts recorded before votes were kept: read as null. */
  vote?: GoverningBodyVote | null;
  approvedOn: IsoDate;
}>;

export type AgreementExecuted = Fact<'AgreementExecuted', {
  term: AgreementTerm;
  signatories: Attendees;
  documents: readonly DocumentRef[];
  executedOn: IsoDate;
}>;

export type NegotiationConcluded = Fact<'NegotiationConcluded', {
  outcome: Outcome;
  summary: string | null;
  concludedOn: IsoDate;
}>;

/** Notice of a strike, sick-out or lockout to come; the stoppage it announces may begin under the same id. */
export type WorkStoppageNoticeGiven = Fact<'WorkStoppageNoticeGiven', {
  stoppageId: StoppageId;
  kind: WorkStoppageKind;
  /** The side that acts: the union for a strike or sick-out, the employer for a lockout. */
  givenBy: Side;
  plannedStartOn: IsoDate | null;
  /** Employees expected to take part, as estimated; null when not known. */
  estimatedParticipants: number | null;
  statement: string | null;
  documents: readonly DocumentRef[];
  noticeGivenOn: IsoDate;
}>;

export type WorkStoppageBegan = Fact<'WorkStoppageBegan', {
  stoppageId: StoppageId;
  kind: WorkStoppageKind;
  by: Side;
  /** The day notice of it was given, when a notice was recorded under the same id. */
  noticeGivenOn: IsoDate | null;
  estimatedParticipants: number | null;
  summary: string | null;
  beganOn: IsoDate;
}>;

export type WorkStoppageEnded = Fact<'WorkStoppageEnded', {
  stoppageId: StoppageId;
  /** Copied from the stoppage's beginning. */
  kind: WorkStoppageKind;
  by: Side;
  estimatedParticipants: number | null;
  summary: string | null;
  endedOn: IsoDate;
}>;

/** The parties' agreement on the return to work (often with amnesty or make-up terms); names the stoppage when known. */
export type ReturnToWorkAgreed = Fact<'ReturnToWorkAgreed', {
  stoppageId: StoppageId | null;
  terms: string;
  documents: readonly DocumentRef[];
  agreedOn: IsoDate;
}>;

interface AgreementInstrument {
  title: string;
  articles: readonly string[];
  text: string;
  /** Whether it sets a precedent beyond its own facts. */
  precedential: boolean;
  expiresOn: IsoDate | null;
  signatories: Attendees;
  documents: readonly DocumentRef[];
  executedOn: IsoDate;
}

export type SideLetterExecuted = Fact<'SideLetterExecuted', AgreementInstrument>;
export type MemorandumOfUnderstandingExecuted = Fact<'MemorandumOfUnderstandingExecuted', AgreementInstrument>;

/** Strategy, closed-session briefing (Gov. Code 54957.6), costing workbook, or legal advice (privileged). */
export type ConfidentialNoteRecorded = Fact<'ConfidentialNoteRecorded', {
  kind: NoteKind;
  title: string;
  body: string;
  author: string | null;
  sessionId: SessionId | null;
  documents: readonly DocumentRef[];
  notedOn: IsoDate;
}>;

/** Names the corrected event and why; the original stays in every history. */
export type CorrectionRecorded = Fact<'CorrectionRecorded', {
  correctedEventId: string;
  correctedEventType: CorrectableEventType;
  reason: string;
  /** The corrected values, by field of the corrected event's data (or `occurredAt`). */
  correctedFields: Readonly<Record<string, unknown>>;
  /**
   * The corrected record's classification, resolved with it from the stream: a correction repeats
   * (part of) that record's content, so it is classified as the record is. Null when not known.
   */
  correctedEventClassification: ClassificationMark | null;
  correctedOn: IsoDate;
}>;

export type NegotiationEvent =
  | NegotiationOpened
  | GroundRulesAgreed
  | InitialProposalSunshined
  | PublicCommentHeard
  | EmployerProposalAdopted
  | NewSubjectMadePublic
  | SessionHeld
  | SessionCancelled
  | ProposalTabled
  | CounterproposalTabled
  | PackageTabled
  | ProposalCostingRecorded
  | ProposalWithdrawn
  | PackageRejected
  | TentativeAgreementInitialed
  | TentativeAgreementWithdrawn
  | ImpasseDeclared
  | PerbImpasseDeterminationRequested
  | PerbImpasseDetermined
  | MediatorAppointed
  | MediationSessionHeld
  | FactfindingCertified
  | FactfindingPanelFormed
  | FactfindingHearingHeld
  | FactfindingReportIssued
  | FactfindingReportMadePublic
  | ImpasseHearingHeld
  | LastBestFinalOfferImposed
  | SettlementReached
  | SettlementCostsDisclosed
  | RatificationVoteHeld
  | GoverningBodyApproved
  | AgreementExecuted
  | NegotiationConcluded
  | SideLetterExecuted
  | MemorandumOfUnderstandingExecuted
  | WorkStoppageNoticeGiven
  | WorkStoppageBegan
  | WorkStoppageEnded
  | ReturnToWorkAgreed
  | ConfidentialNoteRecorded
  | CorrectionRecorded;

export type NegotiationEventType = NegotiationEvent['type'];

/** Every stored negotiation event type, in the order a negotiation usually runs. */
export const NEGOTIATION_EVENT_TYPES = [
  'NegotiationOpened',
  'GroundRulesAgreed',
  'InitialProposalSunshined',
  'PublicCommentHeard',
  'EmployerProposalAdopted',
  'NewSubjectMadePublic',
  'SessionHeld',
  'SessionCancelled',
  'ProposalTabled',
  'CounterproposalTabled',
  'PackageTabled',
  'ProposalCostingRecorded',
  'ProposalWithdrawn',
  'PackageRejected',
  'TentativeAgreementInitialed',
  'TentativeAgreementWithdrawn',
  'ImpasseDeclared',
  'PerbImpasseDeterminationRequested',
  'PerbImpasseDetermined',
  'MediatorAppointed',
  'MediationSessionHeld',
  'FactfindingCertified',
  'FactfindingPanelFormed',
  'FactfindingHearingHeld',
  'FactfindingReportIssued',
  'FactfindingReportMadePublic',
  'ImpasseHearingHeld',
  'LastBestFinalOfferImposed',
  'SettlementReached',
  'SettlementCostsDisclosed',
  'RatificationVoteHeld',
  'GoverningBodyApproved',
  'AgreementExecuted',
  'NegotiationConcluded',
  'SideLetterExecuted',
  'MemorandumOfUnderstandingExecuted',
  'WorkStoppageNoticeGiven',
  'WorkStoppageBegan',
  'WorkStoppageEnded',
  'ReturnToWorkAgreed',
  'ConfidentialNoteRecorded',
  'CorrectionRecorded',
] as const satisfies readonly NegotiationEventType[];

/** Every fact but a correction: a mis-recorded correction is fixed by correcting the original again. */
export type CorrectableEventType = Exclude<NegotiationEventType, 'CorrectionRecorded'>;
export const CORRECTABLE_EVENT_TYPES: readonly CorrectableEventType[] = NEGOTIATION_EVENT_TYPES.filter(
  (type): type is CorrectableEventType => type !== 'CorrectionRecorded',
);

// Fails to compile when an event type is missing from NEGOTIATION_EVENT_TYPES.
const everyEventTypeListed: [Exclude<NegotiationEventType, (typeof NEGOTIATION_EVENT_TYPES)[number]>] extends [never] ? true : false = true;
void everyEventTypeListed;
