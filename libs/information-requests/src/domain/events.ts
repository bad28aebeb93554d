import type { Event } from '#kernel';
import type { IsoDate, ResponsePolicy } from './due-dates.js';
import type { InformationRequestId } from './ids.js';

/*
 * Every event carries the business day it happened on (receivedOn, acknowledgedOn, …), copied by
 * decide from the command's occurredAt: evolve sees only type and data, and the clocks are computed
 * from the folded state as of a date. Absent optional values are null, not missing, so the stored
 * JSON has one shape.
 */

export interface RequestedItem {
  readonly number: number;
  readonly description: string;
}

export interface Requester {
  readonly organization: string;
  readonly person: string;
}

/** How the response due date was set: from the unit's policy (recomputable from the event) or by hand. */
export type ResponseDue =
  | { readonly dueOn: IsoDate; readonly basis: 'policy'; readonly policy: ResponsePolicy; readonly holidaysApplied: readonly IsoDate[] }
  | { readonly dueOn: IsoDate; readonly basis: 'explicit' };

export interface ProducedDocument {
  readonly name: string;
  /** SHA-256 of the document's bytes, 64 lowercase hex characters. */
  readonly sha256: string;
}

export const COMPLETENESS = ['partial', 'complete'] as const;
export type Completeness = (typeof COMPLETENESS)[number];

export const OBJECTION_GROUNDS = [
  'privileged',
  'third-party-privacy',
  'not-relevant',
  'overbroad',
  'unduly-burdensome',
  'does-not-exist',
  /** A ground the list does not name: the objection's explanation says what it is, so it may not be blank. */
  'other',
] as const;
export type ObjectionGround = (typeof OBJECTION_GROUNDS)[number];

/**
 * Why an item is answered without production or objection: the information does not exist, it
 * was already produced (earlier, or in another request), or another reason the explanation gives.
 */
export const EXPLANATION_REASONS = ['does-not-exist', 'already-produced', 'other'] as const;
export type ExplanationReason = (typeof EXPLANATION_REASONS)[number];

/** The parties to a request: the union asks, the employer answers; either may call off a meeting. */
export const MEETING_SIDES = ['employer', 'union'] as const;
export type MeetingSide = (typeof MEETING_SIDES)[number];

/** Who attended a meeting for each side, as far as known (a side's list is empty when not known). */
export interface MeetingAttendees {
  readonly employer: readonly string[];
  readonly union: readonly string[];
}

export const CLOSING_DISPOSITIONS = ['fulfilled', 'partially-fulfilled', 'withdrawn'] as const;
export type ClosingDisposition = (typeof CLOSING_DISPOSITIONS)[number];

export type InformationRequestReceived = Event<'InformationRequestReceived', {
  requestId: InformationRequestId;
  unitId: string;
  from: Requester;
  negotiationId: string | null;
  grievanceReference: string | null;
  items: readonly RequestedItem[];
  receivedOn: IsoDate;
  responseDue: ResponseDue;
}>;

export type InformationRequestAcknowledged = Event<'InformationRequestAcknowledged', {
  requestId: InformationRequestId;
  acknowledgedOn: IsoDate;
}>;

export type ClarificationRequested = Event<'ClarificationRequested', {
  requestId: InformationRequestId;
  /** 1, 2, … in the order asked on this request. */
  clarificationNumber: number;
  /** The items the question is about; empty: the request as a whole. */
  itemNumbers: readonly number[];
  question: string;
  requestedOn: IsoDate;
}>;

export type ClarificationAnswered = Event<'ClarificationAnswered', {
  requestId: InformationRequestId;
  clarificationNumber: number;
  answer: string;
  answeredOn: IsoDate;
}>;

export type InformationItemProduced = Event<'InformationItemProduced', {
  requestId: InformationRequestId;
  itemNumber: number;
  documents: readonly ProducedDocument[];
  /** What was produced, for an answer given in writing rather than (only) in documents. */
  summary: string | null;
  /** Whether the item is answered in full with this production. */
  completeness: Completeness;
  producedOn: IsoDate;
}>;

export type InformationItemObjected = Event<'InformationItemObjected', {
  requestId: InformationRequestId;
  itemNumber: number;
  grounds: readonly ObjectionGround[];
  explanation: string;
  /** Whether the employer offered to bargain an accommodation (e.g. redacted or anonymized data). */
  accommodationOffered: boolean;
  accommodationDescription: string | null;
  objectedOn: IsoDate;
}>;

/** An item answered by an explanation: an answer, like a production or an objection, and not an objection. */
export type InformationItemExplained = Event<'InformationItemExplained', {
  requestId: InformationRequestId;
  itemNumber: number;
  reason: ExplanationReason;
  /** Never blank for reason `other`; null when the reason says all. */
  explanation: string | null;
  /** Where the information was given (an earlier production, a document), for reason `already-produced`. */
  reference: string | null;
  explainedOn: IsoDate;
}>;

