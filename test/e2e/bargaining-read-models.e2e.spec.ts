import request from 'supertest';
import {
  BARGAINING_PROJECTIONS,
  BargainingReadModelsModule,
  type NegotiationCommand,
  type NegotiationCommandType,
  type UnitSnapshot,
  negotiationDecider,
  negotiationStream,
  unitDecider,
  unitStream,
} from '#bargaining';
import { type EventStore, type RecordedEvent, handleCommand } from '#event-store';
import { type Actor, type ClassificationMark, INTERNAL, type Role } from '#kernel';
import { ProjectorModule, ProjectorService } from '#projector';
import { rebuildProjection } from '#read-store';
import { BAYVIEW_TEXT, type TestApp, startTestApp, storeBackends } from '#testing';

/*
 * The bargaining read models over real HTTP: a negotiation is recorded straight into the event store
 * (the deciders through handleCommand, as the write side does), the embedded projector feeds the
 * projections, and the query routes answer as each role's clearance allows. On PGlite in memory and,
 * when DATABASE_URL is set, on PostgreSQL; ids are unique per run, since PostgreSQL keeps earlier
 * runs' (immutable) events.
 */

const DATABASE_URL = process.env.DATABASE_URL;
const problemJson = /^application\/problem\+json/;

const backends = storeBackends(DATABASE_URL);

if (!DATABASE_URL) {
  describe('bargaining read models over HTTP on PostgreSQL', () => {
    it.skip('… skipped: DATABASE_URL is not set', () => {});
  });
}

const TEXT = {
  ...BAYVIEW_TEXT,
  pkg_24: 'Salaries increase by 3% on July 1, 2025, and 1% on July 1, 2026.',
  u3_15: 'Preparation time: 300 minutes per week.',
};
const COSTING_SUMMARY = '2% on the salary schedule: $1.1M a year';

