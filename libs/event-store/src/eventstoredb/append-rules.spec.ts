import { StreamNotFoundError, UnavailableError, WrongExpectedVersionError } from '@eventstore/db-client';
import { DuplicateEventId, type RecordedEvent, StreamNotFound, WrongExpectedRevision } from '../event-store.port.js';
import {
  actualRevision,
  assertDistinctIds,
  checkExpectation,
  matchStoredBatch,
  retriesOnMovedHead,
  serverExpectation,
  translateClientError,
} from './append-rules.js';

describe('EventStoreDB append rules', () => {
  describe('the expectation check', () => {
    const cases: [Parameters<typeof checkExpectation>[1], number | null, boolean][] = [
      ['any', null, true],
      ['any', 4, true],
      ['no_stream', null, true],
      ['no_stream', 0, false],
      ['stream_exists', 0, true],
      ['stream_exists', null, false],
      [3, 3, true],
      [3, 4, false],
      [0, null, false],
    ];
    it.each(cases)('expected %p at head %p holds: %p', (expected, head, holds) => {
      const error = checkExpectation('s-1', expected, head);
      if (holds) expect(error).toBeNull();
      else expect(error).toEqual(expect.objectContaining({ stream: 's-1', expected, actual: head === null ? 'no_stream' : head }));
      if (!holds) expect(error).toBeInstanceOf(WrongExpectedRevision);
    });

    it('tells the server the exact head the chain continues from', () => {
      expect(serverExpectation(null)).toBe('no_stream');
      expect(serverExpectation(0)).toBe(0n);
      expect(serverExpectation(41)).toBe(41n);
    });

    it('re-tries only loose expectations when the head moved', () => {
      expect(['any', 'stream_exists', 'no_stream', 2].map((e) => retriesOnMovedHead(e as never))).toEqual([true, true, false, false]);
    });
  });

  describe('error translation at the boundary', () => {
    it('WrongExpectedVersionError → WrongExpectedRevision with the caller’s expectation and the actual revision', () => {
      const error = new WrongExpectedVersionError(undefined, { streamName: 's-1', expected: 0n, current: 7n });
      const translated = translateClientError(error, { stream: 's-1', expected: 0 });
      expect(translated).toBeInstanceOf(WrongExpectedRevision);
      expect(translated).toMatchObject({ stream: 's-1', expected: 0, actual: 7 });
      const missing = new WrongExpectedVersionError(undefined, { streamName: 's-2', expected: 'stream_exists', current: 'no_stream' });
      expect(translateClientError(missing, { stream: 's-2', expected: 'stream_exists' })).toMatchObject({ expected: 'stream_exists', actual: 'no_stream' });
    });

    it('StreamNotFoundError → StreamNotFound; anything else passes unchanged', () => {
      const translated = translateClientError(new StreamNotFoundError(undefined, 's-1'), { stream: 's-1' });
      expect(translated).toBeInstanceOf(StreamNotFound);
      expect(translated).toMatchObject({ stream: 's-1' });
      const other = new UnavailableError();
      expect(translateClientError(other, { stream: 's-1' })).toBe(other);
      expect(translateClientError('text', { stream: 's-1' })).toBe('text');
    });

    it('reads the actual revision from bigint, number or no_stream', () => {
      expect([actualRevision(3n), actualRevision(-1n), actualRevision('no_stream'), actualRevision(2)]).toEqual([3, 'no_stream', 'no_stream', 2]);
    });
  });

  describe('recognising a retried batch', () => {
    const at = (revision: number, eventId: string) => ({ revision, eventId }) as RecordedEvent;
    const stream = [at(0, 'a'), at(1, 'b'), at(2, 'c'), at(3, 'd')];

    it('replays when every id is stored in order at contiguous revisions (ids compare case-insensitively)', () => {
      expect(matchStoredBatch(['B', 'c'], stream)).toEqual({ kind: 'replay', events: [stream[1], stream[2]] });
    });

    it('conflicts when only some are stored, out of order or not contiguous', () => {
      expect(matchStoredBatch(['b', 'x'], stream)).toEqual({ kind: 'conflict', eventId: 'b' });
      expect(matchStoredBatch(['c', 'b'], stream)).toMatchObject({ kind: 'conflict' });
      expect(matchStoredBatch(['a', 'c'], stream)).toMatchObject({ kind: 'conflict' });
    });

    it('finds nothing when no id is stored', () => {
      expect(matchStoredBatch(['x', 'y'], stream)).toEqual({ kind: 'none' });
    });

    it('refuses a batch carrying one id twice', () => {
      expect(() => assertDistinctIds('s-1', ['a', 'b', 'A'])).toThrow(DuplicateEventId);
      expect(() => assertDistinctIds('s-1', ['a', 'b'])).not.toThrow();
    });
  });
});
