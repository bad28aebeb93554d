import {
  type ArticleChain,
  type DemandAnswerRecord,
  type DemandScope,
  type DemandedDecision,
  type NegotiationOnDemand,
  foldDemand,
  type ChangeKind,
  type NegotiationStage,
  type NegotiationState,
  type ProposalForm,
  type Side,
  SIDES,
  type WorkStoppageKind,
  articleChainsOf,
  asNegotiationEvent,
  byArticle,
  evolveNegotiation,
  initialNegotiationState,
  tableSummary,
  taIsComplete,
} from '#bargaining';
import type { RecordedEvent } from '#event-store';
import {
  type BusinessCalendar,
  type InformationRequestClocks,
  asInformationRequestPolicyEvent,
  type Requester,
  foldInformationRequest,
  informationRequestClocks,
  informationRequestPolicyDecider,
  policyInEffectOn,
} from '#information-requests';
import { businessDayOf, describeBusinessTime, earliestPossibleDay, fold, latestPossibleDay } from '#kernel';
import { type IsoDate, businessDay, corrected, correctionsByTarget, systemDay } from './facts.js';

/*
 * The state of the table as of a day D, folded from the events (never from a stored snapshot), in
 * one of two time bases (bitemporal: business time says when a fact happened, system time when the
 * record learnt it):
 * - business ("as it happened"): every fact that happened on or before D, as the record now knows
 *   it: facts recorded late count from their day, and every correction is applied, even one
 *   recorded after D (the corrected date and fields are what happened);
 * - system ("as the record stood"): only what had been recorded by the end of D (UTC), with only
 *   the corrections recorded by then.
 * In both the facts are folded in business order (a fact entered late takes its place at its day).
 * The two answers differ exactly where a fact dated on or before D was recorded after D, or a
 * correction recorded after D changed a fact dated on or before D (or moved one across D).
 */

export const AS_OF_BASES = ['business', 'system'] as const;
export type AsOfBasis = (typeof AS_OF_BASES)[number];

/** What the table's state is made of: confidential costings and notes do not change it, so they are never read here. */
const NOT_TABLE_FACTS = new Set(['ProposalCostingRecorded', 'ConfidentialNoteRecorded', 'CorrectionRecorded']);
export const isTableFact = (event: Pick<RecordedEvent, 'type' | 'stream'>): boolean => !NOT_TABLE_FACTS.has(event.type);

export interface PositionAsOf {
  readonly proposalId: string;
  readonly number: string;
  readonly form: ProposalForm;
  readonly tabledOn: IsoDate;
  readonly status: 'on-table' | 'withdrawn' | 'rejected';
  readonly eventId: string;
  readonly title: string | null;
  readonly changeKind: ChangeKind | null;
  /** The full text, as corrected where the time base applies the correction. */
  readonly text: string | null;
}

export interface ArticleAsOf {
  readonly article: string;
  readonly status: 'open' | 'agreed';
  /** Each side's proposal on the table; none under a complete TA (it settled them). */
  readonly positions: Readonly<Record<Side, PositionAsOf | null>>;
  /** The complete TA covering the article, if any. */
  readonly tentativeAgreement: string | null;
  /** The text the complete TA agreed (as corrected where the time base applies the correction); null while open. */
  readonly agreedText: string | null;
}

export interface TentativeAgreementAsOf {
  readonly taId: string;
  readonly articles: readonly string[];
  readonly signatures: Readonly<Record<Side, { readonly signatory: string; readonly initialedOn: IsoDate } | null>>;
  readonly status: 'complete' | 'awaiting-signature' | 'withdrawn';
  /** The side whose initial is awaited. */
  readonly awaiting: Side | null;
}

/** A strike, sick-out or lockout as of the day: noticed (not yet begun), in progress, or ended. */
export interface WorkStoppageAsOf {
  readonly stoppageId: string;
  readonly kind: WorkStoppageKind;
  readonly by: Side;
  readonly status: 'noticed' | 'in-progress' | 'ended';
  readonly noticeGivenOn: IsoDate | null;
  readonly beganOn: IsoDate | null;
  readonly endedOn: IsoDate | null;
}

/** The demand to bargain the negotiation was opened on, as of the day: awaiting its answer or answered. */
export interface DemandToBargainAsOf {
  readonly demandId: string;
  readonly demandedBy: Side;
  readonly decision: DemandedDecision;
  readonly scope: DemandScope;
  readonly demandedOn: IsoDate;
  readonly status: 'awaiting-answer' | 'answered';
  readonly answer: DemandAnswerRecord | null;
  readonly negotiations: readonly NegotiationOnDemand[];
}

