import { verifyBundle } from '#bundle-verifier';
import { type EventStore, readStreamOrEmpty } from '#event-store';
import { type BargainingApp, day, problemJson, startBargainingApp } from '#testing';

/*
 * Demands to bargain over HTTP: the union demands to bargain school closures and their effects, the
 * district offers effects bargaining only, and an effects negotiation opened on the demand shows on
 * the demand; refusals store nothing; the demand appears in that negotiation's timeline, its table
 * as of a day and its audit file (JSON, which verifies with the demand's stream in it).
 */

describe('demands to bargain, over HTTP (embedded PGlite)', () => {
  let subject: BargainingApp;
  let store: EventStore;
  let unitId: string;
  let otherUnitId: string;
  let demandId: string;
  let effectsId: string;
  const post: BargainingApp['post'] = (...args) => subject.post(...args);
  const get: BargainingApp['get'] = (...args) => subject.get(...args);

  beforeAll(async () => {
    subject = await startBargainingApp('demands');
    store = subject.store;
    unitId = (await get(`/negotiations/${subject.negotiationId}`).expect(200)).body.negotiation.unitId;
    otherUnitId = (
      await post('/units', { occurredAt: day('2025-01-10'), name: 'Certificated', employer: 'Bayview USD', employeeOrganization: 'Bayview TA', statute: 'EERA' }, 'admin').expect(201)
    ).body.unitId;
  }, 120_000);

  afterAll(async () => {
    await subject?.close();
  });

  const demandEvents = async () => readStreamOrEmpty(store, `demand-${demandId}`);
  const closures = { description: 'Closure of Harbor View and Lincoln elementary schools in June 2026', kind: 'school-closure', decidedOn: '2025-10-08' };

  it('records a demand, its answer, and an effects negotiation opened on it, which the demand shows', async () => {
    const made = await post(`/units/${unitId}/demands-to-bargain`, {
      occurredAt: day('2025-10-10'),
      demandedBy: 'union',
      decision: closures,
      scope: 'both',
      statement: 'CSEA demands to bargain the decision and its effects',
    }).expect(201);
    demandId = made.body.demandId;
    expect(made.body.events[0]).toMatchObject({ type: 'DemandToBargainMade', revision: 0, classification: { level: 'internal' } });
    expect(made.body.demand).toMatchObject({ demandId, unitId, demandedBy: 'union', scope: 'both', decision: closures, demandedOn: '2025-10-10', status: 'awaiting-answer', answer: null, negotiations: [] });

    const answered = await post(`/demands-to-bargain/${demandId}/answer`, { occurredAt: day('2025-10-20'), answer: 'effects-only', statement: 'The District will bargain effects on transfers' }).expect(201);
    expect(answered.body.demand).toMatchObject({ status: 'answered', answer: { answer: 'effects-only', answeredBy: 'employer', waiverBasis: null, answeredOn: '2025-10-20' } });

    const opened = await post('/negotiations', { occurredAt: day('2025-11-03'), unitId, kind: 'effects', subject: 'Effects of the closures', demandId }).expect(201);
    effectsId = opened.body.negotiationId;
    expect(opened.body.events[0].type).toBe('NegotiationOpened');
    expect((await readStreamOrEmpty(store, `negotiation-${effectsId}`))[0]!.data).toMatchObject({ kind: 'effects', demandId });
    expect((await get(`/negotiations/${effectsId}`).expect(200)).body.negotiation).toMatchObject({ kind: 'effects', demandId });

    const demand = (await get(`/demands-to-bargain/${demandId}`, 'analyst').expect(200)).body;
    expect(demand).toMatchObject({ demandId, status: 'answered', negotiations: [{ negotiationId: effectsId, kind: 'effects', openedOn: '2025-11-03' }], revision: 2 });
    expect((await demandEvents()).map((e) => e.type)).toEqual(['DemandToBargainMade', 'DemandToBargainAnswered', 'NegotiationOpenedOnDemand']);
  });

  it('records a waiver claim with its basis', async () => {
    const layoffs = (
      await post(`/units/${unitId}/demands-to-bargain`, { occurredAt: day('2025-03-01'), demandedBy: 'union', decision: { description: 'Layoff of 12 library technicians', kind: 'layoff' }, scope: 'effects' }).expect(201)
    ).body.demandId;
    const claimed = await post(`/demands-to-bargain/${layoffs}/answer`, { occurredAt: day('2025-03-05'), answer: 'claims-waiver', waiverBasis: 'Article 3, management rights: layoffs reserved to the District' }).expect(201);
    expect(claimed.body.demand.answer).toEqual({ answer: 'claims-waiver', answeredBy: 'employer', waiverBasis: 'Article 3, management rights: layoffs reserved to the District', answeredOn: '2025-03-05' });
  });

  it('refuses bad input (400) and the impossible (4xx with a code), storing nothing', async () => {
    const before = (await demandEvents()).length;
    const badKind = await post(`/units/${unitId}/demands-to-bargain`, { occurredAt: day('2025-10-10'), demandedBy: 'union', decision: { ...closures, kind: 'outsourcing' }, scope: 'both' }).expect(400);
    expect(badKind.headers['content-type']).toMatch(problemJson);
    expect(JSON.stringify(badKind.body)).toContain('decision.kind');
    await post(`/units/${unitId}/demands-to-bargain`, { occurredAt: day('2025-10-10'), demandedBy: 'union', decision: closures, scope: 'impact' }).expect(400);
    expect((await post('/units/no_such_unit/demands-to-bargain', { occurredAt: day('2025-10-10'), demandedBy: 'union', decision: closures, scope: 'both' }).expect(404)).body.code).toBe('UNIT_NOT_REGISTERED');

    const twice = await post(`/demands-to-bargain/${demandId}/answer`, { occurredAt: day('2025-10-25'), answer: 'refuses' }).expect(422);
    expect(twice.headers['content-type']).toMatch(problemJson);
    expect(twice.body.code).toBe('DEMAND_ALREADY_ANSWERED');
    expect((await post(`/demands-to-bargain/no_such_demand/answer`, { occurredAt: day('2025-10-25'), answer: 'agrees' }).expect(404)).body.code).toBe('DEMAND_NOT_RECORDED');
    await post(`/demands-to-bargain/${demandId}/answer`, { occurredAt: day('2025-10-25'), answer: 'agrees' }, 'analyst').expect(403);

    const early = (await post(`/units/${unitId}/demands-to-bargain`, { occurredAt: day('2025-11-10'), demandedBy: 'union', decision: { description: 'Reorganisation of the business office', kind: 'reorganisation' }, scope: 'decision' }).expect(201)).body.demandId;
    expect((await post(`/demands-to-bargain/${early}/answer`, { occurredAt: day('2025-11-09'), answer: 'agrees' }).expect(422)).body.code).toBe('DEMAND_ANSWERED_BEFORE_MADE');
    expect((await post(`/demands-to-bargain/${early}/answer`, { occurredAt: day('2025-11-12'), answer: 'claims-waiver' }).expect(422)).body.code).toBe('REQUIRED_TEXT_MISSING');
    expect((await readStreamOrEmpty(store, `demand-${early}`)).length).toBe(1);

    const otherUnit = await post('/negotiations', { occurredAt: day('2025-11-04'), unitId: otherUnitId, kind: 'mid-term', demandId }).expect(422);
    expect(otherUnit.body.code).toBe('DEMAND_OF_ANOTHER_UNIT');
    expect((await post('/negotiations', { occurredAt: day('2025-11-04'), unitId, kind: 'effects', demandId: 'no_such_demand' }).expect(404)).body.code).toBe('DEMAND_NOT_RECORDED');
    expect((await demandEvents()).length).toBe(before);
    await get(`/demands-to-bargain/no_such_demand`).expect(404);
  });

  it('shows the demand in the negotiation’s timeline, its table as of a day and its audit file', async () => {
    const timeline = (await get(`/negotiations/${effectsId}/timeline`).expect(200)).body;
    const demandFacts = timeline.facts.filter((f: { source: string }) => f.source === 'demand-to-bargain');
    expect(demandFacts.map((f: { type: string; side: string | null }) => `${f.type} ${f.side}`)).toEqual([
      'DemandToBargainMade union',
      'DemandToBargainAnswered employer',
      'NegotiationOpenedOnDemand null',
    ]);
    expect(timeline.facts[0].type).toBe('DemandToBargainMade');

    const before = (await get(`/negotiations/${effectsId}/as-of/2025-10-15`).expect(200)).body;
    expect(before.demandToBargain).toMatchObject({ demandId, status: 'awaiting-answer', answer: null, negotiations: [] });
    const after = (await get(`/negotiations/${effectsId}/as-of/2025-11-05`).expect(200)).body;
    expect(after.demandToBargain).toMatchObject({ demandId, scope: 'both', status: 'answered', answer: { answer: 'effects-only' }, negotiations: [{ negotiationId: effectsId }] });
    expect((await get(`/negotiations/${subject.negotiationId}/as-of/2025-11-05`).expect(200)).body.demandToBargain).toBeNull();

    const file = (await get(`/negotiations/${effectsId}/audit-file`).expect(200)).body;
    expect(Object.keys(file.events)).toContain(`demand-${demandId}`);
    expect(file.sections.overview.demandToBargain).toMatchObject({ demandId, status: 'answered', answer: { answer: 'effects-only', answeredBy: 'employer' }, negotiations: [{ negotiationId: effectsId, kind: 'effects' }] });
    const text = JSON.stringify(file.sections.chronology);
    expect(text).toContain('Demand by the union to bargain the decision and the effects of Closure of Harbor View and Lincoln elementary schools in June 2026 (school closure, decided 2025-10-08)');
    expect(text).toContain('Demand to bargain answered by the employer: offers to bargain the effects only');
    expect((await verifyBundle(file)).intact).toBe(true);
    expect((await get(`/negotiations/${subject.negotiationId}/audit-file`).expect(200)).body.sections.overview.demandToBargain).toBeNull();
    const pdf = await get(`/negotiations/${effectsId}/audit-file?format=pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
