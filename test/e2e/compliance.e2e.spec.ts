import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type NegotiationCommand, type UnitSnapshot, negotiationDecider, negotiationStream, unitDecider, unitStream } from '#bargaining';
import { COMPLIANCE_PROJECTIONS, ComplianceModule } from '#compliance';
import { type EventStore, handleCommand, readStreamOrEmpty } from '#event-store';
import {
  INFORMATION_REQUEST_PROJECTIONS,
  type InformationRequestCommand,
  InformationRequestRegisterModule,
  UNIT_OVERDUE_REQUESTS,
  type UnitOverdueRequests,
  informationRequestDecider,
  informationRequestPolicyDecider,
  informationRequestPolicyStream,
  informationRequestStream,
} from '#information-requests';
import type { CommandMetadata, Role } from '#kernel';
import { ProjectorModule, ProjectorService } from '#projector';
import { type TestApp, startTestApp, storeBackends } from '#testing';

/*
 * Compliance flags and the information request register over HTTP. Facts are appended through the
 * deciders (handleCommand), the projector runs inside the app, and the endpoints are read once it
 * has caught up. The Bayview scenario of DOMAIN.md (EERA) plus an MMBA unit whose offer was imposed
 * without a public hearing. Ids are unique per run, so a database keeping earlier runs' events is fine.
 */

