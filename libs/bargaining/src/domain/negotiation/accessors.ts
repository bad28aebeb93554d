import { type BusinessTime, businessDayOf } from '#kernel';
import { type IsoDate, type Side, isIsoDate } from '../common.js';
import { NEGOTIATION_EVENT_TYPES, type NegotiationEvent, type NegotiationEventType } from './events.js';

type DataOf<T extends NegotiationEventType> = Extract<NegotiationEvent, { type: T }>['data'];

/** The fields of an event's data that hold a calendar day. */
type DayFieldOf<T extends NegotiationEventType> = { [K in keyof DataOf<T>]-?: DataOf<T>[K] extends IsoDate ? K : never }[keyof DataOf<T>];

/**
 * The data field of each negotiation event that holds its business day (decide copies it from the
 * command's occurredAt), or null for one that has none. A new event type does not compile until it
 * is listed here.
 */
const BUSINESS_DAY_FIELD: { readonly [T in NegotiationEventType]: DayFieldOf<T> | null } = {
  NegotiationOpened: 'openedOn',
  GroundRulesAgreed: 'agreedOn',
  InitialProposalSunshined: 'presentedOn',
  PublicCommentHeard: 'heardOn',
  EmployerProposalAdopted: 'adoptedOn',
  NewSubjectMadePublic: 'madePublicOn',
  SessionHeld: 'heldOn',
  SessionCancelled: null,
  ProposalTabled: 'tabledOn',
  CounterproposalTabled: 'tabledOn',
  PackageTabled: 'tabledOn',
  ProposalCostingRecorded: 'tabledOn',
  ProposalWithdrawn: 'withdrawnOn',
  PackageRejected: 'rejectedOn',
  TentativeAgreementInitialed: 'initialedOn',
  TentativeAgreementWithdrawn: 'withdrawnOn',
  ImpasseDeclared: 'declaredOn',
  PerbImpasseDeterminationRequested: 'requestedOn',
  PerbImpasseDetermined: 'determinedOn',
  MediatorAppointed: 'appointedOn',
  MediationSessionHeld: 'heldOn',
  FactfindingCertified: 'certifiedOn',
  FactfindingPanelFormed: 'formedOn',
  FactfindingHearingHeld: 'heldOn',
  FactfindingReportIssued: 'issuedOn',
  FactfindingReportMadePublic: 'madePublicOn',
  ImpasseHearingHeld: 'heldOn',
  LastBestFinalOfferImposed: 'imposedOn',
  SettlementReached: 'reachedOn',
  SettlementCostsDisclosed: 'disclosedOn',
  RatificationVoteHeld: 'heldOn',
  GoverningBodyApproved: 'approvedOn',
  AgreementExecuted: 'executedOn',
  NegotiationConcluded: 'concludedOn',
  SideLetterExecuted: 'executedOn',
  MemorandumOfUnderstandingExecuted: 'executedOn',
  WorkStoppageNoticeGiven: 'noticeGivenOn',
  WorkStoppageBegan: 'beganOn',
  WorkStoppageEnded: 'endedOn',
  ReturnToWorkAgreed: 'agreedOn',
  ConfidentialNoteRecorded: 'notedOn',
  CorrectionRecorded: 'correctedOn',
};

/** The data field holding the business day of a negotiation event of this type; null for none or an unknown type. */
export function negotiationBusinessDayField(type: string): string | null {
  return Object.hasOwn(BUSINESS_DAY_FIELD, type) ? (BUSINESS_DAY_FIELD[type as NegotiationEventType] as string | null) : null;
}

/** The business day of a recorded negotiation event: its day field when that holds a date, else the day of its occurredAt. */
export function negotiationBusinessDay(event: { readonly type: string; readonly data: Readonly<Record<string, unknown>>; readonly occurredAt: BusinessTime }): IsoDate {
  const field = negotiationBusinessDayField(event.type);
  const value = field === null ? undefined : event.data[field];
  return isIsoDate(value) ? value : businessDayOf(event.occurredAt);
}

/** The negotiation event a recorded one is, when its type is one; other contexts read its fields through it, typed. */
export function asNegotiationEvent(recorded: { readonly type: string; readonly data: Readonly<Record<string, unknown>> }): NegotiationEvent | null {
  return (NEGOTIATION_EVENT_TYPES as readonly string[]).includes(recorded.type) ? ({ type: recorded.type, data: recorded.data } as unknown as NegotiationEvent) : null;
}

/** The article labels a negotiation event names itself (not those of the proposal or TA it refers to). */
export function articlesNamedBy(event: NegotiationEvent): string[] {
  switch (event.type) {
    case 'NegotiationOpened':
      return [...(event.data.articlesInScope ?? [])];
    case 'InitialProposalSunshined':
    case 'NewSubjectMadePublic':
    case 'LastBestFinalOfferImposed':
    case 'SideLetterExecuted':
    case 'MemorandumOfUnderstandingExecuted':
      return [...(event.data.articles ?? [])];
    case 'SessionHeld':
      return [...(event.data.articlesDiscussed ?? [])];
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled':
    case 'TentativeAgreementInitialed':
      return (event.data.articles ?? []).map((a) => a.article);
    case 'ProposalWithdrawn':
    case 'PackageRejected':
      return (event.data.revertedPositions ?? []).map((p) => p.article);
    default:
      return [];
  }
}

/** The side whose act a negotiation event records, or null for a joint or neutral fact. */
export function actingSideOf(event: NegotiationEvent): Side | null {
  switch (event.type) {
    case 'InitialProposalSunshined':
    case 'NewSubjectMadePublic':
    case 'ProposalTabled':
    case 'CounterproposalTabled':
    case 'PackageTabled':
    case 'ProposalCostingRecorded':
    case 'ProposalWithdrawn':
    case 'TentativeAgreementInitialed':
      return event.data.side;
    case 'PackageRejected':
      return event.data.rejectedBy;
    case 'TentativeAgreementWithdrawn':
      return event.data.withdrawnBy;
    case 'ImpasseDeclared':
      return event.data.declaredBy === 'joint' ? null : event.data.declaredBy;
    case 'PerbImpasseDeterminationRequested':
      return event.data.requestedBy === 'joint' ? null : event.data.requestedBy;
    case 'SessionCancelled':
      return event.data.cancelledBy;
    case 'WorkStoppageNoticeGiven':
      return event.data.givenBy;
    case 'WorkStoppageBegan':
    case 'WorkStoppageEnded':
      return event.data.by;
    default:
      return null;
  }
}
