import { assertNever } from '#kernel';
import type { IsoDate } from './due-dates.js';
import { asInformationRequestEvent } from './events.js';
import type {
  ClosingDisposition,
  Completeness,
  ExplanationReason,
  InformationRequestEvent,
  MeetingAttendees,
  MeetingSide,
  ObjectionGround,
  ProducedDocument,
  Requester,
  ResponseDue,
} from './events.js';
import type { InformationRequestId } from './ids.js';

export interface Production {
  readonly documents: readonly ProducedDocument[];
  readonly summary: string | null;
  readonly completeness: Completeness;
  readonly producedOn: IsoDate;
}

export interface Objection {
  readonly grounds: readonly ObjectionGround[];
  readonly explanation: string;
  readonly accommodationOffered: boolean;
  readonly accommodationDescription: string | null;
  readonly objectedOn: IsoDate;
}

export interface Explanation {
  readonly reason: ExplanationReason;
  readonly explanation: string | null;
  readonly reference: string | null;
  readonly explainedOn: IsoDate;
}

export interface RequestItem {
  readonly number: number;
  readonly description: string;
  /** In the order recorded; late entries may carry earlier dates. */
  readonly productions: readonly Production[];
  readonly objections: readonly Objection[];
  readonly explanations: readonly Explanation[];
}

export interface Clarification {
  readonly number: number;
  readonly itemNumbers: readonly number[];
  readonly question: string;
  readonly requestedOn: IsoDate;
  readonly answers: readonly { readonly answer: string; readonly answeredOn: IsoDate }[];
}

export interface DeadlineExtension {
  readonly previousDueOn: IsoDate;
  readonly newDueOn: IsoDate;
  readonly agreedByUnion: boolean;
  readonly reason: string;
  readonly extendedOn: IsoDate;
}

/** A meeting about the request: held, or set and called off. Ids are unique across both. */
export type RequestMeeting =
  | {
      readonly status: 'held';
      readonly meetingId: string;
      readonly attendees: MeetingAttendees;
      readonly itemNumbers: readonly number[];
      readonly discussed: string | null;
      readonly outcome: string | null;
      readonly heldOn: IsoDate;
    }
  | {
      readonly status: 'cancelled';
      readonly meetingId: string;
      readonly scheduledFor: IsoDate;
      readonly cancelledBy: MeetingSide;
      readonly reason: string | null;
      readonly cancelledOn: IsoDate;
    };

/** The business day of a meeting's fact: the day it was held, or the day notice of its cancellation was given. */
export const meetingRecordedOn = (meeting: RequestMeeting): IsoDate => (meeting.status === 'held' ? meeting.heldOn : meeting.cancelledOn);

export interface Withdrawal {
  readonly reason: string | null;
  readonly withdrawnOn: IsoDate;
}

export interface Closure {
  readonly disposition: ClosingDisposition;
  readonly note: string | null;
  readonly closedOn: IsoDate;
}

/** Everything recorded about a received request. Facts keep their business day, so any as-of view can be computed. */
export interface RequestRecord {
  readonly requestId: InformationRequestId;
  readonly unitId: string;
  readonly from: Requester;
  readonly negotiationId: string | null;
  readonly grievanceReference: string | null;
  readonly receivedOn: IsoDate;
  /** As set on receipt; extensions are kept beside it, never overwrite it. */
  readonly responseDue: ResponseDue;
  readonly items: readonly RequestItem[];
  readonly acknowledgments: readonly IsoDate[];
  readonly clarifications: readonly Clarification[];
  readonly extensions: readonly DeadlineExtension[];
  /** In the order recorded. */
  readonly meetings: readonly RequestMeeting[];
}

export type InformationRequest =
  | { readonly status: 'not-received' }
  | ({ readonly status: 'open' } & RequestRecord)
  | ({ readonly status: 'withdrawn'; readonly withdrawal: Withdrawal } & RequestRecord)
  | ({ readonly status: 'closed'; readonly withdrawal: Withdrawal | null; readonly closure: Closure } & RequestRecord);

export type ReceivedInformationRequest = Exclude<InformationRequest, { status: 'not-received' }>;

export const initialInformationRequest = (): InformationRequest => ({ status: 'not-received' });

/** The record part of a state, without its status fields. */
export function requestRecord(state: ReceivedInformationRequest): RequestRecord {
  const { requestId, unitId, from, negotiationId, grievanceReference, receivedOn, responseDue, items, acknowledgments, clarifications, extensions, meetings } = state;
  return { requestId, unitId, from, negotiationId, grievanceReference, receivedOn, responseDue, items, acknowledgments, clarifications, extensions, meetings };
}

export function findItem(record: RequestRecord, itemNumber: number): RequestItem | undefined {
  return record.items.find((item) => item.number === itemNumber);
}

/**
 * The due date in effect on a day: the latest extension dated on or before it (the later recorded
 * one on a tie), otherwise the date set on receipt. Extensions recorded late still count from their date.
 */
