import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { StatutoryWarningsModule } from '#compliance';
import { BargainingModule } from '#bargaining';
import { type EventStore, type RecordedEvent, readStreamOrEmpty, verifyChain } from '#event-store';
import { type Clock, type CreateAppOptions, createApp } from '#platform';
import { ROLES, type Role } from '#kernel';
import { MovableClock, type TestApp, type TestServer, day, problemJson, startTestApp, storeBackends } from '#testing';

/*
 * The bargaining API over real HTTP, on embedded PGlite (in memory) and, when DATABASE_URL is set,
 * on PostgreSQL: the Bayview scenario of DOMAIN.md recorded start to finish "as it happened" (a
 * movable clock sets recordedAt), every refusal, validation, idempotency, roles and clearance, and
 * 50 concurrent clients on one negotiation. Every id is made by the server, so the suite can run
 * against a database that keeps earlier runs' (immutable) events.
 */

const DATABASE_URL = process.env.DATABASE_URL;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sha = (c: string) => c.repeat(64);

const backends = storeBackends(DATABASE_URL);

if (!DATABASE_URL) {
  describe('bargaining over HTTP on PostgreSQL', () => {
    it.skip('… skipped: DATABASE_URL is not set', () => {});
  });
}

const BAYVIEW_UNIT = {
  name: 'Bayview certificated unit',
  employer: 'Bayview Unified School District',
  employeeOrganization: 'Bayview Teachers Association',
  statute: 'EERA',
  currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
  description: 'Classroom teachers, counselors, librarians and nurses',
};

const ATTENDEES = { employer: ['Dana Ruiz, Assistant Superintendent HR', 'R. Kim, Director of Fiscal Services'], union: ['Lee Park, BTA President', 'Sam Ode, CTA staff'] };
const articles = (labels: string[], label: string) => labels.map((article) => ({ article, title: `Article ${article}`, changeKind: 'amend', text: `${label}: proposed language of Article ${article}` }));
const agreed = (labels: string[]) => labels.map((article) => ({ article, title: `Article ${article}`, text: `Agreed language of Article ${article}` }));