export interface InformationRequestAsOf {
  readonly requestId: string;
  readonly unitId: string;
  readonly from: Requester;
  readonly receivedOn: IsoDate;
  readonly items: number;
  readonly clocks: InformationRequestClocks;
}

export interface TableAsOf {
  readonly negotiationId: string;
  readonly asOf: IsoDate;
  readonly basis: AsOfBasis;
  readonly status: NegotiationState['status'];
  readonly stage: NegotiationStage;
  readonly openedOn: IsoDate | null;
  readonly daysAtTable: number | null;
  readonly articles: readonly ArticleAsOf[];
  readonly tentativeAgreements: readonly TentativeAgreementAsOf[];
  readonly workStoppages: readonly WorkStoppageAsOf[];
  /** Null when the negotiation was not opened on a demand, or the demand was not yet made by D. */
  readonly demandToBargain: DemandToBargainAsOf | null;
  readonly informationRequests: {
    readonly open: readonly InformationRequestAsOf[];
    readonly closedOrWithdrawn: readonly { readonly requestId: string; readonly status: 'closed' | 'withdrawn'; readonly on: IsoDate | null }[];
  };
  /** What the answer rests on, and where the other time base would differ. */
  readonly record: {
    /** Table facts (negotiation, demand-to-bargain and information-request events) folded. */
    readonly factsFolded: number;
    readonly correctionsApplied: number;
    /** Business basis: facts folded although recorded after D (the system basis leaves them out). */
    readonly factsRecordedAfter: number;
    /** Of the facts folded, those imported from historic sources with their provenance (recorded later by nature, never late entries). */
    readonly importedFacts: number;
    /** Business basis: corrections applied although recorded after D (the system basis ignores them). */
    readonly correctionsRecordedAfter: number;
    /** System basis: facts recorded by D and dated on or before it. */
    readonly recordedThrough: IsoDate | null;
    /**
     * Facts folded although the record dates them only as a month, a range or a bound that reaches
     * past D ("February 2008" as of 10 February 2008): they may or may not have happened by D.
     */
    readonly uncertainFacts: readonly UncertainFact[];
  };
}

export interface UncertainFact {
  readonly eventId: string;
  readonly type: string;
  /** Its business time as the record knows it, in words. */
  readonly occurredAtDescription: string;
}

/** May it have happened by the end of D? Yes unless its earliest possible day is after D. */
const mayHaveHappenedBy = (event: Pick<RecordedEvent, 'occurredAt'>, asOf: IsoDate): boolean => {
  const first = earliestPossibleDay(event.occurredAt);
  return first === null || first <= asOf;
};

/** Certainly happened by the end of D: its latest possible day is D or earlier. */
const certainlyHappenedBy = (event: Pick<RecordedEvent, 'occurredAt'>, asOf: IsoDate): boolean => {
  const last = latestPossibleDay(event.occurredAt);
  return last !== null && last <= asOf;
};

/**
 * The order facts are folded in: the opening first (evolve ignores anything before it), then by the
 * day each is filed under (its earliest possible day when known less precisely), recording order
 * within a day. Each fact's place rests on its own dates, so imprecise dates never reorder certain ones.
 */
export function inBusinessOrder<T extends { readonly event: Pick<RecordedEvent, 'type'>; readonly effective: Pick<RecordedEvent, 'occurredAt'>; readonly order: number }>(facts: readonly T[]): T[] {
  return [...facts].sort((a, b) => {
    const openA = a.event.type === 'NegotiationOpened' ? 0 : 1;
    const openB = b.event.type === 'NegotiationOpened' ? 0 : 1;
    if (openA !== openB) return openA - openB;
    const dayA = businessDay(a.effective);
    const dayB = businessDay(b.effective);
    return dayA !== dayB ? (dayA < dayB ? -1 : 1) : a.order - b.order;
  });
}

export interface AsOfInput {
  readonly negotiationId: string;
  readonly asOf: IsoDate;
  readonly basis: AsOfBasis;
  /** The negotiation's events the reader may see, in recording order (costings and notes are ignored). */
  readonly negotiation: readonly RecordedEvent[];
  /** The events of the demand to bargain it was opened on that the reader may see, in recording order; absent or empty: none. */
  readonly demand?: readonly RecordedEvent[];
  /** Each information request's events the reader may see, in recording order. */
  readonly informationRequests: readonly (readonly RecordedEvent[])[];
  /** Each unit's response-policy events (its office calendar), by unit id; weekends only when absent. */
  readonly policies?: ReadonlyMap<string, readonly RecordedEvent[]>;
}

