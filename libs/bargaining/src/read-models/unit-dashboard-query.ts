import type { Classification } from '#kernel';
import { originalJson, originalText, storableText, viewName } from '#read-store';
import type { SqlQueryable } from '#sql';
import type { IsoDate } from '../domain/common.js';
import { instrumentLine } from '../domain/negotiation/summary.js';
import { negotiationSummaryProjection } from './negotiation-summary.js';
import { type ActiveNegotiationLine, type DashboardLine, type UnitInstrumentLine, byExpiry, dayNumber } from './unit-dashboard.js';

/*
 * The unit dashboards in SQL, over the dashboard lines projected beside each negotiation summary
 * (its `dashboard` column: one line per clearance level). Counts, sums, the longest at the table
 * and the last activity are aggregated by the database; active negotiations come a page at a time,
 * ordered by days at the table as of the day asked about, then by negotiation id. A page reads the
 * lines of the units asked about, never their summaries.
 */

const VIEW = viewName(negotiationSummaryProjection);

/** What a unit's dashboard says beyond the unit's registration, as one clearance level reads it. */
export interface UnitDashboardFigures {
  /** The first of the unit's negotiations by key: its unit name and statute stand in for an unregistered unit's. */
  readonly first: DashboardLine | null;
  readonly negotiations: number;
  readonly concluded: number;
  readonly tentativeAgreementsPending: number;
  readonly daysAtTable: number | null;
  readonly lastActivity: DashboardLine['lastActivity'];
  readonly instruments: readonly UnitInstrumentLine[];
  /** A page of the open negotiations, and whether more follow. */
  readonly active: readonly ActiveNegotiationLine[];
  readonly more: boolean;
}

/** The last line of a page: the next page starts after it. */
export interface ActiveAfter {
  readonly daysAtTable: number;
  readonly negotiationId: string;
}

const parse = (value: unknown): unknown => originalJson(typeof value === 'string' ? JSON.parse(value) : value);

// The line a level reads, taken out of the column once per row (OFFSET 0 keeps the planner from
// inlining it into every place it is used, each of which would read the whole column again).
const LINES = `SELECT unit_id, key, dashboard -> $2::text AS l FROM ${VIEW} WHERE unit_id = ANY ($1::text[]) OFFSET 0`;
// The negotiation's own unit, as that level sees it.
const OWN = `jsonb_typeof(l) = 'object' AND l ->> 'unitId' = unit_id`;
// Days at the table as of day $3: to the day the table ended when that came first, never below zero.
const DAYS = `greatest(0, least(coalesce((l ->> 'endedDay')::int, $3::int), $3::int) - (l ->> 'openedDay')::int)`;

/**
 * Each unit's figures as `level` reads them as of `asOf`, with up to `limit` open negotiations after
 * `after` (per unit). Units with no line the level reads are absent.
 */
