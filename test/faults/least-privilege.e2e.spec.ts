import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { ProjectorService } from '#projector';
import { openPostgres } from '#sql';
import { featureModules } from '../../apps/api/src/features.js';
import { leastPrivilegeDatabase } from './support/database-roles.js';
import { type TestApp, describeUnless, startTestApp } from '#testing';

/**
 * Issue 11, item 9 over HTTP: the whole API (commands, read models, idempotency, projections) runs
 * as the runtime role while the owner role migrates the event store; and a read that meets a broken
 * chain (tampering only a role that can disable triggers could do) answers problem+json naming the
 * stream and revision, not an opaque 500.
 */
const databaseUrl = process.env.DATABASE_URL;

describeUnless(databaseUrl ? null : 'skipped: DATABASE_URL is not set')('faults: the API as a least-privilege role', () => {
  let database: Awaited<ReturnType<typeof leastPrivilegeDatabase>>;
  let test: TestApp;
  let app: INestApplication;
  let token: string;

  beforeAll(async () => {
    database = await leastPrivilegeDatabase(databaseUrl!);
    const env = { DATABASE_URL: database.runtimeUrl, DATABASE_OWNER_URL: database.ownerUrl };
    test = await startTestApp({ name: 'roles', env, stores: await openStores(loadConfig(env).storage), imports: featureModules, subject: () => 'roles@example.org', listen: false });
    app = test.app;
    token = test.token('admin');
  }, 60_000);

  afterAll(async () => {
    await test?.close();
    await database?.drop();
  });

  it('records, projects and answers as the runtime role; a broken chain answers problem+json naming the stream and revision', async () => {
    const server = app.getHttpServer();
    const post = (path: string, body: object) => request(server).post(path).auth(token, { type: 'bearer' }).set('Idempotency-Key', `${path}-${Date.now()}`).send(body);
    const unit = await post('/units', { occurredAt: { at: '2025-01-10', precision: 'day' }, name: 'Roles unit', employer: 'Roles District', employeeOrganization: 'Roles Association', statute: 'EERA' }).expect(201);
    const opened = await post('/negotiations', { occurredAt: { at: '2025-01-15', precision: 'day' }, unitId: unit.body.unitId, kind: 'successor' }).expect(201);
    const negotiationId = opened.body.negotiationId as string;
    // Projected by the runtime role (its read-model tables): the summary appears.
    let summary = 0;
    for (let waited = 0; waited < 30_000 && summary !== 200; waited += 200) {
      summary = (await request(server).get(`/negotiations/${negotiationId}/summary`).auth(token, { type: 'bearer' })).status;
      if (summary !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(summary).toBe(200);
    expect((await app.get(ProjectorService).status()).filter((p) => p.state === 'failed')).toEqual([]);

    // An insider with the owner's rights rewrites the opening without recomputing the chain.
    const owner = openPostgres(database.ownerUrl, { max: 1 });
    try {
      await owner.transaction(async (tx) => {
        await tx.exec('ALTER TABLE lrr_events DISABLE TRIGGER USER');
        await tx.query(`UPDATE lrr_events SET canonical = replace(canonical, '"successor"', '"reopener"') WHERE stream = $1 AND revision = 0`, [`negotiation-${negotiationId}`]);
        await tx.exec('ALTER TABLE lrr_events ENABLE TRIGGER USER');
      });
    } finally {
      await owner.close();
    }
    const response = await request(server).get(`/negotiations/${negotiationId}/events`).auth(token, { type: 'bearer' }).expect(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'CHAIN_BROKEN', stream: `negotiation-${negotiationId}`, revision: 0, type: 'urn:labor-relations-record:problem:chain-broken' });
  }, 60_000);
});
