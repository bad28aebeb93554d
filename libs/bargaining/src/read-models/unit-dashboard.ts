import type { Actor } from '#kernel';
import type { AgreementTerm, IsoDate, Statute } from '../domain/common.js';
import type { NegotiationKind } from '../domain/negotiation/events.js';
import type { InstrumentLine, NegotiationStage } from '../domain/negotiation/summary.js';
import { type LastActivity, type NegotiationSummary, laterActivity } from './negotiation-summary.js';
import type { UnitDirectoryDoc } from './unit-directory.js';

/*
 * The unit dashboard, computed at query time from the negotiation summaries the reader may see.
 * Overdue information requests belong to the information-request register: it plugs in through
 * UNIT_OVERDUE_REQUESTS; without it the dashboard says `null` (unknown), never 0.
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
}

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
    .sort((a, b) => b.daysAtTable - a.daysAtTable || a.negotiationId.localeCompare(b.negotiationId));
  const instruments = mine
    .flatMap((s) => s.sideLettersAndMemoranda.map((line): UnitInstrumentLine => ({ negotiationId: s.negotiationId, ...line })))
    .sort((a, b) => (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') || a.executedOn.localeCompare(b.executedOn));
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
  };
}