export function dueOnAsOf(record: RequestRecord, day: IsoDate): IsoDate {
  let dueOn = record.responseDue.dueOn;
  let latest: IsoDate | null = null;
  for (const extension of record.extensions) {
    if (extension.extendedOn <= day && (latest === null || extension.extendedOn >= latest)) {
      latest = extension.extendedOn;
      dueOn = extension.newDueOn;
    }
  }
  return dueOn;
}

/** The due date after every recorded extension. */
export function currentDueOn(record: RequestRecord): IsoDate {
  return dueOnAsOf(record, '9999-12-31');
}

function updateItem(state: ReceivedInformationRequest, itemNumber: number, update: (item: RequestItem) => RequestItem): InformationRequest {
  if (!findItem(state, itemNumber)) return state;
  return { ...state, items: state.items.map((item) => (item.number === itemNumber ? update(item) : item)) };
}

/** Total and pure: an event that cannot apply to the state (never produced by decide) leaves it unchanged. */
export function evolve(state: InformationRequest, event: InformationRequestEvent): InformationRequest {
  if (event.type === 'InformationRequestReceived') {
    if (state.status !== 'not-received') return state;
    const { requestId, unitId, from, negotiationId, grievanceReference, receivedOn, responseDue, items } = event.data;
    return {
      status: 'open',
      requestId,
      unitId,
      from,
      negotiationId,
      grievanceReference,
      receivedOn,
      responseDue,
      items: items.map(({ number, description }) => ({ number, description, productions: [], objections: [], explanations: [] })),
      acknowledgments: [],
      clarifications: [],
      extensions: [],
      meetings: [],
    };
  }
  if (state.status === 'not-received') return state;
  switch (event.type) {
    case 'InformationRequestAcknowledged':
      return { ...state, acknowledgments: [...state.acknowledgments, event.data.acknowledgedOn] };
    case 'ClarificationRequested': {
      const { clarificationNumber, itemNumbers, question, requestedOn } = event.data;
      return { ...state, clarifications: [...state.clarifications, { number: clarificationNumber, itemNumbers, question, requestedOn, answers: [] }] };
    }
    case 'ClarificationAnswered': {
      const { clarificationNumber, answer, answeredOn } = event.data;
      return {
        ...state,
        clarifications: state.clarifications.map((c) => (c.number === clarificationNumber ? { ...c, answers: [...c.answers, { answer, answeredOn }] } : c)),
      };
    }
    case 'InformationItemProduced': {
      const { itemNumber, documents, summary, completeness, producedOn } = event.data;
      return updateItem(state, itemNumber, (item) => ({ ...item, productions: [...item.productions, { documents, summary, completeness, producedOn }] }));
    }
    case 'InformationItemObjected': {
      const { itemNumber, grounds, explanation, accommodationOffered, accommodationDescription, objectedOn } = event.data;
      return updateItem(state, itemNumber, (item) => ({
        ...item,
        objections: [...item.objections, { grounds, explanation, accommodationOffered, accommodationDescription, objectedOn }],
      }));
    }
    case 'InformationItemExplained': {
      const { itemNumber, reason, explanation, reference, explainedOn } = event.data;
      return updateItem(state, itemNumber, (item) => ({ ...item, explanations: [...item.explanations, { reason, explanation, reference, explainedOn }] }));
    }
    case 'ResponseDeadlineExtended': {
      const { previousDueOn, newDueOn, agreedByUnion, reason, extendedOn } = event.data;
      return { ...state, extensions: [...state.extensions, { previousDueOn, newDueOn, agreedByUnion, reason, extendedOn }] };
    }
    case 'InformationRequestMeetingHeld': {
      const { meetingId, attendees, itemNumbers, discussed, outcome, heldOn } = event.data;
      return { ...state, meetings: [...state.meetings, { status: 'held', meetingId, attendees, itemNumbers, discussed, outcome, heldOn }] };
    }
    case 'InformationRequestMeetingCancelled': {
      const { meetingId, scheduledFor, cancelledBy, reason, cancelledOn } = event.data;
      return { ...state, meetings: [...state.meetings, { status: 'cancelled', meetingId, scheduledFor, cancelledBy, reason, cancelledOn }] };
    }
    case 'InformationRequestWithdrawn':
      if (state.status !== 'open') return state;
      return { ...state, status: 'withdrawn', withdrawal: { reason: event.data.reason, withdrawnOn: event.data.withdrawnOn } };
    case 'InformationRequestClosed': {
      if (state.status === 'closed') return state;
      const { disposition, note, closedOn } = event.data;
      return {
        ...requestRecord(state),
        status: 'closed',
        withdrawal: state.status === 'withdrawn' ? state.withdrawal : null,
        closure: { disposition, note, closedOn },
      };
    }
    default:
      return assertNever(event);
  }
}

/** A request folded from its recorded events (other types on its stream are passed over). */
export function foldInformationRequest(recorded: readonly { readonly type: string; readonly data: Readonly<Record<string, unknown>> }[]): InformationRequest {
  let state = initialInformationRequest();
  for (const event of recorded) {
    const fact = asInformationRequestEvent(event);
    if (fact !== null) state = evolve(state, fact);
  }
  return state;
}