export type ResponseDeadlineExtended = Event<'ResponseDeadlineExtended', {
  requestId: InformationRequestId;
  /** The due date in effect on the day of the extension. */
  previousDueOn: IsoDate;
  newDueOn: IsoDate;
  agreedByUnion: boolean;
  reason: string;
  extendedOn: IsoDate;
}>;

/** A meeting of the parties about the request (to explain, narrow, or arrange production of it). */
export type InformationRequestMeetingHeld = Event<'InformationRequestMeetingHeld', {
  requestId: InformationRequestId;
  meetingId: string;
  attendees: MeetingAttendees;
  /** The items discussed; empty: the request as a whole. */
  itemNumbers: readonly number[];
  /** What was discussed, when recorded. */
  discussed: string | null;
  /** What came of it (an agreement to narrow an item, a date for production), when recorded. */
  outcome: string | null;
  heldOn: IsoDate;
}>;

/** A meeting about the request that was set and called off; its business day is the day notice was given. */
export type InformationRequestMeetingCancelled = Event<'InformationRequestMeetingCancelled', {
  requestId: InformationRequestId;
  meetingId: string;
  scheduledFor: IsoDate;
  cancelledBy: MeetingSide;
  reason: string | null;
  cancelledOn: IsoDate;
}>;

export type InformationRequestWithdrawn = Event<'InformationRequestWithdrawn', {
  requestId: InformationRequestId;
  reason: string | null;
  withdrawnOn: IsoDate;
}>;

export type InformationRequestClosed = Event<'InformationRequestClosed', {
  requestId: InformationRequestId;
  disposition: ClosingDisposition;
  note: string | null;
  closedOn: IsoDate;
}>;

export type InformationRequestEvent =
  | InformationRequestReceived
  | InformationRequestAcknowledged
  | ClarificationRequested
  | ClarificationAnswered
  | InformationItemProduced
  | InformationItemObjected
  | InformationItemExplained
  | ResponseDeadlineExtended
  | InformationRequestMeetingHeld
  | InformationRequestMeetingCancelled
  | InformationRequestWithdrawn
  | InformationRequestClosed;

export type InformationRequestEventType = InformationRequestEvent['type'];

export const INFORMATION_REQUEST_EVENT_TYPES: readonly InformationRequestEventType[] = [
  'InformationRequestReceived',
  'InformationRequestAcknowledged',
  'ClarificationRequested',
  'ClarificationAnswered',
  'InformationItemProduced',
  'InformationItemObjected',
  'InformationItemExplained',
  'ResponseDeadlineExtended',
  'InformationRequestMeetingHeld',
  'InformationRequestMeetingCancelled',
  'InformationRequestWithdrawn',
  'InformationRequestClosed',
];

/** The request event a recorded one is, when its type is one; other contexts read it through this, typed. */
export function asInformationRequestEvent(recorded: { readonly type: string; readonly data: Readonly<Record<string, unknown>> }): InformationRequestEvent | null {
  return (INFORMATION_REQUEST_EVENT_TYPES as readonly string[]).includes(recorded.type) ? ({ type: recorded.type, data: recorded.data } as unknown as InformationRequestEvent) : null;
}

type DataOf<T extends InformationRequestEventType> = Extract<InformationRequestEvent, { type: T }>['data'];
type DayFieldOf<T extends InformationRequestEventType> = { [K in keyof DataOf<T>]-?: DataOf<T>[K] extends IsoDate ? K : never }[keyof DataOf<T>];

/** The data field of each request event that holds its business day (copied from the command's occurredAt). */
const BUSINESS_DAY_FIELD: { readonly [T in InformationRequestEventType]: DayFieldOf<T> } = {
  InformationRequestReceived: 'receivedOn',
  InformationRequestAcknowledged: 'acknowledgedOn',
  ClarificationRequested: 'requestedOn',
  ClarificationAnswered: 'answeredOn',
  InformationItemProduced: 'producedOn',
  InformationItemObjected: 'objectedOn',
  InformationItemExplained: 'explainedOn',
  ResponseDeadlineExtended: 'extendedOn',
  InformationRequestMeetingHeld: 'heldOn',
  InformationRequestMeetingCancelled: 'cancelledOn',
  InformationRequestWithdrawn: 'withdrawnOn',
  InformationRequestClosed: 'closedOn',
};

/** The data field holding the business day of a request event of this type; null for an unknown type. */
export function informationRequestBusinessDayField(type: string): string | null {
  return Object.hasOwn(BUSINESS_DAY_FIELD, type) ? (BUSINESS_DAY_FIELD[type as InformationRequestEventType] as string) : null;
}