const DATABASE_URL = process.env.DATABASE_URL;
const NOW = '2026-02-01T12:00:00.000Z';
const DISTRICT_HOLIDAYS_2025 = ['2025-01-01', '2025-01-20', '2025-02-17', '2025-03-31', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-11', '2025-11-27', '2025-11-28', '2025-12-25'];

const backends = storeBackends(DATABASE_URL);

if (!DATABASE_URL) {
  describe('compliance over HTTP on PostgreSQL', () => {
    it.skip('… skipped: DATABASE_URL is not set', () => {});
  });
}

let sequence = 0;
const metadata = (at: string): CommandMetadata => ({
  now: NOW,
  occurredAt: { at, precision: 'day' },
  actor: { subject: 'e2e-setup@bayviewusd.example', role: 'negotiator' },
  commandId: randomUUID(),
  correlationId: `corr-${++sequence}`,
});

describe.each(backends)('compliance flags and the information request register over HTTP on $name', ({ open }) => {
  let test: TestApp;
  let store: EventStore;
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const eeraUnit = `bayview_teachers_${run}`;
  const mmbaUnit = `bayview_city_${run}`;
  const negotiationId = `bayview_2025_${run}`;
  const cityNegotiationId = `city_2025_${run}`;
  const rfi = `rfi_007_${run}`;
  const rfiUnlinked = `rfi_012_${run}`;

  const get = (path: string, role: Role = 'analyst') => request(test.server).get(path).set(test.bearer(role));

  const snapshot = (unitId: string, statute: UnitSnapshot['statute']): UnitSnapshot => ({
    unitId,
    name: statute === 'EERA' ? 'Bayview certificated unit' : 'Bayview city miscellaneous unit',
    employer: statute === 'EERA' ? 'Bayview Unified School District' : 'City of Bayview',
    employeeOrganization: statute === 'EERA' ? 'Bayview Teachers Association' : 'Bayview City Employees Association',
    statute,
    currentAgreementTerm: { start: '2022-07-01', end: '2025-06-30' },
  });

  async function registerUnit(unitId: string, statute: UnitSnapshot['statute']) {
    const { currentAgreementTerm, ...rest } = snapshot(unitId, statute);
    await handleCommand(store, unitStream(unitId), unitDecider, { type: 'RegisterUnit', data: { ...rest, currentAgreementTerm, description: null }, metadata: metadata('2022-07-01') });
  }

  async function negotiate(id: string, unitId: string, statute: UnitSnapshot['statute'], steps: [NegotiationCommand['type'], Record<string, unknown>, string][]) {
    const commands = [['OpenNegotiation', { unit: snapshot(unitId, statute), kind: 'successor', articlesInScope: [] }, '2025-01-15'] as const, ...steps];
    for (const [type, data, at] of commands) {
      await handleCommand(store, negotiationStream(id), negotiationDecider, { type, data: { negotiationId: id, ...data }, metadata: metadata(at) } as unknown as NegotiationCommand);
    }
  }

  async function inform(requestId: string, commands: [InformationRequestCommand['type'], Record<string, unknown>, string][]) {
    for (const [type, data, at] of commands) {
      await handleCommand(store, informationRequestStream(requestId), informationRequestDecider, { type, data: { requestId, ...data }, metadata: metadata(at) } as InformationRequestCommand);
    }
  }

  const items = [
    { number: 1, description: 'Step-and-column placement of each unit member, by name, 2024-25' },
    { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
  ];
  const receive = (negotiation: string | null) => ({
    unitId: eeraUnit,
    from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
    negotiationId: negotiation,
    items,
    responsePolicy: { kind: 'business-days', days: 10 },
    calendar: { holidays: DISTRICT_HOLIDAYS_2025 },
  });

  beforeAll(async () => {
    const stores = await open();
    store = stores.events;

    await registerUnit(eeraUnit, 'EERA');
    await registerUnit(mmbaUnit, 'MMBA');
    await handleCommand(store, informationRequestPolicyStream(eeraUnit), informationRequestPolicyDecider, {
      type: 'SetInformationRequestPolicy',
      data: { unitId: eeraUnit, policy: { kind: 'business-days', days: 10 }, holidays: DISTRICT_HOLIDAYS_2025 },
      metadata: metadata('2025-01-02'),
    });
    await negotiate(negotiationId, eeraUnit, 'EERA', [
      ['AgreeGroundRules', { taRule: 'reopenable-until-global' }, '2025-01-29'],
      ['SunshineInitialProposal', { side: 'union', boardMeeting: 'Board meeting 2025-02-12', articles: ['10', '15', '21', '24'] }, '2025-02-12'],
      ['SunshineInitialProposal', { side: 'employer', boardMeeting: 'Board meeting 2025-02-12', articles: ['10', '15', '21', '23', '24'] }, '2025-02-12'],
      ['HearPublicComment', { boardMeeting: 'Board meeting 2025-02-26' }, '2025-02-26'],
      ['HoldSession', { sessionId: 'session_1', number: 1, place: 'District office', attendees: { employer: ['Dana Ruiz'], union: ['Lee Park'] }, articlesDiscussed: ['10'] }, '2025-03-05'],
      ['AdoptEmployerProposal', { boardMeeting: 'Board meeting 2025-03-12', resolutionNumber: '24-25/41' }, '2025-03-12'],
      ['HoldSession', { sessionId: 'session_2', number: 2, place: 'District office', attendees: { employer: ['Dana Ruiz'], union: ['Lee Park'] }, articlesDiscussed: ['10'] }, '2025-03-19'],
      ['InitialTentativeAgreement', { taId: 'ta_art23', side: 'employer', signatory: 'Dana Ruiz', articles: [{ article: '23', title: null, text: 'Agreed 23' }] }, '2025-04-02'],
      ['InitialTentativeAgreement', { taId: 'ta_art23', side: 'union', signatory: 'Lee Park' }, '2025-04-04'],
      ['DeclareImpasse', { declaredBy: 'union', form: 'written' }, '2025-06-18'],
      ['CertifyFactfinding', {}, '2025-09-03'],
      ['IssueFactfindingReport', { summary: null }, '2025-11-03'],
      ['MakeFactfindingReportPublic', { how: 'District website' }, '2025-11-15'],
      ['ReachSettlement', { taIds: ['ta_art23'], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Successor agreement' }, '2025-12-10'],
      ['HoldRatificationVote', { yes: 812, no: 143 }, '2025-12-15'],
      ['DiscloseSettlementCosts', { meeting: 'Board meeting 2026-01-07', summary: 'Public disclosure', costs: [], certifiedBy: { superintendent: 'Dr. M. Chen', chiefBusinessOfficial: 'P. Okafor' } }, '2026-01-07'],
      ['ApproveByGoverningBody', { governingBody: 'Board of Education', resolutionNumber: '25-26/19' }, '2026-01-14'],
    ]);
    await inform(rfi, [
      ['ReceiveInformationRequest', receive(negotiationId), '2025-04-10'],
      ['AcknowledgeInformationRequest', {}, '2025-04-13'],
      ['ObjectToInformationItem', { itemNumber: 1, grounds: ['third-party-privacy'], explanation: 'Discloses compensation by name', accommodationOffered: true, accommodationDescription: 'Anonymized ids' }, '2025-04-26'],
      ['ProduceInformationItem', { itemNumber: 2, documents: [{ name: 'costing.xlsx', sha256: 'c'.repeat(64) }], completeness: 'partial' }, '2025-05-22'],
    ]);
    // Linked to no negotiation, received while the negotiation was open, never answered.
    await inform(rfiUnlinked, [['ReceiveInformationRequest', receive(null), '2025-09-02']]);
    await negotiate(cityNegotiationId, mmbaUnit, 'MMBA', [
      ['DeclareImpasse', { declaredBy: 'employer', form: 'written' }, '2025-06-01'],
      ['ImposeLastBestFinalOffer', { governingBody: 'City Council', articles: ['5'], summary: 'Last, best and final offer' }, '2025-08-01'],
    ]);

    test = await startTestApp({
      name: 'compliance',
      stores,
      imports: [ProjectorModule.forRoot({ projections: [...COMPLIANCE_PROJECTIONS, ...INFORMATION_REQUEST_PROJECTIONS], run: true }), ComplianceModule, InformationRequestRegisterModule],
    });
    await test.app.get(ProjectorService).caughtUp(60_000);
  }, 180_000);

  afterAll(async () => {
    await test?.close();
  });

  describe('GET /negotiations/:id/compliance', () => {
    it('flags the Bayview breaches as of 2026-01-31 under eera.v1, each naming its rule, dates and recorded facts', async () => {
      const response = await get(`/negotiations/${negotiationId}/compliance?asOf=2026-01-31`).expect(200);
      expect(response.body).toMatchObject({ negotiationId, unitId: eeraUnit, statute: 'EERA', asOf: '2026-01-31', ruleSet: { id: 'eera.v1', statute: 'EERA', version: 1 }, notEvaluated: [] });
      expect(response.body.flags.map((f: { raisedOn: string; ruleId: string; requestId: string | null }) => [f.raisedOn, f.ruleId, f.requestId])).toEqual([
        ['2025-03-05', 'eera.session-before-sunshine', null],
        ['2025-04-25', 'eera.information-request-overdue', rfi],
        ['2025-04-26', 'eera.information-request-late-objection', rfi],
        ['2025-09-17', 'eera.information-request-no-response-past-due', rfiUnlinked],
        ['2025-09-17', 'eera.information-request-overdue', rfiUnlinked],
        ['2025-11-14', 'eera.factfinding-report-public-within-10-days', null],
      ]);
      expect(response.body.informationRequests).toEqual([
        { requestId: rfi, link: 'negotiation' },
        { requestId: rfiUnlinked, link: 'unit' },
      ]);
      expect(response.body.summary).toEqual({ total: 6, bySeverity: { low: 0, medium: 2, high: 4 } });

      const session = response.body.flags[0];
      const stored = await readStreamOrEmpty(store, negotiationStream(negotiationId));
      const sessionEvent = stored.find((e) => e.type === 'SessionHeld' && e.data['number'] === 1)!;
      const adoption = stored.find((e) => e.type === 'EmployerProposalAdopted')!;
      expect(session).toMatchObject({
        ruleSet: 'eera.v1',
        citation: 'Gov. Code 3547(a)-(c)',
        severity: 'high',
        negotiationId,
        dates: { heldOn: '2025-03-05', employerProposalAdoptedOn: '2025-03-12' },
        details: { sessionNumber: 1, missingSteps: ['employer-proposal-adopted'] },
        classification: 'internal',
      });
      expect(session.facts).toEqual([
        { eventId: sessionEvent.eventId, type: 'SessionHeld', stream: negotiationStream(negotiationId), on: '2025-03-05', recordedAt: sessionEvent.recordedAt, as: 'session', correctedBy: [] },
        { eventId: adoption.eventId, type: 'EmployerProposalAdopted', stream: negotiationStream(negotiationId), on: '2025-03-12', recordedAt: adoption.recordedAt, as: 'employer proposal adopted, later', correctedBy: [] },
      ]);
      expect(response.body.flags.at(-1)).toMatchObject({ dates: { issuedOn: '2025-11-03', madePublicOn: '2025-11-15' }, details: { days: 12, allowedDays: 10 } });
    });

    it('flags nothing as of 2025-03-04, and the session only from 2025-03-05', async () => {
      expect((await get(`/negotiations/${negotiationId}/compliance?asOf=2025-03-04`).expect(200)).body.flags).toEqual([]);
      const response = await get(`/negotiations/${negotiationId}/compliance?asOf=2025-03-05`).expect(200);
      expect(response.body.flags.map((f: { ruleId: string }) => f.ruleId)).toEqual(['eera.session-before-sunshine']);
    });

    it('does not flag the cost disclosure made a week before the board approval', async () => {
      const response = await get(`/negotiations/${negotiationId}/compliance?asOf=2026-01-31&ruleSet=eera.v1`, 'negotiator').expect(200);
      expect(response.body.flags.filter((f: { ruleId: string }) => f.ruleId.startsWith('eera.cost-disclosure'))).toEqual([]);
    });

    it('refuses a rule set of another statute (422), an unknown rule set or a malformed day (400)', async () => {
      const wrong = await get(`/negotiations/${negotiationId}/compliance?ruleSet=mmba.v1`).expect(422);
      expect(wrong.body).toMatchObject({ code: 'RULE_SET_NOT_FOR_STATUTE' });
      await get(`/negotiations/${negotiationId}/compliance?ruleSet=eera.v9`).expect(400);
      await get(`/negotiations/${negotiationId}/compliance?asOf=2025-02-30`).expect(400);
    });

    it('answers 404 for an unknown negotiation and 401 without a token', async () => {
      const missing = await get(`/negotiations/nope_${run}/compliance`).expect(404);
      expect(missing.body).toMatchObject({ code: 'NEGOTIATION_NOT_FOUND' });
      await get('/negotiations/not-an-id!/compliance').expect(404);
      await request(test.server).get(`/negotiations/${negotiationId}/compliance`).expect(401);
    });
  });

  describe('GET /compliance/flags', () => {
    it("lists a unit's flags: its negotiation's and its requests linked to no negotiation, once each", async () => {
      const response = await get(`/compliance/flags?unitId=${eeraUnit}&asOf=2026-01-31`).expect(200);
      expect(response.body.flags.map((f: { ruleId: string; negotiationId: string | null }) => [f.ruleId, f.negotiationId])).toEqual([
        ['eera.session-before-sunshine', negotiationId],
        ['eera.information-request-overdue', negotiationId],
        ['eera.information-request-late-objection', negotiationId],
        ['eera.information-request-no-response-past-due', null],
        ['eera.information-request-overdue', null],
        ['eera.factfinding-report-public-within-10-days', negotiationId],
      ]);
      expect(response.body.evaluated).toEqual([
        { unitId: eeraUnit, negotiationId, statute: 'EERA', ruleSet: { id: 'eera.v1', statute: 'EERA', version: 1 } },
        { unitId: eeraUnit, negotiationId: null, statute: 'EERA', ruleSet: { id: 'eera.v1', statute: 'EERA', version: 1 } },
      ]);
    });

    it('evaluates an MMBA unit under mmba.v1: an offer imposed without a public hearing', async () => {
      const response = await get(`/compliance/flags?unitId=${mmbaUnit}&asOf=2026-01-31`, 'legal-counsel').expect(200);
      expect(response.body.flags).toEqual([
        expect.objectContaining({ ruleId: 'mmba.imposition-without-public-hearing', ruleSet: 'mmba.v1', citation: 'Gov. Code 3505.7', severity: 'high', raisedOn: '2025-08-01', negotiationId: cityNegotiationId }),
      ]);
    });

    it('covers every unit when none is named', async () => {
      const response = await get('/compliance/flags?asOf=2026-01-31').expect(200);
      const ours = response.body.flags.filter((f: { unitId: string }) => f.unitId === eeraUnit || f.unitId === mmbaUnit);
      expect(ours).toHaveLength(7);
    });

    it('publishes the rule sets and their thresholds', async () => {
      const response = await get('/compliance/rule-sets').expect(200);
      expect(response.body.map((s: { id: string }) => s.id)).toEqual(['eera.v1', 'mmba.v1']);
      expect(response.body[0].parameters).toMatchObject({ costDisclosureMinimumLeadDays: 3, factfindingReportPublicDays: 10 });
    });
  });

  describe('GET /information-request-register', () => {
    it('lists the requests overdue on a day, with per-item clocks counted on the unit calendar', async () => {
      const response = await get(`/information-request-register?unitId=${eeraUnit}&overdueAsOf=2025-05-30`).expect(200);
      expect(response.body).toMatchObject({ asOf: '2025-05-30', nextCursor: null });
      expect(response.body.items).toHaveLength(1);
      expect(response.body.items[0]).toMatchObject({
        requestId: rfi,
        negotiationId,
        status: 'open',
        dueOn: '2025-04-24',
        overdue: true,
        daysOverdue: 36,
        daysOutstanding: 50,
        // Memorial Day (2025-05-26) is a holiday in the unit's policy.
        businessDaysOutstanding: 35,
        timeToFirstResponse: 3,
        lateObjections: [{ itemNumber: 1, objectedOn: '2025-04-26', reasons: ['after-due-date'] }],
        items: [
          { number: 1, status: 'objected', timeToFirstResponse: 16, overdue: false, lateObjections: [{ objectedOn: '2025-04-26', reasons: ['after-due-date'] }] },
          { number: 2, status: 'produced-partial', timeToFirstResponse: 42, overdue: true, daysOverdue: 36 },
        ],
      });
    });

    it('lists nothing overdue before the due date has passed', async () => {
      expect((await get(`/information-request-register?unitId=${eeraUnit}&overdueAsOf=2025-04-24`).expect(200)).body.items).toEqual([]);
    });

    it('filters by status as of the day and pages in receipt order', async () => {
      expect((await get(`/information-request-register?unitId=${eeraUnit}&status=closed&asOf=2026-01-31`).expect(200)).body.items).toEqual([]);
      const first = await get(`/information-request-register?unitId=${eeraUnit}&status=open&asOf=2026-01-31&limit=1`).expect(200);
      expect(first.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([rfi]);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get(`/information-request-register?unitId=${eeraUnit}&status=open&asOf=2026-01-31&limit=1&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.items.map((i: { requestId: string }) => i.requestId)).toEqual([rfiUnlinked]);
      expect(second.body.nextCursor).toBeNull();
      await get(`/information-request-register?cursor=bogus`).expect(400);
    });

    it('answers one request as of a day, 404 when unknown or not yet received', async () => {
      const response = await get(`/information-request-register/${rfi}?asOf=2025-04-20`).expect(200);
      expect(response.body).toMatchObject({ requestId: rfi, overdue: false, daysOutstanding: 10, businessDaysOutstanding: 6 });
      await get(`/information-request-register/${rfi}?asOf=2025-04-09`).expect(404);
      await get(`/information-request-register/unknown_${run}`).expect(404);
    });

    it("gives the unit dashboard each unit's overdue count", async () => {
      const overdue = test.app.get<UnitOverdueRequests>(UNIT_OVERDUE_REQUESTS);
      expect((await overdue.overdueByUnit('2025-09-30'))[eeraUnit]).toBe(2);
      expect((await overdue.overdueByUnit('2025-04-20'))[eeraUnit]).toBe(0);
    });
  });
});
