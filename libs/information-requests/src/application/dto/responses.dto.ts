import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLASSIFICATIONS, OCCURRED_AT_PRECISIONS, ROLES, type Classification, type OccurredAtPrecision, type Role } from '#kernel';
import {
  CLOSING_DISPOSITIONS,
  COMPLETENESS,
  type ClosingDisposition,
  type Completeness,
  EXPLANATION_REASONS,
  type ExplanationReason,
  MEETING_SIDES,
  type MeetingSide,
  OBJECTION_GROUNDS,
  type ObjectionGround,
} from '../../domain/events.js';
import { ITEM_STATUSES, type ItemStatus } from '../../domain/clocks.js';
import { LATE_OBJECTION_REASONS, type LateObjectionReason } from '../../domain/rules.js';
import { LIST_STATUSES, POLICY_KINDS } from './requests.dto.js';

/*
 * Response shapes. The classes document the API (OpenAPI) and type what the views return;
 * instances are never made: plain objects conform to them.
 */

type Status = (typeof LIST_STATUSES)[number];
type PolicyKind = (typeof POLICY_KINDS)[number];

export class BusinessTimeView {
  @ApiProperty({ example: '2025-04-13' })
  at: string;
  @ApiProperty({ enum: OCCURRED_AT_PRECISIONS, example: 'day' })
  precision: OccurredAtPrecision;
}

export class ActorView {
  @ApiProperty({ example: 'labor-relations@district.example' })
  subject: string;
  @ApiProperty({ enum: ROLES, example: 'negotiator' })
  role: Role;
}

export class RecordedEventView {
  @ApiProperty({ format: 'uuid' })
  eventId: string;
  @ApiProperty({ example: 'InformationRequestAcknowledged' })
  type: string;
  @ApiProperty({ example: 1, description: "0-based revision in the request's stream" })
  revision: number;
  @ApiProperty({ example: '743/12', description: 'Opaque position in the store (for read-your-writes against projections)' })
  position: string;
  @ApiProperty({ type: BusinessTimeView })
  occurredAt: BusinessTimeView;
  @ApiProperty({ format: 'date-time', description: 'System time of recording' })
  recordedAt: string;
}

export class WarningView {
  @ApiProperty({ example: 'LATE_OBJECTION' })
  code: string;
  @ApiProperty({ example: 'objection to item 1 on 2025-04-26 is late: after-due-date' })
  message: string;
}

export class RequesterView {
  @ApiProperty({ example: 'Bayview Teachers Association' })
  organization: string;
  @ApiProperty({ example: 'R. Alvarez' })
  person: string;
}

export class ItemSummaryView {
  @ApiProperty({ example: 2 })
  number: number;
  @ApiProperty({ enum: ITEM_STATUSES, example: 'produced-partial' })
  status: ItemStatus;
  @ApiProperty()
  overdue: boolean;
}

export class InformationRequestSummaryView {
  @ApiProperty({ example: '3f0c9a52-6a51-5b6e-9d0e-8f7a2c1b4d37' })
  requestId: string;
  @ApiProperty({ example: 'bayview_certificated' })
  unitId: string;
  @ApiProperty({ format: 'date', example: '2025-05-30', description: 'The business day the status and clocks are computed as of' })
  asOf: string;
  @ApiProperty({ enum: LIST_STATUSES })
  status: Status;
  @ApiProperty({ enum: CLOSING_DISPOSITIONS, nullable: true, type: String })
  disposition: ClosingDisposition | null;
  @ApiProperty({ format: 'date', example: '2025-04-10' })
  receivedOn: string;
  @ApiProperty({ format: 'date', example: '2025-04-24', description: 'The due date in effect as of asOf (after extensions dated by then)' })
  dueOn: string;
  @ApiProperty({ enum: ['policy', 'explicit'] })
  dueBasis: 'policy' | 'explicit';
  @ApiProperty()
  overdue: boolean;
  @ApiProperty({ example: 36 })
  daysOverdue: number;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  respondedInFullOn: string | null;
  @ApiProperty({ type: [ItemSummaryView] })
  items: ItemSummaryView[];
}