describe.each(backends)('bargaining over HTTP on $name', ({ open }) => {
  let test: TestApp;
  let store: EventStore;
  let server: TestServer;
  const clock = new MovableClock('2025-01-10T17:00:00.000Z');

  const auth = (role: Role) => test.bearer(role);
  const post = (path: string, body: object, role: Role = 'negotiator', headers: Record<string, string> = {}) =>
    request(server).post(path).set({ ...auth(role), ...headers }).send(body);
  /** Reads state a purpose by default: privileged content is read for one (X-Access-Purpose). */
  const get = (path: string, role: Role = 'records-officer', headers: Record<string, string> = { 'X-Access-Purpose': 'e2e review' }) =>
    request(server).get(path).set({ ...auth(role), ...headers });
  const accessLog = (negotiationId: string) => readStreamOrEmpty(store, `accesslog-${negotiationId}`);
  const stream = (negotiationId: string) => readStreamOrEmpty(store, `negotiation-${negotiationId}`);

  /** Moves the clock to the evening of a business day: the fact is recorded the day it happened. */
  const recordOn = (date: string) => clock.set(`${date}T23:30:00.000Z`);

  async function registerUnit(at = '2025-01-10'): Promise<string> {
    const response = await post('/units', { occurredAt: day(at), ...BAYVIEW_UNIT }, 'admin').expect(201);
    return response.body.unitId as string;
  }

  async function openNegotiation(unitId: string, at = '2025-01-15', extra: object = {}): Promise<string> {
    const response = await post('/negotiations', { occurredAt: day(at), unitId, kind: 'successor', ...extra }).expect(201);
    return response.body.negotiationId as string;
  }

  /** A refusal: problem+json with its status and code, and nothing stored in the negotiation's stream. */
  async function refused(negotiationId: string | null, call: () => request.Test, status: number, code: string): Promise<request.Response> {
    const before = negotiationId ? (await stream(negotiationId)).length : 0;
    const response = await call().expect(status);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.body).toMatchObject({ status, code });
    if (negotiationId) expect((await stream(negotiationId)).length).toBe(before);
    return response;
  }

  beforeAll(async () => {
    // Listening (as startTestApp does) lets many concurrent supertest requests share one server.
    test = await startTestApp({ name: 'bargaining', stores: await open(), clock, imports: [BargainingModule, StatutoryWarningsModule] });
    store = test.store;
    server = test.server;
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  describe('the Bayview scenario of DOMAIN.md, start to finish', () => {
    let unitId: string;
    let negotiationId: string;
    const recorded: { step: string; types: string[]; revisions: number[]; warnings: string[] }[] = [];
    const ids: Record<string, string> = {};

    /** Records one fact on its business day and keeps what the API answered. */
    async function fact(step: string, path: string, occurredOn: string, body: object, options: { recordedOn?: string; role?: Role } = {}) {
      recordOn(options.recordedOn ?? occurredOn);
      const response = await post(`/negotiations/${negotiationId}${path}`, { occurredAt: day(occurredOn), ...body }, options.role).expect(201);
      recorded.push({
        step,
        types: response.body.events.map((e: { type: string }) => e.type),
        revisions: response.body.events.map((e: { revision: number }) => e.revision),
        warnings: response.body.warnings.map((w: { code: string }) => w.code),
      });
      return response.body;
    }

    const session = (number: number, on: string, discussed = ['10', '15', '21', '24']) =>
      fact(`session ${number}`, '/sessions', on, { number, place: 'District office, Board Room B', attendees: ATTENDEES, articlesDiscussed: discussed });

    it('registers the unit (admin) and opens the successor negotiation on it', async () => {
      recordOn('2025-01-10');
      const unit = await post('/units', { occurredAt: day('2025-01-10'), ...BAYVIEW_UNIT }, 'admin').expect(201);
      unitId = unit.body.unitId;
      expect(unitId).toMatch(UUID);
      expect(unit.body).toMatchObject({ events: [{ type: 'UnitRegistered', revision: 0 }], warnings: [], unit: { unitId, statute: 'EERA', currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } } });
      expect((await get(`/units/${unitId}`, 'analyst').expect(200)).body).toMatchObject({ unitId, name: 'Bayview certificated unit', revision: 0 });

      recordOn('2025-01-15');
      const opened = await post('/negotiations', { occurredAt: day('2025-01-15'), unitId, kind: 'successor' }).expect(201);
      negotiationId = opened.body.negotiationId;
      expect(negotiationId).toMatch(UUID);
      expect(opened.body).toMatchObject({
        negotiationId,
        nextExpectedRevision: 0,
        warnings: [],
        events: [{ type: 'NegotiationOpened', revision: 0, occurredAt: day('2025-01-15'), recordedAt: '2025-01-15T23:30:00.000Z', classification: { level: 'internal' }, prevHash: sha('0') }],
      });
      expect(opened.body.events[0].hash).toMatch(/^[0-9a-f]{64}$/);
      recorded.push({ step: 'open', types: ['NegotiationOpened'], revisions: [0], warnings: [] });
    });

    it('agrees ground rules: TAs reopenable until global agreement', async () => {
      const body = await fact('ground rules', '/ground-rules', '2025-01-29', { taRule: 'reopenable-until-global', terms: 'Wednesdays 4–7 pm; caucus on request' });
      expect(body.events).toEqual([expect.objectContaining({ type: 'GroundRulesAgreed', revision: 1 })]);
    });

    it('sunshines both initial proposals on 2025-02-12 and hears the public on 02-26, as public records', async () => {
      const union = await fact('union sunshine', '/sunshine/initial-proposals', '2025-02-12', {
        side: 'union',
        boardMeeting: 'Regular board meeting 2025-02-12',
        articles: ['10', '15', '21', '24'],
        documents: [{ name: 'BTA initial proposal.pdf', sha256: sha('A') }],
      });
      expect(union.events[0].classification).toEqual({ level: 'public', basis: 'Gov. Code 3547(a) sunshine' });
      await fact('district sunshine', '/sunshine/initial-proposals', '2025-02-12', { side: 'employer', boardMeeting: 'Regular board meeting 2025-02-12', articles: ['10', '15', '21', '23', '24'] });
      await fact('public comment', '/sunshine/public-comments', '2025-02-26', { boardMeeting: 'Regular board meeting 2025-02-26', summary: 'Four speakers; two on class size' });
    });

    it('records session 1 on 2025-03-05, before the district adopted its proposal: recorded, flagged eera.session-before-sunshine', async () => {
      const body = await session(1, '2025-03-05');
      expect(body.sessionId).toMatch(UUID);
      expect(body.events).toEqual([expect.objectContaining({ type: 'SessionHeld' })]);
      expect(body.warnings).toEqual([{ code: 'eera.session-before-sunshine', message: expect.stringContaining("the employer's initial proposal adopted at an open meeting") }]);
      const adoption = await fact('adoption', '/sunshine/employer-adoption', '2025-03-12', { boardMeeting: 'Regular board meeting 2025-03-12', resolutionNumber: '24-25/41' });
      expect(adoption.warnings).toEqual([]);
    });

    it('builds proposal chains on Articles 10, 15, 21 and 24 over sessions 2–4; the district costs its counter confidentially', async () => {
      await session(2, '2025-03-19');
      ids.u1 = (await fact('U-1', '/proposals', '2025-03-19', { side: 'union', number: 'U-1', articles: articles(['10', '15', '21', '24'], 'U-1'), documents: [{ name: 'U-1.pdf', sha256: sha('b') }] })).proposalId;
      // D-1 was tabled at session 3 on 2025-03-26, but its date is mis-keyed as 2025-03-25 (corrected below).
      const d1 = await fact(
        'D-1',
        '/counterproposals',
        '2025-03-25',
        {
          side: 'employer',
          number: 'D-1',
          respondsTo: ids.u1,
          articles: articles(['10', '15', '21', '24'], 'D-1'),
          costing: { summary: '2% on the schedule: $2.3M in 2025-26', costs: [{ fiscalYear: '2025-26', amount: '2300000.00' }], documents: [{ name: 'D-1 costing.xlsx', sha256: sha('c') }] },
        },
        { recordedOn: '2025-03-26' },
      );
      ids.d1 = d1.proposalId;
      ids.d1Event = d1.events[0].eventId;
      expect(d1.events.map((e: { type: string; classification: { level: string } }) => [e.type, e.classification.level])).toEqual([
        ['CounterproposalTabled', 'internal'],
        ['ProposalCostingRecorded', 'confidential'],
      ]);
      expect(d1.events[1].classification.basis).toBe("costing prepared for the employer's negotiators (Gov. Code 3549.1 closed session)");
      expect(d1.events[1].revision).toBe(d1.events[0].revision + 1);
      await session(3, '2025-03-26');
      await session(4, '2025-04-02', ['10', '23', '24']);
      ids.u2 = (await fact('U-2', '/counterproposals', '2025-04-02', { side: 'union', number: 'U-2', respondsTo: ids.d1, articles: articles(['10', '24'], 'U-2') })).proposalId;
    });

    it('completes the Article 23 TA: initialed by the district on 2025-04-02, by the union on 2025-04-04', async () => {
      const first = await fact('TA 23 district', '/tentative-agreements', '2025-04-02', { side: 'employer', signatory: 'Dana Ruiz', articles: agreed(['23']) });
      ids.ta23 = first.taId;
      expect(first.taId).toMatch(UUID);
      const second = await fact('TA 23 union', `/tentative-agreements/${ids.ta23}/initials`, '2025-04-04', { side: 'union', signatory: 'Lee Park' });
      expect(second.events).toEqual([expect.objectContaining({ type: 'TentativeAgreementInitialed' })]);
      const events = (await get(`/negotiations/${negotiationId}/events/${second.events[0].eventId}`).expect(200)).body;
      expect(events.data).toMatchObject({ taId: ids.ta23, side: 'union', completesAgreement: true, initialedOn: '2025-04-04' });
    });

    it('rejects the district package on 10/15/21 and returns the district to D-1', async () => {
      await session(5, '2025-04-09');
      ids.d2 = (await fact('D-2', '/counterproposals', '2025-04-09', { side: 'employer', number: 'D-2', respondsTo: ids.u2, articles: articles(['24'], 'D-2') })).proposalId;
      await session(6, '2025-04-16');
      await session(7, '2025-04-23');
      await session(8, '2025-04-30');
      ids.pkg = (await fact('D-PKG-1', '/packages', '2025-05-07', { side: 'employer', number: 'D-PKG-1', articles: articles(['10', '15', '21'], 'D-PKG-1'), conditional: true })).proposalId;
      await session(9, '2025-05-07');
      const rejected = await fact('package rejected', `/packages/${ids.pkg}/rejection`, '2025-05-14', { reason: 'Does not address class size' });
      const event = (await get(`/negotiations/${negotiationId}/events/${rejected.events[0].eventId}`).expect(200)).body;
      expect(event.data).toMatchObject({
        rejectedBy: 'union',
        revertedPositions: [
          { article: '10', side: 'employer', revertsTo: ids.d1 },
          { article: '15', side: 'employer', revertsTo: ids.d1 },
          { article: '21', side: 'employer', revertsTo: ids.d1 },
        ],
      });
      await session(10, '2025-05-14');
      ids.u3 = (await fact('U-3', '/counterproposals', '2025-05-21', { side: 'union', number: 'U-3', respondsTo: ids.d2, articles: articles(['24'], 'U-3') })).proposalId;
      await session(11, '2025-05-21');
      ids.session12 = (await session(12, '2025-06-04')).sessionId;
    });

    it('corrects the mis-keyed date of D-1; the original stays, the correction beside it', async () => {
      const correction = await fact('correction', '/corrections', '2025-06-10', {
        correctedEventId: ids.d1Event,
        reason: 'D-1 was tabled at session 3 on 2025-03-26; keyed as 2025-03-25',
        correctedFields: { occurredAt: { at: '2025-03-26', precision: 'day' }, tabledOn: '2025-03-26' },
      });
      ids.correction = correction.events[0].eventId;
      expect(correction.events).toEqual([expect.objectContaining({ type: 'CorrectionRecorded', classification: { level: 'internal', basis: 'correction of a record classified internal (exchanged at the bargaining table)' } })]);
      const original = (await get(`/negotiations/${negotiationId}/events/${ids.d1Event}`).expect(200)).body;
      expect(original).toMatchObject({ occurredAt: day('2025-03-25'), data: { tabledOn: '2025-03-25' }, correctedBy: [ids.correction] });
      const proposal = (await get(`/negotiations/${negotiationId}/proposals/${ids.d1}`, 'negotiator').expect(200)).body;
      expect(proposal).toMatchObject({ tabledOn: '2025-03-25', corrections: [{ eventId: ids.correction, correctedOn: '2025-06-10', correctedFields: { tabledOn: '2025-03-26' } }] });
    });

    it('declares impasse on 2025-06-18 and records counsel\'s advice, privileged', async () => {
      await fact('impasse', '/impasse', '2025-06-18', { declaredBy: 'union', form: 'written', statement: 'Letter to PERB' });
      const advice = await fact('legal advice', '/confidential-notes', '2025-06-20', {
        kind: 'legal-advice',
        title: 'Counsel on the impasse filing',
        body: 'The district may not implement before factfinding.',
        author: 'General counsel',
      });
      ids.advice = advice.noteId;
      expect(advice.events[0].classification).toEqual({ level: 'privileged', basis: 'attorney-client privilege' });
    });

    it('records a session note three weeks late: occurredAt 2025-06-04, recordedAt 2025-06-25', async () => {
      const note = await fact(
        'late note',
        '/confidential-notes',
        '2025-06-04',
        { kind: 'strategy', title: 'Session 12 caucus notes', body: 'Hold on Article 24 until the costing returns.', author: 'Dana Ruiz', sessionId: ids.session12 },
        { recordedOn: '2025-06-25' },
      );
      ids.note = note.noteId;
      expect(note.noteId).toBe(note.events[0].eventId);
      expect(note.events[0]).toMatchObject({ occurredAt: day('2025-06-04'), recordedAt: '2025-06-25T23:30:00.000Z', classification: { level: 'confidential', basis: 'bargaining strategy' } });
      const read = (await get(`/negotiations/${negotiationId}/confidential-notes/${ids.note}`, 'negotiator').expect(200)).body;
      expect(read).toMatchObject({ noteId: ids.note, notedOn: '2025-06-04', occurredAt: day('2025-06-04'), recordedAt: '2025-06-25T23:30:00.000Z', recordedDaysAfter: 21, sessionId: ids.session12 });
      expect(read.recordedBy).toEqual({ subject: 'negotiator@bayviewusd.example', role: 'negotiator' });
    });

    it('goes through mediation and factfinding; the report made public 12 days after issue is flagged', async () => {
      await fact('PERB', '/impasse/perb-determination', '2025-06-30', { determination: 'impasse-exists', caseNumber: 'SF-IM-0001-E' });
      await fact('mediator', '/impasse/mediators', '2025-07-02', { mediator: 'State mediator', appointedBy: 'PERB' });
      await fact('mediation', '/impasse/mediation-sessions', '2025-08-12', { place: 'District office' });
      await fact('certification', '/impasse/factfinding/certification', '2025-09-05', {});
      await fact('panel', '/impasse/factfinding/panel', '2025-09-20', { chair: 'Neutral chair', employerMember: 'District member', unionMember: 'BTA member' });
      await fact('hearing', '/impasse/factfinding/hearings', '2025-10-14', {});
      const issued = await fact('report issued', '/impasse/factfinding/report', '2025-11-03', { documents: [{ name: 'Factfinding report.pdf', sha256: sha('f') }] });
      expect(issued.events[0].classification.level).toBe('internal');
      const published = await fact('report public', '/impasse/factfinding/report/publication', '2025-11-15', { how: 'Posted with the board agenda' });
      expect(published.events[0].classification).toEqual({ level: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' });
      expect(published.warnings).toEqual(['eera.factfinding-report-public-within-10-days'].map((code) => ({ code, message: expect.stringContaining('12 days') })));
    });

    it('settles: TA on all articles 2025-12-10, ratified 812–143 on 12-15, costs disclosed 2026-01-07, approved 01-14, executed, concluded', async () => {
      const ta = await fact('global TA district', '/tentative-agreements', '2025-12-10', { side: 'employer', signatory: 'Dana Ruiz', articles: agreed(['10', '15', '21', '24']) });
      ids.taGlobal = ta.taId;
      await fact('global TA union', `/tentative-agreements/${ids.taGlobal}/initials`, '2025-12-10', { side: 'union', signatory: 'Lee Park' });
      await fact('settlement', '/settlement', '2025-12-10', {
        taIds: [ids.ta23, ids.taGlobal],
        term: { start: '2025-07-01', end: '2028-06-30' },
        summary: 'Three-year successor agreement',
        costs: [{ fiscalYear: '2025-26', amount: '3400000.00' }],
      });
      const vote = await fact('ratification', '/settlement/ratification-vote', '2025-12-15', { yes: 812, no: 143 });
      const voteEvent = (await get(`/negotiations/${negotiationId}/events/${vote.events[0].eventId}`, 'analyst').expect(200)).body;
      expect(voteEvent.data).toMatchObject({ yes: 812, no: 143, ratified: true, heldOn: '2025-12-15' });
      const disclosure = await fact('disclosure', '/settlement/cost-disclosure', '2026-01-07', {
        meeting: 'Regular board meeting 2026-01-07',
        summary: 'AB 1200 public disclosure',
        costs: [{ fiscalYear: '2025-26', amount: '3400000.00' }, { fiscalYear: '2026-27', amount: '3550000.00' }],
        certifiedBy: { superintendent: 'Superintendent', chiefBusinessOfficial: 'Chief Business Official' },
      });
      expect(disclosure.events[0].classification).toEqual({ level: 'public', basis: 'Gov. Code 3547.5 public disclosure of costs' });
      expect(disclosure.warnings).toEqual([]);
      const approval = await fact('approval', '/settlement/governing-body-approval', '2026-01-14', { governingBody: 'Bayview USD Board of Education', resolutionNumber: '25-26/22' });
      expect(approval.warnings).toEqual([]);
      await fact('execution', '/settlement/execution', '2026-01-20', { signatories: { employer: ['Superintendent'], union: ['BTA President'] }, documents: [{ name: 'Agreement 2025-2028.pdf', sha256: sha('e') }] });
      await fact('conclusion', '/conclusion', '2026-01-21', { outcome: 'settled', summary: 'Successor agreement 2025–2028 executed' });
    });

    it('flags exactly the two breaches of the scenario, and nothing else', () => {
      expect(recorded.filter((r) => r.warnings.length > 0).map(({ step, warnings }) => ({ step, warnings }))).toEqual([
        { step: 'session 1', warnings: ['eera.session-before-sunshine'] },
        { step: 'report public', warnings: ['eera.factfinding-report-public-within-10-days'] },
      ]);
    });

    it('reads the concluded negotiation back, folded from its stream', async () => {
      clock.set('2026-02-02T09:00:00.000Z');
      const view = (await get(`/negotiations/${negotiationId}`, 'records-officer').expect(200)).body;
      const total = recorded.flatMap((r) => r.types).length;
      expect(view).toMatchObject({ negotiationId, asOf: '2026-02-02', revision: total - 1 });
      expect(view.table).toEqual({
        status: 'concluded',
        stage: 'concluded',
        negotiationId,
        unitId,
        statute: 'EERA',
        kind: 'successor',
        outcome: 'settled',
        openedOn: '2025-01-15',
        daysAtTable: 329,
        openArticles: [],
        agreedArticles: ['10', '15', '21', '23', '24'],
        tentativeAgreements: { complete: [ids.ta23, ids.taGlobal], awaitingSignature: [], withdrawn: [] },
        proposals: { employer: 3, union: 3, onTable: 5 },
        sessions: { held: 12, cancelled: 0 },
        settlementSteps: { done: ['settlement-reached', 'costs-disclosed', 'ratified', 'governing-body-approved', 'agreement-executed'], pending: [] },
      });
      expect(view.negotiation).toMatchObject({
        status: 'concluded',
        groundRules: { taRule: 'reopenable-until-global', agreedOn: '2025-01-29' },
        sunshine: { initialProposalPresentedOn: { employer: '2025-02-12', union: '2025-02-12' }, publicCommentHeardOn: '2025-02-26', employerProposalAdoptedOn: '2025-03-12' },
        confidentialNotes: 2,
        corrections: [{ correctedEventId: ids.d1Event, correctedEventType: 'CounterproposalTabled', correctedOn: '2025-06-10' }],
        settlement: { ratification: { yes: 812, no: 143, ratified: true }, costsDisclosedOn: '2026-01-07', approval: { resolutionNumber: '25-26/22', approvedOn: '2026-01-14' } },
      });
      expect(view.negotiation.positions['24']).toEqual({ employer: [ids.d1, ids.d2], union: [ids.u1, ids.u2, ids.u3] });
    });

    it('moves the unit to the executed agreement’s term; a negotiation opened on an earlier day takes the term in force then', async () => {
      const unit = (await get(`/units/${unitId}`, 'analyst').expect(200)).body;
      expect(unit).toMatchObject({ currentAgreementTerm: { start: '2025-07-01', end: '2028-06-30' } });
      recordOn('2026-02-03');
      const historic = await openNegotiation(unitId, '2024-09-01', { kind: 'mid-term', subject: 'Calendar change' });
      expect((await get(`/negotiations/${historic}`, 'negotiator').expect(200)).body.negotiation).toMatchObject({ expiringAgreementTerm: { start: '2022-07-01', end: '2025-06-30' } });
    });

    it('returns the stream in recording order with business and system time, actor, classification and an intact hash chain', async () => {
      const page = (await get(`/negotiations/${negotiationId}/events?canonical=true`, 'records-officer').expect(200)).body;
      const events = page.events as (RecordedEvent & { recordedDaysAfter: number; correctedBy: string[] })[];
      expect(page.nextFromRevision).toBeNull();
      expect(events.map((e) => e.type)).toEqual(recorded.flatMap((r) => r.types));
      expect(events.map((e) => e.revision)).toEqual(events.map((_, index) => index));
      expect(recorded.flatMap((r) => r.revisions)).toEqual(events.map((e) => e.revision));
      expect(verifyChain(events)).toEqual({ intact: true, events: events.length, headHash: events.at(-1)!.hash });
      // The same chain as the store holds it.
      const stored = await stream(negotiationId);
      expect(verifyChain(stored)).toMatchObject({ intact: true, events: events.length });
      expect(stored.map((e) => e.hash)).toEqual(events.map((e) => e.hash));

      // Recorded the day each fact happened, except the late note (21 days) and D-1 (keyed a day off).
      const late = events.filter((e) => e.recordedDaysAfter !== 0).map((e) => [e.type, e.occurredAt.at, e.recordedAt, e.recordedDaysAfter]);
      expect(late).toEqual([
        ['CounterproposalTabled', '2025-03-25', '2025-03-26T23:30:00.000Z', 1],
        ['ProposalCostingRecorded', '2025-03-25', '2025-03-26T23:30:00.000Z', 1],
        ['ConfidentialNoteRecorded', '2025-06-04', '2025-06-25T23:30:00.000Z', 21],
      ]);
      // Recording order is not business order: the note of 2025-06-04 sits after the impasse of 2025-06-18.
      const noteAt = events.findIndex((e) => e.eventId === ids.note);
      expect(events.slice(noteAt - 2, noteAt).map((e) => [e.type, e.occurredAt.at])).toEqual([
        ['ImpasseDeclared', '2025-06-18'],
        ['ConfidentialNoteRecorded', '2025-06-20'],
      ]);
      expect(events.every((e) => e.actor.subject.endsWith('@bayviewusd.example') && e.stream === `negotiation-${negotiationId}`)).toBe(true);
      expect(events.find((e) => e.eventId === ids.d1Event)!.correctedBy).toEqual([ids.correction]);
      const levels = new Map(events.map((e) => [e.type, e.classification.level]));
      expect(Object.fromEntries(['InitialProposalSunshined', 'SessionHeld', 'ProposalCostingRecorded', 'SettlementCostsDisclosed', 'AgreementExecuted'].map((t) => [t, levels.get(t)]))).toEqual({
        InitialProposalSunshined: 'public',
        SessionHeld: 'internal',
        ProposalCostingRecorded: 'confidential',
        SettlementCostsDisclosed: 'public',
        AgreementExecuted: 'public',
      });
      expect(events.find((e) => e.eventId === ids.advice)!.classification).toEqual({ level: 'privileged', basis: 'attorney-client privilege' });
    });

    it('pages the stream by revision', async () => {
      const first = (await get(`/negotiations/${negotiationId}/events?limit=10`).expect(200)).body;
      expect(first.events.map((e: { revision: number }) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(first.nextFromRevision).toBe(10);
      expect(first.events[0].canonical).toBeUndefined();
      const second = (await get(`/negotiations/${negotiationId}/events?fromRevision=10&limit=5`).expect(200)).body;
      expect(second.events.map((e: { revision: number }) => e.revision)).toEqual([10, 11, 12, 13, 14]);
    });

    it('shows analysts no confidential or privileged record, and folds their view from what they may see', async () => {
      const page = (await get(`/negotiations/${negotiationId}/events`, 'analyst').expect(200)).body;
      const types = page.events.map((e: { type: string }) => e.type);
      expect(types).not.toContain('ProposalCostingRecorded');
      expect(types).not.toContain('ConfidentialNoteRecorded');
      expect(page.events.every((e: { classification: { level: string } }) => ['public', 'internal'].includes(e.classification.level))).toBe(true);
      expect(page.events).toHaveLength(recorded.flatMap((r) => r.types).length - 3);

      const view = (await get(`/negotiations/${negotiationId}`, 'analyst').expect(200)).body;
      expect(view.negotiation.confidentialNotes).toBe(0);
      expect(view.table.agreedArticles).toEqual(['10', '15', '21', '23', '24']);
      expect(JSON.stringify(view)).not.toContain('caucus');

      const d1 = (await get(`/negotiations/${negotiationId}/proposals/${ids.d1}`, 'analyst').expect(200)).body;
      expect(d1).not.toHaveProperty('costing');
      expect(d1.articles).toHaveLength(4);
      const forNegotiator = (await get(`/negotiations/${negotiationId}/proposals/${ids.d1}`, 'negotiator').expect(200)).body;
      expect(forNegotiator.costing).toMatchObject({ summary: '2% on the schedule: $2.3M in 2025-26', costs: [{ fiscalYear: '2025-26', amount: '2300000.00', description: null }], classification: { level: 'confidential' } });
      expect((await get(`/negotiations/${negotiationId}/confidential-notes`, 'analyst').expect(200)).body.notes).toEqual([]);
    });

    it('answers 404 for a record above the caller\'s clearance', async () => {
      await refused(null, () => get(`/negotiations/${negotiationId}/confidential-notes/${ids.note}`, 'analyst'), 404, 'CONFIDENTIAL_NOTE_NOT_FOUND');
      await refused(null, () => get(`/negotiations/${negotiationId}/events/${ids.note}`, 'analyst'), 404, 'EVENT_NOT_FOUND');
      // Privileged advice: legal counsel and records officers only.
      await refused(null, () => get(`/negotiations/${negotiationId}/confidential-notes/${ids.advice}`, 'negotiator'), 404, 'CONFIDENTIAL_NOTE_NOT_FOUND');
      await refused(null, () => get(`/negotiations/${negotiationId}/confidential-notes/${ids.advice}`, 'admin'), 404, 'CONFIDENTIAL_NOTE_NOT_FOUND');
      expect((await get(`/negotiations/${negotiationId}/confidential-notes/${ids.advice}`, 'legal-counsel').expect(200)).body).toMatchObject({ kind: 'legal-advice', classification: { level: 'privileged' } });
      expect((await get(`/negotiations/${negotiationId}/confidential-notes`, 'negotiator').expect(200)).body.notes.map((n: { noteId: string }) => n.noteId)).toEqual([ids.note]);
      // Nor may a writer correct what it may not see.
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/corrections`, { occurredAt: day('2026-02-01'), correctedEventId: ids.advice, reason: 'x', correctedFields: { title: 'y' } }), 404, 'CORRECTED_EVENT_NOT_FOUND');
    });

    it('logs each read of a confidential or privileged record, and each refused attempt, in accesslog-<negotiationId>', async () => {
      const noteRoute = `/negotiations/${negotiationId}/confidential-notes/${ids.note}`;
      let before = (await accessLog(negotiationId)).length;
      await get(noteRoute, 'negotiator', {}).expect(200);
      let appended = (await accessLog(negotiationId)).slice(before);
      expect(appended.map((e) => [e.type, e.data['eventId'], e.data['outcome'], e.data['subject'], e.data['classification'], e.data['purpose']])).toEqual([
        ['RecordAccessed', ids.note, 'granted', 'negotiator@bayviewusd.example', 'confidential', null],
      ]);

      before = (await accessLog(negotiationId)).length;
      await refused(null, () => get(noteRoute, 'analyst'), 404, 'CONFIDENTIAL_NOTE_NOT_FOUND');
      appended = (await accessLog(negotiationId)).slice(before);
      expect(appended.map((e) => [e.type, e.data['eventId'], e.data['outcome'], e.data['reason'], e.data['role']])).toEqual([['RecordAccessed', ids.note, 'denied', 'not-cleared', 'analyst']]);

      before = (await accessLog(negotiationId)).length;
      const page = (await get(`/negotiations/${negotiationId}/events`, 'legal-counsel', { 'X-Access-Purpose': 'impasse review' }).expect(200)).body;
      const sensitive = (page.events as { eventId: string; classification: { level: string } }[])
        .filter((e) => ['confidential', 'privileged'].includes(e.classification.level))
        .map((e) => e.eventId);
      expect(sensitive).toEqual(expect.arrayContaining([ids.note, ids.advice]));
      appended = (await accessLog(negotiationId)).slice(before);
      expect(appended.map((e) => e.data['eventId'])).toEqual(sensitive);
      expect(appended.every((e) => e.type === 'RecordAccessed' && e.data['outcome'] === 'granted' && e.data['purpose'] === 'impasse review' && e.data['resource'] === 'GET /negotiations/:negotiationId/events')).toBe(true);
    });

    it('refuses any write but a correction to the concluded negotiation, and still records a correction', async () => {
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2026-02-01'), number: 13, place: 'x', attendees: ATTENDEES }), 422, 'NEGOTIATION_CONCLUDED');
      const correction = await post(`/negotiations/${negotiationId}/corrections`, {
        occurredAt: day('2026-02-02'),
        correctedEventId: ids.note,
        reason: 'Author was R. Kim',
        correctedFields: { author: 'R. Kim' },
      }).expect(201);
      // A correction repeats content of what it corrects: classified as the corrected record.
      expect(correction.body.events[0].classification).toEqual({ level: 'confidential', basis: 'correction of a record classified confidential (bargaining strategy)' });
      expect((await get(`/negotiations/${negotiationId}/events`, 'analyst').expect(200)).body.events.map((e: { eventId: string }) => e.eventId)).not.toContain(correction.body.events[0].eventId);
    });
  });

  describe('refusals (DOMAIN.md): problem+json with a stable code, nothing stored', () => {
    let unitId: string;
    let negotiationId: string;
    let unionProposal: string;
    let ta: string;

    beforeAll(async () => {
      clock.set('2025-06-01T18:00:00.000Z');
      unitId = await registerUnit();
      negotiationId = await openNegotiation(unitId);
      unionProposal = (await post(`/negotiations/${negotiationId}/proposals`, { occurredAt: day('2025-03-19'), side: 'union', number: 'U-1', articles: articles(['24'], 'U-1') }).expect(201)).body.proposalId;
      ta = (await post(`/negotiations/${negotiationId}/tentative-agreements`, { occurredAt: day('2025-04-02'), side: 'employer', signatory: 'Dana Ruiz', articles: agreed(['23']) }).expect(201)).body.taId;
    });

    const counter = (respondsTo: string, side = 'employer') => ({ occurredAt: day('2025-03-26'), side, number: 'D-1', respondsTo, articles: articles(['24'], 'D-1') });

    it('a counterproposal to a proposal that does not exist in this negotiation: 404', async () => {
      const response = await refused(negotiationId, () => post(`/negotiations/${negotiationId}/counterproposals`, counter(randomUUID())), 404, 'PROPOSAL_NOT_FOUND');
      expect(response.body.type).toBe('urn:labor-relations-record:problem:proposal-not-found');
    });

    it('a counterproposal to the same side\'s own proposal: 422', async () => {
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/counterproposals`, counter(unionProposal, 'union')), 422, 'COUNTER_TO_OWN_PROPOSAL');
    });

    it('a second signature by the same side on one tentative agreement: 422; an unknown one: 404', async () => {
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/tentative-agreements/${ta}/initials`, { occurredAt: day('2025-04-03'), side: 'employer', signatory: 'Dana Ruiz' }), 422, 'TA_ALREADY_SIGNED_BY_SIDE');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/tentative-agreements/${randomUUID()}/initials`, { occurredAt: day('2025-04-03'), side: 'union', signatory: 'Lee Park' }), 404, 'TENTATIVE_AGREEMENT_NOT_FOUND');
    });

    it('a settlement citing an unknown tentative agreement: 404; citing none: 422', async () => {
      const settlement = (taIds: string[]) => ({ occurredAt: day('2025-05-01'), taIds, term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Deal' });
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/settlement`, settlement([ta, randomUUID()])), 404, 'TENTATIVE_AGREEMENT_NOT_FOUND');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/settlement`, settlement([])), 422, 'SETTLEMENT_WITHOUT_TA');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/settlement/ratification-vote`, { occurredAt: day('2025-05-01'), yes: 1, no: 0 }), 422, 'SETTLEMENT_NOT_REACHED');
    });

    it('an occurredAt in the future (after the server clock): 422', async () => {
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/ground-rules`, { occurredAt: day('2025-06-02'), taRule: 'closed-once-initialed' }), 422, 'OCCURRED_AT_IN_FUTURE');
      await refused(
        negotiationId,
        () => post(`/negotiations/${negotiationId}/ground-rules`, { occurredAt: { at: '2025-06-01T18:00:01Z', precision: 'instant' }, taRule: 'closed-once-initialed' }),
        422,
        'OCCURRED_AT_IN_FUTURE',
      );
    });

    it('a reference to a unit that does not exist: 404', async () => {
      await refused(null, () => post('/negotiations', { occurredAt: day('2025-01-15'), unitId: randomUUID(), kind: 'successor' }), 404, 'UNIT_NOT_REGISTERED');
      await refused(null, () => get(`/units/${randomUUID()}`), 404, 'UNIT_NOT_REGISTERED');
      await refused(null, () => get('/units/not-an-id'), 404, 'UNIT_NOT_REGISTERED');
    });

    it('a fact for a negotiation never opened: 404, and no stream is created', async () => {
      const unknown = randomUUID();
      await refused(unknown, () => post(`/negotiations/${unknown}/sessions`, { occurredAt: day('2025-03-05'), number: 1, place: 'x', attendees: ATTENDEES }), 404, 'NEGOTIATION_NOT_OPENED');
      await refused(null, () => get(`/negotiations/${unknown}`), 404, 'NEGOTIATION_NOT_OPENED');
      await refused(null, () => get('/negotiations/bay-view'), 404, 'NEGOTIATION_NOT_OPENED');
      expect(await stream(unknown)).toEqual([]);
    });

    it('withdrawing what is off the table, rejecting what is not a package, impasse steps without an impasse: 422', async () => {
      const proposal = (await post(`/negotiations/${negotiationId}/proposals`, { occurredAt: day('2025-03-20'), side: 'employer', number: 'D-9', articles: articles(['10'], 'D-9') }).expect(201)).body.proposalId;
      await post(`/negotiations/${negotiationId}/proposals/${proposal}/withdrawal`, { occurredAt: day('2025-03-21') }).expect(201);
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/proposals/${proposal}/withdrawal`, { occurredAt: day('2025-03-22') }), 422, 'PROPOSAL_NOT_ON_TABLE');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/packages/${unionProposal}/rejection`, { occurredAt: day('2025-03-22') }), 422, 'NOT_A_PACKAGE');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/packages`, { occurredAt: day('2025-03-22'), side: 'employer', number: 'P', articles: articles(['10'], 'P'), conditional: true }), 422, 'PACKAGE_NEEDS_SEVERAL_ARTICLES');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/impasse/mediators`, { occurredAt: day('2025-03-22'), mediator: 'M' }), 422, 'NOT_AT_IMPASSE');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/conclusion`, { occurredAt: day('2025-03-22'), outcome: 'settled' }), 422, 'CONCLUSION_INCONSISTENT');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/proposals/${randomUUID()}/withdrawal`, { occurredAt: day('2025-03-22') }), 404, 'PROPOSAL_NOT_FOUND');
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/confidential-notes`, { occurredAt: day('2025-03-22'), kind: 'strategy', title: 't', body: 'b', sessionId: randomUUID() }), 404, 'SESSION_NOT_FOUND');
    });

    it('corrections: an event not in this negotiation 404, a field the event lacks 422, a correction of a correction 422', async () => {
      const events = await stream(negotiationId);
      const opened = events[0]!;
      const correct = (correctedEventId: string, correctedFields: object) => () =>
        post(`/negotiations/${negotiationId}/corrections`, { occurredAt: day('2025-05-30'), correctedEventId, reason: 'mis-keyed', correctedFields });
      await refused(negotiationId, correct(randomUUID(), { kind: 'reopener' }), 404, 'CORRECTED_EVENT_NOT_FOUND');
      const response = await refused(negotiationId, correct(opened.eventId, { colour: 'blue' }), 422, 'CORRECTED_FIELD_UNKNOWN');
      expect(response.body.details.allowed).toEqual(expect.arrayContaining(['kind', 'openedOn', 'occurredAt']));
      const first = (await post(`/negotiations/${negotiationId}/corrections`, { occurredAt: day('2025-05-30'), correctedEventId: opened.eventId, reason: 'was a reopener', correctedFields: { kind: 'reopener' } }).expect(201)).body;
      await refused(negotiationId, correct(first.events[0].eventId, { reason: 'x' }), 422, 'EVENT_NOT_CORRECTABLE');
      // An event of another negotiation is not in this one.
      const other = await openNegotiation(unitId);
      const otherOpened = (await stream(other))[0]!;
      await refused(negotiationId, correct(otherOpened.eventId, { kind: 'reopener' }), 404, 'CORRECTED_EVENT_NOT_FOUND');
    });

    describe('validation: 400 naming the property, nothing stored', () => {
      const invalid = async (path: string, body: object, property: string, role: Role = 'negotiator') => {
        const before = (await stream(negotiationId)).length;
        const response = await post(path.replace(':id', negotiationId), body, role).expect(400);
        expect(response.headers['content-type']).toMatch(problemJson);
        expect(response.body.errors.map((e: { property: string }) => e.property)).toContain(property);
        expect((await stream(negotiationId)).length).toBe(before);
        return response;
      };
      const session = { occurredAt: day('2025-03-05'), number: 1, place: 'District office', attendees: ATTENDEES };
      const proposal = { occurredAt: day('2025-03-19'), side: 'union', number: 'U-2', articles: articles(['24'], 'U-2') };

      it('missing or malformed occurredAt', async () => {
        const { occurredAt: _, ...withoutTime } = session;
        await invalid('/negotiations/:id/sessions', withoutTime, 'occurredAt');
        await invalid('/negotiations/:id/sessions', { ...session, occurredAt: { at: '2025-02-30', precision: 'day' } }, 'occurredAt.at');
        await invalid('/negotiations/:id/sessions', { ...session, occurredAt: { at: '2025-03-05', precision: 'roughly' } }, 'occurredAt.precision');
      });

      it('enums, integers, lengths, ISO dates, hashes, array limits and nested objects', async () => {
        await invalid('/negotiations/:id/proposals', { ...proposal, side: 'mediator' }, 'side');
        await invalid('/negotiations/:id/sessions', { ...session, number: 0 }, 'number');
        await invalid('/negotiations/:id/sessions', { ...session, place: 'x'.repeat(301) }, 'place');
        await invalid('/negotiations/:id/sessions', { ...session, place: '   ' }, 'place');
        await invalid('/negotiations/:id/sessions', { ...session, attendees: { employer: 'Dana' , union: [] } }, 'attendees.employer');
        await invalid('/negotiations/:id/cancelled-sessions', { occurredAt: day('2025-03-04'), scheduledFor: '2025-13-01', cancelledBy: 'union', reason: 'ill' }, 'scheduledFor');
        await invalid('/negotiations/:id/proposals', { ...proposal, documents: [{ name: 'U-2.pdf', sha256: 'abc' }] }, 'documents.0.sha256');
        await invalid('/negotiations/:id/proposals', { ...proposal, articles: [] }, 'articles');
        await invalid('/negotiations/:id/proposals', { ...proposal, articles: articles(Array.from({ length: 201 }, (_, i) => String(i)), 'x') }, 'articles');
        await invalid('/negotiations/:id/proposals', { ...proposal, articles: [...articles(['24'], 'a'), ...articles(['24'], 'b')] }, 'articles');
        await invalid('/negotiations/:id/proposals', { ...proposal, articles: [{ article: '24', changeKind: 'amend', text: ' ' }] }, 'articles.0.text');
        await invalid('/negotiations/:id/proposals', { ...proposal, articles: [{ article: '24', changeKind: 'rewrite', text: 't' }] }, 'articles.0.changeKind');
        await invalid('/negotiations/:id/proposals', { ...proposal, costing: { summary: 's', costs: [{ fiscalYear: '2025-26', amount: 'lots' }] } }, 'costing.costs.0.amount');
        await invalid('/negotiations/:id/settlement/ratification-vote', { occurredAt: day('2025-05-01'), yes: -1, no: 1.5 }, 'yes');
        await invalid('/negotiations/:id/corrections', { occurredAt: day('2025-05-01'), correctedEventId: 'not-a-uuid', reason: 'r', correctedFields: { a: 1 } }, 'correctedEventId');
        await invalid('/negotiations/:id/corrections', { occurredAt: day('2025-05-01'), correctedEventId: randomUUID(), reason: 'r', correctedFields: { occurredAt: '2025-01-01' } }, 'correctedFields');
        await invalid('/negotiations', { occurredAt: day('2025-01-15'), unitId: 'unit-with-dashes', kind: 'successor' }, 'unitId');
        await invalid('/negotiations', { occurredAt: day('2025-01-15'), unitId, kind: 'armistice' }, 'kind');
      });

      it.each(['actor', 'classification', 'recordedAt', 'revision', 'hash', 'prevHash', 'eventId', 'negotiationId', 'sessionId'])(
        'an unknown property a client may never set (%s): 400',
        async (property) => {
          const response = await invalid('/negotiations/:id/sessions', { ...session, [property]: property === 'classification' ? { level: 'public', basis: 'mine' } : 'x' }, property);
          expect(response.body.errors).toEqual([{ property, messages: [`property ${property} should not exist`] }]);
        },
      );

      it('an unknown property nested in a costing or an article: 400', async () => {
        await invalid('/negotiations/:id/proposals', { ...proposal, costing: { summary: 's', classification: 'public' } }, 'costing.classification');
        await invalid('/negotiations/:id/proposals', { ...proposal, articles: [{ ...articles(['24'], 'x')[0], hash: 'h' }] }, 'articles.0.hash');
      });
    });
  });

  describe('Idempotency-Key', () => {
    let negotiationId: string;

    beforeAll(async () => {
      clock.set('2025-06-01T18:00:00.000Z');
      negotiationId = await openNegotiation(await registerUnit());
    });

    const session = (number: number) => ({ occurredAt: day('2025-03-05'), number, place: 'District office', attendees: ATTENDEES });

    it('replays the first response for the same key and body, and stores nothing', async () => {
      const key = `session-1-${randomUUID()}`;
      const first = await post(`/negotiations/${negotiationId}/sessions`, session(1), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      const after = (await stream(negotiationId)).length;
      clock.set('2025-06-01T19:00:00.000Z');
      const replay = await post(`/negotiations/${negotiationId}/sessions`, session(1), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      expect(replay.body).toEqual(first.body);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect((await stream(negotiationId)).length).toBe(after);
    });

    it('refuses the same key with another body (422) and stores nothing', async () => {
      const key = `session-2-${randomUUID()}`;
      await post(`/negotiations/${negotiationId}/sessions`, session(2), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      await refused(negotiationId, () => post(`/negotiations/${negotiationId}/sessions`, session(3), 'negotiator', { 'Idempotency-Key': key }), 422, 'IDEMPOTENCY_KEY_REUSED');
    });

    it('keeps keys per caller, and makes new ids from the key: another caller with the same key records its own session', async () => {
      const key = `shared-${randomUUID()}`;
      const mine = await post(`/negotiations/${negotiationId}/sessions`, session(4), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      const theirs = await post(`/negotiations/${negotiationId}/sessions`, session(5), 'admin', { 'Idempotency-Key': key }).expect(201);
      expect(theirs.body.sessionId).not.toBe(mine.body.sessionId);
    });
  });

  describe('roles', () => {
    let negotiationId: string;

    beforeAll(async () => {
      clock.set('2025-06-01T18:00:00.000Z');
      negotiationId = await openNegotiation(await registerUnit());
    });

    const writes = () => [
      ['/units', { occurredAt: day('2025-01-10'), ...BAYVIEW_UNIT }],
      [`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-05'), number: 1, place: 'x', attendees: ATTENDEES }],
      [`/negotiations/${negotiationId}/confidential-notes`, { occurredAt: day('2025-03-05'), kind: 'strategy', title: 't', body: 'b' }],
    ] as const;

    it.each(['analyst', 'records-officer', 'legal-counsel'] as const)('refuses writes to %s with 403, storing nothing', async (role) => {
      for (const [path, body] of writes()) {
        const before = (await stream(negotiationId)).length;
        const response = await post(path, body, role).expect(403);
        expect(response.headers['content-type']).toMatch(problemJson);
        expect((await stream(negotiationId)).length).toBe(before);
      }
    });

    it('keeps the unit register for admins', async () => {
      await post('/units', { occurredAt: day('2025-01-10'), ...BAYVIEW_UNIT }, 'negotiator').expect(403);
      await post('/units', { occurredAt: day('2025-01-10'), ...BAYVIEW_UNIT }, 'admin').expect(201);
    });

    it('lets negotiators and admins record facts', async () => {
      await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-05'), number: 1, place: 'x', attendees: ATTENDEES }, 'negotiator').expect(201);
      await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-12'), number: 2, place: 'x', attendees: ATTENDEES }, 'admin').expect(201);
    });

    it('answers 401 without a token, before looking at the body', async () => {
      const response = await request(server).post(`/negotiations/${negotiationId}/sessions`).send({ actor: 'me' }).expect(401);
      expect(response.headers['content-type']).toMatch(problemJson);
      await request(server).get(`/negotiations/${negotiationId}`).expect(401);
      await request(server).get(`/negotiations/${negotiationId}/events`).expect(401);
    });

    it('lets every role read, each within its clearance', async () => {
      const note = (await post(`/negotiations/${negotiationId}/confidential-notes`, { occurredAt: day('2025-03-05'), kind: 'closed-session', title: 'Board briefing', body: 'Authority up to 3%' }).expect(201)).body.noteId;
      for (const role of ROLES) {
        const events = (await get(`/negotiations/${negotiationId}/events`, role).expect(200)).body.events.map((e: { eventId: string }) => e.eventId);
        expect([role, events.includes(note)]).toEqual([role, role !== 'analyst']);
      }
    });
  });

  describe('OpenAPI', () => {
    it('documents the routes with their bodies, examples, roles, Idempotency-Key and problem responses', async () => {
      const document = (await request(server).get('/docs-json').expect(200)).body;
      const counter = document.paths['/negotiations/{negotiationId}/counterproposals'].post;
      expect(counter.tags).toEqual(['negotiations: at the table']);
      expect(counter['x-required-roles']).toEqual(['negotiator', 'admin']);
      expect(counter.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]));
      expect(Object.keys(counter.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '422']));
      expect(counter.responses['409'].content['application/problem+json'].schema.$ref).toBe('#/components/schemas/Problem');
      const schemas = document.components.schemas;
      expect(schemas.TableCounterproposalDto.properties.respondsTo).toMatchObject({ pattern: expect.any(String), example: expect.any(String) });
      expect(schemas.TableCounterproposalDto.required).toEqual(expect.arrayContaining(['occurredAt', 'side', 'number', 'articles', 'respondsTo']));
      expect(schemas.DocumentDto.properties.sha256.pattern).toBe('^[0-9a-fA-F]{64}$');
      expect(schemas.TableProposalDto.properties).not.toHaveProperty('classification');
      expect(document.paths['/units'].post['x-required-roles']).toEqual(['admin']);
      expect(document.paths['/negotiations/{negotiationId}/events'].get['x-required-roles']).toEqual([...ROLES]);
      const routes = Object.keys(document.paths).filter((path) => path.startsWith('/negotiations') || path.startsWith('/units'));
      expect(routes.length).toBeGreaterThanOrEqual(40);
    });
  });

  describe('50 concurrent clients tabling counterproposals on one negotiation', () => {
    const CLIENTS = 50;
    let negotiationId: string;
    let proposal: string;

    beforeAll(async () => {
      clock.set('2025-06-01T18:00:00.000Z');
      negotiationId = await openNegotiation(await registerUnit());
      proposal = (await post(`/negotiations/${negotiationId}/proposals`, { occurredAt: day('2025-03-19'), side: 'union', number: 'U-1', articles: articles(['10', '24'], 'U-1') }).expect(201)).body.proposalId;
    });

    const counter = (client: number) => ({ occurredAt: day('2025-03-26'), side: 'employer', number: `D-${client}`, respondsTo: proposal, articles: articles(['24'], `D-${client}`) });

    it('loses nothing: every 2xx is exactly one stored event, every other answer a 409, revisions contiguous; retries then store the rest once', async () => {
      const before = (await stream(negotiationId)).length;
      const keys = Array.from({ length: CLIENTS }, (_, client) => `counter-${client}-${randomUUID()}`);
      const send = (client: number) => post(`/negotiations/${negotiationId}/counterproposals`, counter(client), 'negotiator', { 'Idempotency-Key': keys[client]! });

      const first = await Promise.all(Array.from({ length: CLIENTS }, (_, client) => send(client)));
      const accepted = first.filter((r) => r.status === 201);
      const conflicts = first.filter((r) => r.status !== 201);
      expect(accepted.length).toBeGreaterThan(0);
      for (const response of conflicts) {
        expect(response.status).toBe(409);
        expect(response.headers['content-type']).toMatch(problemJson);
        expect(response.body).toMatchObject({ status: 409, code: 'WRONG_EXPECTED_REVISION' });
      }
      const afterFirst = await stream(negotiationId);
      expect(afterFirst.length - before).toBe(accepted.length);
      const storedIds = new Set(afterFirst.map((e) => e.eventId));
      for (const response of accepted) {
        expect(response.body.events).toHaveLength(1);
        expect(storedIds.has(response.body.events[0].eventId)).toBe(true);
      }
      expect(new Set(accepted.map((r) => r.body.events[0].revision)).size).toBe(accepted.length);

      // Each client that got a 409 retries with its key until it is recorded.
      const pending = new Set(first.map((r, client) => (r.status === 201 ? -1 : client)).filter((client) => client >= 0));
      for (let round = 0; pending.size > 0 && round < 50; round++) {
        const answers = await Promise.all([...pending].map(async (client) => [client, await send(client)] as const));
        for (const [client, response] of answers) {
          if (response.status === 201) pending.delete(client);
          else expect(response.status).toBe(409);
        }
      }
      expect(pending.size).toBe(0);

      const final = await stream(negotiationId);
      const counters = final.filter((e) => e.type === 'CounterproposalTabled');
      expect(counters).toHaveLength(CLIENTS);
      expect(new Set(counters.map((e) => (e.data as { number: string }).number)).size).toBe(CLIENTS);
      expect(final.map((e) => e.revision)).toEqual(final.map((_, index) => index));
      expect(verifyChain(final)).toMatchObject({ intact: true, events: final.length });
      // A replay of any client's key answers its first 2xx and stores nothing more.
      const replay = await send(0).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect((await stream(negotiationId)).length).toBe(final.length);
    }, 120_000);
  });

  describe('a conflict that outlasts the retries', () => {
    let rivalApp: INestApplication;
    let rivalServer: Parameters<typeof request>[0];
    let rivalStore: EventStore;
    const rival = { armed: false, appends: 0 };

    /** The same store, but another writer appends to a negotiation just before each of this process's appends while armed. */
    function racedBy(inner: EventStore): EventStore {
      return {
        kind: inner.kind,
        append: async (name, events, options) => {
          if (rival.armed && name.startsWith('negotiation-')) {
            rival.appends++;
            const negotiationId = name.slice('negotiation-'.length);
            await inner.append(
              name,
              [
                {
                  eventId: randomUUID(),
                  type: 'GroundRulesAgreed',
                  data: { negotiationId, taRule: 'reopenable-until-global', terms: `rival ${rival.appends}`, agreedOn: '2025-02-01' },
                  occurredAt: day('2025-02-01'),
                  actor: { subject: 'rival@bayviewusd.example', role: 'negotiator' },
                  correlationId: randomUUID(),
                  classification: { level: 'internal', basis: 'exchanged at the bargaining table' },
                },
              ],
              { expectedRevision: 'any' },
            );
          }
          return inner.append(name, events, options);
        },
        readStream: (name, options) => inner.readStream(name, options),
        readAll: (options) => inner.readAll(options),
        subscribe: (options) => inner.subscribe(options),
        ping: () => inner.ping(),
        close: () => inner.close(),
      };
    }

    beforeAll(async () => {
      const stores = await open();
      rivalStore = stores.events;
      const options: CreateAppOptions & { clock: Clock } = {
        config: test.config,
        stores: { ...stores, events: racedBy(stores.events), close: () => stores.close() },
        imports: [BargainingModule, StatutoryWarningsModule],
        clock,
      };
      rivalApp = await createApp(options);
      rivalServer = rivalApp.getHttpServer();
    }, 120_000);

    afterAll(async () => {
      await rivalApp?.close();
    });

    it('answers 409 problem+json after re-deciding a bounded number of times, and stores nothing of the command', async () => {
      clock.set('2025-06-01T18:00:00.000Z');
      const as = (path: string, body: object) => request(rivalServer).post(path).set(auth('negotiator')).send(body);
      const unitId = (await as('/units', { occurredAt: day('2025-01-10'), ...BAYVIEW_UNIT }).set(auth('admin')).expect(201)).body.unitId;
      const negotiationId = (await as('/negotiations', { occurredAt: day('2025-01-15'), unitId, kind: 'successor' }).expect(201)).body.negotiationId;
      const events = () => readStreamOrEmpty(rivalStore, `negotiation-${negotiationId}`);
      const before = await events();

      rival.armed = true;
      let response: request.Response;
      try {
        response = await as(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-05'), number: 1, place: 'x', attendees: ATTENDEES });
      } finally {
        rival.armed = false;
      }
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ status: 409, code: 'WRONG_EXPECTED_REVISION', instance: `/negotiations/${negotiationId}/sessions` });

      const after = await events();
      // The first attempt decides on the state cached after the last command (a stale cache is not a
      // contested write, so it costs no attempt); then five attempts on the store's state
      // (handleCommand's default), each beaten by the rival: only the rival's events were stored.
      expect(rival.appends).toBe(6);
      expect(after.slice(before.length).map((e) => e.actor.subject)).toEqual(Array(6).fill('rival@bayviewusd.example'));
      expect(after.some((e) => e.type === 'SessionHeld')).toBe(false);
      expect(verifyChain(after)).toMatchObject({ intact: true, events: before.length + 6 });
    });
  });
});
