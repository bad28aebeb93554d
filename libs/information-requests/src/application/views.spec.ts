import { type InformationRequest, type InformationRequestEvent, informationRequestDecider as decider } from '#information-requests';
import { fold } from '#kernel';
import { ev } from '../../test/fixtures.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { informationRequestPage } from './views.js';

const request = (requestId: string, unitId: string, events: InformationRequestEvent[]): InformationRequest =>
  fold(
    decider.evolve,
    decider.initialState(),
    events.map((event) => ({ ...event, data: { ...event.data, requestId, ...(event.type === 'InformationRequestReceived' ? { unitId } : {}) } }) as InformationRequestEvent),
  );

describe('the register page', () => {
  // Received the same day, listed by id within the day; a request recorded late sorts where it belongs.
  const states = [
    request('r3', 'u1', [ev.received('2025-04-10', '2025-04-24')]),
    request('r1', 'u1', [ev.received('2025-04-10', '2025-04-24'), ev.withdrawn('2025-04-11')]),
    request('r2', 'u2', [ev.received('2025-04-03', '2025-04-17')]),
    request('r0', 'u1', [ev.received('2025-03-03', '2025-03-17'), ev.produced('2025-03-05', 1), ev.produced('2025-03-05', 2), ev.produced('2025-03-05', 3)]),
  ];
  const page = (criteria: Partial<Parameters<typeof informationRequestPage>[2]>, asOf = '2025-05-01') =>
    informationRequestPage(states, asOf, { limit: 50, ...criteria });
  const ids = (p: ReturnType<typeof page>) => p.items.map((item) => item.requestId);

  it('orders by receivedOn, then requestId', () => {
    expect(ids(page({}))).toEqual(['r0', 'r2', 'r1', 'r3']);
  });

  it('filters by unit, by status and by overdue as of its day', () => {
    expect(ids(page({ unitId: 'u1' }))).toEqual(['r0', 'r1', 'r3']);
    expect(ids(page({ status: 'withdrawn' }))).toEqual(['r1']);
    expect(ids(page({ overdueAsOf: '2025-05-01' }))).toEqual(['r2', 'r3']);
    expect(ids(page({ overdueAsOf: '2025-04-20' }, '2025-04-20'))).toEqual(['r2']);
    // Not yet received as of the day: not listed.
    expect(ids(page({}, '2025-04-05'))).toEqual(['r0', 'r2']);
  });

  it('pages by cursor without repeating or skipping', () => {
    const first = page({ limit: 3 });
    expect(ids(first)).toEqual(['r0', 'r2', 'r1']);
    const second = page({ limit: 3, cursor: first.nextCursor! });
    expect(ids(second)).toEqual(['r3']);
    expect(second.nextCursor).toBeNull();
    expect(page({ limit: 4 }).nextCursor).toBeNull();
  });

  it('reads back only cursors it issued', () => {
    expect(decodeCursor(encodeCursor({ receivedOn: '2025-04-10', requestId: 'r1' }))).toEqual({ receivedOn: '2025-04-10', requestId: 'r1' });
    for (const bad of ['garbage', '', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["2025-02-30","r"]').toString('base64url')]) {
      expect(decodeCursor(bad)).toBeNull();
    }
  });
});