export interface AsOfResult {
  readonly table: TableAsOf;
  /** Every event the answer was folded from (facts and corrections applied): what its reader read. */
  readonly used: ReadonlySet<string>;
}

/** A side's standing proposal on an article, from the article's chain (the one chain builder, #bargaining). */
function positionOf(chain: ArticleChain | undefined, side: Side): PositionAsOf | null {
  const standing = chain?.proposed[side] ?? null;
  if (!chain || standing === null) return null;
  const entry = chain.entries.find((e) => e.entryId === standing.entryId);
  if (!entry || !(entry.kind === 'proposal' || entry.kind === 'counterproposal' || entry.kind === 'package')) return null;
  // A standing proposal is never withdrawn or reverted; an unconditional package rejected stands, rejected.
  const rejected = chain.entries.some((e) => e.kind === 'package-rejection' && e.proposalId === entry.proposalId);
  return {
    proposalId: entry.proposalId,
    number: entry.number,
    form: entry.kind,
    tabledOn: businessDayOf(entry.effectiveOccurredAt),
    status: rejected ? 'rejected' : 'on-table',
    eventId: entry.eventId,
    title: entry.title,
    changeKind: entry.changeKind,
    text: entry.correctedText ?? entry.text,
  };
}

function calendarFor(unitId: string, policies: AsOfInput['policies'], known: (event: RecordedEvent) => boolean, asOf: IsoDate): BusinessCalendar {
  const events = (policies?.get(unitId) ?? []).filter(known).flatMap((event) => asInformationRequestPolicyEvent(event) ?? []);
  const state = fold(informationRequestPolicyDecider.evolve, informationRequestPolicyDecider.initialState(), events);
  return policyInEffectOn(state, asOf).calendar;
}

