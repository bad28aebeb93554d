import type { CommandMetadata } from '#kernel';
import type {
  AcknowledgeInformationRequest,
  AnswerClarification,
  BusinessCalendar,
  CancelInformationRequestMeeting,
  CloseInformationRequest,
  ExplainInformationItem,
  ExplanationReason,
  ExtendResponseDeadline,
  HoldInformationRequestMeeting,
  InformationRequestEvent,
  MeetingSide,
  ObjectToInformationItem,
  ProduceInformationItem,
  ReceiveInformationRequest,
  RequestClarification,
  WithdrawInformationRequest,
} from '#information-requests';

/** The system time of every test command unless a test says otherwise: after all the business dates used. */
export const NOW = '2026-06-30T12:00:00.000Z';
export const REQUEST_ID = 'rfi_2025_007';
export const HASH_A = 'a'.repeat(64);
export const HASH_B = '0123456789abcdef'.repeat(4);

export function meta(at: string, now: string = NOW): CommandMetadata {
  return {
    now,
    occurredAt: { at, precision: at.length === 10 ? 'day' : 'instant' },
    actor: { subject: 'labor-relations@district.example', role: 'negotiator' },
    commandId: `cmd-${at}`,
    correlationId: `corr-${at}`,
  };
}

/** California school district holidays, 2025 (none between 2025-04-10 and 2025-04-24). */
export const DISTRICT_CALENDAR_2025: BusinessCalendar = {
  holidays: ['2025-01-01', '2025-01-20', '2025-02-17', '2025-03-31', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-11', '2025-11-27', '2025-11-28', '2025-12-25', '2026-01-01'],
};

export const ITEMS = [
  { number: 1, description: 'Step-and-column placement of each unit member, by name' },
  { number: 2, description: 'Cost of one step and one column movement for 2025-26' },
  { number: 3, description: 'Health benefit premiums by tier, 2024-25' },
] as const;

type Data<C extends { data: unknown }> = C['data'];

export const cmd = {
  receive: (at: string, data: Partial<Data<ReceiveInformationRequest>> = {}): ReceiveInformationRequest => ({
    type: 'ReceiveInformationRequest',
    data: {
      requestId: REQUEST_ID,
      unitId: 'bayview-certificated',
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      negotiationId: 'neg_2025_reopener',
      items: ITEMS,
      responsePolicy: { kind: 'business-days', days: 10 },
      calendar: DISTRICT_CALENDAR_2025,
      ...data,
    },
    metadata: meta(at),
  }),
  acknowledge: (at: string): AcknowledgeInformationRequest => ({ type: 'AcknowledgeInformationRequest', data: { requestId: REQUEST_ID }, metadata: meta(at) }),
  clarify: (at: string, itemNumbers: number[] = [1], question = 'Which school year is meant?'): RequestClarification => ({
    type: 'RequestClarification',
    data: { requestId: REQUEST_ID, itemNumbers, question },
    metadata: meta(at),
  }),
  answer: (at: string, clarificationNumber = 1, answer = '2024-25'): AnswerClarification => ({
    type: 'AnswerClarification',
    data: { requestId: REQUEST_ID, clarificationNumber, answer },
    metadata: meta(at),
  }),
  produce: (at: string, itemNumber: number, completeness: 'partial' | 'complete' = 'complete', data: Partial<Data<ProduceInformationItem>> = {}): ProduceInformationItem => ({
    type: 'ProduceInformationItem',
    data: { requestId: REQUEST_ID, itemNumber, documents: [{ name: `item-${itemNumber}.xlsx`, sha256: HASH_A }], completeness, ...data },
    metadata: meta(at),
  }),
  object: (at: string, itemNumber: number, data: Partial<Data<ObjectToInformationItem>> = {}): ObjectToInformationItem => ({
    type: 'ObjectToInformationItem',
    data: {
      requestId: REQUEST_ID,
      itemNumber,
      grounds: ['third-party-privacy'],
      explanation: 'Names with placement disclose individual compensation history',
      accommodationOffered: true,
      accommodationDescription: 'Placement by anonymized employee number',
      ...data,
    },
    metadata: meta(at),
  }),
  explain: (at: string, itemNumber: number, reason: ExplanationReason = 'does-not-exist', data: Partial<Data<ExplainInformationItem>> = {}): ExplainInformationItem => ({
    type: 'ExplainInformationItem',
    data: { requestId: REQUEST_ID, itemNumber, reason, ...data },
    metadata: meta(at),
  }),
  extend: (at: string, newDueOn: string, agreedByUnion = true, reason = 'Payroll conversion'): ExtendResponseDeadline => ({
    type: 'ExtendResponseDeadline',
    data: { requestId: REQUEST_ID, newDueOn, agreedByUnion, reason },
    metadata: meta(at),
  }),
  meet: (at: string, meetingId = 'meeting_1', data: Partial<Data<HoldInformationRequestMeeting>> = {}): HoldInformationRequestMeeting => ({
    type: 'HoldInformationRequestMeeting',
    data: {
      requestId: REQUEST_ID,
      meetingId,
      attendees: { employer: ['M. Okafor'], union: ['R. Alvarez'] },
      itemNumbers: [1],
      discussed: 'Whether placement can be given by employee number',
      outcome: null,
      ...data,
    },
    metadata: meta(at),
  }),
  cancelMeeting: (
    at: string,
    scheduledFor: string,
    cancelledBy: MeetingSide = 'union',
    meetingId = 'meeting_2',
    reason: string | null = 'Bargaining team unavailable',
  ): CancelInformationRequestMeeting => ({
    type: 'CancelInformationRequestMeeting',
    data: { requestId: REQUEST_ID, meetingId, scheduledFor, cancelledBy, reason },
    metadata: meta(at),
  }),
  withdraw: (at: string, reason: string | null = 'Superseded by request 008'): WithdrawInformationRequest => ({
    type: 'WithdrawInformationRequest',
    data: { requestId: REQUEST_ID, reason },
    metadata: meta(at),
  }),
  close: (at: string, disposition: 'fulfilled' | 'partially-fulfilled' | 'withdrawn', note: string | null = null): CloseInformationRequest => ({
    type: 'CloseInformationRequest',
    data: { requestId: REQUEST_ID, disposition, note },
    metadata: meta(at),
  }),
};

/** Events as decide produces them for the commands above (business-days 10, DISTRICT_CALENDAR_2025). */
export const ev = {
  received: (receivedOn: string, dueOn: string, holidaysApplied: string[] = []): InformationRequestEvent => ({
    type: 'InformationRequestReceived',
    data: {
      requestId: REQUEST_ID,
      unitId: 'bayview-certificated',
      from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
      negotiationId: 'neg_2025_reopener',
      grievanceReference: null,
      items: ITEMS.map((i) => ({ ...i })),
      receivedOn,
      responseDue: { dueOn, basis: 'policy', policy: { kind: 'business-days', days: 10 }, holidaysApplied },
    },
  }),
  acknowledged: (acknowledgedOn: string): InformationRequestEvent => ({ type: 'InformationRequestAcknowledged', data: { requestId: REQUEST_ID, acknowledgedOn } }),
  clarificationRequested: (requestedOn: string, clarificationNumber = 1, itemNumbers: number[] = [1], question = 'Which school year is meant?'): InformationRequestEvent => ({
    type: 'ClarificationRequested',
    data: { requestId: REQUEST_ID, clarificationNumber, itemNumbers, question, requestedOn },
  }),
  clarificationAnswered: (answeredOn: string, clarificationNumber = 1, answer = '2024-25'): InformationRequestEvent => ({
    type: 'ClarificationAnswered',
    data: { requestId: REQUEST_ID, clarificationNumber, answer, answeredOn },
  }),
  produced: (producedOn: string, itemNumber: number, completeness: 'partial' | 'complete' = 'complete'): InformationRequestEvent => ({
    type: 'InformationItemProduced',
    data: { requestId: REQUEST_ID, itemNumber, documents: [{ name: `item-${itemNumber}.xlsx`, sha256: HASH_A }], summary: null, completeness, producedOn },
  }),
  objected: (objectedOn: string, itemNumber: number): InformationRequestEvent => ({
    type: 'InformationItemObjected',
    data: {
      requestId: REQUEST_ID,
      itemNumber,
      grounds: ['third-party-privacy'],
      explanation: 'Names with placement disclose individual compensation history',
      accommodationOffered: true,
      accommodationDescription: 'Placement by anonymized employee number',
      objectedOn,
    },
  }),
  explained: (
    explainedOn: string,
    itemNumber: number,
    reason: ExplanationReason = 'does-not-exist',
    explanation: string | null = null,
    reference: string | null = null,
  ): InformationRequestEvent => ({
    type: 'InformationItemExplained',
    data: { requestId: REQUEST_ID, itemNumber, reason, explanation, reference, explainedOn },
  }),
  extended: (extendedOn: string, previousDueOn: string, newDueOn: string, agreedByUnion = true, reason = 'Payroll conversion'): InformationRequestEvent => ({
    type: 'ResponseDeadlineExtended',
    data: { requestId: REQUEST_ID, previousDueOn, newDueOn, agreedByUnion, reason, extendedOn },
  }),
  meetingHeld: (heldOn: string, meetingId = 'meeting_1', outcome: string | null = null): InformationRequestEvent => ({
    type: 'InformationRequestMeetingHeld',
    data: {
      requestId: REQUEST_ID,
      meetingId,
      attendees: { employer: ['M. Okafor'], union: ['R. Alvarez'] },
      itemNumbers: [1],
      discussed: 'Whether placement can be given by employee number',
      outcome,
      heldOn,
    },
  }),
  meetingCancelled: (
    cancelledOn: string,
    scheduledFor: string,
    cancelledBy: MeetingSide = 'union',
    meetingId = 'meeting_2',
    reason: string | null = 'Bargaining team unavailable',
  ): InformationRequestEvent => ({
    type: 'InformationRequestMeetingCancelled',
    data: { requestId: REQUEST_ID, meetingId, scheduledFor, cancelledBy, reason, cancelledOn },
  }),
  withdrawn: (withdrawnOn: string, reason: string | null = 'Superseded by request 008'): InformationRequestEvent => ({
    type: 'InformationRequestWithdrawn',
    data: { requestId: REQUEST_ID, reason, withdrawnOn },
  }),
  closed: (closedOn: string, disposition: 'fulfilled' | 'partially-fulfilled' | 'withdrawn', note: string | null = null): InformationRequestEvent => ({
    type: 'InformationRequestClosed',
    data: { requestId: REQUEST_ID, disposition, note, closedOn },
  }),
};
