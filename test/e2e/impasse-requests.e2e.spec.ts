import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccessModule } from '#access';
import { mintDevelopmentToken } from '#auth';
import { BargainingModule } from '#bargaining';
import { loadConfig } from '#config';
import { type EventStore, openStores, readStreamOrEmpty } from '#event-store';
import type { Role } from '#kernel';
import { LegalModule } from '#legal';
import { type Clock, createApp } from '#platform';
import { RecordsModule } from '#records';

/*
 * Impasse as real records give it, over HTTP: a request to PERB for a determination (who asked,
 * when) distinct from PERB's determination, a determination recorded with no declaration on file,
 * and a joint declaration; each appears in the timeline, the table as of a day and the audit file.
 */

const day = (at: string) => ({ at, precision: 'day' as const });
const problemJson = /^application\/problem\+json/;

class FixedClock implements Clock {
  now(): Date {
    return new Date('2026-02-01T09:00:00.000Z');
  }
}

describe('impasse requests and determinations over HTTP (embedded PGlite)', () => {
  let dataDir: string;
  let app: INestApplication;
  let store: EventStore;
  let server: Parameters<typeof request>[0];
  const tokens = new Map<Role, string>();
  let negotiationId: string;

  const auth = (role: Role) => ({ Authorization: `Bearer ${tokens.get(role)!}` });
  const post = (path: string, body: object, role: Role = 'negotiator') => request(server).post(path).set(auth(role)).send(body);
  const get = (path: string, role: Role = 'records-officer') => request(server).get(path).set({ ...auth(role), 'X-Access-Purpose': 'e2e review' });

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lrr-impasse-e2e-'));
    const stores = await openStores({ dataDir: null });
    store = stores.events;
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    app = await createApp({
      config,
      stores,
      clock: new FixedClock(),
      imports: [AccessModule, BargainingModule, LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }), RecordsModule.forRoot({ dataDir, lateEntryDays: config.lateEntryDays })],
    } as Parameters<typeof createApp>[0]);
    await app.listen(0, '127.0.0.1');
    server = app.getHttpServer();
    for (const role of ['negotiator', 'records-officer', 'admin', 'analyst'] as const) tokens.set(role, await mintDevelopmentToken({ dataDir, role, subject: `${role}@bayviewusd.example` }));
    const unit = await post(
      '/units',
      { occurredAt: day('2025-01-10'), name: 'Clerical', employer: 'Bayview USD', employeeOrganization: 'Bayview CSEA', statute: 'EERA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } },
      'admin',
    ).expect(201);
    negotiationId = (await post('/negotiations', { occurredAt: day('2025-01-15'), unitId: unit.body.unitId, kind: 'successor' }).expect(201)).body.negotiationId;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('records a joint request to PERB, a determination with no declaration on file, then a joint declaration', async () => {
    const requested = await post(`/negotiations/${negotiationId}/impasse/perb-requests`, { occurredAt: day('2025-06-20'), requestedBy: 'joint', caseNumber: 'SF-IM-9-E' }).expect(201);
    expect(requested.body.events[0]).toMatchObject({ type: 'PerbImpasseDeterminationRequested', classification: { level: 'internal' } });
    await post(`/negotiations/${negotiationId}/impasse/perb-determination`, { occurredAt: day('2025-07-01'), determination: 'impasse-exists', caseNumber: 'SF-IM-9-E' }).expect(201);
    await post(`/negotiations/${negotiationId}/impasse`, { occurredAt: day('2025-07-02'), declaredBy: 'joint', form: 'written' }).expect(201);
    const stored = await readStreamOrEmpty(store, `negotiation-${negotiationId}`);
    expect(stored.map((e) => e.type)).toEqual(['NegotiationOpened', 'PerbImpasseDeterminationRequested', 'PerbImpasseDetermined', 'ImpasseDeclared']);
    expect(stored[1]!.data).toMatchObject({ requestedBy: 'joint', caseNumber: 'SF-IM-9-E', requestedOn: '2025-06-20' });
  });

  it('refuses a requester that is neither side nor both (400), storing nothing', async () => {
    const before = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).length;
    const refused = await post(`/negotiations/${negotiationId}/impasse/perb-requests`, { occurredAt: day('2025-06-21'), requestedBy: 'mediator' }).expect(400);
    expect(refused.headers['content-type']).toMatch(problemJson);
    await post(`/negotiations/${negotiationId}/impasse/perb-requests`, { occurredAt: day('2025-06-21'), requestedBy: 'union' }, 'analyst').expect(403);
    expect((await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).length).toBe(before);
  });

  it('shows them in the timeline, the table as of a day and the audit file', async () => {
    const timeline = (await get(`/negotiations/${negotiationId}/timeline`).expect(200)).body;
    expect(JSON.stringify(timeline)).toContain('PerbImpasseDeterminationRequested');
    const asOf = (await get(`/negotiations/${negotiationId}/as-of/2025-07-01`).expect(200)).body;
    expect(JSON.stringify(asOf)).toContain('impasse-declared');
    const file = (await get(`/negotiations/${negotiationId}/audit-file`).expect(200)).body;
    const text = JSON.stringify(file.sections);
    expect(text).toContain('PERB asked to determine impasse, jointly (case SF-IM-9-E)');
    expect(text).toContain('Impasse declared jointly (written)');
  });
});
