import { daysBetween, knownOnlyAs, possibleDays } from '#kernel';
import { type InformationRequestClocks, addCalendarDays, dueOnAsOf, informationRequestClocks, informationRequestStream } from '#information-requests';
import type { IsoDate, RequestComplianceFacts, RequestFactRef } from '../facts/facts.js';
import type { FlagDraft, FlaggedFact, InformationRequestRule, RuleOutcome } from './types.js';

/*
 * Rules over one information request, reading the clocks the information-requests domain computes
 * (informationRequestClocks) as of the day asked about. Clocks count calendar days, the measure PERB
 * uses for delay, so the office calendar does not change a flag.
 */

type Citation = { readonly id: string; readonly citation: string };

const none: RuleOutcome = { flags: [] };

function cite(request: RequestComplianceFacts, fact: RequestFactRef, as: string): FlagDraft['facts'][number] {
  const flagged: FlaggedFact = {
    eventId: fact.eventId,
    type: fact.type,
    stream: informationRequestStream(request.requestId),
    on: fact.on,
    recordedAt: fact.recordedAt,
    as,
    correctedBy: [...fact.correctedBy],
  };
  return { ...flagged, classification: fact.classification };
}

const received = (request: RequestComplianceFacts) => request.events.find((e) => e.type === 'InformationRequestReceived')!;

function extensionsBy(request: RequestComplianceFacts, asOf: IsoDate) {
  return request.events.filter((e) => e.type === 'ResponseDeadlineExtended' && e.on <= asOf).map((e) => cite(request, e, 'deadline extended'));
}

const clocksOf = (request: RequestComplianceFacts, asOf: IsoDate): InformationRequestClocks | null => informationRequestClocks(request.state, asOf);

/**
 * A request received on a day the record gives only as a month, a range or a bound: its clocks
 * count from the earliest possible day, so its due date is the earliest it can have been. What is on
 * time against that due date is on time against any later one; a breach against it may not be one,
 * and is reported as undecidable instead (`dueBased` picks the flags that rest on the due date).
 */
function judgedOnKnownReceipt(rule: InformationRequestRule, dueBased: (flag: FlagDraft) => boolean = () => true): InformationRequestRule {
  return { ...rule, evaluate: (request, asOf) => onKnownReceipt(rule.evaluate(request, asOf), request, dueBased) };
}

function onKnownReceipt(outcome: RuleOutcome, request: RequestComplianceFacts, dueBased: (flag: FlagDraft) => boolean): RuleOutcome {
  const known = received(request).known;
  if (known === undefined) return outcome;
  const days = possibleDays(known);
  if (days.from !== null && days.from === days.to) return outcome;
  const undecided = outcome.flags.filter(dueBased);
  if (undecided.length === 0) return outcome;
  return {
    flags: outcome.flags.filter((flag) => !dueBased(flag)),
    notEvaluated: `${knownOnlyAs(`the date information request ${request.requestId} was received`, known)}, and its due date counts from that day`,
    impreciseDate: true,
  };
}

/**
 * Open, past the due date in effect on asOf, with some item still owed. High once outstanding longer
 * than `unexplainedDelayDays` (PERB has held a six-week unexplained delay unlawful), else medium.
 */
export function informationRequestOverdue({ id, citation, unexplainedDelayDays }: Citation & { readonly unexplainedDelayDays: number }): InformationRequestRule {
  return judgedOnKnownReceipt({
    scope: 'information-request',
    id,
    citation,
    title: 'Information request overdue',
    requirement: 'Requested information is furnished by the due date',
    description:
      'Flags an open request past its due date (after extensions dated by then) with an item still owed (open or only partly produced). ' +
      `Severity medium; high once outstanding more than ${unexplainedDelayDays} calendar days.`,
    evaluate(request, asOf) {
      const clocks = clocksOf(request, asOf);
      if (clocks === null || !clocks.overdue) return none;
      const owed = clocks.items.filter((item) => item.overdue);
      const partial = request.events.filter((e) => e.type === 'InformationItemProduced' && e.on <= asOf && owed.some((item) => item.number === e.itemNumber));
      return {
        flags: [{
          severity: clocks.daysOutstanding > unexplainedDelayDays ? 'high' : 'medium',
          raisedOn: addCalendarDays(clocks.dueOn, 1),
          message:
            `Information request received on ${clocks.receivedOn} was due on ${clocks.dueOn}; as of ${asOf} item(s) ${owed.map((i) => i.number).join(', ')} ` +
            `are still owed, ${clocks.daysOverdue} day(s) overdue (${clocks.daysOutstanding} days outstanding).`,
          dates: { receivedOn: clocks.receivedOn, dueOn: clocks.dueOn },
          details: {
            daysOverdue: clocks.daysOverdue,
            daysOutstanding: clocks.daysOutstanding,
            itemsOverdue: owed.map((i) => ({ number: i.number, status: i.status, daysOverdue: i.daysOverdue })),
            extensionsGranted: clocks.extensionsGranted,
          },
          facts: [cite(request, received(request), 'request received'), ...extensionsBy(request, asOf), ...partial.map((p) => cite(request, p, 'partial production'))],
          requestId: request.requestId,
        }],
      };
    },
  });
}

/**
 * Past due with nothing produced, objected to or explained. High when there was no response of any
 * kind (not even an acknowledgment), medium when only acknowledged or asked to clarify.
 */
