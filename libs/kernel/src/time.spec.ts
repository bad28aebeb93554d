import { calendarDay, daysBetween, isInFuture } from '#kernel';

describe('business time', () => {
  it('counts calendar days across a month end', () => {
    expect(daysBetween('2025-01-30', '2025-02-02')).toBe(3);
  });
  it('treats a date later than today as future, today as not', () => {
    expect(isInFuture({ at: '2025-03-06', precision: 'day' }, '2025-03-05T23:00:00Z')).toBe(true);
    expect(isInFuture({ at: '2025-03-05', precision: 'day' }, '2025-03-05T01:00:00Z')).toBe(false);
  });
});

describe('calendar day of an instant', () => {
  it('is the local day as written with its offset, not the UTC day', () => {
    expect(calendarDay('2025-02-12T19:00:00-08:00')).toBe('2025-02-12');
    expect(calendarDay('2025-02-12')).toBe('2025-02-12');
  });
});
