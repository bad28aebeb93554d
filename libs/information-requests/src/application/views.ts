import type { Handled, RecordedEvent } from '#event-store';
import { type ClassificationMark, businessTimeOf } from '#kernel';
import { type InformationRequestClocks, informationRequestClocks } from '../domain/clocks.js';
import type { BusinessCalendar, IsoDate } from '../domain/due-dates.js';
import type { InformationRequest, ReceivedInformationRequest } from '../domain/state.js';
import type { RegisterEntry } from '../read-models/register-views.js';
import type {
  InformationRequestListEntryView,
  InformationRequestPolicyView,
  InformationRequestRecordedView,
  InformationRequestSummaryView,
  InformationRequestView,
  RecordedEventView,
} from './dto/responses.dto.js';
import { type InformationRequestPolicyState, type PolicyInEffect, policyInEffectOn } from './response-policy/response-policy.js';

/* Pure mappings from folded state to what the API answers. No I/O, no clock. */

export function recordedEventView(event: RecordedEvent): RecordedEventView {
  const { eventId, type, revision, position, occurredAt, recordedAt } = event;
  return { eventId, type, revision, position, occurredAt: businessTimeOf(occurredAt), recordedAt };
}

type SummaryFields = 'requestId' | 'unitId' | 'asOf' | 'status' | 'disposition' | 'receivedOn' | 'dueOn' | 'dueBasis' | 'overdue' | 'daysOverdue' | 'respondedInFullOn';

/** The summary of a request as of a day, from its clocks or its register entry. */
function summaryFrom(clocks: Pick<InformationRequestClocks, SummaryFields> & { readonly items: readonly Pick<InformationRequestClocks['items'][number], 'number' | 'status' | 'overdue'>[] }): InformationRequestSummaryView {
  const { requestId, unitId, asOf, status, disposition, receivedOn, dueOn, dueBasis, overdue, daysOverdue, respondedInFullOn } = clocks;
  return {
    requestId,
    unitId,
    asOf,
    status,
    disposition,
    receivedOn,
    dueOn,
    dueBasis,
    overdue,
    daysOverdue,
    respondedInFullOn,
    items: clocks.items.map(({ number, status: itemStatus, overdue: itemOverdue }) => ({ number, status: itemStatus, overdue: itemOverdue })),
  };
}

/** What a write answers. `today` is the calendar day of the command's system time. */
export function recordedView(handled: Handled<InformationRequest>, today: IsoDate): InformationRequestRecordedView {
  const state = handled.state as ReceivedInformationRequest;
  // Nothing is dated after today (decide refuses the future), so "as of today" is the whole record.
  const clocks = informationRequestClocks(state, today < state.receivedOn ? state.receivedOn : today)!;
  return {
    requestId: state.requestId,
    events: handled.events.map(recordedEventView),
    nextExpectedRevision: handled.nextExpectedRevision,
    request: summaryFrom(clocks),
    warnings: handled.warnings.map(({ code, message }) => ({ code, message })),
  };
}

