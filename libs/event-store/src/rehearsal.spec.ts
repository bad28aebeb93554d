import type { EventStore } from './event-store.port.js';
import { StreamStateCache } from './command-handling.js';
import { RehearsableEventStore } from './rehearsal.js';

describe('a rehearsal', () => {
  const evolve = (state: number, _event: never) => state + 1;

  it('keeps its own stream-state cache entries: a rehearsed state never serves a real command', async () => {
    const cache = new StreamStateCache();
    cache.set('negotiation-a', evolve, { state: 1, revision: 0 });
    const store = new RehearsableEventStore({ kind: 'pglite' } as EventStore);
    await store.rehearse(async () => {
      expect(cache.get('negotiation-a', evolve)).toBeUndefined();
      cache.set('negotiation-a', evolve, { state: 5, revision: 4 });
      cache.set('negotiation-b', evolve, { state: 2, revision: 1 });
      expect(cache.get('negotiation-a', evolve)).toEqual({ state: 5, revision: 4 });
    });
    expect(cache.get('negotiation-a', evolve)).toEqual({ state: 1, revision: 0 });
    expect(cache.get('negotiation-b', evolve)).toBeUndefined();
    expect(store.kind).toBe('pglite');
  });
});
