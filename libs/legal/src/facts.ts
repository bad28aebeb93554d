import { type RecordedEvent, streamCategory } from '#event-store';
import {
  DEMAND_STREAM_CATEGORY,
  NEGOTIATION_STREAM_CATEGORY,
  actingSideOf,
  articlesNamedBy,
  asNegotiationEvent,
  demandActingSide,
  demandBusinessDayField,
  negotiationBusinessDayField,
} from '#bargaining';
import { INFORMATION_REQUEST_STREAM_CATEGORY, informationRequestBusinessDayField } from '#information-requests';
import { type BusinessTime, businessDayOf, businessTimeOf, calendarDay, isWellFormedBusinessTime } from '#kernel';

/*
 * What the legal read models need to know about any fact of a negotiation's file: its business day
 * as corrected, the articles and the side it concerns. Pure; facts are RecordedEvents of the
 * negotiation, demand-to-bargain, information-request, classification and access-log streams.
 */

export type Side = 'employer' | 'union';
export type IsoDate = string;

/**
 * The data field that copies a fact's business day from its occurredAt, as the fact's context names
 * it (bargaining, information requests); null for a fact that has none. A correction of occurredAt
 * moves it too, and a correction of it moves occurredAt.
 */
function businessDayFieldOf(event: Pick<RecordedEvent, 'stream' | 'type'>): string | null {
  switch (streamCategory(event.stream)) {
    case NEGOTIATION_STREAM_CATEGORY:
      return negotiationBusinessDayField(event.type);
    case INFORMATION_REQUEST_STREAM_CATEGORY:
      return informationRequestBusinessDayField(event.type);
    case DEMAND_STREAM_CATEGORY:
      return demandBusinessDayField(event.type);
    default:
      return null;
  }
}

