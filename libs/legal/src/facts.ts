import type { RecordedEvent } from '#event-store';
import { type BusinessTime, OCCURRED_AT_PRECISIONS, calendarDay } from '#kernel';

/*
 * What the legal read models need to know about any fact of a negotiation's file: its business day
 * as corrected, the articles and the side it concerns. Pure; facts are RecordedEvents of the
 * negotiation, information-request, classification and access-log streams.
 */

export type Side = 'employer' | 'union';
export type IsoDate = string;

/**
 * The data fields that copy a fact's business day from its occurredAt (bargaining and information
 * requests): a correction of occurredAt moves them too, and a correction of one of them moves occurredAt.
 */
export const BUSINESS_DAY_FIELDS: readonly string[] = [
  // bargaining
  'openedOn', 'agreedOn', 'presentedOn', 'heldOn', 'adoptedOn', 'madePublicOn', 'tabledOn', 'withdrawnOn', 'rejectedOn', 'initialedOn',
  'declaredOn', 'determinedOn', 'appointedOn', 'certifiedOn', 'formedOn', 'issuedOn', 'imposedOn', 'reachedOn', 'disclosedOn',
  'approvedOn', 'executedOn', 'concludedOn', 'notedOn', 'correctedOn',
  // information requests
  'receivedOn', 'acknowledgedOn', 'requestedOn', 'answeredOn', 'producedOn', 'objectedOn', 'extendedOn', 'closedOn',
];

/** Identity fields a correction cannot move: they say which record it is, not what it says. */
const IDENTITY_FIELDS = new Set(['negotiationId', 'requestId', 'proposalId', 'taId', 'sessionId', 'unitId']);

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isBusinessTime(value: unknown): value is BusinessTime {
  const v = value as BusinessTime | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.at === 'string' &&
    /^\d{4}-\d{2}-\d{2}/.test(v.at) &&
    (OCCURRED_AT_PRECISIONS as readonly string[]).includes(v.precision)
  );
}

/** The category of a stream (the text before its first '-'). */
export const categoryOf = (stream: string): string => (stream.includes('-') ? stream.slice(0, stream.indexOf('-')) : stream);

/** The business day of a fact. */
export const businessDay = (event: Pick<RecordedEvent, 'occurredAt'>): IsoDate => calendarDay(event.occurredAt.at);

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
  const dayField = BUSINESS_DAY_FIELDS.find((field) => data[field] === originalDay) ?? null;
  for (const correction of corrections) {
    const fields = (correction.data['correctedFields'] ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'occurredAt') {
        if (!isBusinessTime(value)) continue;
        occurredAt = { at: value.at, precision: value.precision };
        if (dayField) setField(data, dayField, calendarDay(value.at));
      } else if (!IDENTITY_FIELDS.has(key)) {
        setField(data, key, value);
        if (key === dayField && typeof value === 'string' && DAY.test(value)) occurredAt = { at: value, precision: 'day' };
      }
    }
  }
  return { ...event, occurredAt, data };
}

const isSide = (value: unknown): value is Side => value === 'employer' || value === 'union';

/** Article labels named in a list of strings or of { article } objects. */
function labels(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item === 'string') return [item];
    const article = (item as { article?: unknown } | null)?.article;
    return typeof article === 'string' ? [article] : [];
  });
}

/** What other facts say about ids a fact refers to (a withdrawal names only its proposal). */
export interface FactIndex {
  readonly byEventId: ReadonlyMap<string, RecordedEvent>;
  readonly proposals: ReadonlyMap<string, { readonly articles: readonly string[]; readonly side: Side | null }>;
  readonly tentativeAgreements: ReadonlyMap<string, readonly string[]>;
}

const PROPOSAL_TYPES = new Set(['ProposalTabled', 'CounterproposalTabled', 'PackageTabled']);

/** Indexes the facts one may see: nothing hidden from the reader shapes what is shown. */
export function indexFacts(events: readonly RecordedEvent[]): FactIndex {
  const byEventId = new Map<string, RecordedEvent>();
  const proposals = new Map<string, { articles: string[]; side: Side | null }>();
  const tentativeAgreements = new Map<string, string[]>();
  for (const event of events) {
    byEventId.set(event.eventId, event);
    const d = event.data;
    if (PROPOSAL_TYPES.has(event.type) && typeof d['proposalId'] === 'string') {
      proposals.set(d['proposalId'], { articles: labels(d['articles']), side: isSide(d['side']) ? d['side'] : null });
    }
    if (event.type === 'TentativeAgreementInitialed' && typeof d['taId'] === 'string' && !tentativeAgreements.has(d['taId'])) {
      tentativeAgreements.set(d['taId'], labels(d['articles']));
    }
  }
  return { byEventId, proposals, tentativeAgreements };
}

/** The articles a fact concerns: named in it, or through the proposal, TA or record it refers to. */
export function articlesOf(event: RecordedEvent, index: FactIndex, depth = 0): string[] {
  const d = event.data;
  const found = new Set<string>([...labels(d['articles']), ...labels(d['articlesDiscussed']), ...labels(d['articlesInScope']), ...labels(d['revertedPositions'])]);
  const proposalId = d['proposalId'];
  if (typeof proposalId === 'string') for (const a of index.proposals.get(proposalId)?.articles ?? []) found.add(a);
  const taId = d['taId'];
  if (typeof taId === 'string') for (const a of index.tentativeAgreements.get(taId) ?? []) found.add(a);
  if (Array.isArray(d['taIds'])) for (const id of d['taIds']) for (const a of index.tentativeAgreements.get(String(id)) ?? []) found.add(a);
  const referenced = d['correctedEventId'] ?? d['targetEventId'];
  if (typeof referenced === 'string' && depth < 2) {
    const target = index.byEventId.get(referenced);
    if (target) for (const a of articlesOf(target, index, depth + 1)) found.add(a);
  }
  return [...found].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
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
  ResponseDeadlineExtended: 'employer',
};

/** The side whose act a fact records, or null (a joint or neutral fact, a classification change). */
export function sideOf(event: RecordedEvent, index: FactIndex, depth = 0): Side | null {
  const d = event.data;
  for (const field of ['side', 'rejectedBy', 'withdrawnBy', 'declaredBy', 'requestedBy', 'cancelledBy']) {
    if (isSide(d[field])) return d[field];
  }
  if (categoryOf(event.stream) === 'inforequest') return REQUEST_SIDES[event.type] ?? null;
  const corrected = d['correctedEventId'];
  if (typeof corrected === 'string' && depth < 2) {
    const target = index.byEventId.get(corrected);
    if (target) return sideOf(target, index, depth + 1);
  }
  return null;
}