export function informationRequestNoResponsePastDue({ id, citation }: Citation): InformationRequestRule {
  return judgedOnKnownReceipt({
    scope: 'information-request',
    id,
    citation,
    title: 'No response to an information request past its due date',
    requirement: 'An information request is answered by the due date',
    description:
      'Flags an open request past its due date with no production, objection or explanation on any item. Severity high with no response at all; ' +
      'medium when it was only acknowledged or a clarification asked.',
    evaluate(request, asOf) {
      const clocks = clocksOf(request, asOf);
      if (clocks === null || !clocks.noSubstantiveResponsePastDue) return none;
      const responses = request.events.filter((e) => (e.type === 'InformationRequestAcknowledged' || e.type === 'ClarificationRequested') && e.on <= asOf);
      return {
        flags: [{
          severity: clocks.noResponsePastDue ? 'high' : 'medium',
          raisedOn: addCalendarDays(clocks.dueOn, 1),
          message: clocks.noResponsePastDue
            ? `No response of any kind to the request received on ${clocks.receivedOn}, due on ${clocks.dueOn}.`
            : `Nothing produced, objected to or explained on the request received on ${clocks.receivedOn}, due on ${clocks.dueOn} (acknowledged on ${clocks.acknowledgedOn ?? clocks.firstResponseOn}).`,
          dates: { receivedOn: clocks.receivedOn, dueOn: clocks.dueOn, ...(clocks.firstResponseOn ? { firstResponseOn: clocks.firstResponseOn } : {}) },
          details: { daysOverdue: clocks.daysOverdue, anyResponse: !clocks.noResponsePastDue },
          facts: [cite(request, received(request), 'request received'), ...responses.map((r) => cite(request, r, 'non-substantive response'))],
          requestId: request.requestId,
        }],
      };
    },
  });
}

/**
 * Items answered by a complete production dated after the due date in effect that day: the
 * delay stays a fact after the answer. An item answered by a late objection is left to the
 * late-objection rule.
 */
export function informationRequestAnsweredLate({ id, citation }: Citation): InformationRequestRule {
  return judgedOnKnownReceipt({
    scope: 'information-request',
    id,
    citation,
    title: 'Information produced after the due date',
    requirement: 'Requested information is produced by the due date',
    description: 'Flags each item answered by a complete production dated after the due date in effect that day (extensions included). Severity medium.',
    evaluate(request, asOf) {
      const clocks = clocksOf(request, asOf);
      if (clocks === null) return none;
      const flags: FlagDraft[] = [];
      for (const item of clocks.items) {
        if (item.answeredOn === null || item.status !== 'produced-complete') continue;
        const dueThen = dueOnAsOf(request.state, item.answeredOn);
        if (item.answeredOn <= dueThen) continue;
        const production = request.events.find((e) => e.type === 'InformationItemProduced' && e.itemNumber === item.number && e.on === item.answeredOn);
        flags.push({
          severity: 'medium',
          raisedOn: addCalendarDays(dueThen, 1),
          message: `Item ${item.number} of the request received on ${clocks.receivedOn} was produced in full on ${item.answeredOn}, ${daysBetween(dueThen, item.answeredOn)} day(s) after it was due (${dueThen}).`,
          dates: { receivedOn: clocks.receivedOn, dueOn: dueThen, answeredOn: item.answeredOn },
          details: { itemNumber: item.number, daysLate: daysBetween(dueThen, item.answeredOn) },
          facts: [cite(request, received(request), 'request received'), ...(production ? [cite(request, production, 'complete production')] : []), ...extensionsBy(request, item.answeredOn)],
          requestId: request.requestId,
        });
      }
      return { flags };
    },
  });
}

/** Objections raised after the due date or after something was produced: objections not raised promptly are waived. */
export function informationRequestLateObjection({ id, citation }: Citation): InformationRequestRule {
  return judgedOnKnownReceipt({
    scope: 'information-request',
    id,
    citation,
    title: 'Late objection to an information request',
    requirement: 'Objections to an information request are raised promptly',
    description:
      'Flags each objection dated after the due date in effect that day, or after something was already produced on the item or the request ' +
      '(the first response should carry every objection; the same day is not late). Severity medium.',
    evaluate(request, asOf) {
      const clocks = clocksOf(request, asOf);
      if (clocks === null) return none;
      return {
        flags: clocks.lateObjections.map((late) => {
          const objection = request.events.find((e) => e.type === 'InformationItemObjected' && e.itemNumber === late.itemNumber && e.on === late.objectedOn);
          return {
            severity: 'medium' as const,
            raisedOn: late.objectedOn,
            message: `The objection to item ${late.itemNumber} on ${late.objectedOn} (${late.grounds.join(', ')}) is late: ${late.reasons.join(', ')}; the response was due on ${late.dueOnThen}.`,
            dates: { receivedOn: clocks.receivedOn, dueOn: late.dueOnThen, objectedOn: late.objectedOn },
            details: { itemNumber: late.itemNumber, grounds: [...late.grounds], reasons: [...late.reasons] },
            facts: [cite(request, received(request), 'request received'), ...(objection ? [cite(request, objection, 'objection')] : [])],
            requestId: request.requestId,
          };
        }),
      };
    },
  }, (flag) => ((flag.details?.['reasons'] as readonly string[] | undefined) ?? []).includes('after-due-date'));
}
