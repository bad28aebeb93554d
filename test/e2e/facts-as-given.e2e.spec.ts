import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { AccessModule } from '#access';
import { mintDevelopmentToken } from '#auth';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import { loadConfig } from '#config';
import { type EventStore, openStores, readStreamOrEmpty } from '#event-store';
import type { Role } from '#kernel';
import { LegalModule } from '#legal';
import { type Clock, createApp } from '#platform';
import { RecordsModule } from '#records';

/*
 * Facts as real records give them, over HTTP: a request to PERB for an impasse determination (who
 * asked, when) distinct from PERB's determination, a determination with no declaration on file, a
 * joint declaration; a ratification known only as "ratified" and a governing-body roll call. Each
 * appears in the timeline, the table as of a day and the audit file.
 */

const day = (at: string) => ({ at, precision: 'day' as const });
const problemJson = /^application\/problem\+json/;

class FixedClock implements Clock {
  now(): Date {
    return new Date('2026-02-01T09:00:00.000Z');
  }
}

describe('facts as the records give them, over HTTP (embedded PGlite)', () => {
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
      imports: [AccessModule, BargainingModule, StatutoryWarningsModule, LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }), RecordsModule.forRoot({ dataDir, lateEntryDays: config.lateEntryDays })],
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

  it('records a session with its start and end time (hours derived) and attendees per side; refuses an end before the start', async () => {
    const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };
    await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-05'), number: 1, place: 'Board Room B', attendees, startTime: '16:00', endTime: '19:30' }).expect(201);
    const held = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).at(-1)!;
    expect(held.data).toMatchObject({ startTime: '16:00', endTime: '19:30', hours: 3.5, attendees });
    await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-06'), number: 2, place: 'Board Room B', attendees, startTime: '19:00', endTime: '16:00' }).expect(422);
    await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-06'), number: 2, place: 'Board Room B', attendees, startTime: '7pm' }).expect(400);
  });

  it('completes settlement steps with a ratification whose counts were never published, and keeps a roll call', async () => {
    const articles = [{ article: '24', title: 'Salaries', text: 'Agreed salary schedule' }];
    const taId = (await post(`/negotiations/${negotiationId}/tentative-agreements`, { occurredAt: day('2025-12-10'), side: 'employer', signatory: 'D', articles }).expect(201)).body.taId;
    await post(`/negotiations/${negotiationId}/tentative-agreements/${taId}/initials`, { occurredAt: day('2025-12-10'), side: 'union', signatory: 'U' }).expect(201);
    await post(`/negotiations/${negotiationId}/settlement`, { occurredAt: day('2025-12-10'), taIds: [taId], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Successor' }).expect(201);
    const last = async () => (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).at(-1)!;
    await post(`/negotiations/${negotiationId}/settlement/ratification-vote`, { occurredAt: day('2025-12-15'), ratified: true }).expect(201);
    expect((await last()).data).toMatchObject({ yes: null, no: null, ratified: true });
    await post(`/negotiations/${negotiationId}/settlement/ratification-vote`, { occurredAt: day('2025-12-15') }).expect(422);
    await post(`/negotiations/${negotiationId}/settlement/governing-body-approval`, {
      occurredAt: day('2026-01-14'),
      governingBody: 'Board of Education',
      vote: { ayes: 4, noes: 1, absent: 0 },
    }).expect(201);
    expect((await last()).data).toMatchObject({ resolutionNumber: null, vote: { ayes: 4, noes: 1, abstentions: null, absent: 0 } });
    await post(`/negotiations/${negotiationId}/settlement/governing-body-approval`, { occurredAt: day('2026-01-14'), governingBody: 'Board', vote: { ayes: -1 } }).expect(400);
    const view = (await get(`/negotiations/${negotiationId}`, 'negotiator').expect(200)).body;
    expect(view.table.settlementSteps.done).toEqual(['settlement-reached', 'ratified', 'governing-body-approved']);
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
    expect(text).toContain('Session 1 held at Board Room B, 16:00–19:30 (3.5 h)');
    expect(text).toContain('Ratification vote: ratified (counts not recorded)');
    expect(text).toContain('Approved by Board of Education, resolution not recorded; ayes 4, noes 1, abstentions ?, absent 0');
    const january = (await get(`/negotiations/${negotiationId}/as-of/2026-01-15`).expect(200)).body;
    expect(JSON.stringify(january)).toContain('approved');
  });
});
