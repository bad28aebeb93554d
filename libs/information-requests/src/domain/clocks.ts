import { daysBetween } from '#kernel';
import { type BusinessCalendar, type IsoDate, WEEKENDS_ONLY, assertBusinessCalendar, assertIsoDate, businessDaysBetween } from './due-dates.js';
import type { ClosingDisposition, ObjectionGround } from './events.js';
import { type LateObjectionReason, earliestDay, itemResolvedOn, lateObjectionReasons, respondedInFullOn } from './rules.js';
import { type InformationRequest, type RequestItem, type RequestRecord, dueOnAsOf, requestRecord } from './state.js';

export const ITEM_STATUSES = ['open', 'produced-partial', 'produced-complete', 'objected', 'explained', 'withdrawn'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemClock {
  readonly number: number;
  readonly description: string;
  /**
   * produced-complete, else objected (an objection answers the item, even beside a partial
   * production), else explained (does not exist, already produced, or another explanation: an
   * answer too), else withdrawn (the request was withdrawn while the item was still owed), else
   * produced-partial, else open.
   */
  readonly status: ItemStatus;
  readonly firstProductionOn: IsoDate | null;
  readonly firstObjectionOn: IsoDate | null;
  readonly firstExplanationOn: IsoDate | null;
  /** First production, objection or explanation. */
  readonly firstResponseOn: IsoDate | null;
  /** First complete production, objection or explanation: the day the item stopped being owed. */
  readonly answeredOn: IsoDate | null;
  /** Calendar days from receipt until answered, withdrawn or closed, or until asOf. */
  readonly daysOutstanding: number;
  /** Still owed on asOf (open or partially produced), on an open request, past the due date. */
  readonly overdue: boolean;
  readonly daysOverdue: number;
  /** The first response came after the due date in effect on its day. */
  readonly firstResponseLate: boolean;
  /** A clarification about this item (or the whole request) asked and not yet answered. */
  readonly awaitingClarification: boolean;
}

export interface LateObjection {
  readonly itemNumber: number;
  readonly objectedOn: IsoDate;
  readonly grounds: readonly ObjectionGround[];
  readonly reasons: readonly LateObjectionReason[];
  /** The due date in effect on the day of the objection. */
  readonly dueOnThen: IsoDate;
}

export interface InformationRequestClocks {
  readonly requestId: string;
  readonly unitId: string;
  readonly asOf: IsoDate;
  readonly status: 'open' | 'withdrawn' | 'closed';
  readonly disposition: ClosingDisposition | null;
  readonly receivedOn: IsoDate;
  readonly originalDueOn: IsoDate;
  readonly dueBasis: 'policy' | 'explicit';
  /** After the extensions dated on or before asOf. */
  readonly dueOn: IsoDate;
  readonly extensionsGranted: number;
  /** The day the last item was answered, if all were by asOf. */
  readonly respondedInFullOn: IsoDate | null;
  /** Where the request's clock stopped: answered in full, withdrawn or closed, whichever came first. */
  readonly clockStoppedOn: IsoDate | null;
  /** Calendar days from receipt to the clock's stop or asOf. */
  readonly daysOutstanding: number;
  readonly businessDaysOutstanding: number;
  readonly overdue: boolean;
  readonly daysOverdue: number;
  readonly acknowledgedOn: IsoDate | null;
  /** Any response: acknowledgment, clarification request, production, objection or explanation. */
  readonly firstResponseOn: IsoDate | null;
  /** A production, an objection or an explanation: an acknowledgment is a response, not a substantive one. */
  readonly firstSubstantiveResponseOn: IsoDate | null;
  /** Calendar days from receipt; null while there is none. */
  readonly timeToAcknowledgment: number | null;
  readonly timeToFirstResponse: number | null;
  readonly timeToFirstSubstantiveResponse: number | null;
  /** Past due on an open request with no response of any kind. */
  readonly noResponsePastDue: boolean;
  /** Past due on an open request with nothing produced, objected to or explained. */
  readonly noSubstantiveResponsePastDue: boolean;
  readonly lateObjections: readonly LateObjection[];
  /** Numbers of clarifications asked and not answered by asOf. */
  readonly openClarifications: readonly number[];
  readonly items: readonly ItemClock[];
}

const onOrBefore = (asOf: IsoDate) => (day: IsoDate) => day <= asOf;

/** The record as it stood in business time on asOf: only facts dated on or before it. */
function recordAsOf(record: RequestRecord, asOf: IsoDate): RequestRecord {
  const by = onOrBefore(asOf);
  return {
    ...record,
    items: record.items.map((item) => ({
      ...item,
      productions: item.productions.filter((p) => by(p.producedOn)),
      objections: item.objections.filter((o) => by(o.objectedOn)),
      explanations: item.explanations.filter((e) => by(e.explainedOn)),
    })),
    acknowledgments: record.acknowledgments.filter(by),
    clarifications: record.clarifications
      .filter((c) => by(c.requestedOn))
      .map((c) => ({ ...c, answers: c.answers.filter((a) => by(a.answeredOn)) })),
    extensions: record.extensions.filter((e) => by(e.extendedOn)),
  };
}

function itemStatus(item: RequestItem, withdrawnBy: boolean): ItemStatus {
  if (item.productions.some((p) => p.completeness === 'complete')) return 'produced-complete';
  if (item.objections.length > 0) return 'objected';
  if (item.explanations.length > 0) return 'explained';
  if (withdrawnBy) return 'withdrawn';
  return item.productions.length > 0 ? 'produced-partial' : 'open';
}

/**
 * The clocks and flags of one request as of a day, computed from the facts dated on or before it
 * (the record "as it happened"). Null when the request had not been received by then.
 * Days are calendar days, the measure PERB uses for delay; businessDaysOutstanding is given beside.
 */
export function informationRequestClocks(
  state: InformationRequest,
  asOf: IsoDate,
  calendar: BusinessCalendar = WEEKENDS_ONLY,
): InformationRequestClocks | null {
  assertIsoDate(asOf, 'asOf');
  assertBusinessCalendar(calendar);
  if (state.status === 'not-received' || state.receivedOn > asOf) return null;

  const record = recordAsOf(requestRecord(state), asOf);
  const withdrawnOn = state.status !== 'open' && state.withdrawal && state.withdrawal.withdrawnOn <= asOf ? state.withdrawal.withdrawnOn : null;
  const closure = state.status === 'closed' && state.closure.closedOn <= asOf ? state.closure : null;
  const status = closure ? 'closed' : withdrawnOn ? 'withdrawn' : 'open';
  const dueOn = dueOnAsOf(record, asOf);
  const inFull = respondedInFullOn(record, asOf);
  const clockStoppedOn = earliestDay([inFull, withdrawnOn, closure?.closedOn ?? null].filter((d): d is IsoDate => d !== null));
  const clockEnd = clockStoppedOn ?? asOf;
  const pastDue = status === 'open' && asOf > dueOn;

  const items: ItemClock[] = record.items.map((item) => {
    const firstProductionOn = earliestDay(item.productions.map((p) => p.producedOn));
    const firstObjectionOn = earliestDay(item.objections.map((o) => o.objectedOn));
    const firstExplanationOn = earliestDay(item.explanations.map((e) => e.explainedOn));
    const firstResponseOn = earliestDay([firstProductionOn, firstObjectionOn, firstExplanationOn].filter((d): d is IsoDate => d !== null));
    const answeredOn = itemResolvedOn(item, asOf);
    const itemStatusNow = itemStatus(item, withdrawnOn !== null);
    const owed = itemStatusNow === 'open' || itemStatusNow === 'produced-partial';
    const overdue = owed && pastDue;
    const stop = earliestDay([answeredOn, withdrawnOn, closure?.closedOn ?? null].filter((d): d is IsoDate => d !== null)) ?? asOf;
    return {
      number: item.number,
      description: item.description,
      status: itemStatusNow,
      firstProductionOn,
      firstObjectionOn,
      firstExplanationOn,
      firstResponseOn,
      answeredOn,
      daysOutstanding: daysBetween(record.receivedOn, stop),
      overdue,
      daysOverdue: overdue ? daysBetween(dueOn, asOf) : 0,
      firstResponseLate: firstResponseOn !== null && firstResponseOn > dueOnAsOf(record, firstResponseOn),
      awaitingClarification: record.clarifications.some(
        (c) => c.answers.length === 0 && (c.itemNumbers.length === 0 || c.itemNumbers.includes(item.number)),
      ),
    };
  });

  const acknowledgedOn = earliestDay(record.acknowledgments);
  const firstSubstantiveResponseOn = earliestDay(items.flatMap((i) => (i.firstResponseOn ? [i.firstResponseOn] : [])));
  const firstResponseOn = earliestDay(
    [acknowledgedOn, earliestDay(record.clarifications.map((c) => c.requestedOn)), firstSubstantiveResponseOn].filter((d): d is IsoDate => d !== null),
  );
  const since = (day: IsoDate | null) => (day === null ? null : daysBetween(record.receivedOn, day));
  const overdue = pastDue && inFull === null;

  const lateObjections: LateObjection[] = record.items.flatMap((item) =>
    item.objections.flatMap((objection) => {
      const reasons = lateObjectionReasons(record, item.number, objection.objectedOn);
      return reasons.length === 0
        ? []
        : [{ itemNumber: item.number, objectedOn: objection.objectedOn, grounds: objection.grounds, reasons, dueOnThen: dueOnAsOf(record, objection.objectedOn) }];
    }),
  );
  lateObjections.sort((a, b) => (a.objectedOn < b.objectedOn ? -1 : a.objectedOn > b.objectedOn ? 1 : a.itemNumber - b.itemNumber));

  return {
    requestId: record.requestId,
    unitId: record.unitId,
    asOf,
    status,
    disposition: closure?.disposition ?? null,
    receivedOn: record.receivedOn,
    originalDueOn: record.responseDue.dueOn,
    dueBasis: record.responseDue.basis,
    dueOn,
    extensionsGranted: record.extensions.length,
    respondedInFullOn: inFull,
    clockStoppedOn,
    daysOutstanding: daysBetween(record.receivedOn, clockEnd),
    businessDaysOutstanding: businessDaysBetween(record.receivedOn, clockEnd, calendar),
    overdue,
    daysOverdue: overdue ? daysBetween(dueOn, asOf) : 0,
    acknowledgedOn,
    firstResponseOn,
    firstSubstantiveResponseOn,
    timeToAcknowledgment: since(acknowledgedOn),
    timeToFirstResponse: since(firstResponseOn),
    timeToFirstSubstantiveResponse: since(firstSubstantiveResponseOn),
    noResponsePastDue: overdue && firstResponseOn === null,
    noSubstantiveResponsePastDue: overdue && firstSubstantiveResponseOn === null,
    lateObjections,
    openClarifications: record.clarifications.filter((c) => c.answers.length === 0).map((c) => c.number),
    items,
  };
}

/** Whether the request was overdue on asOf: still owed, on an open request, past the due date in effect. */
export function informationRequestOverdue(state: InformationRequest, asOf: IsoDate, calendar: BusinessCalendar = WEEKENDS_ONLY): boolean {
  return informationRequestClocks(state, asOf, calendar)?.overdue ?? false;
}
