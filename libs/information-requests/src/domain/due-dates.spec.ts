import fc from 'fast-check';
import { DomainError } from '#kernel';
import {
  type BusinessCalendar,
  DEFAULT_RESPONSE_POLICY,
  WEEKENDS_ONLY,
  addCalendarDays,
  businessDaysBetween,
  computeDueDate,
  isBusinessDay,
  isIsoDate,
} from '#information-requests';

const bd = (days: number) => ({ kind: 'business-days', days }) as const;
const cd = (days: number) => ({ kind: 'calendar-days', days }) as const;
const holidays = (...days: string[]): BusinessCalendar => ({ holidays: days });

describe('response due dates', () => {
  it('defaults to 10 business days', () => {
    expect(DEFAULT_RESPONSE_POLICY).toEqual({ kind: 'business-days', days: 10 });
  });

  describe('in business days (the day of receipt is not counted)', () => {
    it.each([
      ['over a weekend', '2025-04-10', 2, WEEKENDS_ONLY, '2025-04-14'],
      ['from a Friday', '2025-04-11', 1, WEEKENDS_ONLY, '2025-04-14'],
      ['two working weeks (Bayview)', '2025-04-10', 10, WEEKENDS_ONLY, '2025-04-24'],
      ['across a month end from a Friday', '2025-01-31', 1, WEEKENDS_ONLY, '2025-02-03'],
      ['across a month end mid-week', '2025-07-31', 3, WEEKENDS_ONLY, '2025-08-05'],
      ['across a leap day', '2028-02-28', 2, WEEKENDS_ONLY, '2028-03-01'],
      ['from a Friday before a Monday holiday', '2025-05-23', 1, holidays('2025-05-26'), '2025-05-27'],
      ['received on a holiday', '2025-05-26', 1, holidays('2025-05-26'), '2025-05-27'],
      ['received on a Saturday, with a holiday on the Friday before the next weekend', '2025-06-28', 5, holidays('2025-07-04'), '2025-07-07'],
      ['received on a Sunday', '2025-04-13', 1, WEEKENDS_ONLY, '2025-04-14'],
      ['across the year end, Christmas and New Year holidays', '2025-12-24', 3, holidays('2025-12-25', '2026-01-01'), '2025-12-30'],
      ['into the new year over New Year\'s Day', '2025-12-24', 5, holidays('2025-12-25', '2026-01-01'), '2026-01-02'],
      ['received on a Saturday before a Thursday-Friday Christmas', '2026-12-19', 5, holidays('2026-12-24', '2026-12-25', '2027-01-01'), '2026-12-29'],
      ['and on into a year whose first day is a Friday holiday', '2026-12-19', 10, holidays('2026-12-24', '2026-12-25', '2027-01-01'), '2027-01-06'],
    ] as const)('%s: %s + %i → %s', (_what, receivedOn, days, calendar, dueOn) => {
      expect(computeDueDate(receivedOn, bd(days), calendar).dueOn).toBe(dueOn);
    });

    it('records which configured holidays moved the due date', () => {
      expect(computeDueDate('2026-12-19', bd(10), holidays('2026-12-24', '2026-12-25', '2027-01-01', '2027-01-18'))).toEqual({
        dueOn: '2027-01-06',
        holidaysApplied: ['2026-12-24', '2026-12-25', '2027-01-01'],
      });
    });

    it('ignores a holiday that falls on a weekend (it moves nothing)', () => {
      expect(computeDueDate('2025-04-10', bd(2), holidays('2025-04-12'))).toEqual({ dueOn: '2025-04-14', holidaysApplied: [] });
    });
  });

  describe('in calendar days (a due date on a weekend or holiday moves to the next business day)', () => {
    it.each([
      ['ending on a weekday', '2025-04-14', 10, WEEKENDS_ONLY, '2025-04-24'],
      ['ending on a Sunday, across a month end', '2025-01-30', 10, WEEKENDS_ONLY, '2025-02-10'],
      ['ending on a Sunday before a Monday holiday', '2025-01-30', 10, holidays('2025-02-10'), '2025-02-11'],
      ['ending on a Friday holiday before a weekend', '2025-06-24', 10, holidays('2025-07-04'), '2025-07-07'],
      ['received on a Saturday', '2025-04-12', 2, WEEKENDS_ONLY, '2025-04-14'],
      ['ending on New Year\'s Day', '2025-12-22', 10, holidays('2025-12-25', '2026-01-01'), '2026-01-02'],
      ['ending on a leap day', '2028-02-19', 10, WEEKENDS_ONLY, '2028-02-29'],
    ] as const)('%s: %s + %i → %s', (_what, receivedOn, days, calendar, dueOn) => {
      expect(computeDueDate(receivedOn, cd(days), calendar).dueOn).toBe(dueOn);
    });

    it('records only the holidays that moved the due date, not those inside the period', () => {
      expect(computeDueDate('2025-06-24', cd(10), holidays('2025-06-27', '2025-07-04'))).toEqual({ dueOn: '2025-07-07', holidaysApplied: ['2025-07-04'] });
    });
  });

  it('counts business days in (from, to]', () => {
    expect(businessDaysBetween('2025-04-10', '2025-04-24', WEEKENDS_ONLY)).toBe(10);
    expect(businessDaysBetween('2025-04-10', '2025-04-10', WEEKENDS_ONLY)).toBe(0);
    expect(businessDaysBetween('2025-04-24', '2025-04-10', WEEKENDS_ONLY)).toBe(0);
    expect(businessDaysBetween('2025-12-24', '2026-01-02', holidays('2025-12-25', '2026-01-01'))).toBe(5);
  });

  it('knows a calendar date', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-4-1')).toBe(false);
    expect(isIsoDate('2025-04-10T00:00:00Z')).toBe(false);
  });

  it.each([
    ['a date that is not one', () => computeDueDate('2025-02-30', bd(1), WEEKENDS_ONLY), 'INVALID_DATE'],
    ['zero days', () => computeDueDate('2025-04-10', bd(0), WEEKENDS_ONLY), 'INVALID_RESPONSE_POLICY'],
    ['a year and more', () => computeDueDate('2025-04-10', cd(400), WEEKENDS_ONLY), 'INVALID_RESPONSE_POLICY'],
    ['a holiday list with a non-date', () => computeDueDate('2025-04-10', bd(1), holidays('2025-13-01')), 'INVALID_BUSINESS_CALENDAR'],
  ])('refuses %s', (_what, run, code) => {
    expect(run).toThrow(DomainError);
    try {
      run();
    } catch (error) {
      expect((error as DomainError).code).toBe(code);
    }
  });

  describe('properties', () => {
    const EPOCH = Date.parse('2020-01-01T00:00:00Z');
    const date = fc.integer({ min: 0, max: 3_650 }).map((offset) => new Date(EPOCH + offset * 86_400_000).toISOString().slice(0, 10));
    const calendar = fc.array(date, { maxLength: 60 }).map((days): BusinessCalendar => ({ holidays: days }));
    const days = fc.integer({ min: 1, max: 60 });

    it('a business-days due date is the Nth business day after receipt', () => {
      fc.assert(
        fc.property(date, days, calendar, (receivedOn, n, cal) => {
          const { dueOn, holidaysApplied } = computeDueDate(receivedOn, bd(n), cal);
          expect(isBusinessDay(dueOn, cal)).toBe(true);
          expect(businessDaysBetween(receivedOn, dueOn, cal)).toBe(n);
          expect(businessDaysBetween(receivedOn, addCalendarDays(dueOn, -1), cal)).toBe(n - 1);
          for (const holiday of holidaysApplied) {
            expect(cal.holidays).toContain(holiday);
            expect(holiday > receivedOn && holiday <= dueOn).toBe(true);
          }
        }),
      );
    });

    it('counting business days by whole weeks equals counting them day by day', () => {
      fc.assert(
        fc.property(date, date, calendar, (from, to, cal) => {
          let expected = 0;
          for (let day = addCalendarDays(from, 1); day <= to; day = addCalendarDays(day, 1)) if (isBusinessDay(day, cal)) expected++;
          expect(businessDaysBetween(from, to, cal)).toBe(expected);
        }),
      );
    });

    it('a calendar-days due date is the first business day on or after receipt + N', () => {
      fc.assert(
        fc.property(date, days, calendar, (receivedOn, n, cal) => {
          const { dueOn } = computeDueDate(receivedOn, cd(n), cal);
          const earliest = addCalendarDays(receivedOn, n);
          expect(dueOn >= earliest).toBe(true);
          expect(isBusinessDay(dueOn, cal)).toBe(true);
          for (let day = earliest; day < dueOn; day = addCalendarDays(day, 1)) expect(isBusinessDay(day, cal)).toBe(false);
        }),
      );
    });
  });
});
