import type { Command } from '#kernel';
import type { BusinessCalendar, IsoDate, ResponsePolicy } from './due-dates.js';
import type { ClosingDisposition, Completeness, ExplanationReason, MeetingAttendees, MeetingSide, ObjectionGround, ProducedDocument, RequestedItem, Requester } from './events.js';
import type { InformationRequestId } from './ids.js';

/*
 * The business day of every act is the calendar day of metadata.occurredAt: the record has one
 * business time per fact, so no command carries a second, possibly contradicting, date.
 */

export type ReceiveInformationRequest = Command<'ReceiveInformationRequest', {
  requestId: InformationRequestId;
  unitId: string;
  from: Requester;
  negotiationId?: string | null;
  grievanceReference?: string | null;
  items: readonly RequestedItem[];
  /**
   * The unit's response policy, resolved from configuration by the application layer
   * (DEFAULT_RESPONSE_POLICY when absent), and the office's business calendar (weekends only when absent).
   */
  responsePolicy?: ResponsePolicy;
  calendar?: BusinessCalendar;
  /** Overrides the policy; recorded with basis 'explicit'. */
  explicitDueOn?: IsoDate | null;
}>;

export type AcknowledgeInformationRequest = Command<'AcknowledgeInformationRequest', {
  requestId: InformationRequestId;
}>;

export type RequestClarification = Command<'RequestClarification', {
  requestId: InformationRequestId;
  /** Empty or absent: the request as a whole. */
  itemNumbers?: readonly number[];
  question: string;
}>;

export type AnswerClarification = Command<'AnswerClarification', {
  requestId: InformationRequestId;
  clarificationNumber: number;
  answer: string;
}>;

export type ProduceInformationItem = Command<'ProduceInformationItem', {
  requestId: InformationRequestId;
  itemNumber: number;
  documents: readonly ProducedDocument[];
  summary?: string | null;
  completeness: Completeness;
}>;

export type ObjectToInformationItem = Command<'ObjectToInformationItem', {
  requestId: InformationRequestId;
  itemNumber: number;
  grounds: readonly ObjectionGround[];
  explanation: string;
  accommodationOffered: boolean;
  accommodationDescription?: string | null;
}>;

export type ExplainInformationItem = Command<'ExplainInformationItem', {
  requestId: InformationRequestId;
  itemNumber: number;
  reason: ExplanationReason;
  /** Required for reason `other`. */
  explanation?: string | null;
  reference?: string | null;
}>;

export type ExtendResponseDeadline = Command<'ExtendResponseDeadline', {
  requestId: InformationRequestId;
  newDueOn: IsoDate;
  agreedByUnion: boolean;
  reason: string;
}>;

/** The meeting's day is occurredAt; the meeting id is given by the caller (the API derives it from the command id). */
export type HoldInformationRequestMeeting = Command<'HoldInformationRequestMeeting', {
  requestId: InformationRequestId;
  meetingId: string;
  /** Absent: not known for either side. */
  attendees?: Partial<MeetingAttendees> | null;
  /** Empty or absent: the request as a whole. */
  itemNumbers?: readonly number[];
  discussed?: string | null;
  outcome?: string | null;
}>;

/** occurredAt is when notice of the cancellation was given. */
export type CancelInformationRequestMeeting = Command<'CancelInformationRequestMeeting', {
  requestId: InformationRequestId;
  meetingId: string;
  scheduledFor: IsoDate;
  cancelledBy: MeetingSide;
  reason?: string | null;
}>;

export type WithdrawInformationRequest = Command<'WithdrawInformationRequest', {
  requestId: InformationRequestId;
  reason?: string | null;
}>;

export type CloseInformationRequest = Command<'CloseInformationRequest', {
  requestId: InformationRequestId;
  disposition: ClosingDisposition;
  note?: string | null;
}>;

export type InformationRequestCommand =
  | ReceiveInformationRequest
  | AcknowledgeInformationRequest
  | RequestClarification
  | AnswerClarification
  | ProduceInformationItem
  | ObjectToInformationItem
  | ExplainInformationItem
  | ExtendResponseDeadline
  | HoldInformationRequestMeeting
  | CancelInformationRequestMeeting
  | WithdrawInformationRequest
  | CloseInformationRequest;

export type InformationRequestCommandType = InformationRequestCommand['type'];
