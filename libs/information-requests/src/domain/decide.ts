import { assertNever, assertOccurredNotInFuture, businessDayOf, compareDays, dayAsKnown } from '#kernel';
import type { CancelInformationRequestMeeting, HoldInformationRequestMeeting, InformationRequestCommand, ReceiveInformationRequest } from './commands.js';
import {
  DEFAULT_RESPONSE_POLICY,
  type IsoDate,
  WEEKENDS_ONLY,
  assertBusinessCalendar,
  assertIsoDate,
  assertResponsePolicy,
  computeDueDate,
} from './due-dates.js';
import { InformationRequestErrorCode as E, missing, refuse } from './errors.js';
import {
  CLOSING_DISPOSITIONS,
  COMPLETENESS,
  EXPLANATION_REASONS,
  type InformationRequestEvent,
  MEETING_SIDES,
  type MeetingAttendees,
  OBJECTION_GROUNDS,
  type ObjectionGround,
  type ProducedDocument,
  type ResponseDue,
} from './events.js';
import { assertInformationRequestId, isInformationRequestId } from './ids.js';
import { type InformationRequest, type ReceivedInformationRequest, dueOnAsOf, findItem } from './state.js';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim().length === 0) throw refuse(E.REQUIRED_TEXT_MISSING, `${field} is required`, { field });
  return value;
}

function optionalText(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : requireText(value, field);
}

function requireItem(state: ReceivedInformationRequest, itemNumber: unknown): number {
  if (typeof itemNumber !== 'number' || !findItem(state, itemNumber)) {
    throw missing(E.INFORMATION_ITEM_NOT_FOUND, `information request ${state.requestId} has no item ${String(itemNumber)}`, {
      itemNumber,
      items: state.items.map((item) => item.number),
    });
  }
  return itemNumber;
}

/** A meeting id is a UUID or [A-Za-z0-9_]+ (the shape of a request id), new on this request. */
function newMeetingId(state: ReceivedInformationRequest, meetingId: unknown): string {
  if (!isInformationRequestId(meetingId)) throw refuse(E.INVALID_MEETING_ID, `a meeting id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(meetingId)}`);
  const recorded = state.meetings.find((meeting) => meeting.meetingId === meetingId);
  if (recorded) {
    throw refuse(E.MEETING_ALREADY_RECORDED, `meeting ${meetingId} of information request ${state.requestId} is already recorded as ${recorded.status}`, {
      meetingId,
      status: recorded.status,
    });
  }
  return meetingId;
}

function meetingAttendees(value: HoldInformationRequestMeeting['data']['attendees']): MeetingAttendees {
  const names = (list: unknown, side: 'employer' | 'union'): string[] => {
    if (list === undefined || list === null) return [];
    if (!Array.isArray(list)) throw refuse(E.INVALID_ATTENDEES, `attendees.${side} is a list of names`, { field: `attendees.${side}` });
    return [...new Set(list.map((name: unknown, index) => requireText(name, `attendees.${side}[${index}]`).trim()))];
  };
  return { employer: names(value?.employer, 'employer'), union: names(value?.union, 'union') };
}

function decideHoldMeeting(command: HoldInformationRequestMeeting, state: ReceivedInformationRequest, day: IsoDate): InformationRequestEvent[] {
  const meetingId = newMeetingId(state, command.data.meetingId);
  const itemNumbers = [...new Set(command.data.itemNumbers ?? [])].map((n) => requireItem(state, n)).sort((a, b) => a - b);
  return [
    {
      type: 'InformationRequestMeetingHeld',
      data: {
        requestId: state.requestId,
        meetingId,
        attendees: meetingAttendees(command.data.attendees),
        itemNumbers,
        discussed: blankAsNull(command.data.discussed),
        outcome: blankAsNull(command.data.outcome),
        heldOn: day,
      },
    },
  ];
}

