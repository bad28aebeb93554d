import request from 'supertest';
import { AccessModule } from '#access';
import { StatutoryWarningsModule } from '#compliance';
import { BARGAINING_PROJECTIONS, BargainingModule, BargainingReadModelsModule, type NegotiationCommand, type NegotiationCommandType, negotiationDecider, negotiationStream } from '#bargaining';
import { INFORMATION_REQUEST_PROJECTIONS, InformationRequestsModule, informationRequestDecider, informationRequestStream } from '#information-requests';
import { type EventStore, type RecordedEvent, handleCommand, readStreamOrEmpty } from '#event-store';
import type { Role } from '#kernel';
import { LegalModule } from '#legal';
import { ProjectorModule, ProjectorService } from '#projector';
import { type TestApp, startTestApp } from '#testing';

/*
 * The article-history routes read through the one read policy: each fact by its classification in
 * effect today (classification changes recorded after the fact count), every confidential or
 * privileged fact shown is logged, privileged facts need X-Access-Purpose, and an article with
 * nothing the caller may read answers 404. Embedded PGlite in memory, the projector in process.
 */

const ARTICLE_HISTORY = 'GET /negotiations/:id/articles/:article/history';
const ARTICLES = 'GET /negotiations/:id/articles';
const COSTING = 'Two percent on the schedule costs 1.1M a year';

