import { type Warning, assertNever } from '#kernel';
import type { InformationRequestCommand } from './commands.js';
import type { IsoDate } from './due-dates.js';
import type { InformationRequestEvent } from './events.js';
import { GROUNDS_CALLING_FOR_ACCOMMODATION, itemResolvedOn, lateObjectionReasons } from './rules.js';
import { type InformationRequest, type RequestRecord, dueOnAsOf, evolve } from './state.js';

/** Stable codes of what the decider records but reports as a breach of a deadline or a duty. */
export const InformationRequestWarningCode = {
  /** A response (acknowledgment, clarification request, production, explanation) after the due date while something was still owed. */
  PAST_DUE: 'PAST_DUE',
  /** An objection after the due date, or after something was already produced on the item or request. */
  LATE_OBJECTION: 'LATE_OBJECTION',
  /** An objection with no explanation. */
  OBJECTION_NOT_EXPLAINED: 'OBJECTION_NOT_EXPLAINED',
  /** A privacy, overbreadth or burden objection with no offer to bargain an accommodation. */
  OBJECTION_WITHOUT_ACCOMMODATION: 'OBJECTION_WITHOUT_ACCOMMODATION',
  /** A deadline extended after it had already passed. */
  EXTENDED_AFTER_DUE_DATE: 'EXTENDED_AFTER_DUE_DATE',
  /** A deadline extended without the union's agreement. */
  EXTENSION_NOT_AGREED: 'EXTENSION_NOT_AGREED',
  /** Closed as fulfilled while some item was only partially produced, and neither objected to nor explained. */
  CLOSED_AS_FULFILLED_WITH_PARTIAL_ITEMS: 'CLOSED_AS_FULFILLED_WITH_PARTIAL_ITEMS',
  /** Notice of a meeting's cancellation given only after the day it was set for. */
  MEETING_CANCELLED_AFTER_SCHEDULED_DAY: 'MEETING_CANCELLED_AFTER_SCHEDULED_DAY',
} as const;
export type InformationRequestWarningCode = (typeof InformationRequestWarningCode)[keyof typeof InformationRequestWarningCode];

const W = InformationRequestWarningCode;

/** True when some item was still owed at the start of `day` (answered only by acts dated before it). */
function owedOn(record: RequestRecord, day: IsoDate): boolean {
  return record.items.some((item) => {
    const resolved = itemResolvedOn(item, day);
    return resolved === null || resolved >= day;
  });
}

function pastDue(record: RequestRecord, day: IsoDate, what: string): Warning[] {
  const dueOn = dueOnAsOf(record, day);
  if (day <= dueOn || !owedOn(record, day)) return [];
  return [{ code: W.PAST_DUE, message: `${what} on ${day}, after the response was due on ${dueOn}` }];
}

function warningsFor(record: RequestRecord, event: InformationRequestEvent): Warning[] {
  switch (event.type) {
    case 'InformationRequestAcknowledged':
      return pastDue(record, event.data.acknowledgedOn, 'acknowledged');
    case 'ClarificationRequested':
      return pastDue(record, event.data.requestedOn, 'clarification first requested');
    case 'InformationItemProduced':
      return pastDue(record, event.data.producedOn, `item ${event.data.itemNumber} produced (${event.data.completeness})`);
    case 'InformationItemExplained':
      return pastDue(record, event.data.explainedOn, `item ${event.data.itemNumber} explained (${event.data.reason})`);
    case 'InformationItemObjected': {
      const { itemNumber, objectedOn, grounds, explanation, accommodationOffered } = event.data;
      const found: Warning[] = [];
      const reasons = lateObjectionReasons(record, itemNumber, objectedOn);
      if (reasons.length > 0) {
        found.push({ code: W.LATE_OBJECTION, message: `objection to item ${itemNumber} on ${objectedOn} is late: ${reasons.join(', ')}` });
      }
      if (explanation.trim() === '') found.push({ code: W.OBJECTION_NOT_EXPLAINED, message: `objection to item ${itemNumber} gives no explanation` });
      if (!accommodationOffered && grounds.some((g) => GROUNDS_CALLING_FOR_ACCOMMODATION.includes(g))) {
        found.push({ code: W.OBJECTION_WITHOUT_ACCOMMODATION, message: `objection to item ${itemNumber} (${grounds.join(', ')}) offers no accommodation` });
      }
      return found;
    }
    case 'ResponseDeadlineExtended': {
      const { previousDueOn, newDueOn, extendedOn, agreedByUnion } = event.data;
      const found: Warning[] = [];
      if (extendedOn > previousDueOn) {
        found.push({ code: W.EXTENDED_AFTER_DUE_DATE, message: `due date ${previousDueOn} extended to ${newDueOn} only on ${extendedOn}` });
      }
      if (!agreedByUnion) found.push({ code: W.EXTENSION_NOT_AGREED, message: `due date extended to ${newDueOn} without the union's agreement` });
      return found;
    }
    case 'InformationRequestClosed': {
      if (event.data.disposition !== 'fulfilled') return [];
      const partial = record.items
        .filter((item) => item.objections.length === 0 && item.explanations.length === 0 && !item.productions.some((p) => p.completeness === 'complete'))
        .map((item) => item.number);
      return partial.length === 0
        ? []
        : [{ code: W.CLOSED_AS_FULFILLED_WITH_PARTIAL_ITEMS, message: `closed as fulfilled with items ${partial.join(', ')} only partially produced` }];
    }
    case 'InformationRequestMeetingCancelled': {
      const { meetingId, scheduledFor, cancelledOn, cancelledBy } = event.data;
      return cancelledOn > scheduledFor
        ? [{ code: W.MEETING_CANCELLED_AFTER_SCHEDULED_DAY, message: `meeting ${meetingId} set for ${scheduledFor} was cancelled by the ${cancelledBy} only on ${cancelledOn}` }]
        : [];
    }
    case 'InformationRequestReceived':
    case 'ClarificationAnswered':
    case 'InformationRequestMeetingHeld':
    case 'InformationRequestWithdrawn':
      return [];
    default:
      return assertNever(event);
  }
}

/**
 * What the current rules see in a decision: recorded, never rejected. Each event is judged against
 * the record as it stood before it. Flags are never stored in events: the clocks recompute them.
 */
export function warnings(_command: InformationRequestCommand, state: InformationRequest, events: readonly InformationRequestEvent[]): Warning[] {
  const found: Warning[] = [];
  let current = state;
  for (const event of events) {
    if (current.status !== 'not-received') found.push(...warningsFor(current, event));
    current = evolve(current, event);
  }
  return found;
}
