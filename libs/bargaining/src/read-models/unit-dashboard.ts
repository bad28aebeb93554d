import { type Actor, businessInstant, calendarDay } from '#kernel';
import type { AgreementTerm, IsoDate, Statute } from '../domain/common.js';
import type { NegotiationKind } from '../domain/negotiation/events.js';
import type { InstrumentRecord, NegotiationState } from '../domain/negotiation/state.js';
import { type InstrumentLine, type NegotiationStage, tableEndedOn, tableSummary } from '../domain/negotiation/summary.js';
import { type LastActivity, type NegotiationSummary, laterActivity } from './negotiation-summary.js';
import type { UnitDirectoryDoc } from './unit-directory.js';

/*
 * The unit dashboard: what the negotiation summaries the reader may see say of a unit. The service
 * reads it from each summary's dashboard lines (one per clearance level, projected beside the
 * summary) with SQL that counts, sums and orders them, a page of active negotiations at a time;
 * `unitDashboard` below says the same from whole summaries. Overdue information requests belong to
 * the information-request register: it plugs in through UNIT_OVERDUE_REQUESTS; without it the
 * dashboard says `null` (unknown), never 0.
 */

/** Provided by the information-request register when it is wired in (optional). */
export const UNIT_OVERDUE_REQUESTS = Symbol.for('lrr.UnitOverdueRequests');

export interface UnitOverdueRequests {
  /** Per unit, the information requests overdue as of the day that `actor` may see (absent units: none). */
  overdueByUnit(unitIds: readonly string[], asOf: IsoDate, actor: Actor): Promise<ReadonlyMap<string, number>>;
}

export interface ActiveNegotiationLine {
  readonly negotiationId: string;
  readonly kind: NegotiationKind;
  readonly stage: NegotiationStage;
  readonly openedOn: IsoDate;
  readonly daysAtTable: number;
  readonly openArticles: number;
  readonly tentativeAgreementsAwaitingSignature: number;
  readonly lastActivity: LastActivity | null;
}

/** A side letter or MOU of one of the unit's negotiations. */
export interface UnitInstrumentLine extends InstrumentLine {
  readonly negotiationId: string;
}

export interface UnitDashboard {
  readonly unitId: string;
  readonly name: string;
  readonly employer: string | null;
  readonly employeeOrganization: string | null;
  readonly statute: Statute | null;
  readonly currentAgreementTerm: AgreementTerm | null;
  readonly asOf: IsoDate;
  /** Open negotiations, longest at the table first. */
  readonly activeNegotiations: readonly ActiveNegotiationLine[];
  readonly concludedNegotiations: number;
  /** The latest fact the reader may see in any of the unit's negotiations, by business time, with its recording time. */
  readonly lastActivity: LastActivity | null;
  /** Tentative agreements initialed by one side and awaiting the other's, across the open negotiations. */
  readonly tentativeAgreementsPending: number;
  /** The longest an open negotiation has been at the table as of asOf; null with none open. */
  readonly daysAtTable: number | null;
  /** Null when no information-request register is wired in. */
  readonly overdueInformationRequests: number | null;
  /** Side letters and MOUs of all the unit's negotiations (open or concluded), soonest expiry first, open-ended last. */
  readonly sideLettersAndMemoranda: readonly UnitInstrumentLine[];
  /** How many of them expire within 90 days of asOf. */
  readonly expiringWithin90Days: number;
  /**
   * More active negotiations follow: GET /units/{unitId}/dashboard with this cursor (and the same
   * asOf) answers the next page of them. Null when activeNegotiations holds the rest.
   */
  readonly nextCursor: string | null;
}

/**
 * What the dashboard reads of one negotiation as one clearance level sees it, without the day
 * asked about: projected beside its summary. Days are kept as day numbers (days since 1970-01-01)
 * and instants as milliseconds, so SQL computes days at the table and orders activity as the
 * functions here do.
 */
export interface DashboardLine {
  readonly negotiationId: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly statute: Statute;
  readonly kind: NegotiationKind;
  readonly status: 'open' | 'concluded';
  readonly stage: NegotiationStage;
  readonly openedOn: IsoDate;
  readonly openedDay: number | null;
  /** The day the table ended (settlement or conclusion), null while at it. */
  readonly endedDay: number | null;
  readonly openArticles: number;
  readonly tentativeAgreementsAwaitingSignature: number;
  readonly lastActivity: LastActivity | null;
  /** The last activity's business instant and recording time, in ms (what laterActivity compares). */
  readonly activityAt: number | null;
  readonly activityRecordedAt: number | null;
  readonly instruments: readonly InstrumentRecord[];
}

