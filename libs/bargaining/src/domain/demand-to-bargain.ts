import { type BusinessTime, type ClassificationMark, type Command, type Decider, type Event, assertNever, assertOccurredNotInFuture, compareDays, dayAsKnown } from '#kernel';
import { type DocumentRef, type IsoDate, SIDES, type Side, assertOneOf, businessDay, dayAsGiven, documents, optionalText, otherSide, requiredText } from './common.js';
import { BargainingErrorCode as E, refuse, unknown } from './errors.js';
import { type DemandId, type NegotiationId, type UnitId, assertBargainingId } from './ids.js';
import type { NegotiationKind } from './negotiation/events.js';

/*
 * A demand to bargain a decision or its effects (a school closure, layoffs, a reorganisation), the
 * other side's answer, and the negotiations opened on it. Each demand is its own stream
 * (`demand-<id>`): it exists before any negotiation and may never lead to one, it names its unit,
 * and a negotiation's file carries exactly the demand it followed, with its own hash chain.
 */

export const DEMANDED_DECISION_KINDS = ['school-closure', 'layoff', 'reorganisation', 'other'] as const;
export type DemandedDecisionKind = (typeof DEMANDED_DECISION_KINDS)[number];

/** Bargaining over the decision itself, over its effects only, or both. */
export const DEMAND_SCOPES = ['decision', 'effects', 'both'] as const;
export type DemandScope = (typeof DEMAND_SCOPES)[number];

/** Agrees to bargain as demanded, offers effects bargaining only, refuses, or claims the right was waived. */
export const DEMAND_ANSWERS = ['agrees', 'effects-only', 'refuses', 'claims-waiver'] as const;
export type DemandAnswer = (typeof DEMAND_ANSWERS)[number];

export interface DemandedDecision {
  readonly description: string;
  readonly kind: DemandedDecisionKind;
  /** The day the decision was made or announced, when known (its earliest possible day when known less precisely). */
  readonly decidedOn: IsoDate | null;
  /** How that day is known when the record gives less than a day (a month, a bound…); absent otherwise. */
  readonly decidedAsKnown?: BusinessTime;
}

// ---- events ----

export type DemandToBargainMade = Event<'DemandToBargainMade', {
  demandId: DemandId;
  unitId: UnitId;
  demandedBy: Side;
  decision: DemandedDecision;
  scope: DemandScope;
  statement: string | null;
  documents: readonly DocumentRef[];
  demandedOn: IsoDate;
}>;

export type DemandToBargainAnswered = Event<'DemandToBargainAnswered', {
  demandId: DemandId;
  unitId: UnitId;
  /** The side the demand was made of. */
  answeredBy: Side;
  answer: DemandAnswer;
  /** What the waiver claim rests on (a management-rights clause, a past practice); only with claims-waiver. */
  waiverBasis: string | null;
  statement: string | null;
  documents: readonly DocumentRef[];
  answeredOn: IsoDate;
}>;

/** A negotiation was opened on the demand: the demand shows the bargaining that followed it. */
export type NegotiationOpenedOnDemand = Event<'NegotiationOpenedOnDemand', {
  demandId: DemandId;
  unitId: UnitId;
  negotiationId: NegotiationId;
  negotiationKind: NegotiationKind;
  openedOn: IsoDate;
}>;

export type DemandEvent = DemandToBargainMade | DemandToBargainAnswered | NegotiationOpenedOnDemand;

export const DEMAND_EVENT_TYPES = ['DemandToBargainMade', 'DemandToBargainAnswered', 'NegotiationOpenedOnDemand'] as const satisfies readonly DemandEvent['type'][];

// ---- commands ----

