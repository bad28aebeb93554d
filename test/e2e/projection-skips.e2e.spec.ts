import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type EventStore } from '#event-store';
import { featureModules } from '../../apps/api/src/features.js';
import { type TestApp, startTestApp } from '#testing';

/**
 * Issue 11, item 2 over HTTP: a projection stopped by an event it cannot apply is shown in
 * /projections with the event; an admin records a skip (a fact, in the operations stream); the
 * projection goes on past it and /projections shows the skip.
 */
describe('projection skips over HTTP', () => {
  let test: TestApp;
  let store: EventStore;
  let admin: string;

  beforeAll(async () => {
    test = await startTestApp({ name: 'skips', subject: (role) => (role === 'admin' ? 'ops@example.org' : 'n@example.org'), imports: (config) => featureModules(config) });
    store = test.store;
    admin = test.token('admin');
  }, 60_000);

  afterAll(async () => {
    await test?.close();
  });

  const status = async () =>
    (await request(test.server).get('/projections').auth(admin, { type: 'bearer' }).expect(200)).body.projections as {
      projection: string;
      state: string;
      failedEventId: string | null;
      skipped: { eventId: string; reason: string; skippedBy: { subject: string } }[];
    }[];

  async function until<T>(probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
    for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const found = await probe();
      if (found !== undefined) return found;
    }
    throw new Error('not reached in time');
  }

  it('shows the failed event, records an admin’s skip as a fact, and the projection goes on', async () => {
    const eventId = randomUUID();
    await store.append(`negotiation-${randomUUID()}`, [{ eventId, type: 'ProposalTabled', data: {}, occurredAt: { at: '2025-01-10', precision: 'day' }, actor: { subject: 'x', role: 'negotiator' }, correlationId: randomUUID(), classification: { level: 'internal', basis: 'test' } }], { expectedRevision: 'no_stream' });
    const failed = await until(async () => (await status()).find((p) => p.projection.startsWith('article-history.') && p.state === 'failed'));
    expect(failed.failedEventId).toBe(eventId);

    const negotiator = test.token('negotiator');
    await request(test.server).post('/projections/article-history/skips').auth(negotiator, { type: 'bearer' }).send({ eventId, reason: 'malformed' }).expect(403);
    const unknown = await request(test.server).post('/projections/no-such/skips').auth(admin, { type: 'bearer' }).send({ eventId, reason: 'x' }).expect(404);
    expect(unknown.body).toMatchObject({ code: 'PROJECTION_NOT_FOUND' });
    const skip = await request(test.server).post('/projections/article-history/skips').auth(admin, { type: 'bearer' }).send({ eventId, reason: 'malformed test event' }).expect(201);
    expect(skip.body).toMatchObject({ projection: failed.projection, eventId, reason: 'malformed test event', skippedBy: { subject: 'ops@example.org', role: 'admin' } });
    expect((await store.readStream('operations-projections')).map((e) => e.type)).toEqual(['ProjectionEventSkipped']);

    const resumed = await until(async () => (await status()).find((p) => p.projection === failed.projection && p.state === 'live'));
    expect(resumed.skipped).toEqual([expect.objectContaining({ eventId, reason: 'malformed test event' })]);
    // Recording the same skip again changes nothing.
    await request(test.server).post('/projections/article-history/skips').auth(admin, { type: 'bearer' }).send({ eventId, reason: 'again' }).expect(201);
    expect(await store.readStream('operations-projections')).toHaveLength(1);
  }, 90_000);
});