/** Identity fields a correction cannot move: they say which record it is, not what it says. */
const IDENTITY_FIELDS = new Set(['negotiationId', 'requestId', 'proposalId', 'taId', 'sessionId', 'meetingId', 'unitId', 'demandId']);

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A well-formed business time (a correction's occurredAt): the kernel's one check. */
export const isBusinessTime = isWellFormedBusinessTime;

/** The business day of a fact. */
export const businessDay = (event: Pick<RecordedEvent, 'occurredAt'>): IsoDate => businessDayOf(event.occurredAt);

/** The system day of a record (UTC). */
export const systemDay = (event: Pick<RecordedEvent, 'recordedAt'>): IsoDate => calendarDay(event.recordedAt);

export const isCorrection = (event: Pick<RecordedEvent, 'type'>): boolean => event.type === 'CorrectionRecorded';

/** Corrections by the id of the event they correct, each list in the order given (recording order). */
export function correctionsByTarget(events: readonly RecordedEvent[]): Map<string, RecordedEvent[]> {
  const byTarget = new Map<string, RecordedEvent[]>();
  for (const event of events) {
    if (!isCorrection(event)) continue;
    const target = event.data['correctedEventId'];
    if (typeof target !== 'string') continue;
    const list = byTarget.get(target);
    if (list) list.push(event);
    else byTarget.set(target, [event]);
  }
  return byTarget;
}

function setField(data: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The fact as its corrections (in recording order) leave it: corrected data fields replace the
 * recorded ones; a corrected occurredAt moves the business-day field it was copied into, and a
 * corrected business-day field moves occurredAt. Everything else of the envelope stays as stored.
 */
export function corrected(event: RecordedEvent, corrections: readonly RecordedEvent[]): RecordedEvent {
  if (corrections.length === 0) return event;
  let occurredAt: BusinessTime = event.occurredAt;
  const data: Record<string, unknown> = { ...event.data };
  const originalDay = businessDay(event);
  const field = businessDayFieldOf(event);
  const dayField = field !== null && data[field] === originalDay ? field : null;
  for (const correction of corrections) {
    const fields = (correction.data['correctedFields'] ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'occurredAt') {
        if (!isBusinessTime(value)) continue;
        occurredAt = businessTimeOf(value);
        if (dayField) setField(data, dayField, businessDayOf(value));
      } else if (!IDENTITY_FIELDS.has(key)) {
        setField(data, key, value);
        if (key === dayField && typeof value === 'string' && DAY.test(value)) occurredAt = { at: value, precision: 'day' };
      }
    }
  }
  return { ...event, occurredAt, data };
}

/** The negotiation event a fact of a negotiation stream is, typed by its context; null for facts of other streams. */
const negotiationEventOf = (event: RecordedEvent) => (streamCategory(event.stream) === NEGOTIATION_STREAM_CATEGORY ? asNegotiationEvent(event) : null);

/** What other facts say about ids a fact refers to (a withdrawal names only its proposal). */
export interface FactIndex {
  readonly byEventId: ReadonlyMap<string, RecordedEvent>;
  readonly proposals: ReadonlyMap<string, { readonly articles: readonly string[]; readonly side: Side | null }>;
  readonly tentativeAgreements: ReadonlyMap<string, readonly string[]>;
}

/** Indexes the facts one may see: nothing hidden from the reader shapes what is shown. */
export function indexFacts(events: readonly RecordedEvent[]): FactIndex {
  const byEventId = new Map<string, RecordedEvent>();
  const proposals = new Map<string, { articles: string[]; side: Side | null }>();
  const tentativeAgreements = new Map<string, string[]>();
  for (const event of events) {
    byEventId.set(event.eventId, event);
    const fact = negotiationEventOf(event);
    if (fact === null) continue;
    if (fact.type === 'ProposalTabled' || fact.type === 'CounterproposalTabled' || fact.type === 'PackageTabled') {
      proposals.set(fact.data.proposalId, { articles: articlesNamedBy(fact), side: actingSideOf(fact) });
    }
    if (fact.type === 'TentativeAgreementInitialed' && !tentativeAgreements.has(fact.data.taId)) {
      tentativeAgreements.set(fact.data.taId, articlesNamedBy(fact));
    }
  }
  return { byEventId, proposals, tentativeAgreements };
}

/** The articles a fact concerns: named in it, or through the proposal, TA or record it refers to. */
export function articlesOf(event: RecordedEvent, index: FactIndex, depth = 0): string[] {
  const fact = negotiationEventOf(event);
  const found = new Set<string>(fact === null ? [] : articlesNamedBy(fact));
  const d = fact?.data as Partial<Record<'proposalId' | 'taId' | 'taIds', unknown>> | undefined;
  if (typeof d?.proposalId === 'string') for (const a of index.proposals.get(d.proposalId)?.articles ?? []) found.add(a);
  if (typeof d?.taId === 'string') for (const a of index.tentativeAgreements.get(d.taId) ?? []) found.add(a);
  if (Array.isArray(d?.taIds)) for (const id of d.taIds) for (const a of index.tentativeAgreements.get(String(id)) ?? []) found.add(a);
  const referenced = referencedEventId(event);
  if (referenced !== null && depth < 2) {
    const target = index.byEventId.get(referenced);
    if (target) for (const a of articlesOf(target, index, depth + 1)) found.add(a);
  }
  return [...found].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** The record a correction, classification change or access-log entry is about. */
function referencedEventId(event: RecordedEvent): string | null {
  const referenced = event.data['correctedEventId'] ?? event.data['targetEventId'];
  return typeof referenced === 'string' ? referenced : null;
}

/** Information-request facts by the side that acts in them: the union asks and answers, the employer responds. */
const REQUEST_SIDES: Readonly<Record<string, Side>> = {
  InformationRequestReceived: 'union',
  ClarificationAnswered: 'union',
  InformationRequestWithdrawn: 'union',
  InformationRequestAcknowledged: 'employer',
  ClarificationRequested: 'employer',
  InformationItemProduced: 'employer',
  InformationItemObjected: 'employer',
  InformationItemExplained: 'employer',
  ResponseDeadlineExtended: 'employer',
};

/** The side whose act an information-request fact records: a meeting held is joint; a cancellation is the cancelling side's. */
function requestSideOf(event: RecordedEvent): Side | null {
  if (event.type === 'InformationRequestMeetingCancelled') {
    const by = event.data['cancelledBy'];
    return by === 'employer' || by === 'union' ? by : null;
  }
  return REQUEST_SIDES[event.type] ?? null;
}

/** The side whose act a fact records, or null (a joint or neutral fact, a classification change). */
export function sideOf(event: RecordedEvent, index: FactIndex, depth = 0): Side | null {
  const fact = negotiationEventOf(event);
  const acting = fact === null ? null : actingSideOf(fact);
  if (acting !== null) return acting;
  if (streamCategory(event.stream) === INFORMATION_REQUEST_STREAM_CATEGORY) return requestSideOf(event);
  if (streamCategory(event.stream) === DEMAND_STREAM_CATEGORY) return demandActingSide(event);
  const corrected = event.data['correctedEventId'];
  if (typeof corrected === 'string' && depth < 2) {
    const target = index.byEventId.get(corrected);
    if (target) return sideOf(target, index, depth + 1);
  }
  return null;
}
