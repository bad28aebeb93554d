import { daysBetween } from '#kernel';
import { type IsoDate, type Side, type Statute, byArticle } from '../common.js';
import type { NegotiationId, TaId, UnitId } from '../ids.js';
import type { NegotiationKind, Outcome } from './events.js';
import { type InstrumentRecord, type NegotiationRecord, type NegotiationState, taIsComplete } from './state.js';

export type NegotiationStage =
  | 'not-opened'
  | 'at-table'
  | 'impasse-declared'
  | 'mediation'
  | 'factfinding'
  | 'factfinding-report-issued'
  | 'factfinding-report-public'
  | 'offer-imposed'
  | 'settlement-reached'
  | 'ratified'
  | 'approved'
  | 'agreement-executed'
  | 'concluded';

export const SETTLEMENT_STEPS = ['settlement-reached', 'costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'] as const;
export type SettlementStep = (typeof SETTLEMENT_STEPS)[number];

/** Where a negotiation stands: the furthest step of its settlement, imposition or impasse. */
export function negotiationStage(state: NegotiationState): NegotiationStage {
  if (state.status === 'not-opened') return 'not-opened';
  if (state.status === 'concluded') return 'concluded';
  const { settlement, imposition, impasse } = state;
  if (settlement !== null) {
    if (settlement.executedOn !== null) return 'agreement-executed';
    if (settlement.approval !== null) return 'approved';
    if (settlement.ratification?.ratified) return 'ratified';
    return 'settlement-reached';
  }
  if (imposition !== null) return 'offer-imposed';
  if (impasse !== null) {
    const ff = impasse.factfinding;
    if (ff.reportMadePublicOn !== null) return 'factfinding-report-public';
    if (ff.reportIssuedOn !== null) return 'factfinding-report-issued';
    if (ff.certifiedOn !== null || ff.panelFormedOn !== null || ff.hearingsHeld > 0) return 'factfinding';
    if (impasse.mediators.length > 0 || impasse.mediationSessionsHeld > 0) return 'mediation';
    return 'impasse-declared';
  }
  return 'at-table';
}

function settlementSteps(record: NegotiationRecord): { done: SettlementStep[]; pending: SettlementStep[] } {
  const s = record.settlement;
  const done = new Set<SettlementStep>();
  if (s !== null) {
    done.add('settlement-reached');
    if (s.costsDisclosedOn !== null) done.add('costs-disclosed');
    if (s.ratification?.ratified) done.add('ratified');
    if (s.approval !== null) done.add('governing-body-approved');
    if (s.executedOn !== null) done.add('agreement-executed');
  }
  return { done: SETTLEMENT_STEPS.filter((step) => done.has(step)), pending: SETTLEMENT_STEPS.filter((step) => !done.has(step)) };
}

/**
 * The day the parties left the table: the settlement (reached), or the conclusion when that came
 * first or there was no settlement; null while they are still at it.
 */
export function tableEndedOn(state: NegotiationState): IsoDate | null {
  if (state.status === 'not-opened') return null;
  const concludedOn = state.status === 'concluded' ? state.concludedOn : null;
  const settledOn = state.settlement?.reachedOn ?? null;
  if (settledOn === null) return concludedOn;
  return concludedOn !== null && concludedOn < settledOn ? concludedOn : settledOn;
}

/** Calendar days from opening to `asOf`, or to the day the table ended when that came first; never below zero. */
export function daysAtTable(state: NegotiationRecord, endedOn: IsoDate | null, asOf: IsoDate): number {
  const end = endedOn !== null && endedOn < asOf ? endedOn : asOf;
  return Math.max(0, daysBetween(state.openedOn, end));
}

/** The window in which a side letter or MOU is listed as expiring soon. */
export const EXPIRING_WITHIN_DAYS = 90;

export interface InstrumentLine extends InstrumentRecord {
  /** Expired before asOf. */
  readonly expired: boolean;
  /** Expires on asOf or within EXPIRING_WITHIN_DAYS after it. */
  readonly expiresWithin90Days: boolean;
}

/** The negotiation's side letters and MOUs as of a day, with their expiry. */
export function instrumentLines(record: NegotiationRecord, asOf: IsoDate): InstrumentLine[] {
  return record.instruments.map((instrument) => instrumentLine(instrument, asOf));
}