describe.each(backends)('bargaining read models over HTTP on $name', ({ open }) => {
  let test: TestApp;
  let store: EventStore;
  const run = Math.random().toString(36).slice(2, 10);
  const unitId = `bayview_teachers_${run}`;
  const otherUnitId = `city_clerical_${run}`;
  const negotiationId = `bayview_2025_${run}`;
  const reopenerId = `bayview_reopener_${run}`;
  const oldId = `bayview_2024_${run}`;
  const ids: Record<string, string> = {};
  let commands = 0;

  const get = (path: string, role: Role = 'analyst') => request(test.server).get(path).set(test.bearer(role));
  const negotiator: Actor = { subject: `dana.ruiz.${run}@bayviewusd.example`, role: 'negotiator' };

  const metadata = (at: string, recordedAt?: string) => ({
    now: recordedAt ?? `${at}T20:00:00.000Z`,
    occurredAt: { at, precision: 'day' as const },
    actor: negotiator,
    commandId: `${run}-${++commands}`,
    correlationId: `${run}-corr`,
  });

  async function registerUnit(unit: UnitSnapshot): Promise<void> {
    await handleCommand(store, unitStream(unit.unitId), unitDecider, { type: 'RegisterUnit', data: { ...unit, description: null }, metadata: metadata('2022-07-01') });
  }

  async function record<T extends NegotiationCommandType>(
    negotiation: string,
    type: T,
    data: Omit<Extract<NegotiationCommand, { type: T }>['data'], 'negotiationId'>,
    at: string,
    recordedAt?: string,
  ): Promise<readonly RecordedEvent[]> {
    const command = { type, data: { negotiationId: negotiation, ...data }, metadata: metadata(at, recordedAt) } as unknown as NegotiationCommand;
    return (await handleCommand(store, negotiationStream(negotiation), negotiationDecider, command)).events;
  }

  const articles = (...pairs: [string, string][]) => pairs.map(([article, text]) => ({ article, title: `Article ${article}`, changeKind: 'amend' as const, text }));

  async function recordBayview(): Promise<void> {
    const unit: UnitSnapshot = {
      unitId,
      name: `Bayview certificated ${run}`,
      employer: 'Bayview Unified School District',
      employeeOrganization: 'Bayview Teachers Association',
      statute: 'EERA',
      currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
    };
    await registerUnit(unit);
    await registerUnit({ ...unit, unitId: otherUnitId, name: `City clerical ${run}`, statute: 'MMBA' });
    const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };
    const n = negotiationId;
    await record(n, 'OpenNegotiation', { unit, kind: 'successor', articlesInScope: [] }, '2025-01-15');
    await record(n, 'AgreeGroundRules', { taRule: 'reopenable-until-global', terms: null }, '2025-01-29');
    await record(n, 'HoldSession', { sessionId: 'session_1', number: 1, place: 'District office', attendees, articlesDiscussed: ['10', '24'] }, '2025-03-05');
    ids.u1 = (await record(n, 'TableProposal', { proposalId: 'u1', side: 'union', number: 'U-1', articles: articles(['24', TEXT.u1_24], ['10', TEXT.u1_10]) }, '2025-03-19'))[0]!.eventId;
    const d1 = await record(
      n,
      'TableCounterproposal',
      { proposalId: 'd1', side: 'employer', number: 'D-1', respondsTo: 'u1', articles: articles(['24', TEXT.d1_24], ['10', TEXT.d1_10]), costing: { summary: COSTING_SUMMARY, costs: [{ fiscalYear: '2025-26', amount: '1100000.00' }] } },
      '2025-03-26',
    );
    ids.d1 = d1[0]!.eventId;
    await record(n, 'HoldSession', { sessionId: 'session_2', number: 2, place: 'District office', attendees, articlesDiscussed: ['10', '24'] }, '2025-03-26');
    const u2 = await record(n, 'TableCounterproposal', { proposalId: 'u2', side: 'union', number: 'U-2', respondsTo: 'd1', articles: articles(['24', TEXT.u2_24]) }, '2025-04-02');
    ids.u2 = u2[0]!.eventId;
    const ta = [{ article: '23', title: 'Article 23', text: TEXT.ta_23 }];
    ids.ta23 = (await record(n, 'InitialTentativeAgreement', { taId: 'ta_23', side: 'employer', signatory: 'Dana Ruiz', articles: ta }, '2025-04-02'))[0]!.eventId;
    await record(n, 'InitialTentativeAgreement', { taId: 'ta_23', side: 'union', signatory: 'Lee Park' }, '2025-04-04');
    ids.pkg = (await record(n, 'TablePackage', { proposalId: 'pkg1', side: 'employer', number: 'D-PKG-1', conditional: true, articles: articles(['10', TEXT.pkg_10], ['24', TEXT.pkg_24]) }, '2025-05-07'))[0]!.eventId;
    ids.pkgRejected = (await record(n, 'RejectPackage', { proposalId: 'pkg1', reason: 'Does not address class size' }, '2025-05-14'))[0]!.eventId;
    await record(n, 'RecordConfidentialNote', { kind: 'strategy', title: 'Caucus notes', body: 'Hold on Article 24 until costing returns' }, '2025-06-04', '2025-06-25T17:00:00.000Z');
    await record(n, 'RecordConfidentialNote', { kind: 'legal-advice', title: 'Advice on Article 15', body: 'Preparation time is within scope' }, '2025-06-05');
    ids.u3 = (await record(n, 'TableProposal', { proposalId: 'u3', side: 'union', number: 'U-3', articles: articles(['15', TEXT.u3_15]) }, '2025-06-10'))[0]!.eventId;
    await record(n, 'CancelSession', { sessionId: 'session_3', number: 3, scheduledFor: '2025-06-11', cancelledBy: 'union', reason: 'Illness' }, '2025-06-10');
    ids.u3Withdrawn = (await record(n, 'WithdrawProposal', { proposalId: 'u3', reason: 'Superseded' }, '2025-06-12'))[0]!.eventId;
    const internal: ClassificationMark = INTERNAL;
    ids.correction = (
      await record(
        n,
        'RecordCorrection',
        { correctedEventId: ids.u2, correctedEventType: 'CounterproposalTabled', correctedEventClassification: internal, reason: 'Tabled on 2025-04-01, keyed as 2025-04-02', correctedFields: { occurredAt: { at: '2025-04-01', precision: 'day' } } },
        '2025-06-20',
      )
    )[0]!.eventId;
    ids.d0 = (await record(n, 'TableProposal', { proposalId: 'd0', side: 'employer', number: 'D-0', articles: articles(['15', TEXT.d0_15]) }, '2025-06-09', '2025-06-30T16:00:00.000Z'))[0]!.eventId;

    await record(reopenerId, 'OpenNegotiation', { unit, kind: 'reopener', articlesInScope: ['24'] }, '2025-05-01');
    await record(reopenerId, 'InitialTentativeAgreement', { taId: 'ta_r', side: 'union', signatory: 'Lee Park', articles: [{ article: '24', title: null, text: 'Reopener salary language' }] }, '2025-05-20');
    await record(oldId, 'OpenNegotiation', { unit, kind: 'mid-term', articlesInScope: ['7'], subject: 'Calendar' }, '2024-01-10');
    await record(oldId, 'ConcludeNegotiation', { outcome: 'withdrawn', summary: null }, '2024-02-01');
  }

  beforeAll(async () => {
    test = await startTestApp({ name: 'bargaining-read-models', stores: await open(), imports: [ProjectorModule.forRoot({ projections: BARGAINING_PROJECTIONS, run: true }), BargainingReadModelsModule] });
    store = test.store;
    await recordBayview();
    await test.app.get(ProjectorService).caughtUp(30_000);
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  describe('every route needs a token', () => {
    it.each([
      `/negotiations/NEG/summary`,
      '/negotiation-summaries',
      `/negotiations/NEG/articles`,
      `/negotiations/NEG/articles/24/history`,
      `/units/UNIT/dashboard`,
      '/dashboard/units',
    ])('%s', async (path) => {
      const response = await request(test.server).get(path.replace('NEG', negotiationId).replace('UNIT', unitId)).expect(401);
      expect(response.headers['content-type']).toMatch(problemJson);
    });
  });

  describe('GET /negotiations/:id/summary', () => {
    it('answers status and stage, days at the table, sessions, proposals by side, open articles, TAs and settlement steps', async () => {
      const { body } = await get(`/negotiations/${negotiationId}/summary?asOf=2025-07-01`, 'negotiator').expect(200);
      expect(body).toMatchObject({
        negotiationId,
        unitId,
        status: 'open',
        stage: 'at-table',
        openedOn: '2025-01-15',
        asOf: '2025-07-01',
        daysAtTable: 167,
        sessions: { held: 2, cancelled: 1, lastHeldOn: '2025-03-26' },
        proposals: { employer: 3, union: 3, onTable: 4 },
        openArticles: ['10', '15', '24'],
        agreedArticles: ['23'],
        tentativeAgreements: { complete: ['ta_23'], awaitingSignature: [] },
        settlementSteps: { done: [], pending: ['settlement-reached', 'costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'] },
        notes: 1,
        corrections: 1,
        // By business time: the correction of 06-20, not D-0 (dated 06-09, entered late on 06-30).
        lastActivity: { occurredAt: { at: '2025-06-20' }, eventType: 'CorrectionRecorded', eventId: ids.correction },
        sideLettersAndMemoranda: [],
      });
    });

    it('counts for each reader only what its clearance covers', async () => {
      const notes = async (role: Role) => (await get(`/negotiations/${negotiationId}/summary?asOf=2025-07-01`, role).expect(200)).body.notes;
      expect([await notes('analyst'), await notes('negotiator'), await notes('legal-counsel')]).toEqual([0, 1, 2]);
    });

    it('counts days to the conclusion of a concluded negotiation, and to today without asOf', async () => {
      expect((await get(`/negotiations/${oldId}/summary?asOf=2025-07-01`).expect(200)).body).toMatchObject({ status: 'concluded', outcome: 'withdrawn', daysAtTable: 22 });
      const today = new Date().toISOString().slice(0, 10);
      expect((await get(`/negotiations/${negotiationId}/summary`).expect(200)).body.asOf).toBe(today);
    });

    it('is 404 for an unknown negotiation or an id that cannot be one, and 400 for a bad date', async () => {
      for (const id of [`nobody_${run}`, 'not-an-id!']) {
        const response = await get(`/negotiations/${encodeURIComponent(id)}/summary`).expect(404);
        expect(response.headers['content-type']).toMatch(problemJson);
        expect(response.body.code).toBe('NEGOTIATION_NOT_FOUND');
      }
      const bad = await get(`/negotiations/${negotiationId}/summary?asOf=2025-02-30`).expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ property: 'asOf' })]);
    });
  });

  describe('GET /negotiation-summaries', () => {
    it('filters by unit and status, a page at a time in a stable order, following nextCursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/negotiation-summaries?unitId=${unitId}&limit=1&asOf=2025-07-01${cursor ? `&cursor=${cursor}` : ''}`;
        const { body } = await get(path).expect(200);
        expect(body.items.length).toBeLessThanOrEqual(1);
        seen.push(...body.items.map((s: { negotiationId: string }) => s.negotiationId));
        cursor = body.nextCursor;
      } while (cursor);
      // Newest activity first: the successor (2025-06-30), the reopener (2025-05-20), the old one (2024).
      expect(seen).toEqual([negotiationId, reopenerId, oldId]);
      const open = (await get(`/negotiation-summaries?unitId=${unitId}&status=open&sort=opened-on`).expect(200)).body;
      expect(open.items.map((s: { negotiationId: string }) => s.negotiationId)).toEqual([reopenerId, negotiationId]);
      expect(open.nextCursor).toBeNull();
    });

    it('pages by opening day too, and refuses a cursor issued for another sort or not issued at all', async () => {
      const first = (await get(`/negotiation-summaries?unitId=${unitId}&sort=opened-on&limit=2`).expect(200)).body;
      expect(first.items.map((s: { negotiationId: string }) => s.negotiationId)).toEqual([reopenerId, negotiationId]);
      const second = (await get(`/negotiation-summaries?unitId=${unitId}&sort=opened-on&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
      expect(second.items.map((s: { negotiationId: string }) => s.negotiationId)).toEqual([oldId]);
      await get(`/negotiation-summaries?unitId=${unitId}&sort=last-activity&cursor=${first.nextCursor}`).expect(400);
      await get(`/negotiation-summaries?cursor=bm90LWEtY3Vyc29y`).expect(400);
      await get(`/negotiation-summaries?status=pending`).expect(400);
      await get(`/negotiation-summaries?limit=0`).expect(400);
      await get(`/negotiation-summaries?unitId=not-an-id!`).expect(400);
    });
  });

  describe('GET /negotiations/:id/articles', () => {
    it('lists the articles in natural order with each side’s standing position and the TA', async () => {
      const { body } = await get(`/negotiations/${negotiationId}/articles`).expect(200);
      expect(body.articles.map((a: { article: string; status: string }) => [a.article, a.status])).toEqual([
        ['10', 'open'],
        ['15', 'open'],
        ['23', 'agreed'],
        ['24', 'open'],
      ]);
      expect(body.articles[3]).toMatchObject({
        title: 'Article 24',
        entryCount: 5,
        current: { employer: { proposalId: 'd1', text: TEXT.d1_24 }, union: { proposalId: 'u2', text: TEXT.u2_24 } },
      });
      expect(body.articles[1].current).toMatchObject({ employer: { proposalId: 'd0' }, union: null });
    });

    it('is 404 for a negotiation the caller may not see', async () => {
      expect((await get(`/negotiations/nobody_${run}/articles`).expect(404)).body.code).toBe('NEGOTIATION_NOT_FOUND');
    });
  });

  describe('GET /negotiations/:id/articles/:article/history', () => {
    it('gives the chain with full text, records, the correction beside what it corrects, and word diffs against the same side', async () => {
      const { body } = await get(`/negotiations/${negotiationId}/articles/24/history`, 'negotiator').expect(200);
      expect(body.entries.map((e: { kind: string; side: string | null }) => `${e.kind}:${e.side}`)).toEqual([
        'proposal:union',
        'counterproposal:employer',
        'counterproposal:union',
        'package:employer',
        'package-reversion:employer',
      ]);
      const u2 = body.entries[2];
      expect(u2).toMatchObject({
        eventId: ids.u2,
        text: TEXT.u2_24,
        occurredAt: { at: '2025-04-02' },
        effectiveOccurredAt: { at: '2025-04-01' },
        recordedBy: negotiator,
        classification: { level: 'internal' },
        corrections: [{ eventId: ids.correction, correctsEventId: ids.u2, reason: 'Tabled on 2025-04-01, keyed as 2025-04-02' }],
        positionChanges: [{ side: 'union', from: ids.u1, to: ids.u2, diff: [{ op: 'equal', text: 'Salaries increase by ' }, { op: 'delete', text: '6' }, { op: 'insert', text: '4' }, { op: 'equal', text: '% on July 1, 2025.' }] }],
      });
      expect(body.entries[4]).toMatchObject({ kind: 'package-reversion', rejectedBy: 'union', positionChanges: [{ side: 'employer', from: ids.pkg, to: ids.d1 }] });
      expect(body.entries[1].costing).toMatchObject({ summary: COSTING_SUMMARY, classification: { level: 'confidential' } });
    });

    it('shows an analyst the same chain without the confidential costing', async () => {
      const response = await get(`/negotiations/${negotiationId}/articles/24/history`, 'analyst').expect(200);
      expect(response.body.entries).toHaveLength(5);
      expect(response.body.entries[1]).toMatchObject({ eventId: ids.d1, text: TEXT.d1_24, costing: null });
      expect(response.text).not.toMatch(/1100000|salary schedule/);
    });

    it('orders by business time by default, by recording on request; late entries stay visibly late', async () => {
      const occurred = (await get(`/negotiations/${negotiationId}/articles/15/history`).expect(200)).body;
      expect(occurred.entries.map((e: { eventId: string }) => e.eventId)).toEqual([ids.d0, ids.u3, ids.u3Withdrawn]);
      expect(occurred.entries[0]).toMatchObject({ lateByDays: 21, recordedAt: '2025-06-30T16:00:00.000Z' });
      const recorded = (await get(`/negotiations/${negotiationId}/articles/15/history?order=recorded`).expect(200)).body;
      expect(recorded.entries.map((e: { eventId: string }) => e.eventId)).toEqual([ids.u3, ids.u3Withdrawn, ids.d0]);
      await get(`/negotiations/${negotiationId}/articles/15/history?order=sideways`).expect(400);
    });

    it('shows the TA with both initials, complete', async () => {
      const { body } = await get(`/negotiations/${negotiationId}/articles/23/history`).expect(200);
      expect(body).toMatchObject({ status: 'agreed', entries: [{ kind: 'tentative-agreement', eventId: ids.ta23, complete: true, text: TEXT.ta_23, initials: [{ side: 'employer' }, { side: 'union' }] }] });
    });

    it('answers the latest entries with limit, and those before an entry with before; the head is the whole chain’s', async () => {
      const whole = (await get(`/negotiations/${negotiationId}/articles/24/history`, 'negotiator').expect(200)).body;
      expect(whole).toMatchObject({ entryCount: 5, olderBefore: null });
      const latest = (await get(`/negotiations/${negotiationId}/articles/24/history?limit=2`, 'negotiator').expect(200)).body;
      expect(latest.entries).toEqual(whole.entries.slice(3));
      expect(latest).toMatchObject({ entryCount: 5, olderBefore: whole.entries[3].entryId, current: whole.current, proposed: whole.proposed, acrossTheTable: whole.acrossTheTable });
      const before = (await get(`/negotiations/${negotiationId}/articles/24/history?limit=2&before=${latest.olderBefore}`, 'negotiator').expect(200)).body;
      expect(before.entries).toEqual(whole.entries.slice(1, 3));
      const first = (await get(`/negotiations/${negotiationId}/articles/24/history?limit=2&before=${before.olderBefore}`, 'negotiator').expect(200)).body;
      expect(first.entries).toEqual(whole.entries.slice(0, 1));
      expect(first.olderBefore).toBeNull();
      // In recording order the window is over that order.
      const recorded = (await get(`/negotiations/${negotiationId}/articles/15/history?order=recorded&limit=1`).expect(200)).body;
      expect(recorded.entries.map((e: { eventId: string }) => e.eventId)).toEqual([ids.d0]);
    });

    it('refuses a before that is no entry of the chain, and a limit out of range, as bad requests', async () => {
      for (const query of ['before=nothing_here', `before=${ids.d0}`, 'limit=0', 'limit=501', 'limit=two']) {
        const response = await get(`/negotiations/${negotiationId}/articles/24/history?${query}`).expect(400);
        expect(response.headers['content-type']).toMatch(problemJson);
      }
    });

    it('is 404 for an article with no position', async () => {
      expect((await get(`/negotiations/${negotiationId}/articles/99/history`).expect(404)).body.code).toBe('ARTICLE_NOT_FOUND');
    });
  });

  describe('unit dashboards', () => {
    it('GET /units/:id/dashboard: active negotiations, last activity, TAs pending, days at the table', async () => {
      const { body } = await get(`/units/${unitId}/dashboard?asOf=2025-07-01`).expect(200);
      expect(body).toMatchObject({
        unitId,
        name: `Bayview certificated ${run}`,
        statute: 'EERA',
        activeNegotiations: [
          { negotiationId, daysAtTable: 167, openArticles: 3, tentativeAgreementsAwaitingSignature: 0 },
          { negotiationId: reopenerId, daysAtTable: 61, tentativeAgreementsAwaitingSignature: 1 },
        ],
        concludedNegotiations: 1,
        tentativeAgreementsPending: 1,
        daysAtTable: 167,
        overdueInformationRequests: null,
        sideLettersAndMemoranda: [],
        expiringWithin90Days: 0,
      });
      // The last fact by business time, with its recording time beside it: the correction of 06-20, not the late-entered D-0.
      expect(body.lastActivity).toMatchObject({ eventId: ids.correction, occurredAt: { at: '2025-06-20' }, recordedAt: expect.any(String) });
      expect((await get(`/units/nobody_${run}/dashboard`).expect(404)).body.code).toBe('UNIT_NOT_FOUND');
    });

    it('GET /dashboard/units: every registered unit once, by name, a page at a time', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/dashboard/units?asOf=2025-07-01&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const { body } = await get(path).expect(200);
        seen.push(...body.items.map((d: { unitId: string }) => d.unitId));
        cursor = body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.indexOf(unitId)).toBeGreaterThanOrEqual(0);
      // "Bayview…" sorts before "City…".
      expect(seen.indexOf(unitId)).toBeLessThan(seen.indexOf(otherUnitId));
    });
  });

  it('answers the same after every projection is rebuilt from the start (replay changes nothing)', async () => {
    const paths = [
      `/negotiations/${negotiationId}/summary?asOf=2025-07-01`,
      `/negotiations/${negotiationId}/articles`,
      `/negotiations/${negotiationId}/articles/24/history`,
      `/negotiations/${negotiationId}/articles/15/history?order=recorded`,
      `/units/${unitId}/dashboard?asOf=2025-07-01`,
    ];
    const before = await Promise.all(paths.map(async (p) => (await get(p, 'records-officer').expect(200)).body));
    const projector = test.app.get(ProjectorService);
    const readStore = await projector.readStoreReady();
    for (const projection of BARGAINING_PROJECTIONS) await rebuildProjection(store, readStore, projection);
    await projector.caughtUp(30_000);
    const after = await Promise.all(paths.map(async (p) => (await get(p, 'records-officer').expect(200)).body));
    expect(after).toEqual(before);
  }, 60_000);
});
