import { daysBetween, isInFuture } from '#kernel';

describe('business time', () => {
  it('counts calendar days across a month end', () => {
    expect(daysBetween('2025-01-30', '2025-02-02')).toBe(3);
  });
  it('treats a date later than today as future, today as not', () => {
    expect(isInFuture({ at: '2025-03-06', precision: 'day' }, '2025-03-05T23:00:00Z')).toBe(true);
    expect(isInFuture({ at: '2025-03-05', precision: 'day' }, '2025-03-05T01:00:00Z')).toBe(false);
  });
});
