import fc from 'fast-check';
import type { RecordedEvent } from '#event-store';
import { addCalendarDays as addDays } from '#information-requests';
import type { BusinessTime } from '#kernel';
import { inBusinessOrder, legalTimeline } from '#legal';

/*
 * Imprecise dates never reorder facts whose dates are certain: a month, a year, a range or a bound
 * places a fact by its own earliest possible day, and the facts known to the day keep the order
 * they have without it, in the timeline and in the fold the table as of a day rests on.
 */

const day = fc.integer({ min: 0, max: 5 * 365 }).map((offset) => addDays('2008-01-01', offset));

const certain: fc.Arbitrary<BusinessTime> = fc.oneof(
  day.map((at): BusinessTime => ({ at, precision: 'day' })),
  fc.tuple(day, fc.integer({ min: 0, max: 23 })).map(([at, hour]): BusinessTime => ({ at: `${at}T${String(hour).padStart(2, '0')}:30:00-08:00`, precision: 'instant' })),
);

const imprecise: fc.Arbitrary<BusinessTime> = fc.oneof(
  day.map((at): BusinessTime => ({ at: at.slice(0, 7), precision: 'month' })),
  day.map((at): BusinessTime => ({ at: at.slice(0, 4), precision: 'year' })),
  day.map((at): BusinessTime => ({ at, precision: 'approximate' })),
  day.map((at): BusinessTime => ({ at, precision: 'on-or-after' })),
  day.map((at): BusinessTime => ({ at, precision: 'on-or-before' })),
  fc.tuple(day, fc.integer({ min: 1, max: 60 })).map(([at, span]): BusinessTime => ({ at, precision: 'between', until: addDays(at, span) })),
);

/** Facts of both kinds interleaved in some recording order; `certain` marks the ones known to the day. */
const history = fc
  .tuple(fc.array(certain, { minLength: 1, maxLength: 25 }), fc.array(imprecise, { maxLength: 25 }))
  .chain(([sure, unsure]) =>
    fc.shuffledSubarray(
      [...sure.map((time) => ({ time, certain: true })), ...unsure.map((time) => ({ time, certain: false }))],
      { minLength: sure.length + unsure.length },
    ),
  );

function recorded(entries: readonly { time: BusinessTime }[]): RecordedEvent[] {
  return entries.map(({ time }, i) => ({
    eventId: `e${i}`,
    stream: 'observation-1',
    type: 'Observed',
    schemaVersion: 1,
    data: {},
    occurredAt: time,
    // Several facts share a recording instant: their position decides.
    recordedAt: `2026-01-0${1 + (i % 3)}T10:00:00.000Z`,
    actor: { subject: 'clerk@example.org', role: 'negotiator' },
    correlationId: `c${i}`,
    causationId: null,
    commandId: null,
    classification: { level: 'internal', basis: 'test' },
    revision: i,
    position: `${i}/${i}`,
    canonical: '',
    prevHash: '',
    hash: '',
  }));
}

const certainIds = (entries: readonly { certain: boolean }[]) => new Set(entries.flatMap((e, i) => (e.certain ? [`e${i}`] : [])));

describe('imprecise dates never reorder facts whose dates are certain', () => {
  it('in the legal timeline', () => {
    fc.assert(
      fc.property(history, (entries) => {
        const sure = certainIds(entries);
        const events = recorded(entries);
        const withAll = legalTimeline(events, { lateEntryDays: 7, now: '2026-02-01T00:00:00.000Z' }).map((f) => f.eventId).filter((id) => sure.has(id));
        const alone = legalTimeline(events.filter((e) => sure.has(e.eventId)), { lateEntryDays: 7, now: '2026-02-01T00:00:00.000Z' }).map((f) => f.eventId);
        expect(withAll).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });

  it('in the business order the table as of a day is folded in', () => {
    fc.assert(
      fc.property(history, (entries) => {
        const sure = certainIds(entries);
        const facts = recorded(entries).map((event, order) => ({ event, effective: event, order }));
        const withAll = inBusinessOrder(facts).map((f) => f.event.eventId).filter((id) => sure.has(id));
        const alone = inBusinessOrder(facts.filter((f) => sure.has(f.event.eventId))).map((f) => f.event.eventId);
        expect(withAll).toEqual(alone);
      }),
      { numRuns: 300 },
    );
  });

  it('and each imprecise fact sorts at its earliest possible day (the bound of "on or before")', () => {
    const events = recorded([
      { time: { at: '2008-02-10', precision: 'day' } },
      { time: { at: '2008-02', precision: 'month' } },
      { time: { at: '2008-01-31', precision: 'day' } },
      { time: { at: '2008-02-05', precision: 'on-or-before' } },
    ]);
    const timeline = legalTimeline(events, { lateEntryDays: 7, now: '2026-02-01T00:00:00.000Z' });
    expect(timeline.map((f) => [f.eventId, f.occurredAtDescription])).toEqual([
      ['e2', '31 January 2008'],
      ['e1', 'February 2008'],
      ['e3', 'on or before 5 February 2008'],
      ['e0', '10 February 2008'],
    ]);
  });
});