/** The table as of a day, in a time basis. Pure. */
export function tableAsOf(input: AsOfInput): AsOfResult {
  const { asOf, basis } = input;
  const known = (event: RecordedEvent) => basis === 'business' || systemDay(event) <= asOf;
  const used = new Set<string>();

  const knownEvents = input.negotiation.filter(known);
  const correctionsOf = correctionsByTarget(knownEvents);
  let correctionsApplied = 0;
  let correctionsRecordedAfter = 0;
  let factsRecordedAfter = 0;
  let importedFacts = 0;

  const facts = inBusinessOrder(
    knownEvents
      .filter(isTableFact)
      .map((event, order) => {
        const corrections = correctionsOf.get(event.eventId) ?? [];
        return { event, corrections, effective: corrected(event, corrections), order };
      })
      .filter(({ effective }) => mayHaveHappenedBy(effective, asOf)),
  );
  const uncertainFacts: UncertainFact[] = [];
  const noteIfUncertain = (event: RecordedEvent, effective: Pick<RecordedEvent, 'occurredAt'>) => {
    if (!certainlyHappenedBy(effective, asOf)) uncertainFacts.push({ eventId: event.eventId, type: event.type, occurredAtDescription: describeBusinessTime(effective.occurredAt) });
  };
  for (const { event, corrections, effective } of facts) {
    noteIfUncertain(event, effective);
    used.add(event.eventId);
    if (systemDay(event) > asOf) factsRecordedAfter += 1;
    if (event.imported) importedFacts += 1;
    for (const correction of corrections) {
      used.add(correction.eventId);
      correctionsApplied += 1;
      if (systemDay(correction) > asOf) correctionsRecordedAfter += 1;
    }
  }

  const effectiveFacts = facts.map((f) => f.effective);
  const state = fold(evolveNegotiation, initialNegotiationState(), effectiveFacts.flatMap((fact) => asNegotiationEvent(fact) ?? []));
  const summary = tableSummary(state, asOf);
  // The articles' chains from the same facts, as recorded with their corrections (the chain applies
  // them): recording order, as the projection folds them. Without word diffs: the table shows
  // positions, not changes, and the diffs were most of the work on a long negotiation.
  const folded = new Set(facts.flatMap(({ event, corrections }) => [event.eventId, ...corrections.map((c) => c.eventId)]));
  const chains = new Map(articleChainsOf(knownEvents.filter((event) => folded.has(event.eventId)), { diffs: false }).map((chain) => [chain.article, chain]));

  const articles: ArticleAsOf[] = [];
  const tentativeAgreements: TentativeAgreementAsOf[] = [];
  const workStoppages: WorkStoppageAsOf[] = [];
  if (state.status !== 'not-opened') {
    for (const { stoppageId, kind, by, noticeGivenOn, beganOn, endedOn } of Object.values(state.workStoppages)) {
      const status = endedOn !== null ? 'ended' : beganOn !== null ? 'in-progress' : 'noticed';
      workStoppages.push({ stoppageId, kind, by, status, noticeGivenOn, beganOn, endedOn });
    }
    for (const ta of Object.values(state.tentativeAgreements)) {
      const complete = taIsComplete(ta);
      const awaiting = ta.withdrawn === null && !complete ? (ta.signatures.employer === null ? 'employer' : 'union') : null;
      tentativeAgreements.push({
        taId: ta.taId,
        articles: ta.articles.map((a) => a.article),
        signatures: { employer: ta.signatures.employer, union: ta.signatures.union },
        status: ta.withdrawn !== null ? 'withdrawn' : complete ? 'complete' : 'awaiting-signature',
        awaiting,
      });
    }
    const labels = new Set([...state.articlesInScope, ...chains.keys()]);
    for (const article of [...labels].sort(byArticle)) {
      const chain = chains.get(article);
      const agreed = chain?.tentativeAgreement?.complete === true ? chain.tentativeAgreement.taId : null;
      articles.push({
        article,
        status: agreed !== null ? 'agreed' : 'open',
        positions: Object.fromEntries(SIDES.map((side) => [side, positionOf(chain, side)])) as Record<Side, PositionAsOf | null>,
        tentativeAgreement: agreed,
        agreedText: agreed !== null ? chain!.tentativeAgreement!.text : null,
      });
    }
  }

  const demandFacts = (input.demand ?? []).filter((event) => known(event) && mayHaveHappenedBy(event, asOf));
  for (const event of demandFacts) {
    noteIfUncertain(event, event);
    used.add(event.eventId);
    if (systemDay(event) > asOf) factsRecordedAfter += 1;
    if (event.imported) importedFacts += 1;
  }
  const demand = foldDemand(demandFacts);
  const demandToBargain: DemandToBargainAsOf | null =
    demand.status === 'made'
      ? {
          demandId: demand.demandId,
          demandedBy: demand.demandedBy,
          decision: demand.decision,
          scope: demand.scope,
          demandedOn: demand.demandedOn,
          status: demand.answer === null ? 'awaiting-answer' : 'answered',
          answer: demand.answer,
          negotiations: demand.negotiations,
        }
      : null;

  const open: InformationRequestAsOf[] = [];
  const closedOrWithdrawn: TableAsOf['informationRequests']['closedOrWithdrawn'][number][] = [];
  let requestFacts = 0;
  for (const stream of input.informationRequests) {
    const events = stream.filter(known);
    const request = foldInformationRequest(events);
    if (request.status === 'not-received') continue;
    const clocks = informationRequestClocks(request, asOf, calendarFor(request.unitId, input.policies, known, asOf));
    if (clocks === null) continue;
    // The clocks read only the facts dated on or before D.
    for (const event of events) {
      if (mayHaveHappenedBy(event, asOf)) {
        noteIfUncertain(event, event);
        used.add(event.eventId);
        requestFacts += 1;
        if (systemDay(event) > asOf) factsRecordedAfter += 1;
        if (event.imported) importedFacts += 1;
      }
    }
    if (clocks.status === 'open') {
      open.push({ requestId: request.requestId, unitId: request.unitId, from: request.from, receivedOn: request.receivedOn, items: request.items.length, clocks });
    } else {
      closedOrWithdrawn.push({ requestId: request.requestId, status: clocks.status, on: clocks.clockStoppedOn });
    }
  }
  open.sort((a, b) => (a.receivedOn < b.receivedOn ? -1 : a.receivedOn > b.receivedOn ? 1 : a.requestId < b.requestId ? -1 : 1));

  return {
    table: {
      negotiationId: input.negotiationId,
      asOf,
      basis,
      status: summary.status,
      stage: summary.stage,
      openedOn: summary.openedOn,
      daysAtTable: summary.daysAtTable,
      articles,
      tentativeAgreements: tentativeAgreements.sort((a, b) => (a.taId < b.taId ? -1 : 1)),
      workStoppages,
      demandToBargain,
      informationRequests: { open, closedOrWithdrawn },
      record: {
        factsFolded: facts.length + demandFacts.length + requestFacts,
        correctionsApplied,
        factsRecordedAfter,
        importedFacts,
        correctionsRecordedAfter,
        recordedThrough: basis === 'system' ? asOf : null,
        uncertainFacts,
      },
    },
    used,
  };
}