export type MakeDemandToBargain = Command<'MakeDemandToBargain', {
  demandId: DemandId;
  /** A registered unit: the application layer resolves it (404 UNIT_NOT_REGISTERED). */
  unitId: UnitId;
  demandedBy: Side;
  /** decidedOn, or decided when the record gives the day less precisely; not both. */
  decision: { description: string; kind: DemandedDecisionKind; decidedOn?: IsoDate | null; decided?: BusinessTime | null };
  scope: DemandScope;
  statement?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type AnswerDemandToBargain = Command<'AnswerDemandToBargain', {
  demandId: DemandId;
  answer: DemandAnswer;
  waiverBasis?: string | null;
  statement?: string | null;
  documents?: readonly DocumentRef[];
}>;

export type RecordNegotiationOnDemand = Command<'RecordNegotiationOnDemand', {
  demandId: DemandId;
  /** The negotiation's unit: it must be the demand's. */
  unitId: UnitId;
  negotiationId: NegotiationId;
  negotiationKind: NegotiationKind;
}>;

export type DemandCommand = MakeDemandToBargain | AnswerDemandToBargain | RecordNegotiationOnDemand;

// ---- state ----

export interface DemandAnswerRecord {
  readonly answer: DemandAnswer;
  readonly answeredBy: Side;
  readonly waiverBasis: string | null;
  readonly answeredOn: IsoDate;
}

export interface NegotiationOnDemand {
  readonly negotiationId: NegotiationId;
  readonly kind: NegotiationKind;
  readonly openedOn: IsoDate;
}

export type DemandState =
  | { readonly status: 'not-made' }
  | {
      readonly status: 'made';
      readonly demandId: DemandId;
      readonly unitId: UnitId;
      readonly demandedBy: Side;
      readonly decision: DemandedDecision;
      readonly scope: DemandScope;
      readonly demandedOn: IsoDate;
      readonly answer: DemandAnswerRecord | null;
      /** The negotiations opened on the demand, in recording order. */
      readonly negotiations: readonly NegotiationOnDemand[];
    };

export type MadeDemand = Extract<DemandState, { status: 'made' }>;

/** A made demand as its readers see it, answered or awaiting an answer: the API's view and the audit file's overview. */
export function demandSummary(state: MadeDemand) {
  const { demandId, unitId, demandedBy, decision, scope, demandedOn, answer, negotiations } = state;
  return {
    demandId,
    unitId,
    demandedBy,
    decision: { ...decision },
    scope,
    demandedOn,
    status: answer === null ? ('awaiting-answer' as const) : ('answered' as const),
    answer: answer === null ? null : { ...answer },
    negotiations: negotiations.map((n) => ({ ...n })),
  };
}

/** What opening a negotiation on a demand needs of it (the application layer resolves it by id). */
export interface DemandSnapshot {
  readonly demandId: DemandId;
  readonly unitId: UnitId;
}

export function demandSnapshot(state: DemandState, demandId: DemandId): DemandSnapshot {
  if (state.status === 'not-made') throw demandNotRecorded(demandId);
  return { demandId: state.demandId, unitId: state.unitId };
}

const demandNotRecorded = (demandId: unknown) => unknown(E.DEMAND_NOT_RECORDED, `no demand to bargain ${String(demandId)} is recorded`, { demandId });

/** A negotiation opens on a demand of its own unit only. */
export function assertDemandOfUnit(demand: DemandSnapshot, unitId: UnitId): void {
  if (demand.unitId !== unitId) {
    throw refuse(E.DEMAND_OF_ANOTHER_UNIT, `demand to bargain ${demand.demandId} was made for unit ${demand.unitId}, not unit ${unitId}`, { demandId: demand.demandId, demandUnitId: demand.unitId, unitId });
  }
}

// ---- decide / evolve ----

function decideDemand(command: DemandCommand, state: DemandState): DemandEvent[] {
  assertOccurredNotInFuture(command.metadata);
  assertBargainingId(command.data.demandId, 'demand id');
  const day = businessDay(command.metadata.occurredAt);
  if (command.type === 'MakeDemandToBargain') {
    if (state.status === 'made') throw refuse(E.DEMAND_ALREADY_MADE, `demand to bargain ${state.demandId} is already recorded`, { demandId: state.demandId });
    return [made(command, day)];
  }
  if (state.status === 'not-made') throw demandNotRecorded(command.data.demandId);
  switch (command.type) {
    case 'AnswerDemandToBargain':
      return [answered(command, state, day)];
    case 'RecordNegotiationOnDemand': {
      const d = command.data;
      assertDemandOfUnit(state, d.unitId);
      // A retried opening links nothing new.
      if (state.negotiations.some((n) => n.negotiationId === d.negotiationId)) return [];
      assertBargainingId(d.negotiationId, 'negotiation id');
      return [{ type: 'NegotiationOpenedOnDemand', data: { demandId: state.demandId, unitId: state.unitId, negotiationId: d.negotiationId, negotiationKind: d.negotiationKind, openedOn: day } }];
    }
    default:
      return assertNever(command);
  }
}

function made(command: MakeDemandToBargain, day: IsoDate): DemandToBargainMade {
  const d = command.data;
  assertBargainingId(d.unitId, 'unit id');
  assertOneOf(d.demandedBy, SIDES, 'demandedBy');
  assertOneOf(d.decision?.kind, DEMANDED_DECISION_KINDS, 'decision.kind');
  assertOneOf(d.scope, DEMAND_SCOPES, 'scope');
  const decided = dayAsGiven(d.decision.decidedOn, d.decision.decided, 'decision.decidedOn', 'decision.decided');
  return {
    type: 'DemandToBargainMade',
    data: {
      demandId: d.demandId,
      unitId: d.unitId,
      demandedBy: d.demandedBy,
      decision: { description: requiredText(d.decision.description, 'decision.description'), kind: d.decision.kind, decidedOn: decided.day, ...(decided.asKnown && { decidedAsKnown: decided.asKnown }) },
      scope: d.scope,
      statement: optionalText(d.statement),
      documents: documents(d.documents),
      demandedOn: day,
    },
  };
}

function answered(command: AnswerDemandToBargain, state: MadeDemand, day: IsoDate): DemandToBargainAnswered {
  const d = command.data;
  if (state.answer !== null) {
    throw refuse(E.DEMAND_ALREADY_ANSWERED, `demand to bargain ${state.demandId} was answered (${state.answer.answer}) on ${state.answer.answeredOn}`, { demandId: state.demandId });
  }
  if (compareDays(command.metadata.occurredAt, state.demandedOn) === 'before') {
    throw refuse(E.DEMAND_ANSWERED_BEFORE_MADE, `demand to bargain ${state.demandId} was made on ${state.demandedOn}; it cannot be answered on ${dayAsKnown(command.metadata.occurredAt)}`, { demandId: state.demandId, demandedOn: state.demandedOn });
  }
  assertOneOf(d.answer, DEMAND_ANSWERS, 'answer');
  let waiverBasis: string | null = null;
  if (d.answer === 'claims-waiver') waiverBasis = requiredText(d.waiverBasis, 'waiverBasis');
  else if (d.waiverBasis != null) throw refuse(E.INVALID_VALUE, `waiverBasis goes with a claimed waiver, not with ${d.answer}`, { field: 'waiverBasis' });
  return {
    type: 'DemandToBargainAnswered',
    data: {
      demandId: state.demandId,
      unitId: state.unitId,
      answeredBy: otherSide(state.demandedBy),
      answer: d.answer,
      waiverBasis,
      statement: optionalText(d.statement),
      documents: documents(d.documents),
      answeredOn: day,
    },
  };
}

export function evolveDemand(state: DemandState, event: DemandEvent): DemandState {
  switch (event.type) {
    case 'DemandToBargainMade': {
      if (state.status === 'made') return state;
      const { demandId, unitId, demandedBy, decision, scope, demandedOn } = event.data;
      return { status: 'made', demandId, unitId, demandedBy, decision, scope, demandedOn, answer: null, negotiations: [] };
    }
    case 'DemandToBargainAnswered': {
      if (state.status !== 'made' || state.answer !== null) return state;
      const { answer, answeredBy, waiverBasis, answeredOn } = event.data;
      return { ...state, answer: { answer, answeredBy, waiverBasis, answeredOn } };
    }
    case 'NegotiationOpenedOnDemand': {
      if (state.status !== 'made') return state;
      const { negotiationId, negotiationKind, openedOn } = event.data;
      if (state.negotiations.some((n) => n.negotiationId === negotiationId)) return state;
      return { ...state, negotiations: [...state.negotiations, { negotiationId, kind: negotiationKind, openedOn }] };
    }
    default:
      return ignoreUnknown(event, state);
  }
}

/** Compile-time exhaustiveness; at run time an unknown (newer) event type leaves the state as it is. */
function ignoreUnknown<S>(_event: never, state: S): S {
  return state;
}

const demandClassification: ClassificationMark = { level: 'internal', basis: 'demand to bargain as exchanged between the parties' };

export const initialDemandState = (): DemandState => ({ status: 'not-made' });

export const demandDecider: Decider<DemandCommand, DemandEvent, DemandState> = {
  decide: decideDemand,
  evolve: evolveDemand,
  initialState: initialDemandState,
  classify: () => demandClassification,
};

/** The data field that copies a demand fact's business day from its occurredAt. */
export function demandBusinessDayField(type: string): string | null {
  switch (type) {
    case 'DemandToBargainMade':
      return 'demandedOn';
    case 'DemandToBargainAnswered':
      return 'answeredOn';
    case 'NegotiationOpenedOnDemand':
      return 'openedOn';
    default:
      return null;
  }
}

/** The side whose act a demand fact records (the opening of a negotiation is neither's alone). */
export function demandActingSide(event: { type: string; data: Readonly<Record<string, unknown>> }): Side | null {
  const side = event.type === 'DemandToBargainMade' ? event.data['demandedBy'] : event.type === 'DemandToBargainAnswered' ? event.data['answeredBy'] : null;
  return side === 'employer' || side === 'union' ? side : null;
}

/** The demand as its facts leave it (facts of other types are skipped). */
export function foldDemand(events: readonly { type: string; data: unknown }[]): DemandState {
  const types: readonly string[] = DEMAND_EVENT_TYPES;
  return events.filter((event) => types.includes(event.type)).reduce((state, event) => evolveDemand(state, event as DemandEvent), initialDemandState());
}
