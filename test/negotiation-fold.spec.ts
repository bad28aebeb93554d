import { type NegotiationEvent, evolveNegotiation, initialNegotiationState } from '#bargaining';
import { fold } from '#kernel';
import { RecordSimulator } from './harness/record-simulator.js';

/**
 * A fold writes the records it made in place (libs/kernel/src/records.ts): the state it answers must
 * be the one evolving event by event outside a fold gives, and the state it starts from (a cached
 * one) must stay as it was.
 */
describe('folding a long negotiation', () => {
  const simulator = new RecordSimulator(17);
  const id = simulator.busyNegotiation(1200);
  const events = simulator
    .drain()
    .filter((batch) => batch.stream === `negotiation-${id}`)
    .flatMap((batch) => batch.events) as unknown as NegotiationEvent[];
  const json = (value: unknown) => JSON.stringify(value);

  it('answers what evolving one event at a time answers', () => {
    expect(events.length).toBeGreaterThan(1150);
    const oneByOne = events.reduce(evolveNegotiation, initialNegotiationState());
    expect(json(fold(evolveNegotiation, initialNegotiationState(), events))).toBe(json(oneByOne));
  });

  it('leaves the state it continues from unchanged, however often it is continued', () => {
    const half = fold(evolveNegotiation, initialNegotiationState(), events.slice(0, 600));
    const before = json(half);
    const rest = fold(evolveNegotiation, half, events.slice(600));
    const again = fold(evolveNegotiation, half, events.slice(600, 650));
    expect(json(half)).toBe(before);
    expect(json(rest)).toBe(json(events.reduce(evolveNegotiation, initialNegotiationState())));
    expect(json(again)).toBe(json(events.slice(0, 650).reduce(evolveNegotiation, initialNegotiationState())));
  });
});
