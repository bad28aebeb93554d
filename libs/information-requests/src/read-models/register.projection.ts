import type { RecordedEvent } from '#event-store';
import { type BusinessTime, type Classification, type ClassificationMark, CLASSIFICATIONS, businessTimeOf, isCertainToTheDay } from '#kernel';
import type { DocumentProjection } from '#read-store';
import { INFORMATION_REQUEST_EVENT_TYPES, asInformationRequestEvent } from '../domain/events.js';
import { INFORMATION_REQUEST_STREAM_CATEGORY } from '../domain/ids.js';
import { type InformationRequest, type ReceivedInformationRequest, currentDueOn, evolve, initialInformationRequest } from '../domain/state.js';
import {
  INFORMATION_REQUEST_POLICY_STREAM_CATEGORY,
  asInformationRequestPolicyEvent,
  type InformationRequestPolicyState,
  informationRequestPolicyDecider,
} from '../application/response-policy/response-policy.js';

/*
 * The information request register as documents: one per request, holding the request folded by the
 * domain's own evolve. Clocks and flags are not stored: they depend on the day asked about, so the
 * query computes them from the folded state (informationRequestClocks) as of that day.
 */

/** One recorded fact of a request, as the read policy sees it: which record, and its mark as recorded. */
export interface RegisterRecord {
  readonly eventId: string;
  readonly type: string;
  readonly revision: number;
  readonly classification: ClassificationMark;
}

export interface InformationRequestRegisterDoc {
  readonly requestId: string;
  readonly unitId: string;
  readonly negotiationId: string | null;
  readonly state: ReceivedInformationRequest;
  /** How the day of receipt is known when the record gives less than a day; the clocks count from state.receivedOn, its earliest possible day. */
  readonly receivedAsKnown?: BusinessTime;
  /** The highest classification among the request's events as recorded (all `internal` today). */
  readonly classification: Classification;
  /**
   * Every fact folded into `state`, in stream order: the read policy screens these by the
   * classification in effect (a classification change may target any of them), and a caller who
   * may not read one of them sees the request folded from the stream without it.
   */
  readonly records: readonly RegisterRecord[];
  /** The last stream revision applied: a replayed event changes nothing. */
  readonly revision: number;
  readonly firstRecordedAt: string;
  readonly lastRecordedAt: string;
}

const REQUEST_EVENT_TYPES: ReadonlySet<string> = new Set(INFORMATION_REQUEST_EVENT_TYPES);
const REQUEST_STREAM_PREFIX = `${INFORMATION_REQUEST_STREAM_CATEGORY}-`;

/** The higher of two classification levels. */
export function higherClassification(a: Classification, b: Classification): Classification {
  return CLASSIFICATIONS.indexOf(a) >= CLASSIFICATIONS.indexOf(b) ? a : b;
}

/** Pure: the register document after one recorded event of the request's stream. */
export function evolveRegisterDoc(doc: InformationRequestRegisterDoc | null, event: RecordedEvent): InformationRequestRegisterDoc | null {
  const fact = asInformationRequestEvent(event);
  if (fact === null) return doc;
  if (doc !== null && event.revision <= doc.revision) return doc;
  const before: InformationRequest = doc?.state ?? initialInformationRequest();
  const state = evolve(before, fact);
  // Only a receipt opens a request; anything else on an unknown request has nothing to show.
  if (state.status === 'not-received') return doc;
  return {
    requestId: state.requestId,
    unitId: state.unitId,
    negotiationId: state.negotiationId,
    state,
    ...(fact.type === 'InformationRequestReceived' && !isCertainToTheDay(event.occurredAt)
      ? { receivedAsKnown: businessTimeOf(event.occurredAt) }
      : doc?.receivedAsKnown !== undefined && { receivedAsKnown: doc.receivedAsKnown }),
    classification: doc === null ? event.classification.level : higherClassification(doc.classification, event.classification.level),
    records: [...(doc?.records ?? []), { eventId: event.eventId, type: event.type, revision: event.revision, classification: { level: event.classification.level, basis: event.classification.basis } }],
    revision: event.revision,
    firstRecordedAt: doc?.firstRecordedAt ?? event.recordedAt,
    lastRecordedAt: event.recordedAt,
  };
}

export const INFORMATION_REQUEST_REGISTER: DocumentProjection<InformationRequestRegisterDoc> = {
  name: 'information-request-register',
  // 5: a receipt known less precisely than a day keeps how it is known (receivedAsKnown).
  version: 5,
  categories: [INFORMATION_REQUEST_STREAM_CATEGORY],
  columns: {
    unit_id: { type: 'text', value: (doc) => doc.unitId },
    negotiation_id: { type: 'text', value: (doc) => doc.negotiationId },
    /** The status after every recorded fact; the register's status filter is as of a day and computed. */
    status: { type: 'text', value: (doc) => doc.state.status },
    received_on: { type: 'date', value: (doc) => doc.state.receivedOn },
    /** After every recorded extension. */
    due_on: { type: 'date', value: (doc) => currentDueOn(doc.state) },
  },
  keys: (event) => (event.stream.startsWith(REQUEST_STREAM_PREFIX) && REQUEST_EVENT_TYPES.has(event.type) ? [event.stream.slice(REQUEST_STREAM_PREFIX.length)] : []),
  evolve: (doc, event) => evolveRegisterDoc(doc, event),
};

// ---- the units' response policies (their business calendars count business days outstanding) ----

export interface InformationRequestPolicyDoc {
  readonly unitId: string;
  readonly state: InformationRequestPolicyState;
  readonly revision: number;
}

const POLICY_STREAM_PREFIX = `${INFORMATION_REQUEST_POLICY_STREAM_CATEGORY}-`;

/** Pure: a unit's policy document after one recorded event of its policy stream. */
export function evolvePolicyDoc(doc: InformationRequestPolicyDoc | null, event: RecordedEvent, unitId: string): InformationRequestPolicyDoc | null {
  const policyEvent = asInformationRequestPolicyEvent(event);
  if (policyEvent === null) return doc;
  if (doc !== null && event.revision <= doc.revision) return doc;
  const before = doc?.state ?? informationRequestPolicyDecider.initialState();
  return { unitId, state: informationRequestPolicyDecider.evolve(before, policyEvent), revision: event.revision };
}

export const INFORMATION_REQUEST_POLICIES: DocumentProjection<InformationRequestPolicyDoc> = {
  name: 'information-request-policies',
  version: 1,
  categories: [INFORMATION_REQUEST_POLICY_STREAM_CATEGORY],
  keys: (event) => (event.stream.startsWith(POLICY_STREAM_PREFIX) && event.type === 'InformationRequestPolicySet' ? [event.stream.slice(POLICY_STREAM_PREFIX.length)] : []),
  evolve: (doc, event, key) => evolvePolicyDoc(doc, event, key),
};

/** Every projection of the information-requests context, for ProjectorModule.forRoot. */
export const INFORMATION_REQUEST_PROJECTIONS: readonly DocumentProjection[] = [
  INFORMATION_REQUEST_REGISTER as DocumentProjection,
  INFORMATION_REQUEST_POLICIES as DocumentProjection,
];