/** What every write answers: the events it stored, the request as it now stands, and the breaches it was recorded with. */
export class InformationRequestRecordedView {
  @ApiProperty({ example: '3f0c9a52-6a51-5b6e-9d0e-8f7a2c1b4d37' })
  requestId: string;
  @ApiProperty({ type: [RecordedEventView], description: 'Empty when the fact was already recorded (a second withdrawal)' })
  events: RecordedEventView[];
  @ApiProperty({ type: Number, nullable: true, example: 3 })
  nextExpectedRevision: number | null;
  @ApiProperty({ type: InformationRequestSummaryView, description: 'The request as of today' })
  request: InformationRequestSummaryView;
  @ApiProperty({ type: [WarningView], description: 'Rules the fact breaks: recorded, never refused' })
  warnings: WarningView[];
}

export class InformationRequestMeetingRecordedView extends InformationRequestRecordedView {
  @ApiProperty({ example: '9b2d6e0c-4f1a-5c3b-8e7d-2a1f0c9b8d7e', description: 'The id the server gave the meeting' })
  meetingId: string;
}

export class InformationRequestListEntryView extends InformationRequestSummaryView {
  @ApiProperty({ type: RequesterView })
  from: RequesterView;
  @ApiProperty({ type: String, nullable: true })
  negotiationId: string | null;
  @ApiProperty({ type: String, nullable: true })
  grievanceReference: string | null;
}

export class InformationRequestPageView {
  @ApiProperty({ format: 'date', description: 'The day statuses and clocks are computed as of (overdueAsOf, else today)' })
  asOf: string;
  @ApiProperty({ type: [InformationRequestListEntryView], description: 'Ordered by receivedOn, then requestId' })
  items: InformationRequestListEntryView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
  nextCursor: string | null;
  @ApiProperty({ description: 'Privileged records the caller is cleared for but left out: they are read only with X-Access-Purpose' })
  withheldForPurpose: number;
}

export class ClassificationView {
  @ApiProperty({ enum: CLASSIFICATIONS, example: 'internal' })
  level: Classification;
  @ApiProperty({ example: 'information request under the duty to bargain (not a public-records request)' })
  basis: string;
}

export class ResponsePolicyView {
  @ApiProperty({ enum: POLICY_KINDS })
  kind: PolicyKind;
  @ApiProperty({ example: 10 })
  days: number;
}

export class ResponseDueView {
  @ApiProperty({ format: 'date', example: '2025-04-24' })
  dueOn: string;
  @ApiProperty({ enum: ['policy', 'explicit'] })
  basis: 'policy' | 'explicit';
  @ApiPropertyOptional({ type: ResponsePolicyView, description: "Basis 'policy': the policy applied" })
  policy?: ResponsePolicyView;
  @ApiPropertyOptional({ type: [String], description: "Basis 'policy': the holidays that moved the due date" })
  holidaysApplied?: string[];
}

export class ProducedDocumentView {
  @ApiProperty()
  name: string;
  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' })
  sha256: string;
}

export class ProductionView {
  @ApiProperty({ type: [ProducedDocumentView] })
  documents: ProducedDocumentView[];
  @ApiProperty({ type: String, nullable: true })
  summary: string | null;
  @ApiProperty({ enum: COMPLETENESS })
  completeness: Completeness;
  @ApiProperty({ format: 'date' })
  producedOn: string;
}

export class ObjectionView {
  @ApiProperty({ enum: OBJECTION_GROUNDS, isArray: true })
  grounds: ObjectionGround[];
  @ApiProperty()
  explanation: string;
  @ApiProperty()
  accommodationOffered: boolean;
  @ApiProperty({ type: String, nullable: true })
  accommodationDescription: string | null;
  @ApiProperty({ format: 'date' })
  objectedOn: string;
}

export class ExplanationView {
  @ApiProperty({ enum: EXPLANATION_REASONS })
  reason: ExplanationReason;
  @ApiProperty({ type: String, nullable: true })
  explanation: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The earlier production or document' })
  reference: string | null;
  @ApiProperty({ format: 'date' })
  explainedOn: string;
}

export class ItemView {
  @ApiProperty({ example: 1 })
  number: number;
  @ApiProperty()
  description: string;
  @ApiProperty({ enum: ITEM_STATUSES })
  status: ItemStatus;
  @ApiProperty({ type: [ProductionView], description: 'Dated on or before asOf' })
  productions: ProductionView[];
  @ApiProperty({ type: [ObjectionView], description: 'Dated on or before asOf' })
  objections: ObjectionView[];
  @ApiProperty({ type: [ExplanationView], description: 'Explanations that the information does not exist or was already produced (or another reason), dated on or before asOf' })
  explanations: ExplanationView[];
  @ApiProperty({ type: String, format: 'date', nullable: true })
  firstProductionOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  firstObjectionOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  firstExplanationOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  firstResponseOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'First complete production, objection or explanation' })
  answeredOn: string | null;
  @ApiProperty({ description: 'Calendar days from receipt until answered, withdrawn or closed, or until asOf' })
  daysOutstanding: number;
  @ApiProperty()
  overdue: boolean;
  @ApiProperty()
  daysOverdue: number;
  @ApiProperty({ description: 'The first response came after the due date in effect on its day' })
  firstResponseLate: boolean;
  @ApiProperty()
  awaitingClarification: boolean;
}