function decideCancelMeeting(command: CancelInformationRequestMeeting, state: ReceivedInformationRequest, day: IsoDate): InformationRequestEvent[] {
  const meetingId = newMeetingId(state, command.data.meetingId);
  const { scheduledFor, cancelledBy } = command.data;
  assertIsoDate(scheduledFor, 'scheduledFor');
  if (scheduledFor < state.receivedOn) {
    throw refuse(E.MEETING_SCHEDULED_BEFORE_RECEIPT, `a meeting about the request cannot be set for ${scheduledFor}, before it was received on ${state.receivedOn}`, {
      scheduledFor,
      receivedOn: state.receivedOn,
    });
  }
  if (!MEETING_SIDES.includes(cancelledBy)) {
    throw refuse(E.UNKNOWN_SIDE, `cancelledBy is one of ${MEETING_SIDES.join(', ')}, got ${JSON.stringify(cancelledBy)}`, { field: 'cancelledBy' });
  }
  return [
    {
      type: 'InformationRequestMeetingCancelled',
      data: { requestId: state.requestId, meetingId, scheduledFor, cancelledBy, reason: blankAsNull(command.data.reason), cancelledOn: day },
    },
  ];
}

/** Optional free text: absent or blank is not recorded. */
function blankAsNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function decideReceive(command: ReceiveInformationRequest, receivedOn: IsoDate): InformationRequestEvent[] {
  const { requestId, unitId, from, items, negotiationId, grievanceReference, explicitDueOn } = command.data;
  assertInformationRequestId(requestId);
  requireText(unitId, 'unitId');
  requireText(from?.organization, 'from.organization');
  requireText(from?.person, 'from.person');
  if (!Array.isArray(items) || items.length === 0) throw refuse(E.NO_ITEMS, 'an information request has at least one numbered item');
  const seen = new Set<number>();
  for (const item of items) {
    if (!Number.isInteger(item?.number) || item.number < 1) {
      throw refuse(E.INVALID_ITEM_NUMBER, `item numbers are positive integers, got ${JSON.stringify(item?.number)}`);
    }
    if (seen.has(item.number)) throw refuse(E.DUPLICATE_ITEM_NUMBER, `item ${item.number} is numbered twice`, { itemNumber: item.number });
    seen.add(item.number);
    requireText(item.description, `items[${item.number}].description`);
  }

  let responseDue: ResponseDue;
  if (explicitDueOn !== undefined && explicitDueOn !== null) {
    assertIsoDate(explicitDueOn, 'explicitDueOn');
    if (explicitDueOn < receivedOn) {
      throw refuse(E.DUE_DATE_BEFORE_RECEIPT, `a response cannot be due (${explicitDueOn}) before the request was received (${receivedOn})`);
    }
    responseDue = { dueOn: explicitDueOn, basis: 'explicit' };
  } else {
    const policy = command.data.responsePolicy ?? DEFAULT_RESPONSE_POLICY;
    const calendar = command.data.calendar ?? WEEKENDS_ONLY;
    assertResponsePolicy(policy);
    assertBusinessCalendar(calendar);
    const { dueOn, holidaysApplied } = computeDueDate(receivedOn, policy, calendar);
    responseDue = { dueOn, basis: 'policy', policy: { kind: policy.kind, days: policy.days }, holidaysApplied };
  }

  return [
    {
      type: 'InformationRequestReceived',
      data: {
        requestId,
        unitId,
        from: { organization: from.organization, person: from.person },
        negotiationId: optionalText(negotiationId, 'negotiationId'),
        grievanceReference: optionalText(grievanceReference, 'grievanceReference'),
        items: items.map(({ number, description }) => ({ number, description })),
        receivedOn,
        responseDue,
      },
    },
  ];
}

/**
 * Pure: refuses only the structurally impossible (DOMAIN.md); every other act is recorded, and
 * what breaks a deadline or a duty is reported by `warnings` and the clocks.
 */
