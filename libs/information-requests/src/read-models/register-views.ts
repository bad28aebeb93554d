import { daysBetween, describeBusinessTime } from '#kernel';
import { type InformationRequestClocks, type ItemStatus, type LateObjection, informationRequestClocks, informationRequestOverdue } from '../domain/clocks.js';
import { type BusinessCalendar, type IsoDate, isIsoDate } from '../domain/due-dates.js';
import type { InformationRequestRegisterDoc } from './register.projection.js';

/* Pure mappings from register documents to what the register answers, as of a day. No I/O, no clock. */

export const REGISTER_STATUSES = ['open', 'withdrawn', 'closed'] as const;
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];

export interface RegisterItemEntry {
  readonly number: number;
  readonly description: string;
  readonly status: ItemStatus;
  readonly firstResponseOn: IsoDate | null;
  /** Calendar days from receipt to the item's first production, objection or explanation; null while there is none. */
  readonly timeToFirstResponse: number | null;
  readonly firstResponseLate: boolean;
  readonly answeredOn: IsoDate | null;
  readonly daysOutstanding: number;
  readonly overdue: boolean;
  readonly daysOverdue: number;
  readonly awaitingClarification: boolean;
  readonly lateObjections: readonly Omit<LateObjection, 'itemNumber'>[];
}

/** A request's clocks as of a day (InformationRequestClocks), with what the register adds: its links, who asked, and its items' entries. */
export interface RegisterEntry extends Omit<InformationRequestClocks, 'items'> {
  readonly negotiationId: string | null;
  readonly grievanceReference: string | null;
  readonly from: { readonly organization: string; readonly person: string };
  /** The day of receipt in words when the record gives less than a day ("February 2025"); receivedOn is then its earliest possible day, where the clocks count from. */
  readonly receivedAsKnown: string | null;
  readonly items: readonly RegisterItemEntry[];
}

function entryFrom(doc: InformationRequestRegisterDoc, clocks: InformationRequestClocks): RegisterEntry {
  const { state } = doc;
  const { items, lateObjections, openClarifications, requestId: _r, unitId: _u, ...rest } = clocks;
  return {
    requestId: doc.requestId,
    unitId: doc.unitId,
    negotiationId: state.negotiationId,
    grievanceReference: state.grievanceReference,
    from: { organization: state.from.organization, person: state.from.person },
    receivedAsKnown: doc.receivedAsKnown === undefined ? null : describeBusinessTime(doc.receivedAsKnown),
    ...rest,
    lateObjections: lateObjections.map((late) => ({ ...late, grounds: [...late.grounds], reasons: [...late.reasons] })),
    openClarifications: [...openClarifications],
    items: items.map((item) => ({
      number: item.number,
      description: item.description,
      status: item.status,
      firstResponseOn: item.firstResponseOn,
      timeToFirstResponse: item.firstResponseOn === null ? null : daysBetween(state.receivedOn, item.firstResponseOn),
      firstResponseLate: item.firstResponseLate,
      answeredOn: item.answeredOn,
      daysOutstanding: item.daysOutstanding,
      overdue: item.overdue,
      daysOverdue: item.daysOverdue,
      awaitingClarification: item.awaitingClarification,
      lateObjections: lateObjections
        .filter((late) => late.itemNumber === item.number)
        .map(({ itemNumber: _i, ...late }) => ({ ...late, grounds: [...late.grounds], reasons: [...late.reasons] })),
    })),
  };
}

/** One request of the register as of a day, or null when it had not been received by then. */
export function registerEntry(doc: InformationRequestRegisterDoc, asOf: IsoDate, calendar: BusinessCalendar): RegisterEntry | null {
  const clocks = informationRequestClocks(doc.state, asOf, calendar);
  return clocks === null ? null : entryFrom(doc, clocks);
}

export interface RegisterCriteria {
  readonly unitId?: string;
  /** Status as of asOf. */
  readonly status?: RegisterStatus;
  /** Only requests overdue on this day. */
  readonly overdueAsOf?: IsoDate;
}

/** Whether a request belongs on the register page as of asOf under the criteria; its entry if so. */
export function registerMatch(
  doc: InformationRequestRegisterDoc,
  asOf: IsoDate,
  criteria: RegisterCriteria,
  calendar: BusinessCalendar,
): RegisterEntry | null {
  if (criteria.unitId !== undefined && doc.unitId !== criteria.unitId) return null;
  if (criteria.overdueAsOf !== undefined && !informationRequestOverdue(doc.state, criteria.overdueAsOf, calendar)) return null;
  const entry = registerEntry(doc, asOf, calendar);
  if (entry === null) return null;
  if (criteria.status !== undefined && entry.status !== criteria.status) return null;
  return entry;
}

/** Requests overdue on asOf, counted per unit (units with requests received by then but none overdue count 0). */
export function overdueCountsByUnit(docs: Iterable<InformationRequestRegisterDoc>, asOf: IsoDate): Record<string, number> {
  const counts = new Map<string, number>();
  for (const doc of docs) {
    if (doc.state.receivedOn > asOf) continue;
    counts.set(doc.unitId, (counts.get(doc.unitId) ?? 0) + (informationRequestOverdue(doc.state, asOf) ? 1 : 0));
  }
  // fromEntries defines own properties: a unit named "__proto__" stays a unit.
  return Object.fromEntries(counts);
}

// ---- the page cursor: the register is ordered by receivedOn, then requestId ----

export interface RegisterCursor {
  readonly receivedOn: IsoDate;
  readonly requestId: string;
}

export function encodeRegisterCursor(key: RegisterCursor): string {
  return Buffer.from(JSON.stringify(['register', key.receivedOn, key.requestId]), 'utf8').toString('base64url');
}

/** The key a cursor stands for, or null for anything this register did not issue. */
export function decodeRegisterCursor(cursor: string): RegisterCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 3 || value[0] !== 'register') return null;
    const [, receivedOn, requestId] = value as unknown[];
    return isIsoDate(receivedOn) && typeof requestId === 'string' && requestId.length > 0 && requestId.length <= 100 ? { receivedOn, requestId } : null;
  } catch {
    return null;
  }
}