describe('article history through the read policy (embedded PGlite)', () => {
  let test: TestApp;
  let store: EventStore;
  const run = Math.random().toString(36).slice(2, 10);
  const negotiationId = `bayview_policy_${run}`;
  const ids: Record<string, string> = {};
  let commands = 0;

  const get = (path: string, role: Role, purpose?: string) =>
    request(test.server)
      .get(path)
      .set({ ...test.bearer(role), ...(purpose !== undefined && { 'X-Access-Purpose': purpose }) });
  const history = (article: string, role: Role, purpose?: string) => get(`/negotiations/${negotiationId}/articles/${article}/history`, role, purpose);
  const reclassify = (targetEventId: string, level: string, basis: string) =>
    request(test.server)
      .post(`/negotiations/${negotiationId}/classification-changes`)
      .set(test.bearer('records-officer'))
      .send({ targetEventId, to: { level, basis }, effectiveOn: '2025-07-01', reason: 'Reviewed by the records office' })
      .expect(201);
  /** The access-log entries appended since `from`. */
  const logSince = async (from: number) =>
    (await readStreamOrEmpty(store, `accesslog-${negotiationId}`)).slice(from).map((e) => e.data as { eventId: string; resource: string; role: string; purpose: string | null; classification: string });
  const logLength = async () => (await readStreamOrEmpty(store, `accesslog-${negotiationId}`)).length;
  const entryIds = (body: { entries: { eventId: string }[] }) => body.entries.map((e) => e.eventId);

  async function record<T extends NegotiationCommandType>(type: T, data: Omit<Extract<NegotiationCommand, { type: T }>['data'], 'negotiationId'>, at: string): Promise<readonly RecordedEvent[]> {
    commands += 1;
    const metadata = { now: `${at}T20:00:00.000Z`, occurredAt: { at, precision: 'day' as const }, actor: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' as const }, commandId: `${run}-${commands}`, correlationId: `${run}-corr` };
    const command = { type, data: { negotiationId, ...data }, metadata } as unknown as NegotiationCommand;
    return (await handleCommand(store, negotiationStream(negotiationId), negotiationDecider, command)).events;
  }

  const articles = (article: string, text: string) => [{ article, title: `Article ${article}`, changeKind: 'amend' as const, text }];

  beforeAll(async () => {
    test = await startTestApp({
      name: 'read-policy',
      imports: [AccessModule, BargainingModule, StatutoryWarningsModule, InformationRequestsModule, LegalModule.forRoot({ lateEntryDays: 7 }), ProjectorModule.forRoot({ projections: [...BARGAINING_PROJECTIONS, ...INFORMATION_REQUEST_PROJECTIONS], run: true }), BargainingReadModelsModule],
    });
    store = test.store;
    const unit = {
      unitId: `bayview_teachers_${run}`,
      name: 'Bayview certificated unit',
      employer: 'Bayview Unified School District',
      employeeOrganization: 'Bayview Teachers Association',
      statute: 'EERA' as const,
      currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
    };
    await record('OpenNegotiation', { unit, kind: 'successor', articlesInScope: [] }, '2025-01-15');
    ids.u1 = (await record('TableProposal', { proposalId: 'u1', side: 'union', number: 'U-1', articles: articles('24', 'Salaries increase by 6% on July 1, 2025.') }, '2025-03-19'))[0]!.eventId;
    const d1 = await record(
      'TableCounterproposal',
      { proposalId: 'd1', side: 'employer', number: 'D-1', respondsTo: 'u1', articles: articles('24', 'Salaries increase by 2% on July 1, 2025.'), costing: { summary: COSTING, costs: [{ fiscalYear: '2025-26', amount: '1100000.00' }] } },
      '2025-03-26',
    );
    ids.d1 = d1[0]!.eventId;
    ids.d1Costing = d1.find((e) => e.type === 'ProposalCostingRecorded')!.eventId;
    const ta = [{ article: '23', title: 'Article 23', text: 'Bereavement leave of five days.' }];
    ids.ta23District = (await record('InitialTentativeAgreement', { taId: 'ta_23', side: 'employer', signatory: 'Dana Ruiz', articles: ta }, '2025-04-02'))[0]!.eventId;
    ids.ta23Union = (await record('InitialTentativeAgreement', { taId: 'ta_23', side: 'union', signatory: 'Lee Park' }, '2025-04-04'))[0]!.eventId;
    ids.advice = (await record('RecordConfidentialNote', { kind: 'legal-advice', title: 'Impasse timing', body: 'Counsel advises waiting for the board meeting', author: 'Morgan Lee', sessionId: null }, '2025-04-10'))[0]!.eventId;
    const received = await handleCommand(store, informationRequestStream(`rfi_${run}`), informationRequestDecider, {
      type: 'ReceiveInformationRequest',
      data: {
        requestId: `rfi_${run}`,
        unitId: unit.unitId,
        from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
        negotiationId,
        items: [{ number: 1, description: 'Step-and-column placement of each unit member, 2024-25' }],
        responsePolicy: { kind: 'business-days', days: 10 },
      },
      metadata: { now: '2025-04-10T20:00:00.000Z', occurredAt: { at: '2025-04-10', precision: 'day' }, actor: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' }, commandId: `${run}-rfi`, correlationId: `${run}-corr` },
    } as never);
    ids.rfi = received.events[0]!.eventId;
    await test.app.get(ProjectorService).caughtUp(30_000);
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  it('a confidential costing shown in an article’s history is a logged read; a reader not cleared for it sees none and nothing is logged', async () => {
    let from = await logLength();
    const negotiator = await history('24', 'negotiator').expect(200);
    const d1 = negotiator.body.entries.find((e: { eventId: string }) => e.eventId === ids.d1);
    expect(d1.costing).toMatchObject({ summary: COSTING, eventId: ids.d1Costing, classification: { level: 'confidential' } });
    expect(await logSince(from)).toEqual([expect.objectContaining({ eventId: ids.d1Costing, resource: ARTICLE_HISTORY, role: 'negotiator', classification: 'confidential' })]);

    from = await logLength();
    const analyst = await history('24', 'analyst').expect(200);
    expect(analyst.body.entries.find((e: { eventId: string }) => e.eventId === ids.d1).costing).toBeNull();
    expect(JSON.stringify(analyst.body)).not.toContain(COSTING);
    expect(await logSince(from)).toEqual([]);
  });

  it('a window of the chain logs the reads it shows: the costing of a position outside it is neither shown nor logged', async () => {
    let from = await logLength();
    const older = await get(`/negotiations/${negotiationId}/articles/24/history?limit=1&before=${ids.d1}`, 'negotiator').expect(200);
    expect(entryIds(older.body)).toEqual([ids.u1]);
    expect(older.body).toMatchObject({ entryCount: 2, olderBefore: null });
    expect(JSON.stringify(older.body)).not.toContain(COSTING);
    expect(await logSince(from)).toEqual([]);
    from = await logLength();
    const latest = await get(`/negotiations/${negotiationId}/articles/24/history?limit=1`, 'negotiator').expect(200);
    expect(entryIds(latest.body)).toEqual([ids.d1]);
    expect(latest.body).toMatchObject({ entryCount: 2, olderBefore: ids.d1 });
    expect(await logSince(from)).toEqual([expect.objectContaining({ eventId: ids.d1Costing, resource: ARTICLE_HISTORY, classification: 'confidential' })]);
  });

  it('follows classification changes recorded after the fact: a position made confidential leaves the analyst’s chain and is logged for the negotiator', async () => {
    await reclassify(ids.u1, 'confidential', 'pending litigation');
    expect(entryIds((await history('24', 'analyst').expect(200)).body)).toEqual([ids.d1]);
    const from = await logLength();
    const negotiator = await history('24', 'negotiator').expect(200);
    expect(entryIds(negotiator.body)).toEqual([ids.u1, ids.d1]);
    expect(negotiator.body.entries[0].classification).toEqual({ level: 'confidential', basis: 'pending litigation' });
    expect((await logSince(from)).map((e) => e.eventId).sort()).toEqual([ids.u1, ids.d1Costing].sort());
  });

  it('a position made privileged is shown only to a reader cleared for it who states a purpose; without one it is withheld and counted', async () => {
    await reclassify(ids.d1, 'privileged', 'attorney work product');
    const negotiator = await history('24', 'negotiator').expect(200);
    expect(entryIds(negotiator.body)).toEqual([ids.u1]);
    expect(negotiator.body.withheldForPurpose).toBe(0);
    const counsel = await history('24', 'legal-counsel').expect(200);
    expect(entryIds(counsel.body)).toEqual([ids.u1]);
    expect(counsel.body.withheldForPurpose).toBe(1);
    const from = await logLength();
    const withPurpose = await history('24', 'legal-counsel', 'PERB case SF-CE-0042').expect(200);
    expect(entryIds(withPurpose.body)).toEqual([ids.u1, ids.d1]);
    expect(withPurpose.body.withheldForPurpose).toBe(0);
    expect(await logSince(from)).toContainEqual(expect.objectContaining({ eventId: ids.d1, classification: 'privileged', purpose: 'PERB case SF-CE-0042' }));
  });

  it('lists report how many records they leave out for want of a purpose: proposals, notes, timeline, access log', async () => {
    // By now D-1 is privileged (above); the legal advice was recorded privileged.
    const count = async (path: string, role: Role, purpose?: string) => ((await get(path, role, purpose).expect(200)).body as { withheldForPurpose: number }).withheldForPurpose;
    const base = `/negotiations/${negotiationId}`;
    expect(await count(`${base}/proposals`, 'legal-counsel')).toBe(1);
    expect(await count(`${base}/proposals`, 'legal-counsel', 'PERB case SF-CE-0042')).toBe(0);
    expect(await count(`${base}/proposals`, 'negotiator')).toBe(0);
    expect(await count(`${base}/confidential-notes`, 'legal-counsel')).toBe(1);
    expect(await count(`${base}/confidential-notes`, 'analyst')).toBe(0);
    // The advice, D-1, and the change that made D-1 privileged (classified as the more restrictive of its marks).
    expect(await count(`${base}/timeline`, 'legal-counsel')).toBe(3);
    expect(await count(`${base}/articles`, 'legal-counsel')).toBe(1);
    expect(await count(`/access-log?negotiationId=${negotiationId}`, 'records-officer')).toBe(0);
  });

  it('an information request follows its classification changes: made confidential, it is hidden from analysts (404) and a logged read for negotiators', async () => {
    const path = `/information-requests/rfi_${run}?asOf=2025-05-01`;
    const listed = async (role: Role) => ((await get('/information-requests?overdueAsOf=2025-05-01&limit=200', role).expect(200)).body.items as { requestId: string }[]).some((i) => i.requestId === `rfi_${run}`);
    await get(path, 'analyst').expect(200);
    expect(await listed('analyst')).toBe(true);
    await reclassify(ids.rfi!, 'confidential', 'personnel information');
    const hidden = await get(path, 'analyst').expect(404);
    expect(hidden.body.code).toBe('INFORMATION_REQUEST_NOT_FOUND');
    expect(await listed('analyst')).toBe(false);
    let from = await logLength();
    await get(path, 'negotiator').expect(200);
    expect(await logSince(from)).toEqual([expect.objectContaining({ eventId: ids.rfi, resource: 'GET /information-requests/:requestId', classification: 'confidential' })]);
    from = await logLength();
    expect(await listed('negotiator')).toBe(true);
    expect(await logSince(from)).toEqual([expect.objectContaining({ eventId: ids.rfi, resource: 'GET /information-requests', classification: 'confidential' })]);
  });

  it('a request one of whose records the caller may not read is listed as the request they may read: the list and the request agree', async () => {
    const requestId = `rfi_partial_${run}`;
    const metadata = (at: string, n: number) => ({ now: `${at}T20:00:00.000Z`, occurredAt: { at, precision: 'day' }, actor: { subject: 'dana.ruiz@bayviewusd.example', role: 'negotiator' }, commandId: `${run}-partial-${n}`, correlationId: `${run}-corr` });
    const items = [{ number: 1, description: 'Step-and-column placement of each unit member, 2024-25' }];
    const send = (command: object) => handleCommand(store, informationRequestStream(requestId), informationRequestDecider, command as never);
    await send({ type: 'ReceiveInformationRequest', data: { requestId, unitId: `bayview_teachers_${run}`, from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' }, negotiationId, items, responsePolicy: { kind: 'business-days', days: 10 } }, metadata: metadata('2025-04-11', 1) });
    const produced = await send({ type: 'ProduceInformationItem', data: { requestId, itemNumber: 1, documents: [{ name: 'placement.xlsx', sha256: 'a'.repeat(64) }], completeness: 'complete' }, metadata: metadata('2025-04-15', 2) });
    await reclassify(produced.events[0]!.eventId, 'confidential', 'personnel information');
    await test.app.get(ProjectorService).caughtUp(30_000);
    const listedAs = async (role: Role) => ((await get(`/information-requests?limit=200&overdueAsOf=2025-05-01`, role).expect(200)).body.items as { requestId: string; items: unknown[] }[]).find((i) => i.requestId === requestId);
    const single = async (role: Role) => (await get(`/information-requests/${requestId}?asOf=2025-05-01`, role).expect(200)).body;
    // The analyst does not see the production: item 1 is overdue for them, in the list and alone.
    expect((await single('analyst')).items[0]).toMatchObject({ number: 1, overdue: true, productions: [] });
    expect(await listedAs('analyst')).toMatchObject({ status: 'open', overdue: true, items: [{ number: 1, overdue: true }] });
    // The negotiator does: answered, so not on the overdue list; on the register, answered on time.
    expect((await single('negotiator')).items[0]).toMatchObject({ number: 1, overdue: false });
    expect(await listedAs('negotiator')).toBeUndefined();
    const register = (await get(`/information-request-register/${requestId}?asOf=2025-05-01`, 'negotiator').expect(200)).body;
    expect(register.items[0]).toMatchObject({ number: 1, overdue: false, firstResponseOn: '2025-04-15' });
    expect((await get(`/information-request-register/${requestId}?asOf=2025-05-01`, 'analyst').expect(200)).body.items[0]).toMatchObject({ number: 1, overdue: true, firstResponseOn: null });
  });

  it('an article whose every fact is above the caller’s clearance answers 404, and the list of articles leaves it out', async () => {
    expect((await history('23', 'analyst').expect(200)).body.status).toBe('agreed');
    await reclassify(ids.ta23District, 'confidential', 'pending litigation');
    await reclassify(ids.ta23Union, 'confidential', 'pending litigation');
    const hidden = await history('23', 'analyst').expect(404);
    expect(hidden.body.code).toBe('ARTICLE_NOT_FOUND');
    expect((await history('23', 'negotiator').expect(200)).body.entries).toHaveLength(1);
    // By now the analyst may read nothing on Article 24 either (U-1 confidential, D-1 privileged).
    const list = await get(`/negotiations/${negotiationId}/articles`, 'analyst').expect(200);
    expect(list.body.articles).toEqual([]);
    const from = await logLength();
    const negotiator = await get(`/negotiations/${negotiationId}/articles`, 'negotiator').expect(200);
    expect(negotiator.body.articles.map((a: { article: string }) => a.article)).toEqual(['23', '24']);
    expect(new Set((await logSince(from)).map((e) => e.resource))).toEqual(new Set([ARTICLES]));
  });

  it('the article board asked again answers the same, logs its reads again, and follows what was recorded since', async () => {
    const board = (role: Role, purpose?: string) => get(`/negotiations/${negotiationId}/articles`, role, purpose).expect(200);
    let from = await logLength();
    const first = (await board('negotiator')).body;
    const firstLog = (await logSince(from)).map((e) => e.eventId).sort();
    expect(firstLog.length).toBeGreaterThan(0);
    from = await logLength();
    expect((await board('negotiator')).body).toEqual(first);
    expect((await logSince(from)).map((e) => e.eventId).sort()).toEqual(firstLog);
    // Counsel without a purpose is told of the privileged position withheld, with one is shown it; each asked twice.
    for (let i = 0; i < 2; i++) {
      expect((await board('legal-counsel')).body.withheldForPurpose).toBe(1);
      expect((await board('legal-counsel', 'PERB case SF-CE-0042')).body.withheldForPurpose).toBe(0);
    }
    // A classification change recorded since: the analyst may read Article 23 again.
    expect((await board('analyst')).body.articles).toEqual([]);
    await reclassify(ids.ta23District, 'internal', 'litigation settled');
    await reclassify(ids.ta23Union, 'internal', 'litigation settled');
    expect((await board('analyst')).body.articles.map((a: { article: string }) => a.article)).toEqual(['23']);
  });
});
