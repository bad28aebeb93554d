import { Inject, Injectable } from '@nestjs/common';
import { canRead } from '#auth';
import { SQL_CLIENT } from '#platform';
import type { Actor } from '#kernel';
import { viewName } from '#read-store';
import type { SqlClient } from '#sql';
import type { BusinessCalendar, IsoDate } from '../domain/due-dates.js';
import { InformationRequestErrorCode, missing } from '../domain/errors.js';
import { isInformationRequestId } from '../domain/ids.js';
import { UNIT_BUSINESS_CALENDARS, type UnitBusinessCalendars } from './business-calendars.js';
import { INFORMATION_REQUEST_REGISTER, type InformationRequestRegisterDoc } from './register.projection.js';
import {
  type RegisterCriteria,
  type RegisterCursor,
  type RegisterEntry,
  decodeRegisterCursor,
  encodeRegisterCursor,
  overdueCountsByUnit,
  registerEntry,
  registerMatch,
} from './register-views.js';
import type { UnitOverdueRequests } from './unit-overdue-requests.js';

export interface RegisterPageQuery extends RegisterCriteria {
  readonly limit: number;
  readonly cursor?: string;
}

export interface RegisterPage {
  readonly asOf: IsoDate;
  readonly items: readonly RegisterEntry[];
  readonly nextCursor: string | null;
}

const SCAN_BATCH = 200;
const VIEW = viewName(INFORMATION_REQUEST_REGISTER);

const parseDoc = (doc: unknown) => (typeof doc === 'string' ? JSON.parse(doc) : doc) as InformationRequestRegisterDoc;

/** The view appears once the projection's first build has caught up; until then the register is empty. */
const noViewYet = (error: unknown) => (error as { code?: string }).code === '42P01';

export const registerEntryNotFound = (requestId: string) =>
  missing(InformationRequestErrorCode.INFORMATION_REQUEST_NOT_FOUND, `no information request ${requestId} is on the register`);

/**
 * Reads the register from its projection (read store) and computes the clocks as of the day asked
 * about. Statuses, overdue and clocks depend on that day, so filtering on them happens here, over a
 * keyset scan in the register's order (receivedOn, requestId) narrowed by unit and receipt date.
 */
@Injectable()
export class InformationRequestRegisterQuery implements UnitOverdueRequests {
  constructor(
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(UNIT_BUSINESS_CALENDARS) private readonly calendars: UnitBusinessCalendars,
  ) {}

  async entry(requestId: string, asOf: IsoDate, actor: Actor): Promise<RegisterEntry> {
    if (!isInformationRequestId(requestId)) throw registerEntryNotFound(requestId);
    const rows = await this.select(`key = $1`, [requestId]);
    const doc = rows[0];
    if (!doc || !canRead(actor.role, doc.classification)) throw registerEntryNotFound(requestId);
    const entry = registerEntry(doc, asOf, await this.calendars.calendarOn(doc.unitId, asOf));
    if (entry === null) throw registerEntryNotFound(requestId);
    return entry;
  }

  async page(query: RegisterPageQuery, asOf: IsoDate, actor: Actor): Promise<RegisterPage> {
    const calendarOf = this.calendarMemo(asOf);
    const receivedBy = query.overdueAsOf !== undefined && query.overdueAsOf < asOf ? query.overdueAsOf : asOf;
    // A status never goes back: closed by asOf means closed now; withdrawn by asOf, withdrawn or closed now.
    const currentStatuses = query.status === 'closed' ? ['closed'] : query.status === 'withdrawn' ? ['withdrawn', 'closed'] : null;
    const items: RegisterEntry[] = [];
    let after: RegisterCursor | null = query.cursor === undefined ? null : decodeRegisterCursor(query.cursor);
    for (;;) {
      const params: unknown[] = [receivedBy, query.unitId ?? null, after?.receivedOn ?? null, after?.requestId ?? null, currentStatuses, SCAN_BATCH];
      const docs = await this.select(
        `received_on <= $1::date
           AND ($2::text IS NULL OR unit_id = $2::text)
           AND ($3::date IS NULL OR (received_on, key) > ($3::date, $4::text))
           AND ($5::text[] IS NULL OR status = ANY ($5::text[]))
         ORDER BY received_on, key LIMIT $6`,
        params,
      );
      for (const doc of docs) {
        if (!canRead(actor.role, doc.classification)) continue;
        const entry = registerMatch(doc, asOf, query, await calendarOf(doc.unitId));
        if (entry === null) continue;
        if (items.length === query.limit) {
          const last = items.at(-1)!;
          return { asOf, items, nextCursor: encodeRegisterCursor({ receivedOn: last.receivedOn, requestId: last.requestId }) };
        }
        items.push(entry);
      }
      if (docs.length < SCAN_BATCH) return { asOf, items, nextCursor: null };
      const last = docs.at(-1)!;
      after = { receivedOn: last.state.receivedOn, requestId: last.requestId };
    }
  }

  /**
   * Overdue requests per unit on asOf. Two call shapes: `(asOf)` counts every unit with requests
   * (UnitOverdueRequests); `(unitIds, asOf, actor)` counts only those units and what the actor may
   * read, answering a Map (the shape the bargaining unit dashboard calls).
   */
  overdueByUnit(asOf: IsoDate): Promise<Record<string, number>>;
  overdueByUnit(unitIds: readonly string[], asOf: IsoDate, actor: Actor): Promise<ReadonlyMap<string, number>>;
  async overdueByUnit(unitsOrAsOf: IsoDate | readonly string[], asOf?: IsoDate, actor?: Actor): Promise<Record<string, number> | ReadonlyMap<string, number>> {
    if (typeof unitsOrAsOf === 'string') return overdueCountsByUnit(await this.select(`received_on <= $1::date`, [unitsOrAsOf]), unitsOrAsOf);
    if (unitsOrAsOf.length === 0 || asOf === undefined) return new Map();
    const docs = await this.select(`received_on <= $1::date AND unit_id = ANY ($2::text[])`, [asOf, [...unitsOrAsOf]]);
    const visible = actor === undefined ? docs : docs.filter((doc) => canRead(actor.role, doc.classification));
    return new Map(Object.entries(overdueCountsByUnit(visible, asOf)));
  }

  private calendarMemo(asOf: IsoDate): (unitId: string) => Promise<BusinessCalendar> {
    const known = new Map<string, Promise<BusinessCalendar>>();
    return (unitId) => {
      let calendar = known.get(unitId);
      if (!calendar) known.set(unitId, (calendar = this.calendars.calendarOn(unitId, asOf)));
      return calendar;
    };
  }

  private async select(where: string, params: readonly unknown[]): Promise<InformationRequestRegisterDoc[]> {
    try {
      const { rows } = await this.sql.query<{ doc: unknown }>(`SELECT doc FROM ${VIEW} WHERE ${where}`, params);
      return rows.map((row) => parseDoc(row.doc));
    } catch (error) {
      if (noViewYet(error)) return [];
      throw error;
    }
  }
}
