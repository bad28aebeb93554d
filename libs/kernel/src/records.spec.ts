import { fold } from './decider.js';
import type { Event } from './event.js';
import { shareRecord, transiently, withEntry } from './records.js';

type Added = Event & { readonly type: 'Added'; readonly data: { readonly key: string; readonly value: number } };
interface State {
  readonly items: Readonly<Record<string, number>>;
}
const added = (key: string, value: number) => ({ type: 'Added', data: { key, value } }) as unknown as Added;
const evolve = (state: State, event: Added): State => ({ items: withEntry(state.items, event.data.key, event.data.value) });

describe('records written by a fold', () => {
  it('outside a fold, a write copies the record and leaves the original as it was', () => {
    const before = { a: 1 };
    const after = withEntry(before, 'b', 2);
    expect(before).toEqual({ a: 1 });
    expect({ ...after }).toEqual({ a: 1, b: 2 });
    expect(after).not.toBe(before);
  });

  it('a fold gives what one evolve after another outside it gives', () => {
    const events = Array.from({ length: 500 }, (_, i) => added(`k${i % 37}`, i));
    const oneByOne = events.reduce(evolve, { items: {} });
    expect({ ...fold(evolve, { items: {} }, events).items }).toEqual({ ...oneByOne.items });
  });

  it('a fold never changes the state it starts from, nor one an earlier fold returned', () => {
    const first = fold(evolve, { items: {} }, [added('a', 1), added('b', 2)]);
    const snapshot = { ...first.items };
    const second = fold(evolve, first, [added('a', 10), added('c', 3)]);
    const third = fold(evolve, first, [added('d', 4)]);
    expect({ ...first.items }).toEqual(snapshot);
    expect({ ...second.items }).toEqual({ a: 10, b: 2, c: 3 });
    expect({ ...third.items }).toEqual({ a: 1, b: 2, d: 4 });
  });

  it('inside a fold, a record the fold made is written in place, once', () => {
    transiently(() => {
      const made = withEntry({}, 'a', 1);
      expect(withEntry(made, 'b', 2)).toBe(made);
    });
  });

  it('a shared record is copied on its next write, so the other holder does not see it', () => {
    transiently(() => {
      const made = withEntry({}, 'a', 1);
      const held = shareRecord(made);
      const written = withEntry(made, 'b', 2);
      expect(written).not.toBe(held);
      expect({ ...held }).toEqual({ a: 1 });
    });
  });

  it('a fold inside a fold owns only what it makes: the outer fold’s records are copied', () => {
    transiently(() => {
      const outer = withEntry({}, 'a', 1);
      transiently(() => expect(withEntry(outer, 'b', 2)).not.toBe(outer));
      expect(withEntry(outer, 'c', 3)).toBe(outer);
    });
  });
});
