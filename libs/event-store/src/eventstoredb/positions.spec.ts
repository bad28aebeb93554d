import { comparePositions, formatPosition, isAfter, parseCheckpoint } from './positions.js';

describe('EventStoreDB checkpoints', () => {
  it('encode a $all position as "<commit>/<prepare>" and decode it back, beyond 2^53', () => {
    const position = { commit: 18_446_744_073_709_551_615n, prepare: 9_007_199_254_740_993n };
    const checkpoint = formatPosition(position);
    expect(checkpoint).toBe('18446744073709551615/9007199254740993');
    expect(parseCheckpoint(checkpoint)).toEqual(position);
    expect(parseCheckpoint('0/0')).toEqual({ commit: 0n, prepare: 0n });
  });

  it('treat null, undefined and "" as the start of $all', () => {
    expect(parseCheckpoint(null)).toBeNull();
    expect(parseCheckpoint(undefined)).toBeNull();
    expect(parseCheckpoint('')).toBeNull();
  });

  it('refuse anything else, including another adapter’s checkpoints out of range', () => {
    for (const bad of ['12', '1/2/3', '-1/0', '1/-1', ' 1/2', '01/2', '1.5/2', 'abc', '18446744073709551616/0']) {
      expect(() => parseCheckpoint(bad)).toThrow(/checkpoint/);
    }
  });

  it('order positions by commit, then prepare; isAfter is strict', () => {
    const a = { commit: 10n, prepare: 10n };
    const b = { commit: 10n, prepare: 20n };
    const c = { commit: 11n, prepare: 5n };
    expect([c, b, a].sort(comparePositions)).toEqual([a, b, c]);
    expect(comparePositions(a, { ...a })).toBe(0);
    expect(isAfter(b, a)).toBe(true);
    expect(isAfter(a, a)).toBe(false);
    expect(isAfter(a, b)).toBe(false);
    expect(isAfter(a, null)).toBe(true);
  });
});
