import {
  type BusinessTime,
  businessDayOf,
  businessInstant,
  businessTimeProblem,
  compareDays,
  daysRecordedAfter,
  describeBusinessTime,
  elapsedDays,
  earliestPossibleDay,
  isCertainToTheDay,
  isInFuture,
  latestPossibleDay,
} from '#kernel';

const month: BusinessTime = { at: '2008-02', precision: 'month' };
const year: BusinessTime = { at: '2008', precision: 'year' };
const after: BusinessTime = { at: '2010-04-16', precision: 'on-or-after' };
const before: BusinessTime = { at: '2010-04-16', precision: 'on-or-before' };
const between: BusinessTime = { at: '2011-05-01', precision: 'between', until: '2011-05-15' };

describe('business time as records give it', () => {
  it('says each precision the way it was known', () => {
    expect(describeBusinessTime({ at: '2009-03-03', precision: 'day' })).toBe('3 March 2009');
    expect(describeBusinessTime({ at: '2009-03-03', precision: 'approximate' })).toBe('about 3 March 2009');
    expect(describeBusinessTime(month)).toBe('February 2008');
    expect(describeBusinessTime(year)).toBe('2008');
    expect(describeBusinessTime(after)).toBe('on or after 16 April 2010');
    expect(describeBusinessTime(before)).toBe('on or before 16 April 2010');
    expect(describeBusinessTime(between)).toBe('between 1 and 15 May 2011');
    expect(describeBusinessTime({ at: '2011-04-28', precision: 'between', until: '2011-05-15' })).toBe('between 28 April and 15 May 2011');
    expect(describeBusinessTime({ at: '2010-12-20', precision: 'between', until: '2011-01-05' })).toBe('between 20 December 2010 and 5 January 2011');
    expect(describeBusinessTime({ at: '2025-03-05T16:00:00-08:00', precision: 'instant' })).toBe('2025-03-05T16:00:00-08:00');
  });

  it('gives the earliest and latest possible day, unbounded where the record sets no bound', () => {
    expect([earliestPossibleDay(month), latestPossibleDay(month)]).toEqual(['2008-02-01', '2008-02-29']);
    expect([earliestPossibleDay({ at: '2009-02', precision: 'month' }), latestPossibleDay({ at: '2009-02', precision: 'month' })]).toEqual(['2009-02-01', '2009-02-28']);
    expect([earliestPossibleDay(year), latestPossibleDay(year)]).toEqual(['2008-01-01', '2008-12-31']);
    expect([earliestPossibleDay(after), latestPossibleDay(after)]).toEqual(['2010-04-16', null]);
    expect([earliestPossibleDay(before), latestPossibleDay(before)]).toEqual([null, '2010-04-16']);
    expect([earliestPossibleDay(between), latestPossibleDay(between)]).toEqual(['2011-05-01', '2011-05-15']);
    expect(earliestPossibleDay({ at: '2025-02-12T19:00:00-08:00', precision: 'instant' })).toBe('2025-02-12');
  });

  it('files a fact under its earliest possible day, or the bound of "on or before"', () => {
    expect(businessDayOf(month)).toBe('2008-02-01');
    expect(businessDayOf(before)).toBe('2010-04-16');
    expect(businessInstant(year)).toBe('2008-01-01T00:00:00.000Z');
    expect(businessInstant({ at: '2025-03-05', precision: 'day' })).toBe('2025-03-05T00:00:00.000Z');
    expect(businessInstant({ at: '2025-03-05T16:00:00-08:00', precision: 'instant' })).toBe('2025-03-06T00:00:00.000Z');
  });

  it('is certain to the day only for an instant or a day', () => {
    expect(isCertainToTheDay({ at: '2025-03-05', precision: 'day' })).toBe(true);
    expect(isCertainToTheDay({ at: '2025-03-05T10:00:00Z', precision: 'instant' })).toBe(true);
    for (const time of [month, year, after, before, between, { at: '2025-03-05', precision: 'approximate' } as const]) expect(isCertainToTheDay(time)).toBe(false);
  });

  it('tells before from after only when the possible days do not overlap', () => {
    expect(compareDays(month, '2008-03-01')).toBe('before');
    expect(compareDays(month, '2008-02-29')).toBe('cannot-tell');
    expect(compareDays('2008-01-31', month)).toBe('before');
    expect(compareDays(after, '2010-04-15')).toBe('after');
    expect(compareDays(after, '2030-01-01')).toBe('cannot-tell');
    expect(compareDays(before, '2010-04-17')).toBe('before');
    expect(compareDays('2025-03-05', { at: '2025-03-05', precision: 'day' })).toBe('same-day');
    expect(compareDays(between, year)).toBe('after');
  });

  it('bounds the days elapsed between two dates', () => {
    expect(elapsedDays('2008-01-25', month)).toEqual({ min: 7, max: 35 });
    expect(elapsedDays(after, '2010-04-26')).toEqual({ min: null, max: 10 });
    expect(elapsedDays('2025-01-01', '2025-01-11')).toEqual({ min: 10, max: 10 });
  });

  it('counts lateness from the latest possible day', () => {
    expect(daysRecordedAfter(year, '2009-01-10T12:00:00Z')).toBe(10);
    expect(daysRecordedAfter(month, '2008-02-20T12:00:00Z')).toBe(0);
    expect(daysRecordedAfter(after, '2026-12-01T12:00:00Z')).toBe(0);
    expect(daysRecordedAfter({ at: '2025-03-05', precision: 'day' }, '2025-03-26T09:00:00Z')).toBe(21);
  });

  it('is in the future only when its earliest possible day is after today', () => {
    expect(isInFuture({ at: '2026-12', precision: 'month' }, '2026-12-07T10:00:00Z')).toBe(false);
    expect(isInFuture({ at: '2027', precision: 'year' }, '2026-12-07T10:00:00Z')).toBe(true);
    expect(isInFuture({ at: '2030-01-01', precision: 'on-or-before' }, '2026-12-07T10:00:00Z')).toBe(false);
    expect(isInFuture({ at: '2026-12-08', precision: 'on-or-after' }, '2026-12-07T10:00:00Z')).toBe(true);
  });

  it('refuses a malformed combination, naming the field', () => {
    expect(businessTimeProblem(month)).toBeNull();
    expect(businessTimeProblem(between)).toBeNull();
    expect(businessTimeProblem({ at: '2025-03-05T10:00:00Z', precision: 'day' })).toBeNull();
    expect(businessTimeProblem({ at: '2008-02-03', precision: 'month' })).toEqual({ field: 'at', message: 'at must be a month (YYYY-MM) for precision month' });
    expect(businessTimeProblem({ at: '2008-13', precision: 'month' })?.field).toBe('at');
    expect(businessTimeProblem({ at: '08', precision: 'year' })?.field).toBe('at');
    expect(businessTimeProblem({ at: '0000', precision: 'year' })?.field).toBe('at');
    expect(businessTimeProblem({ at: '0000-03-01T10:00:00Z', precision: 'instant' })?.field).toBe('at');
    expect(businessTimeProblem({ at: '2011-02-30', precision: 'on-or-after' })?.field).toBe('at');
    expect(businessTimeProblem({ at: '2011-05-15', precision: 'between', until: '2011-05-01' })).toEqual({ field: 'until', message: 'until (2011-05-01) must be after at (2011-05-15)' });
    expect(businessTimeProblem({ at: '2011-05-15', precision: 'between' })?.field).toBe('until');
    expect(businessTimeProblem({ at: '2011-05-15', precision: 'day', until: '2011-05-20' })?.field).toBe('until');
    expect(businessTimeProblem({ at: '2011-05-15', precision: 'fortnight' })?.field).toBe('precision');
  });
});