export function decide(command: InformationRequestCommand, state: InformationRequest): InformationRequestEvent[] {
  assertOccurredNotInFuture(command.metadata);
  const day = businessDayOf(command.metadata.occurredAt);

  if (command.type === 'ReceiveInformationRequest') {
    if (state.status !== 'not-received') {
      throw refuse(E.INFORMATION_REQUEST_ALREADY_RECEIVED, `information request ${state.requestId} was already received on ${state.receivedOn}`);
    }
    return decideReceive(command, day);
  }

  if (state.status === 'not-received') {
    throw missing(E.INFORMATION_REQUEST_NOT_FOUND, `information request ${String(command.data.requestId)} has not been received`);
  }
  // A closed request takes no act dated after its closing, and no second withdrawal or closing; an
  // act dated on or before the closing day is a late entry of what happened while it was open.
  if (state.status === 'closed' && (day > state.closure.closedOn || command.type === 'WithdrawInformationRequest' || command.type === 'CloseInformationRequest')) {
    throw refuse(
      E.INFORMATION_REQUEST_CLOSED,
      `information request ${state.requestId} was closed on ${state.closure.closedOn}${day > state.closure.closedOn ? `: nothing dated after (${day}) can be recorded on it` : ''}`,
    );
  }
  const { requestId } = state;
  if (command.data.requestId !== requestId) {
    throw refuse(E.INFORMATION_REQUEST_ID_MISMATCH, `command for information request ${String(command.data.requestId)} decided on ${requestId}`);
  }
  // Refused only when certainly before: a date known as a month or a range may still follow receipt.
  if (compareDays(command.metadata.occurredAt, state.receivedOn) === 'before') {
    throw refuse(E.OCCURRED_BEFORE_RECEIPT, `${command.type} dated ${dayAsKnown(command.metadata.occurredAt)} is before the request was received on ${state.receivedOn}`);
  }

  switch (command.type) {
    case 'AcknowledgeInformationRequest':
      return [{ type: 'InformationRequestAcknowledged', data: { requestId, acknowledgedOn: day } }];

    case 'RequestClarification': {
      const itemNumbers = [...new Set(command.data.itemNumbers ?? [])].map((n) => requireItem(state, n));
      return [
        {
          type: 'ClarificationRequested',
          data: {
            requestId,
            clarificationNumber: state.clarifications.length + 1,
            itemNumbers,
            question: requireText(command.data.question, 'question'),
            requestedOn: day,
          },
        },
      ];
    }

    case 'AnswerClarification': {
      const { clarificationNumber } = command.data;
      const clarification = state.clarifications.find((c) => c.number === clarificationNumber);
      if (!clarification) {
        throw missing(E.CLARIFICATION_NOT_FOUND, `information request ${requestId} has no clarification ${String(clarificationNumber)}`);
      }
      if (compareDays(command.metadata.occurredAt, clarification.requestedOn) === 'before') {
        throw refuse(E.ANSWER_BEFORE_QUESTION, `an answer dated ${dayAsKnown(command.metadata.occurredAt)} precedes clarification ${clarificationNumber}, asked on ${clarification.requestedOn}`);
      }
      return [
        { type: 'ClarificationAnswered', data: { requestId, clarificationNumber, answer: requireText(command.data.answer, 'answer'), answeredOn: day } },
      ];
    }

    case 'ProduceInformationItem': {
      const itemNumber = requireItem(state, command.data.itemNumber);
      const { completeness } = command.data;
      if (!COMPLETENESS.includes(completeness)) {
        throw refuse(E.INVALID_COMPLETENESS, `completeness is one of ${COMPLETENESS.join(', ')}, got ${JSON.stringify(completeness)}`);
      }
      const documents: ProducedDocument[] = (command.data.documents ?? []).map((document, index) => {
        const name = requireText(document?.name, `documents[${index}].name`);
        if (typeof document.sha256 !== 'string' || !SHA256_HEX.test(document.sha256)) {
          throw refuse(E.INVALID_DOCUMENT_HASH, `documents[${index}].sha256 must be 64 hexadecimal characters`, { index });
        }
        return { name, sha256: document.sha256.toLowerCase() };
      });
      const summary = command.data.summary === undefined || command.data.summary === null || command.data.summary.trim() === '' ? null : command.data.summary;
      if (documents.length === 0 && summary === null) {
        throw refuse(E.EMPTY_PRODUCTION, 'a production holds at least one document or a summary of the information given');
      }
      return [{ type: 'InformationItemProduced', data: { requestId, itemNumber, documents, summary, completeness, producedOn: day } }];
    }

    case 'ObjectToInformationItem': {
      const itemNumber = requireItem(state, command.data.itemNumber);
      const grounds = [...new Set(command.data.grounds ?? [])];
      if (grounds.length === 0) throw refuse(E.NO_OBJECTION_GROUNDS, 'an objection names at least one ground');
      const unknownGround = grounds.find((g) => !OBJECTION_GROUNDS.includes(g));
      if (unknownGround !== undefined) {
        throw refuse(E.UNKNOWN_OBJECTION_GROUND, `objection grounds are ${OBJECTION_GROUNDS.join(', ')}; got ${JSON.stringify(unknownGround)}`);
      }
      const { explanation, accommodationOffered, accommodationDescription } = command.data;
      // The list does not say what an `other` ground is: only its explanation does.
      if (grounds.includes('other')) requireText(explanation, 'explanation');
      return [
        {
          type: 'InformationItemObjected',
          data: {
            requestId,
            itemNumber,
            grounds: grounds as ObjectionGround[],
            // A bare objection is still a fact; `warnings` flags it.
            explanation: typeof explanation === 'string' ? explanation : '',
            accommodationOffered: accommodationOffered === true,
            accommodationDescription: optionalText(accommodationDescription, 'accommodationDescription'),
            objectedOn: day,
          },
        },
      ];
    }

    case 'ExplainInformationItem': {
      const itemNumber = requireItem(state, command.data.itemNumber);
      const { reason } = command.data;
      if (!EXPLANATION_REASONS.includes(reason)) {
        throw refuse(E.UNKNOWN_EXPLANATION_REASON, `an explanation's reason is one of ${EXPLANATION_REASONS.join(', ')}, got ${JSON.stringify(reason)}`);
      }
      const explanation = reason === 'other' ? requireText(command.data.explanation, 'explanation') : optionalText(command.data.explanation, 'explanation');
      return [
        {
          type: 'InformationItemExplained',
          data: { requestId, itemNumber, reason, explanation, reference: optionalText(command.data.reference, 'reference'), explainedOn: day },
        },
      ];
    }

    case 'ExtendResponseDeadline': {
      const { newDueOn, agreedByUnion } = command.data;
      assertIsoDate(newDueOn, 'newDueOn');
      const previousDueOn = dueOnAsOf(state, day);
      if (newDueOn <= previousDueOn) {
        throw refuse(E.DUE_DATE_NOT_EXTENDED, `an extension moves the due date later than ${previousDueOn}; got ${newDueOn}`, { previousDueOn, newDueOn });
      }
      return [
        {
          type: 'ResponseDeadlineExtended',
          data: { requestId, previousDueOn, newDueOn, agreedByUnion: agreedByUnion === true, reason: requireText(command.data.reason, 'reason'), extendedOn: day },
        },
      ];
    }

    case 'HoldInformationRequestMeeting':
      return decideHoldMeeting(command, state, day);

    case 'CancelInformationRequestMeeting':
      return decideCancelMeeting(command, state, day);

    case 'WithdrawInformationRequest':
      // Withdrawing a withdrawn request adds no fact.
      if (state.status === 'withdrawn') return [];
      return [{ type: 'InformationRequestWithdrawn', data: { requestId, reason: optionalText(command.data.reason, 'reason'), withdrawnOn: day } }];

    case 'CloseInformationRequest': {
      const { disposition } = command.data;
      if (!CLOSING_DISPOSITIONS.includes(disposition)) {
        throw refuse(E.UNKNOWN_DISPOSITION, `a disposition is one of ${CLOSING_DISPOSITIONS.join(', ')}, got ${JSON.stringify(disposition)}`);
      }
      if (disposition === 'withdrawn' && state.status !== 'withdrawn') {
        throw refuse(E.REQUEST_NOT_WITHDRAWN, `information request ${requestId} was not withdrawn by the union`);
      }
      if (disposition !== 'withdrawn' && state.status === 'withdrawn') {
        throw refuse(E.REQUEST_WAS_WITHDRAWN, `information request ${requestId} was withdrawn on ${state.withdrawal.withdrawnOn}: it closes as withdrawn`);
      }
      if (disposition === 'fulfilled') {
        const unanswered = state.items
          .filter((item) => item.productions.length === 0 && item.objections.length === 0 && item.explanations.length === 0)
          .map((item) => item.number);
        if (unanswered.length > 0) {
          throw refuse(E.ITEMS_UNANSWERED, `items ${unanswered.join(', ')} are neither produced, objected to nor explained`, { itemNumbers: unanswered });
        }
      }
      return [{ type: 'InformationRequestClosed', data: { requestId, disposition, note: optionalText(command.data.note, 'note'), closedOn: day } }];
    }

    default:
      return assertNever(command);
  }
}
