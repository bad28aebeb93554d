import type { BusinessTime, Classification } from '#kernel';
import type { NegotiationKind, Outcome, PerbDetermination, Side, Statute, TaRule } from '#bargaining';
import type { InformationRequestEventType, ReceivedInformationRequest } from '#information-requests';

/*
 * The facts the compliance rules read: dates, sides, article labels, ids and classifications of
 * recorded events — never their content (no proposal text, costing, notes or request documents).
 * Gathered by the compliance-facts projection; flags are computed from them at query time.
 */

/** A calendar day, YYYY-MM-DD. */
export type IsoDate = string;

/** One recorded event as a fact: which event, its business day, when it was recorded, how it is classified. */
export interface FactRef<Type extends string = string> {
  readonly eventId: string;
  readonly type: Type;
  readonly revision: number;
  /** Business day: the event's own date, or the one a later correction gave it. */
  readonly on: IsoDate;
  /** The business day as first recorded. */
  readonly originallyOn: IsoDate;
  /**
   * How the date is known when not to the day (a month, a year, a range, a bound, about a day), as
   * corrected; absent when certain. `on` is then the day it is filed under (its earliest possible day).
   */
  readonly known?: BusinessTime;
  readonly recordedAt: string;
  readonly classification: Classification;
  /** Corrections applied to this fact, by event id, in recording order. */
  readonly correctedBy: readonly string[];
}

type F<Type extends string, Extra extends object = object> = FactRef<Type> & Readonly<Extra>;

interface Tabled {
  proposalId: string;
  side: Side;
  articles: readonly string[];
}

export type NegotiationFact =
  | F<'NegotiationOpened', { negotiationKind: NegotiationKind; writtenNoticeGivenOn: IsoDate | null; /** How the notice's day is known when the record gives less than a day. */ writtenNoticeKnown?: BusinessTime }>
  | F<'GroundRulesAgreed', { taRule: TaRule }>
  | F<'InitialProposalSunshined', { side: Side; articles: readonly string[] }>
  | F<'PublicCommentHeard'>
  | F<'EmployerProposalAdopted'>
  | F<'NewSubjectMadePublic', { side: Side; articles: readonly string[] }>
  | F<'SessionHeld', { sessionId: string; number: number }>
  | F<'ProposalTabled', Tabled>
  | F<'CounterproposalTabled', Tabled>
  | F<'PackageTabled', Tabled>
  | F<'TentativeAgreementInitialed', { taId: string; side: Side }>
  | F<'TentativeAgreementWithdrawn', { taId: string; withdrawnBy: Side }>
  | F<'ImpasseDeclared', { declaredBy: Side | 'joint' }>
  | F<'PerbImpasseDetermined', { determination: PerbDetermination }>
  | F<'MediatorAppointed'>
  | F<'MediationSessionHeld'>
  | F<'FactfindingCertified'>
  | F<'FactfindingPanelFormed'>
  | F<'FactfindingHearingHeld'>
  | F<'FactfindingReportIssued'>
  | F<'FactfindingReportMadePublic'>
  | F<'ImpasseHearingHeld'>
  | F<'LastBestFinalOfferImposed'>
  | F<'SettlementReached', { taIds: readonly string[] }>
  | F<'SettlementCostsDisclosed', { atMeeting: boolean; certified: boolean }>
  | F<'RatificationVoteHeld', { ratified: boolean }>
  | F<'GoverningBodyApproved'>
  | F<'AgreementExecuted'>
  | F<'NegotiationConcluded', { outcome: Outcome }>;

export type NegotiationFactType = NegotiationFact['type'];
export type NegotiationFactOf<T extends NegotiationFactType> = Extract<NegotiationFact, { type: T }>;

/** A correction recorded on the negotiation, and which gathered fields it changed. */
export interface CorrectionFact {
  readonly eventId: string;
  readonly revision: number;
  readonly on: IsoDate;
  readonly recordedAt: string;
  readonly correctedEventId: string;
  readonly correctedEventType: string;
  /** The gathered fields it changed (`on` for a date); empty when it changed nothing the rules read. */
  readonly applied: readonly string[];
}

export interface NegotiationComplianceFacts {
  readonly kind: 'negotiation';
  readonly negotiationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly statute: Statute;
  readonly openedOn: IsoDate;
  /** The classification of the opening: who may see the negotiation at all. */
  readonly classification: Classification;
  /** In recording order. */
  readonly facts: readonly NegotiationFact[];
  readonly corrections: readonly CorrectionFact[];
  /** The last stream revision applied: a replayed event changes nothing. */
  readonly revision: number;
}

/** One event of a request's stream as a fact (item number for productions and objections). */
export interface RequestFactRef extends FactRef<InformationRequestEventType> {
  readonly itemNumber: number | null;
}

export interface RequestComplianceFacts {
  readonly kind: 'information-request';
  readonly requestId: string;
  readonly unitId: string;
  readonly negotiationId: string | null;
  /** Folded by the information-requests domain's own evolve; the clocks are computed from it. */
  readonly state: ReceivedInformationRequest;
  readonly events: readonly RequestFactRef[];
  readonly classification: Classification;
  readonly revision: number;
}

export interface UnitComplianceFacts {
  readonly kind: 'unit';
  readonly unitId: string;
  readonly name: string;
  readonly statute: Statute;
  readonly revision: number;
}

export type ComplianceFactsDoc = NegotiationComplianceFacts | RequestComplianceFacts | UnitComplianceFacts;
