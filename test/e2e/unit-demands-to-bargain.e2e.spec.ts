import request from 'supertest';
import { AccessModule } from '#access';
import { BARGAINING_PROJECTIONS, BargainingModule, BargainingReadModelsModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import type { Role } from '#kernel';
import { ProjectorModule, ProjectorService } from '#projector';
import { type TestApp, day, problemJson, startTestApp } from '#testing';

/*
 * A unit's demands to bargain over HTTP, from the demands-to-bargain read model: newest first by the
 * day demanded, a page at a time, each the same answer as GET /demands-to-bargain/:id (made,
 * answered, the negotiations opened on it); other units' demands are not listed; an unknown unit is
 * a 404; bad paging is a 400.
 */

describe('a unit’s demands to bargain, over HTTP (embedded PGlite)', () => {
  let test: TestApp;
  let unitId: string;
  let otherUnitId: string;
  const ids: Record<'closure' | 'layoff' | 'reorganisation' | 'other', string> = { closure: '', layoff: '', reorganisation: '', other: '' };
  const post = (path: string, body: object, role: Role = 'negotiator') => request(test.server).post(path).set(test.bearer(role)).send(body);
  const get = (path: string, role: Role = 'analyst') => request(test.server).get(path).set(test.bearer(role));
  const caughtUp = () => test.app.get(ProjectorService).caughtUp(30_000);

  beforeAll(async () => {
    test = await startTestApp({
      name: 'unit-demands',
      imports: [AccessModule, BargainingModule, StatutoryWarningsModule, ProjectorModule.forRoot({ projections: BARGAINING_PROJECTIONS, run: true }), BargainingReadModelsModule],
    });
    const unit = (name: string) => post('/units', { occurredAt: day('2025-01-10'), name, employer: 'Bayview USD', employeeOrganization: 'Bayview CSEA', statute: 'EERA' }, 'admin').expect(201);
    unitId = (await unit('Clerical')).body.unitId;
    otherUnitId = (await unit('Certificated')).body.unitId;
    const demand = async (at: string, kind: string, description: string, on = unitId) =>
      (await post(`/units/${on}/demands-to-bargain`, { occurredAt: day(at), demandedBy: 'union', decision: { description, kind }, scope: 'effects' }).expect(201)).body.demandId as string;
    ids.layoff = await demand('2025-03-01', 'layoff', 'Layoff of 12 library technicians');
    ids.closure = await demand('2025-10-10', 'school-closure', 'Closure of Harbor View elementary');
    // Recorded later, dated earlier: the list is by the day demanded.
    ids.reorganisation = await demand('2025-05-20', 'reorganisation', 'Reorganisation of the transportation department');
    ids.other = await demand('2025-06-01', 'other', 'Outsourcing of custodial work', otherUnitId);
    await post(`/demands-to-bargain/${ids.closure}/answer`, { occurredAt: day('2025-10-20'), answer: 'effects-only' }).expect(201);
    await post('/negotiations', { occurredAt: day('2025-11-03'), unitId, kind: 'effects', subject: 'Effects of the closure', demandId: ids.closure }).expect(201);
    await caughtUp();
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  it('lists the unit’s demands newest first, each with its answer and the negotiations opened on it', async () => {
    const page = (await get(`/units/${unitId}/demands-to-bargain`).expect(200)).body;
    expect(page.items.map((d: { demandId: string }) => d.demandId)).toEqual([ids.closure, ids.reorganisation, ids.layoff]);
    expect(page.nextCursor).toBeNull();
    expect(page.items[0]).toMatchObject({
      status: 'answered',
      answer: { answer: 'effects-only', answeredBy: 'employer', answeredOn: '2025-10-20' },
      negotiations: [{ kind: 'effects', openedOn: '2025-11-03' }],
    });
    expect(page.items[1]).toMatchObject({ status: 'awaiting-answer', answer: null, negotiations: [] });
  });

  it('answers each demand as GET /demands-to-bargain/:id does (the projection equals the fold of its stream)', async () => {
    const page = (await get(`/units/${unitId}/demands-to-bargain`).expect(200)).body;
    for (const item of page.items as { demandId: string }[]) {
      expect(item).toEqual((await get(`/demands-to-bargain/${item.demandId}`).expect(200)).body);
    }
    expect((await get(`/units/${otherUnitId}/demands-to-bargain`).expect(200)).body.items.map((d: { demandId: string }) => d.demandId)).toEqual([ids.other]);
  });

  it('pages with a cursor, neither repeating nor skipping', async () => {
    const first = (await get(`/units/${unitId}/demands-to-bargain?limit=2`).expect(200)).body;
    expect(first.items.map((d: { demandId: string }) => d.demandId)).toEqual([ids.closure, ids.reorganisation]);
    const second = (await get(`/units/${unitId}/demands-to-bargain?limit=2&cursor=${first.nextCursor}`).expect(200)).body;
    expect(second).toMatchObject({ items: [{ demandId: ids.layoff }], nextCursor: null });
  });

  it('answers 404 for a unit not recorded, 400 for bad paging, 401 without a token', async () => {
    const unknown = await get('/units/no_such_unit/demands-to-bargain').expect(404);
    expect(unknown.headers['content-type']).toMatch(problemJson);
    expect(unknown.body.code).toBe('UNIT_NOT_FOUND');
    await get(`/units/${unitId}/demands-to-bargain?limit=0`).expect(400);
    await get(`/units/${unitId}/demands-to-bargain?cursor=not-a-cursor`).expect(400);
    await request(test.server).get(`/units/${unitId}/demands-to-bargain`).expect(401);
  });

  it('follows a new demand and a new answer once the projector has caught up', async () => {
    const made = (await post(`/units/${unitId}/demands-to-bargain`, { occurredAt: day('2025-12-01'), demandedBy: 'employer', decision: { description: 'Change of work calendar', kind: 'other' }, scope: 'decision' }).expect(201)).body.demandId;
    await post(`/demands-to-bargain/${ids.layoff}/answer`, { occurredAt: day('2025-03-05'), answer: 'claims-waiver', waiverBasis: 'Article 3, management rights' }).expect(201);
    await caughtUp();
    const items = (await get(`/units/${unitId}/demands-to-bargain`).expect(200)).body.items as { demandId: string; demandedBy: string; answer: { answer: string } | null }[];
    expect(items.map((d) => d.demandId)).toEqual([made, ids.closure, ids.reorganisation, ids.layoff]);
    expect(items[0]).toMatchObject({ demandedBy: 'employer', answer: null });
    expect(items[3]!.answer).toMatchObject({ answer: 'claims-waiver', answeredBy: 'employer', waiverBasis: 'Article 3, management rights' });
  });
});