/** The record, the facts dated on or before asOf, and the clocks as of it; null if not yet received by then. */
export function informationRequestView(
  state: InformationRequest,
  asOf: IsoDate,
  calendar: BusinessCalendar,
  stored: { revision: number; classification: ClassificationMark },
): InformationRequestView | null {
  const clocks = informationRequestClocks(state, asOf, calendar);
  if (clocks === null || state.status === 'not-received') return null;
  const by = (day: IsoDate) => day <= asOf;
  const { items: itemClocks, requestId, unitId, status, disposition, receivedOn, dueOn, originalDueOn: _o, dueBasis: _b, asOf: _a, ...rest } = clocks;
  const withdrawal = state.status !== 'open' && state.withdrawal && by(state.withdrawal.withdrawnOn) ? state.withdrawal : null;
  const closure = state.status === 'closed' && by(state.closure.closedOn) ? state.closure : null;
  return {
    requestId,
    unitId,
    from: { organization: state.from.organization, person: state.from.person },
    negotiationId: state.negotiationId,
    grievanceReference: state.grievanceReference,
    classification: { level: stored.classification.level, basis: stored.classification.basis },
    revision: stored.revision,
    asOf,
    status,
    disposition,
    receivedOn,
    responseDue:
      state.responseDue.basis === 'policy'
        ? { dueOn: state.responseDue.dueOn, basis: 'policy', policy: { ...state.responseDue.policy }, holidaysApplied: [...state.responseDue.holidaysApplied] }
        : { dueOn: state.responseDue.dueOn, basis: 'explicit' },
    dueOn,
    clocks: {
      ...rest,
      lateObjections: rest.lateObjections.map((late) => ({ ...late, grounds: [...late.grounds], reasons: [...late.reasons] })),
      openClarifications: [...rest.openClarifications],
    },
    items: state.items.map((item, index) => ({
      ...itemClocks[index]!,
      productions: item.productions.filter((p) => by(p.producedOn)).map((p) => ({ ...p, documents: p.documents.map((d) => ({ ...d })) })),
      objections: item.objections.filter((o) => by(o.objectedOn)).map((o) => ({ ...o, grounds: [...o.grounds] })),
      explanations: item.explanations.filter((e) => by(e.explainedOn)).map((e) => ({ ...e })),
    })),
    acknowledgments: state.acknowledgments.filter(by),
    clarifications: state.clarifications
      .filter((c) => by(c.requestedOn))
      .map((c) => ({ ...c, itemNumbers: [...c.itemNumbers], answers: c.answers.filter((a) => by(a.answeredOn)).map((a) => ({ ...a })) })),
    extensions: state.extensions.filter((e) => by(e.extendedOn)).map((e) => ({ ...e })),
    meetings: state.meetings.flatMap((m) =>
      m.status === 'held' && by(m.heldOn)
        ? [{ meetingId: m.meetingId, heldOn: m.heldOn, attendees: { employer: [...m.attendees.employer], union: [...m.attendees.union] }, itemNumbers: [...m.itemNumbers], discussed: m.discussed, outcome: m.outcome }]
        : [],
    ),
    cancelledMeetings: state.meetings.flatMap((m) =>
      m.status === 'cancelled' && by(m.cancelledOn)
        ? [{ meetingId: m.meetingId, scheduledFor: m.scheduledFor, cancelledBy: m.cancelledBy, reason: m.reason, cancelledOn: m.cancelledOn }]
        : [],
    ),
    withdrawal: withdrawal && { ...withdrawal },
    closure: closure && { ...closure },
  };
}

// ---- the list ----

/** A register entry as the list shows it: the request's summary, who asked, and what it concerns. */
export function informationRequestListEntry(entry: RegisterEntry): InformationRequestListEntryView {
  return {
    ...summaryFrom(entry),
    from: { organization: entry.from.organization, person: entry.from.person },
    negotiationId: entry.negotiationId,
    grievanceReference: entry.grievanceReference,
  };
}

// ---- the unit's response policy ----

export function policyView(unitId: string, state: InformationRequestPolicyState, events: readonly RecordedEvent[], asOf: IsoDate): InformationRequestPolicyView {
  const inEffect: PolicyInEffect = policyInEffectOn(state, asOf);
  return {
    unitId,
    asOf,
    inEffect: { ...inEffect.policy, holidays: [...inEffect.calendar.holidays], effectiveOn: inEffect.effectiveOn, basis: inEffect.basis },
    history: events
      .filter((event) => event.type === 'InformationRequestPolicySet')
      .map((event) => {
        const data = event.data as { policy: { kind: 'calendar-days' | 'business-days'; days: number }; holidays: string[]; effectiveOn: string };
        return {
          kind: data.policy.kind,
          days: data.policy.days,
          holidays: [...data.holidays],
          effectiveOn: data.effectiveOn,
          revision: event.revision,
          recordedAt: event.recordedAt,
          recordedBy: { subject: event.actor.subject, role: event.actor.role },
        };
      }),
  };
}
