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
 * Work stoppages over HTTP: a strike noticed, begun under the notice's id, ended, with a
 * return-to-work agreement; a lockout without notice; refusals store nothing; each fact appears in
 * the timeline, the table as of a day and the audit file.
 */

const day = (at: string) => ({ at, precision: 'day' as const });
const problemJson = /^application\/problem\+json/;

class FixedClock implements Clock {
  now(): Date {
    return new Date('2026-02-01T09:00:00.000Z');
  }
}

describe('work stoppages, over HTTP (embedded PGlite)', () => {
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
    dataDir = await mkdtemp(join(tmpdir(), 'lrr-stoppages-e2e-'));
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

  const stream = async () => readStreamOrEmpty(store, `negotiation-${negotiationId}`);
  const base = (id: string) => `/negotiations/${id}/work-stoppages`;
  let strikeId: string;

  it('records a strike notice, the strike begun under its id, a return-to-work agreement and its end; a lockout without notice', async () => {
    const notice = await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-09-02'), kind: 'strike', plannedStartOn: '2025-09-15', estimatedParticipants: 410, statement: 'Ten days’ notice' }).expect(201);
    strikeId = notice.body.stoppageId;
    expect(strikeId).toEqual(expect.any(String));
    expect(notice.body.events[0]).toMatchObject({ type: 'WorkStoppageNoticeGiven', classification: { level: 'internal' } });
    const began = await post(base(negotiationId), { occurredAt: day('2025-09-15'), kind: 'strike', stoppageId: strikeId, estimatedParticipants: 380 }).expect(201);
    expect(began.body.stoppageId).toBe(strikeId);
    await post(`${base(negotiationId)}/return-to-work-agreements`, { occurredAt: day('2025-09-18'), stoppageId: strikeId, terms: 'No reprisals; strike days made up in June' }).expect(201);
    await post(`${base(negotiationId)}/${strikeId}/end`, { occurredAt: day('2025-09-19'), summary: 'Back at work on the 19th' }).expect(201);
    const lockout = await post(base(negotiationId), { occurredAt: day('2025-10-01'), kind: 'lockout' }).expect(201);
    expect(lockout.body.stoppageId).not.toBe(strikeId);
    const stored = await stream();
    expect(stored.map((e) => e.type)).toEqual(['NegotiationOpened', 'WorkStoppageNoticeGiven', 'WorkStoppageBegan', 'ReturnToWorkAgreed', 'WorkStoppageEnded', 'WorkStoppageBegan']);
    expect(stored[2]!.data).toMatchObject({ stoppageId: strikeId, kind: 'strike', by: 'union', noticeGivenOn: '2025-09-02', estimatedParticipants: 380, beganOn: '2025-09-15' });
    expect(stored[5]!.data).toMatchObject({ kind: 'lockout', by: 'employer', noticeGivenOn: null, estimatedParticipants: null });
  });

  it('refuses bad input (400) and the impossible (422 with a code), storing nothing', async () => {
    const before = (await stream()).length;
    const badKind = await post(base(negotiationId), { occurredAt: day('2025-10-02'), kind: 'slowdown' }).expect(400);
    expect(badKind.headers['content-type']).toMatch(problemJson);
    expect(JSON.stringify(badKind.body)).toContain('kind');
    const badCount = await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-10-02'), kind: 'strike', estimatedParticipants: 'many' }).expect(400);
    expect(JSON.stringify(badCount.body)).toContain('estimatedParticipants');
    await post(`${base(negotiationId)}/return-to-work-agreements`, { occurredAt: day('2025-10-02') }).expect(400);
    const lockoutId = (await stream()).at(-1)!.data['stoppageId'] as string;
    const early = await post(`${base(negotiationId)}/${lockoutId}/end`, { occurredAt: day('2025-09-30') }).expect(422);
    expect(early.headers['content-type']).toMatch(problemJson);
    expect(early.body.code).toBe('WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN');
    expect((await post(`${base(negotiationId)}/${strikeId}/end`, { occurredAt: day('2025-09-20') }).expect(422)).body.code).toBe('WORK_STOPPAGE_ALREADY_ENDED');
    expect((await post(`${base(negotiationId)}/never_begun/end`, { occurredAt: day('2025-10-02') }).expect(422)).body.code).toBe('WORK_STOPPAGE_NOT_RECORDED');
    expect((await post(base(negotiationId), { occurredAt: day('2025-10-02'), kind: 'strike', stoppageId: strikeId }).expect(422)).body.code).toBe('WORK_STOPPAGE_ALREADY_BEGAN');
    const noticeOnly = (await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-10-03'), kind: 'sick-out' }).expect(201)).body.stoppageId;
    expect((await post(`${base(negotiationId)}/${noticeOnly}/end`, { occurredAt: day('2025-10-04') }).expect(422)).body.code).toBe('WORK_STOPPAGE_NOT_BEGUN');
    await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-10-03'), kind: 'strike' }, 'analyst').expect(403);
    expect((await stream()).length).toBe(before + 1);
  });

  it('corrects a stoppage fact with the rules of its command', async () => {
    const began = (await stream()).find((e) => e.type === 'WorkStoppageBegan')!;
    const correct = (correctedFields: object) => post(`/negotiations/${negotiationId}/corrections`, { occurredAt: day('2025-10-05'), correctedEventId: began.eventId, reason: 'union count', correctedFields });
    expect((await correct({ estimatedParticipants: 'many' }).expect(400)).body.errors[0].property).toBe('correctedFields.estimatedParticipants');
    await correct({ estimatedParticipants: 395 }).expect(201);
    expect((await stream()).at(-1)!.data).toMatchObject({ correctedEventType: 'WorkStoppageBegan', correctedFields: { estimatedParticipants: 395 } });
  });

  it('shows them in the timeline, the table as of a day and the audit file', async () => {
    const timeline = JSON.stringify((await get(`/negotiations/${negotiationId}/timeline`).expect(200)).body);
    for (const type of ['WorkStoppageNoticeGiven', 'WorkStoppageBegan', 'WorkStoppageEnded', 'ReturnToWorkAgreed']) expect(timeline).toContain(type);
    const during = (await get(`/negotiations/${negotiationId}/as-of/2025-09-16`).expect(200)).body;
    expect(during.workStoppages).toEqual([{ stoppageId: strikeId, kind: 'strike', by: 'union', status: 'in-progress', noticeGivenOn: '2025-09-02', beganOn: '2025-09-15', endedOn: null }]);
    const after = (await get(`/negotiations/${negotiationId}/as-of/2025-10-01`).expect(200)).body;
    expect(after.workStoppages.map((s: { kind: string; status: string }) => `${s.kind} ${s.status}`)).toEqual(['strike ended', 'lockout in-progress']);
    const file = (await get(`/negotiations/${negotiationId}/audit-file`).expect(200)).body;
    const text = JSON.stringify(file.sections);
    expect(text).toContain('Notice of a strike given by the union, to begin 2025-09-15, about 410 employees');
    expect(text).toContain('Strike by the union began (notice given 2025-09-02), about 380 employees');
    expect(text).toContain('Return to work agreed: No reprisals; strike days made up in June');
    expect(text).toContain('Strike by the union ended');
    expect(text).toContain('Lockout by the employer began, no notice recorded');
  });
});
