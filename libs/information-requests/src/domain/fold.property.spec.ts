import fc from 'fast-check';
import { DomainError, fold } from '#kernel';
import {
  type InformationRequest,
  type InformationRequestCommand,
  type InformationRequestEvent,
  addCalendarDays,
  informationRequestClocks,
  informationRequestDecider as decider,
} from '#information-requests';
import { DISTRICT_CALENDAR_2025, cmd } from '../../test/fixtures.js';

/*
 * Histories are produced the way the record produces them: random commands (in any business-time
 * order, so late entries occur) decided one by one; refused ones leave nothing behind.
 */

const day = fc.integer({ min: -3, max: 100 }).map((offset) => addCalendarDays('2025-04-10', offset));
const itemNumber = fc.integer({ min: 1, max: 4 }); // the request has items 1–3: 4 is refused

const often = <T>(arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight: 6 });
const rarely = <T>(arbitrary: fc.Arbitrary<T>) => ({ arbitrary, weight: 1 });

const command: fc.Arbitrary<InformationRequestCommand> = fc.oneof(
  rarely(
    fc.tuple(day, fc.constantFrom('business-days' as const, 'calendar-days' as const), fc.integer({ min: 1, max: 30 })).map(([at, kind, days]) =>
      cmd.receive(at, { responsePolicy: { kind, days } }),
    ),
  ),
  often(day.map((at) => cmd.acknowledge(at))),
  often(fc.tuple(day, fc.array(itemNumber, { maxLength: 2 })).map(([at, items]) => cmd.clarify(at, items))),
  often(fc.tuple(day, fc.integer({ min: 1, max: 3 })).map(([at, n]) => cmd.answer(at, n))),
  often(fc.tuple(day, itemNumber, fc.constantFrom('partial' as const, 'complete' as const)).map(([at, n, c]) => cmd.produce(at, n, c))),
  often(fc.tuple(day, itemNumber, fc.boolean()).map(([at, n, offered]) => cmd.object(at, n, { accommodationOffered: offered }))),
  often(
    fc.tuple(day, itemNumber, fc.constantFrom('does-not-exist' as const, 'already-produced' as const, 'other' as const)).map(([at, n, reason]) =>
      cmd.explain(at, n, reason, reason === 'other' ? { explanation: 'Kept by the county office, not the district' } : {}),
    ),
  ),
  often(fc.tuple(day, day, fc.boolean()).map(([at, to, agreed]) => cmd.extend(at, to, agreed))),
  // Few meeting ids, so some are taken (held or cancelled) and refused.
  often(fc.tuple(day, fc.constantFrom('m1', 'm2', 'm3'), fc.array(itemNumber, { maxLength: 2 })).map(([at, id, items]) => cmd.meet(at, id, { itemNumbers: items }))),
  often(
    fc.tuple(day, day, fc.constantFrom('employer' as const, 'union' as const), fc.constantFrom('m1', 'm2', 'm3')).map(([at, on, by, id]) => cmd.cancelMeeting(at, on, by, id)),
  ),
  rarely(day.map((at) => cmd.withdraw(at))),
  rarely(fc.tuple(day, fc.constantFrom('fulfilled' as const, 'partially-fulfilled' as const, 'withdrawn' as const)).map(([at, d]) => cmd.close(at, d))),
);

const history: fc.Arbitrary<InformationRequestEvent[]> = fc
  .tuple(fc.integer({ min: -3, max: 10 }).map((offset) => addCalendarDays('2025-04-10', offset)), fc.array(command, { maxLength: 60, size: 'medium' }))
  .map(([receivedOn, commands]) => {
    let state: InformationRequest = decider.initialState();
    const events: InformationRequestEvent[] = [];
    for (const c of [cmd.receive(receivedOn), ...commands]) {
      try {
        const decided = decider.decide(c, state);
        events.push(...decided);
        state = fold(decider.evolve, state, decided);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
      }
    }
    return events;
  });

/** The business day an event carries. */
function dayOf(event: InformationRequestEvent): string {
  switch (event.type) {
    case 'InformationRequestReceived': return event.data.receivedOn;
    case 'InformationRequestAcknowledged': return event.data.acknowledgedOn;
    case 'ClarificationRequested': return event.data.requestedOn;
    case 'ClarificationAnswered': return event.data.answeredOn;
    case 'InformationItemProduced': return event.data.producedOn;
    case 'InformationItemObjected': return event.data.objectedOn;
    case 'InformationItemExplained': return event.data.explainedOn;
    case 'ResponseDeadlineExtended': return event.data.extendedOn;
    case 'InformationRequestMeetingHeld': return event.data.heldOn;
    case 'InformationRequestMeetingCancelled': return event.data.cancelledOn;
    case 'InformationRequestWithdrawn': return event.data.withdrawnOn;
    case 'InformationRequestClosed': return event.data.closedOn;
  }
}

const initial = () => decider.initialState();

describe('folding information request events', () => {
  it('in one pass equals folding in chunks', () => {
    fc.assert(
      fc.property(history, fc.array(fc.nat(), { maxLength: 5 }), (events, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        let state = initial();
        let from = 0;
        for (const to of [...points, events.length]) {
          state = fold(decider.evolve, state, events.slice(from, to));
          from = to;
        }
        expect(state).toEqual(fold(decider.evolve, initial(), events));
      }),
    );
  });

  it('never changes the state it is given', () => {
    fc.assert(
      fc.property(history, (events) => {
        let state = initial();
        for (const event of events) {
          const before = structuredClone(state);
          const next = decider.evolve(state, event);
          expect(state).toEqual(before);
          state = next;
        }
      }),
    );
  });

  it('gives the clocks as of a date from the facts dated on or before it, whatever was recorded later', () => {
    fc.assert(
      fc.property(history, day, (events, asOf) => {
        const all = fold(decider.evolve, initial(), events);
        const thenKnown = fold(decider.evolve, initial(), events.filter((e) => dayOf(e) <= asOf));
        expect(informationRequestClocks(all, asOf, DISTRICT_CALENDAR_2025)).toEqual(informationRequestClocks(thenKnown, asOf, DISTRICT_CALENDAR_2025));
      }),
    );
  });

  it('refuses only with domain errors, and every decided event evolves the state', () => {
    fc.assert(
      fc.property(history, command, (events, next) => {
        const state = fold(decider.evolve, initial(), events);
        try {
          const decided = decider.decide(next, state);
          for (const event of decided) expect(decider.evolve(state, event)).not.toBe(state);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
        }
      }),
    );
  });
});