export class LateObjectionView {
  @ApiProperty({ example: 1 })
  itemNumber: number;
  @ApiProperty({ format: 'date', example: '2025-04-26' })
  objectedOn: string;
  @ApiProperty({ enum: OBJECTION_GROUNDS, isArray: true })
  grounds: ObjectionGround[];
  @ApiProperty({ enum: LATE_OBJECTION_REASONS, isArray: true, example: ['after-due-date'] })
  reasons: LateObjectionReason[];
  @ApiProperty({ format: 'date', example: '2025-04-24' })
  dueOnThen: string;
}

export class ClocksView {
  @ApiProperty({ description: 'Calendar days from receipt to the clock stop or asOf' })
  daysOutstanding: number;
  @ApiProperty({ description: "Business days, by the unit's calendar" })
  businessDaysOutstanding: number;
  @ApiProperty({ description: 'Still owed, on an open request, past the due date in effect' })
  overdue: boolean;
  @ApiProperty()
  daysOverdue: number;
  @ApiProperty()
  extensionsGranted: number;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  respondedInFullOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Answered in full, withdrawn or closed, whichever came first' })
  clockStoppedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  acknowledgedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true })
  firstResponseOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'A production, an objection or an explanation' })
  firstSubstantiveResponseOn: string | null;
  @ApiProperty({ type: Number, nullable: true })
  timeToAcknowledgment: number | null;
  @ApiProperty({ type: Number, nullable: true })
  timeToFirstResponse: number | null;
  @ApiProperty({ type: Number, nullable: true })
  timeToFirstSubstantiveResponse: number | null;
  @ApiProperty()
  noResponsePastDue: boolean;
  @ApiProperty()
  noSubstantiveResponsePastDue: boolean;
  @ApiProperty({ type: [LateObjectionView] })
  lateObjections: LateObjectionView[];
  @ApiProperty({ type: [Number], description: 'Clarifications asked and not answered by asOf' })
  openClarifications: number[];
}

export class ClarificationAnswerView {
  @ApiProperty()
  answer: string;
  @ApiProperty({ format: 'date' })
  answeredOn: string;
}

export class ClarificationView {
  @ApiProperty({ example: 1 })
  number: number;
  @ApiProperty({ type: [Number] })
  itemNumbers: number[];
  @ApiProperty()
  question: string;
  @ApiProperty({ format: 'date' })
  requestedOn: string;
  @ApiProperty({ type: [ClarificationAnswerView] })
  answers: ClarificationAnswerView[];
}

export class DeadlineExtensionView {
  @ApiProperty({ format: 'date' })
  previousDueOn: string;
  @ApiProperty({ format: 'date' })
  newDueOn: string;
  @ApiProperty()
  agreedByUnion: boolean;
  @ApiProperty()
  reason: string;
  @ApiProperty({ format: 'date' })
  extendedOn: string;
}

export class MeetingAttendeesView {
  @ApiProperty({ type: [String], description: 'Empty when not known' })
  employer: string[];
  @ApiProperty({ type: [String], description: 'Empty when not known' })
  union: string[];
}

export class MeetingView {
  @ApiProperty()
  meetingId: string;
  @ApiProperty({ format: 'date' })
  heldOn: string;
  @ApiProperty({ type: MeetingAttendeesView })
  attendees: MeetingAttendeesView;
  @ApiProperty({ type: [Number], description: 'The items discussed; empty: the request as a whole' })
  itemNumbers: number[];
  @ApiProperty({ type: String, nullable: true })
  discussed: string | null;
  @ApiProperty({ type: String, nullable: true })
  outcome: string | null;
}

export class CancelledMeetingView {
  @ApiProperty()
  meetingId: string;
  @ApiProperty({ format: 'date' })
  scheduledFor: string;
  @ApiProperty({ enum: MEETING_SIDES })
  cancelledBy: MeetingSide;
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
  @ApiProperty({ format: 'date', description: 'The day notice of the cancellation was given' })
  cancelledOn: string;
}