export async function unitDashboardFigures(
  sql: SqlQueryable,
  unitIds: readonly string[],
  level: Classification,
  asOf: IsoDate,
  limit: number,
  after: ReadonlyMap<string, ActiveAfter> = new Map(),
): Promise<Map<string, UnitDashboardFigures>> {
  const out = new Map<string, UnitDashboardFigures>();
  if (unitIds.length === 0) return out;
  const day = dayNumber(asOf);
  const units = unitIds.map(storableText);
  const params = [units, level, day];
  const afterUnits = [...after.keys()].map(storableText);
  const afterDays = [...after.values()].map((a) => a.daysAtTable);
  const afterIds = [...after.values()].map((a) => storableText(a.negotiationId));
  try {
    const [figures, active, instruments] = await Promise.all([
      sql.query<{ unit_id: string; first: unknown; negotiations: number; concluded: number; tas: number; days: number | null; last: unknown }>(
        `SELECT unit_id,
                (array_agg(l ORDER BY key))[1] AS first,
                count(*)::int AS negotiations,
                count(*) FILTER (WHERE l ->> 'status' = 'concluded')::int AS concluded,
                coalesce(sum((l ->> 'tentativeAgreementsAwaitingSignature')::int) FILTER (WHERE l ->> 'status' = 'open'), 0)::int AS tas,
                max(${DAYS}) FILTER (WHERE l ->> 'status' = 'open') AS days,
                (array_agg(l -> 'lastActivity' ORDER BY (l ->> 'activityAt')::float8 DESC, (l ->> 'activityRecordedAt')::float8 DESC, key DESC)
                   FILTER (WHERE jsonb_typeof(l -> 'lastActivity') = 'object'))[1] AS last
           FROM (${LINES}) lines WHERE ${OWN} GROUP BY unit_id`,
        params,
      ),
      sql.query<{ unit_id: string; l: unknown; days: number }>(
        `SELECT unit_id, l, days FROM (
           SELECT unit_id, key, l, days, row_number() OVER (PARTITION BY unit_id ORDER BY days DESC, key COLLATE "C") AS n
             FROM (SELECT lines.*, ${DAYS} AS days FROM (${LINES}) lines WHERE ${OWN} AND l ->> 'status' = 'open') open
             LEFT JOIN unnest($5::text[], $6::int[], $7::text[]) AS a(after_unit, after_days, after_id) ON a.after_unit = open.unit_id
            WHERE a.after_unit IS NULL OR open.days < a.after_days OR (open.days = a.after_days AND open.key COLLATE "C" > a.after_id COLLATE "C")
         ) page WHERE n <= $4 + 1 ORDER BY unit_id, days DESC, key COLLATE "C"`,
        [...params, limit, afterUnits, afterDays, afterIds],
      ),
      sql.query<{ unit_id: string; key: string; instruments: unknown }>(
        `SELECT unit_id, key, l -> 'instruments' AS instruments FROM (${LINES}) lines
          WHERE ${OWN} AND jsonb_array_length(l -> 'instruments') > 0 ORDER BY unit_id, key`,
        [units, level],
      ),
    ]);
    const pages = new Map<string, ActiveNegotiationLine[]>();
    for (const row of active.rows) {
      const unitId = originalText(row.unit_id);
      const line = parse(row.l) as DashboardLine;
      const page = pages.get(unitId) ?? [];
      page.push({
        negotiationId: line.negotiationId,
        kind: line.kind,
        stage: line.stage,
        openedOn: line.openedOn,
        daysAtTable: Number(row.days),
        openArticles: line.openArticles,
        tentativeAgreementsAwaitingSignature: line.tentativeAgreementsAwaitingSignature,
        lastActivity: line.lastActivity,
      });
      pages.set(unitId, page);
    }
    const letters = new Map<string, UnitInstrumentLine[]>();
    for (const row of instruments.rows) {
      const unitId = originalText(row.unit_id);
      const list = letters.get(unitId) ?? [];
      for (const instrument of parse(row.instruments) as DashboardLine['instruments']) list.push({ negotiationId: originalText(row.key), ...instrumentLine(instrument, asOf) });
      letters.set(unitId, list);
    }
    for (const row of figures.rows) {
      const unitId = originalText(row.unit_id);
      const page = pages.get(unitId) ?? [];
      out.set(unitId, {
        first: row.first === null ? null : (parse(row.first) as DashboardLine),
        negotiations: row.negotiations,
        concluded: row.concluded,
        tentativeAgreementsPending: row.tas,
        daysAtTable: row.days === null ? null : Number(row.days),
        lastActivity: row.last === null ? null : (parse(row.last) as DashboardLine['lastActivity']),
        instruments: (letters.get(unitId) ?? []).sort(byExpiry),
        active: page.slice(0, limit),
        more: page.length > limit,
      });
    }
    return out;
  } catch (error) {
    // Until the projection's first build is caught up its view does not exist: nothing to read yet.
    if ((error as { code?: string }).code === '42P01') return out;
    throw error;
  }
}