/** One side letter or MOU as of a day, with its expiry. */
export function instrumentLine(instrument: InstrumentRecord, asOf: IsoDate): InstrumentLine {
  const left = instrument.expiresOn === null ? null : daysBetween(asOf, instrument.expiresOn);
  return { ...instrument, expired: left !== null && left < 0, expiresWithin90Days: left !== null && left >= 0 && left <= EXPIRING_WITHIN_DAYS };
}

export interface TableSummary {
  readonly status: NegotiationState['status'];
  readonly stage: NegotiationStage;
  readonly negotiationId: NegotiationId | null;
  readonly unitId: UnitId | null;
  readonly statute: Statute | null;
  readonly kind: NegotiationKind | null;
  readonly outcome: Outcome | null;
  readonly openedOn: IsoDate | null;
  /** Calendar days from opening to `asOf` (or to the settlement or conclusion); null without either. */
  readonly daysAtTable: number | null;
  /** Articles in scope or under proposal without a complete tentative agreement. */
  readonly openArticles: readonly string[];
  readonly agreedArticles: readonly string[];
  readonly tentativeAgreements: {
    readonly complete: readonly TaId[];
    readonly awaitingSignature: readonly { readonly taId: TaId; readonly signedBy: Side; readonly awaiting: Side }[];
    readonly withdrawn: readonly TaId[];
  };
  readonly proposals: { readonly employer: number; readonly union: number; readonly onTable: number };
  readonly sessions: { readonly held: number; readonly cancelled: number };
  readonly settlementSteps: { readonly done: readonly SettlementStep[]; readonly pending: readonly SettlementStep[] };
}

/** The state of the table as the HTTP layer returns it. `asOf` (a day) counts days at the table. */
export function tableSummary(state: NegotiationState, asOf?: IsoDate): TableSummary {
  if (state.status === 'not-opened') {
    return {
      status: 'not-opened',
      stage: 'not-opened',
      negotiationId: null,
      unitId: null,
      statute: null,
      kind: null,
      outcome: null,
      openedOn: null,
      daysAtTable: null,
      openArticles: [],
      agreedArticles: [],
      tentativeAgreements: { complete: [], awaitingSignature: [], withdrawn: [] },
      proposals: { employer: 0, union: 0, onTable: 0 },
      sessions: { held: 0, cancelled: 0 },
      settlementSteps: { done: [], pending: [...SETTLEMENT_STEPS] },
    };
  }
  const tas = Object.values(state.tentativeAgreements);
  const complete = tas.filter(taIsComplete);
  const agreed = new Set(complete.flatMap((ta) => ta.articles.map((a) => a.article)));
  const considered = new Set([...state.articlesInScope, ...Object.keys(state.positions)]);
  const proposals = Object.values(state.proposals);
  const sessions = Object.values(state.sessions);
  const endedOn = tableEndedOn(state);
  return {
    status: state.status,
    stage: negotiationStage(state),
    negotiationId: state.negotiationId,
    unitId: state.unitId,
    statute: state.statute,
    kind: state.kind,
    outcome: state.status === 'concluded' ? state.outcome : null,
    openedOn: state.openedOn,
    daysAtTable: asOf !== undefined ? daysAtTable(state, endedOn, asOf) : endedOn !== null ? daysAtTable(state, endedOn, endedOn) : null,
    openArticles: [...considered].filter((article) => !agreed.has(article)).sort(byArticle),
    agreedArticles: [...agreed].sort(byArticle),
    tentativeAgreements: {
      complete: complete.map((ta) => ta.taId),
      awaitingSignature: tas
        .filter((ta) => ta.withdrawn === null && !taIsComplete(ta))
        .map((ta) => {
          const signedBy: Side = ta.signatures.employer !== null ? 'employer' : 'union';
          return { taId: ta.taId, signedBy, awaiting: signedBy === 'employer' ? 'union' : 'employer' };
        }),
      withdrawn: tas.filter((ta) => ta.withdrawn !== null).map((ta) => ta.taId),
    },
    proposals: {
      employer: proposals.filter((p) => p.side === 'employer').length,
      union: proposals.filter((p) => p.side === 'union').length,
      onTable: proposals.filter((p) => p.status === 'on-table').length,
    },
    sessions: { held: sessions.filter((s) => s.status === 'held').length, cancelled: sessions.filter((s) => s.status === 'cancelled').length },
    settlementSteps: settlementSteps(state),
  };
}