/** Days since 1970-01-01 of a calendar day (null for one that is not a day). */
export function dayNumber(day: string): number | null {
  const ms = Date.parse(`${calendarDay(day)}T00:00:00Z`);
  return Number.isFinite(ms) ? Math.round(ms / 86_400_000) : null;
}

/** A view's dashboard line; null for a view in which no negotiation was opened. */
export function dashboardLine(state: NegotiationState, lastActivity: LastActivity | null): DashboardLine | null {
  if (state.status === 'not-opened') return null;
  const table = tableSummary(state);
  const ended = tableEndedOn(state);
  return {
    negotiationId: state.negotiationId,
    unitId: state.unitId,
    unitName: state.unitName,
    statute: state.statute,
    kind: state.kind,
    status: state.status,
    stage: table.stage,
    openedOn: state.openedOn,
    openedDay: dayNumber(state.openedOn),
    endedDay: ended === null ? null : dayNumber(ended),
    openArticles: table.openArticles.length,
    tentativeAgreementsAwaitingSignature: table.tentativeAgreements.awaitingSignature.length,
    lastActivity,
    activityAt: lastActivity === null ? null : Date.parse(businessInstant(lastActivity.occurredAt)),
    activityRecordedAt: lastActivity === null ? null : Date.parse(lastActivity.recordedAt),
    instruments: state.instruments,
  };
}

/** Open negotiations: longest at the table first, then by negotiation id (code-unit order, as SQL's "C" collation orders). */
export const byDaysAtTable = (a: ActiveNegotiationLine, b: ActiveNegotiationLine): number =>
  b.daysAtTable - a.daysAtTable || (a.negotiationId < b.negotiationId ? -1 : a.negotiationId > b.negotiationId ? 1 : 0);

/** Side letters and MOUs: soonest expiry first, open-ended last, then by execution day. */
export const byExpiry = (a: UnitInstrumentLine, b: UnitInstrumentLine): number =>
  (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') || a.executedOn.localeCompare(b.executedOn);

/** Pure. `unit` may be null for a unit known only from its negotiations (registered elsewhere). */
export function unitDashboard(
  unitId: string,
  unit: UnitDirectoryDoc | null,
  summaries: readonly NegotiationSummary[],
  overdue: number | null,
  asOf: IsoDate,
): UnitDashboard {
  const mine = summaries.filter((s) => s.unitId === unitId);
  const active = mine
    .filter((s) => s.status === 'open')
    .map(
      (s): ActiveNegotiationLine => ({
        negotiationId: s.negotiationId,
        kind: s.kind,
        stage: s.stage,
        openedOn: s.openedOn,
        daysAtTable: s.daysAtTable,
        openArticles: s.openArticles.length,
        tentativeAgreementsAwaitingSignature: s.tentativeAgreements.awaitingSignature.length,
        lastActivity: s.lastActivity,
      }),
    )
    .sort(byDaysAtTable);
  const instruments = mine.flatMap((s) => s.sideLettersAndMemoranda.map((line): UnitInstrumentLine => ({ negotiationId: s.negotiationId, ...line }))).sort(byExpiry);
  return {
    unitId,
    name: unit?.name ?? mine[0]?.unitName ?? unitId,
    employer: unit?.employer ?? null,
    employeeOrganization: unit?.employeeOrganization ?? null,
    statute: unit?.statute ?? mine[0]?.statute ?? null,
    currentAgreementTerm: unit?.currentAgreementTerm ?? null,
    asOf,
    activeNegotiations: active,
    concludedNegotiations: mine.filter((s) => s.status === 'concluded').length,
    lastActivity: mine.reduce<LastActivity | null>((last, s) => laterActivity(last, s.lastActivity), null),
    tentativeAgreementsPending: active.reduce((n, line) => n + line.tentativeAgreementsAwaitingSignature, 0),
    daysAtTable: active.length === 0 ? null : Math.max(...active.map((line) => line.daysAtTable)),
    overdueInformationRequests: overdue,
    sideLettersAndMemoranda: instruments,
    expiringWithin90Days: instruments.filter((line) => line.expiresWithin90Days).length,
    nextCursor: null,
  };
}