export class WithdrawalView {
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
  @ApiProperty({ format: 'date' })
  withdrawnOn: string;
}

export class ClosureView {
  @ApiProperty({ enum: CLOSING_DISPOSITIONS })
  disposition: ClosingDisposition;
  @ApiProperty({ type: String, nullable: true })
  note: string | null;
  @ApiProperty({ format: 'date' })
  closedOn: string;
}

/** One request as of a business day: the facts dated on or before it, and the clocks computed from them. */
export class InformationRequestView {
  @ApiProperty()
  requestId: string;
  @ApiProperty()
  unitId: string;
  @ApiProperty({ type: RequesterView })
  from: RequesterView;
  @ApiProperty({ type: String, nullable: true })
  negotiationId: string | null;
  @ApiProperty({ type: String, nullable: true })
  grievanceReference: string | null;
  @ApiProperty({ type: ClassificationView })
  classification: ClassificationView;
  @ApiProperty({ description: "The stream's last revision: the record as it stands now, whatever asOf" })
  revision: number;
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiProperty({ enum: LIST_STATUSES })
  status: Status;
  @ApiProperty({ enum: CLOSING_DISPOSITIONS, nullable: true, type: String })
  disposition: ClosingDisposition | null;
  @ApiProperty({ format: 'date' })
  receivedOn: string;
  @ApiProperty({ type: ResponseDueView, description: 'The due date as set on receipt' })
  responseDue: ResponseDueView;
  @ApiProperty({ format: 'date', description: 'The due date in effect as of asOf' })
  dueOn: string;
  @ApiProperty({ type: ClocksView })
  clocks: ClocksView;
  @ApiProperty({ type: [ItemView] })
  items: ItemView[];
  @ApiProperty({ type: [String], description: 'Days of acknowledgment, dated on or before asOf' })
  acknowledgments: string[];
  @ApiProperty({ type: [ClarificationView] })
  clarifications: ClarificationView[];
  @ApiProperty({ type: [DeadlineExtensionView] })
  extensions: DeadlineExtensionView[];
  @ApiProperty({ type: [MeetingView], description: 'Meetings about the request held on or before asOf, in the order recorded' })
  meetings: MeetingView[];
  @ApiProperty({ type: [CancelledMeetingView], description: 'Meetings called off, notice given on or before asOf, in the order recorded' })
  cancelledMeetings: CancelledMeetingView[];
  @ApiProperty({ type: WithdrawalView, nullable: true })
  withdrawal: WithdrawalView | null;
  @ApiProperty({ type: ClosureView, nullable: true })
  closure: ClosureView | null;
}

export class PolicyInEffectView {
  @ApiProperty({ enum: POLICY_KINDS })
  kind: PolicyKind;
  @ApiProperty({ example: 10 })
  days: number;
  @ApiProperty({ type: [String], example: ['2025-05-26'] })
  holidays: string[];
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'Null for the default' })
  effectiveOn: string | null;
  @ApiProperty({ enum: ['unit-policy', 'default'] })
  basis: 'unit-policy' | 'default';
}

export class PolicyVersionView {
  @ApiProperty({ enum: POLICY_KINDS })
  kind: PolicyKind;
  @ApiProperty()
  days: number;
  @ApiProperty({ type: [String] })
  holidays: string[];
  @ApiProperty({ format: 'date', description: 'Requests received on or after this day use this version' })
  effectiveOn: string;
  @ApiProperty()
  revision: number;
  @ApiProperty({ format: 'date-time' })
  recordedAt: string;
  @ApiProperty({ type: ActorView })
  recordedBy: ActorView;
}

export class InformationRequestPolicyView {
  @ApiProperty({ example: 'bayview_certificated' })
  unitId: string;
  @ApiProperty({ format: 'date' })
  asOf: string;
  @ApiProperty({ type: PolicyInEffectView, description: 'The policy a request received on asOf would get' })
  inEffect: PolicyInEffectView;
  @ApiProperty({ type: [PolicyVersionView], description: 'Every version, in the order recorded' })
  history: PolicyVersionView[];
}

export class InformationRequestPolicyRecordedView {
  @ApiProperty({ type: [RecordedEventView], description: 'Empty when that policy was already in effect' })
  events: RecordedEventView[];
  @ApiProperty({ type: Number, nullable: true })
  nextExpectedRevision: number | null;
  @ApiProperty({ type: InformationRequestPolicyView })
  policy: InformationRequestPolicyView;
  @ApiProperty({ type: [WarningView] })
  warnings: WarningView[];
}
