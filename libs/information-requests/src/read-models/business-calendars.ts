import { Inject, Injectable } from '@nestjs/common';
import { SQL_CLIENT } from '#platform';
import { getDocument } from '#read-store';
import type { SqlClient } from '#sql';
import { type BusinessCalendar, type IsoDate, WEEKENDS_ONLY } from '../domain/due-dates.js';
import { policyInEffectOn } from '../application/response-policy/response-policy.js';
import { INFORMATION_REQUEST_POLICIES } from './register.projection.js';

/**
 * The office calendar of a unit on a day: weekends and the holidays of the response policy then in
 * effect. Due dates are recorded in the events; the calendar only counts business days outstanding.
 */
export interface UnitBusinessCalendars {
  calendarOn(unitId: string, day: IsoDate): Promise<BusinessCalendar>;
}

export const UNIT_BUSINESS_CALENDARS = Symbol.for('lrr.UnitBusinessCalendars');

/** Reads the unit's policy (stream `inforequestpolicy-<unitId>`) from its projection; weekends only when none is set. */
@Injectable()
export class ProjectedUnitBusinessCalendars implements UnitBusinessCalendars {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  async calendarOn(unitId: string, day: IsoDate): Promise<BusinessCalendar> {
    const doc = await getDocument(this.sql, INFORMATION_REQUEST_POLICIES, unitId);
    return doc === null ? WEEKENDS_ONLY : policyInEffectOn(doc.state, day).calendar;
  }
}
