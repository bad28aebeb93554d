import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AccessModule } from '#access';
import { canRead } from '#auth';
import { type NegotiationCommand, negotiationDecider } from '#bargaining';
import { type EventStore, type RecordedEvent, handleCommand, readStreamOrEmpty, verifyChain } from '#event-store';
import { type InformationRequestCommand, informationRequestDecider } from '#information-requests';
import { CLASSIFICATIONS, type CommandMetadata, ROLES, type Role } from '#kernel';
import { LegalModule } from '#legal';
import { MovableClock, type TestApp, problemJson, startTestApp } from '#testing';
import { NEGOTIATOR, TEXT, bayviewSteps, stepMetadata } from '../../libs/legal/test/bayview-file.js';

/*
 * The legal timeline, the table as of a day, classification changes and the access log over real
 * HTTP on the embedded PGlite store (in memory). The Bayview-like file is recorded through the
 * deciders and handleCommand, with recordedAt set by each command; a fixed, movable clock sets the
 * system time of what the API records (classification changes, access-log entries).
 */

const run = randomUUID().replace(/-/g, '').slice(0, 10);

interface File {
  readonly negotiationId: string;
  readonly ids: Map<string, string>;
}

describe('legal timeline, as-of, classification and access log over HTTP (embedded PGlite)', () => {
  let test: TestApp;
  let store: EventStore;
  const clock = new MovableClock('2026-02-01T09:00:00.000Z');
  const A: File = { negotiationId: `bayview_a_${run}`, ids: new Map() };
  const B: File = { negotiationId: `bayview_b_${run}`, ids: new Map() };

  const headers = (role: Role, extra: Record<string, string> = {}) => ({ ...test.bearer(role), ...extra });
  const get = (path: string, role: Role, extra: Record<string, string> = {}) => request(test.server).get(path).set(headers(role, extra));
  const post = (path: string, body: object, role: Role, extra: Record<string, string> = {}) => request(test.server).post(path).set(headers(role, extra)).send(body);
  const subject = (role: Role) => `${role}@bayviewusd.example`;

  /** The access-log entries one request (by its correlation id) appended. */
  async function logged(file: File, correlationId: string): Promise<RecordedEvent[]> {
    return (await readStreamOrEmpty(store, `accesslog-${file.negotiationId}`)).filter((e) => e.correlationId === correlationId);
  }

  async function recordFile(file: File, extra: { label: string; at: string; type: NegotiationCommand['type']; data: Record<string, unknown> }[] = []) {
    const requestId = `rfi_${file.negotiationId}`;
    const steps = bayviewSteps(file.negotiationId, requestId);
    for (const [index, step] of steps.entries()) {
      const metadata = stepMetadata(step, index);
      const command = step.command(file.ids, metadata);
      const handled =
        step.stream === 'negotiation'
          ? await handleCommand(store, `negotiation-${file.negotiationId}`, negotiationDecider, command as NegotiationCommand)
          : await handleCommand(store, `inforequest-${requestId}`, informationRequestDecider, command as InformationRequestCommand);
      file.ids.set(step.label, handled.events[0]!.eventId);
      const costing = handled.events.find((e) => e.type === 'ProposalCostingRecorded');
      if (costing) file.ids.set(`${step.label}Costing`, costing.eventId);
    }
    for (const [index, step] of extra.entries()) {
      const metadata: CommandMetadata = {
        now: `${step.at}T20:00:00.000Z`,
        occurredAt: { at: step.at, precision: 'day' },
        actor: NEGOTIATOR,
        commandId: `extra-${index}-${step.label}`,
        correlationId: `corr-${step.label}`,
      };
      const command = { type: step.type, data: { negotiationId: file.negotiationId, ...step.data }, metadata } as unknown as NegotiationCommand;
      const handled = await handleCommand(store, `negotiation-${file.negotiationId}`, negotiationDecider, command);
      file.ids.set(step.label, handled.events[0]!.eventId);
    }
  }

  beforeAll(async () => {
    test = await startTestApp({ name: 'legal', clock, subject, imports: (config) => [AccessModule, LegalModule.forRoot({ lateEntryDays: config.lateEntryDays })] });
    store = test.store;
    await recordFile(A);
    await recordFile(B, [
      { label: 'impasse', at: '2025-06-18', type: 'DeclareImpasse', data: { declaredBy: 'union', form: 'written' } },
      { label: 'report', at: '2025-11-03', type: 'IssueFactfindingReport', data: { summary: 'Recommends 3.5%' } },
      { label: 'reportPublic', at: '2025-11-15', type: 'MakeFactfindingReportPublic', data: { how: 'Posted with the board agenda' } },
    ]);
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  const idA = (label: string) => A.ids.get(label)!;
  const idB = (label: string) => B.ids.get(label)!;

  describe('the legal timeline', () => {
    it('gives every fact across the streams, late entries flagged, corrections beside what they correct, event ids and hashes', async () => {
      const correlation = `t-${randomUUID()}`;
      const response = await get(`/negotiations/${A.negotiationId}/timeline`, 'records-officer', { 'X-Access-Purpose': 'audit 2026-01', 'X-Correlation-Id': correlation }).expect(200);
      const stored = [...(await readStreamOrEmpty(store, `negotiation-${A.negotiationId}`)), ...(await readStreamOrEmpty(store, `inforequest-rfi_${A.negotiationId}`))];
      expect(response.body).toMatchObject({ negotiationId: A.negotiationId, timeBase: 'business', order: 'occurredAt', lateEntryDays: 7, count: stored.length, lateEntries: 3, corrections: 1, withheldForPurpose: 0 });
      const facts = response.body.facts as { eventId: string; hash: string; type: string; lateEntry: { late: boolean; gapDays: number }; corrections: { eventId: string }[]; effectiveOccurredAt: { at: string } }[];
      for (const event of stored) expect(facts.find((f) => f.eventId === event.eventId)?.hash).toBe(event.hash);
      expect(facts.filter((f) => f.lateEntry.late).map((f) => [f.type, f.lateEntry.gapDays])).toEqual([
        ['InformationItemObjected', 24],
        ['ConfidentialNoteRecorded', 21],
        ['ProposalTabled', 21],
      ]);
      const u2 = facts.find((f) => f.eventId === idA('u2'))!;
      expect(u2.effectiveOccurredAt.at).toBe('2025-04-01');
      expect(u2.corrections.map((c) => c.eventId)).toEqual([idA('correction')]);
      // Exactly one access-log entry per confidential or privileged fact shown: the costing, the strategy note, the legal advice.
      const entries = await logged(A, correlation);
      expect(entries.map((e) => e.data['eventId']).sort()).toEqual([idA('d1Costing'), idA('strategyNote'), idA('legalAdvice')].sort());
      expect(entries.every((e) => e.data['outcome'] === 'granted' && e.data['purpose'] === 'audit 2026-01' && e.classification.level === 'confidential')).toBe(true);
    });

    it('filters by article, side, types and a system-time range, in recording order', async () => {
      const article = await get(`/negotiations/${A.negotiationId}/timeline?article=24&side=union`, 'negotiator').expect(200);
      expect(article.body.facts.map((f: { type: string }) => f.type)).toEqual([
        'InitialProposalSunshined',
        'ProposalTabled',
        'CounterproposalTabled',
        // The union rejected the district's package on Articles 10 and 24.
        'PackageRejected',
        'CorrectionRecorded',
      ]);
      const june = await get(`/negotiations/${A.negotiationId}/timeline?timeBase=system&from=2025-06-01&to=2025-06-30&types=ProposalTabled,CorrectionRecorded`, 'negotiator').expect(200);
      expect(june.body).toMatchObject({ order: 'recordedAt', count: 2 });
      expect(june.body.facts.map((f: { eventId: string }) => f.eventId)).toEqual([idA('correction'), idA('d0')]);
    });

    it('withholds privileged facts from legal counsel without a stated purpose, and says how many', async () => {
      const correlation = `t-${randomUUID()}`;
      const response = await get(`/negotiations/${A.negotiationId}/timeline`, 'legal-counsel', { 'X-Correlation-Id': correlation }).expect(200);
      expect(response.body.withheldForPurpose).toBe(1);
      expect(response.body.facts.some((f: { eventId: string }) => f.eventId === idA('legalAdvice'))).toBe(false);
      expect((await logged(A, correlation)).map((e) => e.data['eventId']).sort()).toEqual([idA('d1Costing'), idA('strategyNote')].sort());
    });

    it('answers 404 for an unknown negotiation and 400 for bad parameters', async () => {
      const missing = await get(`/negotiations/nobody_${run}/timeline`, 'negotiator').expect(404);
      expect(missing.headers['content-type']).toMatch(problemJson);
      expect(missing.body).toMatchObject({ code: 'NEGOTIATION_NOT_FOUND' });
      await get(`/negotiations/${A.negotiationId}/timeline?from=2025-02-30`, 'negotiator').expect(400);
      await get(`/negotiations/${A.negotiationId}/timeline?side=both`, 'negotiator').expect(400);
      await get(`/negotiations/${A.negotiationId}/as-of/2025-13-01`, 'negotiator').expect(400);
      await get(`/negotiations/${A.negotiationId}/as-of/2025-04-01?basis=yesterday`, 'negotiator').expect(400);
    });

    it('pages: the pages joined, forwards or backwards, are the whole timeline; each page logs the reads it shows', async () => {
      const purpose = { 'X-Access-Purpose': 'audit 2026-01' };
      const whole = (await get(`/negotiations/${A.negotiationId}/timeline?limit=1000`, 'records-officer', purpose).expect(200)).body;
      expect(whole).toMatchObject({ limit: 1000, nextCursor: null, previousCursor: null });
      const forwards: { eventId: string }[] = [];
      const logs: string[] = [];
      let last: { nextCursor: string | null; previousCursor: string | null; count: number; facts: { eventId: string }[] } | null = null;
      for (let after: string | null = null; ; after = last!.nextCursor) {
        const correlation = `t-${randomUUID()}`;
        last = (await get(`/negotiations/${A.negotiationId}/timeline?limit=4${after === null ? '' : `&after=${after}`}`, 'records-officer', { ...purpose, 'X-Correlation-Id': correlation }).expect(200)).body;
        expect(last!.facts.length).toBeLessThanOrEqual(4);
        expect(last!.count).toBe(whole.count);
        forwards.push(...last!.facts);
        logs.push(...(await logged(A, correlation)).map((e) => String(e.data['eventId'])));
        if (last!.nextCursor === null) break;
      }
      expect(forwards).toEqual(whole.facts);
      expect(new Set(logs)).toEqual(new Set([idA('d1Costing'), idA('strategyNote'), idA('legalAdvice')]));
      const backwards: { eventId: string }[] = [...last!.facts];
      for (let before = last!.previousCursor; before !== null; ) {
        const page = (await get(`/negotiations/${A.negotiationId}/timeline?limit=4&before=${before}`, 'records-officer', purpose).expect(200)).body;
        backwards.unshift(...page.facts);
        before = page.previousCursor;
      }
      expect(backwards).toEqual(whole.facts);

      const first = (await get(`/negotiations/${A.negotiationId}/timeline?limit=2`, 'negotiator').expect(200)).body;
      for (const bad of ['limit=0', 'limit=1001', 'after=not-a-cursor', `after=${first.nextCursor}&before=${first.nextCursor}`, `order=recordedAt&after=${first.nextCursor}`]) {
        const refused = await get(`/negotiations/${A.negotiationId}/timeline?${bad}`, 'negotiator').expect(400);
        expect(refused.headers['content-type']).toMatch(problemJson);
      }
    });
  });

  describe('authorization over these read paths (role × classification × record)', () => {
    it('shows each record exactly to the roles cleared for it: timeline, single fact, classification register; 0 mismatches', async () => {
      const records = [...(await readStreamOrEmpty(store, `negotiation-${A.negotiationId}`)), ...(await readStreamOrEmpty(store, `inforequest-rfi_${A.negotiationId}`))];
      expect(new Set(records.map((r) => r.classification.level))).toEqual(new Set(CLASSIFICATIONS));
      const purpose = { 'X-Access-Purpose': 'authorization matrix' };
      const mismatches: string[] = [];
      let checks = 0;
      for (const role of ROLES) {
        const timeline = new Set((await get(`/negotiations/${A.negotiationId}/timeline`, role, purpose).expect(200)).body.facts.map((f: { eventId: string }) => f.eventId));
        const register = new Set((await get(`/negotiations/${A.negotiationId}/classification-register`, role, purpose).expect(200)).body.entries.map((e: { eventId: string }) => e.eventId));
        for (const record of records) {
          const expected = canRead(role, record.classification.level);
          checks += 2;
          if (timeline.has(record.eventId) !== expected) mismatches.push(`timeline ${role} × ${record.classification.level} × ${record.type}`);
          if (register.has(record.eventId) !== expected) mismatches.push(`register ${role} × ${record.classification.level} × ${record.type}`);
        }
        // One record of each level, asked for by id: 200 or 404, and the access log gets exactly one entry when it must.
        for (const level of CLASSIFICATIONS) {
          const record = records.find((r) => r.classification.level === level)!;
          const correlation = `m-${randomUUID()}`;
          const response = await get(`/negotiations/${A.negotiationId}/timeline/${record.eventId}`, role, { ...purpose, 'X-Correlation-Id': correlation });
          const expected = canRead(role, level);
          checks += 2;
          if ((response.status === 200) !== expected || (!expected && response.status !== 404)) mismatches.push(`fact ${role} × ${level}: ${response.status}`);
          const entries = await logged(A, correlation);
          const mustLog = !expected || level === 'confidential' || level === 'privileged';
          if (entries.length !== (mustLog ? 1 : 0)) mismatches.push(`access log ${role} × ${level}: ${entries.length} entries`);
          else if (mustLog && entries[0]!.data['outcome'] !== (expected ? 'granted' : 'denied')) mismatches.push(`access log ${role} × ${level}: ${String(entries[0]!.data['outcome'])}`);
        }
      }
      expect(checks).toBe(ROLES.length * (records.length * 2 + CLASSIFICATIONS.length * 2));
      expect(mismatches).toEqual([]);
    }, 60_000);

    it('an analyst asking for a confidential record: 404, and the denied attempt is logged without content', async () => {
      const correlation = `d-${randomUUID()}`;
      const response = await get(`/negotiations/${A.negotiationId}/timeline/${idA('strategyNote')}`, 'analyst', { 'X-Correlation-Id': correlation, 'X-Access-Purpose': 'dashboard' }).expect(404);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ code: 'RECORD_NOT_FOUND' });
      expect(JSON.stringify(response.body)).not.toContain('Caucus');
      const [entry, ...more] = await logged(A, correlation);
      expect(more).toEqual([]);
      expect(entry!.data).toEqual({
        subject: subject('analyst'),
        role: 'analyst',
        resource: 'GET /negotiations/:id/timeline/:eventId',
        eventId: idA('strategyNote'),
        stream: `negotiation-${A.negotiationId}`,
        classification: 'confidential',
        purpose: 'dashboard',
        outcome: 'denied',
        reason: 'not-cleared',
        entries: null,
      });
      expect(entry!.classification).toEqual({ level: 'confidential', basis: 'access log' });
      expect(entry!.actor).toEqual({ subject: subject('analyst'), role: 'analyst' });
      expect(entry!.recordedAt).toBe(clock.now().toISOString());
    });

    it('privileged content by id without a purpose: 422 ACCESS_PURPOSE_REQUIRED, logged as denied', async () => {
      const correlation = `p-${randomUUID()}`;
      const response = await get(`/negotiations/${A.negotiationId}/timeline/${idA('legalAdvice')}`, 'legal-counsel', { 'X-Correlation-Id': correlation }).expect(422);
      expect(response.body).toMatchObject({ code: 'ACCESS_PURPOSE_REQUIRED' });
      expect((await logged(A, correlation)).map((e) => [e.data['outcome'], e.data['reason']])).toEqual([['denied', 'purpose-required']]);
    });

    it('the access log beside the facts is for records officers; it is read as one summarised entry', async () => {
      await get(`/negotiations/${A.negotiationId}/timeline?includeAccessLog=true`, 'legal-counsel', { 'X-Access-Purpose': 'x' }).expect(403);
      const correlation = `l-${randomUUID()}`;
      const response = await get(`/negotiations/${A.negotiationId}/timeline?includeAccessLog=true&types=RecordAccessed`, 'records-officer', { 'X-Correlation-Id': correlation, 'X-Access-Purpose': 'audit' }).expect(200);
      expect(response.body.count).toBeGreaterThan(10);
      expect(response.body.facts.every((f: { source: string }) => f.source === 'access-log')).toBe(true);
      const entries = await logged(A, correlation);
      expect(entries).toHaveLength(1);
      expect(entries[0]!.data).toMatchObject({ eventId: null, stream: `accesslog-${A.negotiationId}`, entries: response.body.count, outcome: 'granted' });
    });
  });

  describe('the table as of a day', () => {
    const asOf = async (file: File, date: string, basis: 'business' | 'system', role: Role = 'negotiator', extra: Record<string, string> = {}) =>
      (await get(`/negotiations/${file.negotiationId}/as-of/${date}?basis=${basis}`, role, extra).expect(200)).body;
    const position = (table: { articles: { article: string; positions: Record<string, unknown> }[] }, article: string, side: string) =>
      table.articles.find((a) => a.article === article)?.positions[side] ?? null;

    it('on 2025-04-01: U-2 (corrected to that day) as it happened; U-1 as the record stood', async () => {
      const business = await asOf(A, '2025-04-01', 'business');
      const system = await asOf(A, '2025-04-01', 'system');
      expect(position(business, '24', 'union')).toMatchObject({ proposalId: 'u2', tabledOn: '2025-04-01', text: TEXT.u2_24 });
      expect(position(system, '24', 'union')).toMatchObject({ proposalId: 'u1', tabledOn: '2025-03-19', text: TEXT.u1_24 });
      expect(position(business, '10', 'employer')).toEqual(position(system, '10', 'employer'));
    });

    it('on 2025-04-03 and 04-04: the Article 23 TA awaits the union, then is complete', async () => {
      expect((await asOf(A, '2025-04-03', 'system')).tentativeAgreements).toEqual([expect.objectContaining({ taId: 'ta_23', status: 'awaiting-signature', awaiting: 'union' })]);
      expect((await asOf(A, '2025-04-04', 'business')).tentativeAgreements).toEqual([expect.objectContaining({ taId: 'ta_23', status: 'complete' })]);
    });

    it('on 2025-05-01: the open request with its clocks; the objection recorded late counts only as it happened', async () => {
      const business = await asOf(A, '2025-05-01', 'business');
      const system = await asOf(A, '2025-05-01', 'system');
      expect(business.informationRequests.open.map((r: { clocks: { items: { status: string }[] } }) => r.clocks.items.map((i) => i.status))).toEqual([['objected', 'open']]);
      expect(system.informationRequests.open.map((r: { clocks: { items: { status: string }[] } }) => r.clocks.items.map((i) => i.status))).toEqual([['open', 'open']]);
      expect(business.informationRequests.open[0]).toMatchObject({ requestId: `rfi_${A.negotiationId}`, receivedOn: '2025-04-10', clocks: { overdue: true, acknowledgedOn: '2025-04-13' } });
    });

    it('on 2025-06-15: the proposal entered three weeks late is on the table only as it happened; on 06-30 both agree', async () => {
      const business = await asOf(A, '2025-06-15', 'business');
      const system = await asOf(A, '2025-06-15', 'system');
      expect(position(business, '15', 'employer')).toMatchObject({ proposalId: 'd0', text: TEXT.d0_15 });
      expect(position(system, '15', 'employer')).toBeNull();
      expect(business.record).toMatchObject({ factsRecordedAfter: 1, correctionsRecordedAfter: 1 });
      const [b, s] = [await asOf(A, '2025-06-30', 'business'), await asOf(A, '2025-06-30', 'system')];
      expect({ ...b, basis: null, record: null }).toEqual({ ...s, basis: null, record: null });
    });

    it('reads no confidential fact, so logs nothing, and answers every role the same table', async () => {
      const correlation = `a-${randomUUID()}`;
      const negotiator = await asOf(A, '2025-06-15', 'business', 'negotiator', { 'X-Correlation-Id': correlation });
      expect(await logged(A, correlation)).toEqual([]);
      expect(await asOf(A, '2025-06-15', 'business', 'analyst')).toEqual(negotiator);
    });
  });

  describe('classification changes and the register', () => {
    const change = (body: object, role: Role = 'records-officer', extra: Record<string, string> = {}) => post(`/negotiations/${B.negotiationId}/classification-changes`, body, role, extra);
    const stream = () => readStreamOrEmpty(store, `classification-${B.negotiationId}`);
    const disclosed = { level: 'public', basis: 'Gov. Code 3547.5 public disclosure of costs' };

    it('makes the factfinding report public on the day it was made public, by itself', async () => {
      const register = (await get(`/negotiations/${B.negotiationId}/classification-register`, 'analyst').expect(200)).body;
      const report = register.entries.find((e: { eventId: string }) => e.eventId === idB('report'));
      expect(report).toMatchObject({
        type: 'FactfindingReportIssued',
        recorded: { level: 'internal' },
        current: { level: 'public', basis: 'Gov. Code 3548.3 factfinding report made public' },
        history: [{ effectiveOn: '2025-11-15', from: { level: 'internal' }, to: { level: 'public' }, source: 'automatic', rule: 'factfinding-report-made-public', eventId: idB('reportPublic'), pending: false }],
      });
      expect(register.entries.some((e: { eventId: string }) => e.eventId === idB('d1Costing'))).toBe(false);
    });

    it('records a change with an Idempotency-Key; a replay stores nothing new', async () => {
      const body = { targetEventId: idB('d1Costing'), to: disclosed, effectiveOn: '2026-01-07', reason: 'Costs disclosed at the board meeting of 2026-01-07' };
      const first = await change(body, 'records-officer', { 'Idempotency-Key': `costing-${run}` }).expect(201);
      expect(first.body).toMatchObject({
        negotiationId: B.negotiationId,
        targetEventId: idB('d1Costing'),
        targetType: 'ProposalCostingRecorded',
        from: { level: 'confidential' },
        to: disclosed,
        effectiveOn: '2026-01-07',
        recordedAt: '2026-02-01T09:00:00.000Z',
        recordedBy: { subject: subject('records-officer'), role: 'records-officer' },
        classification: { level: 'confidential' },
        currentClassification: disclosed,
      });
      const replay = await change(body, 'records-officer', { 'Idempotency-Key': `costing-${run}` }).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect((await stream()).map((e) => e.type)).toEqual(['ClassificationChanged']);
    });

    it('the disclosed costing is now public on every read path: the analyst sees it, nobody’s read of it is logged', async () => {
      const correlation = `c-${randomUUID()}`;
      const timeline = await get(`/negotiations/${B.negotiationId}/timeline?types=ProposalCostingRecorded`, 'analyst', { 'X-Correlation-Id': correlation }).expect(200);
      expect(timeline.body.facts).toEqual([expect.objectContaining({ eventId: idB('d1Costing'), classification: disclosed, recordedClassification: expect.objectContaining({ level: 'confidential' }) })]);
      expect(await logged(B, correlation)).toEqual([]);
      const entry = (await get(`/negotiations/${B.negotiationId}/classification-register`, 'records-officer').expect(200)).body.entries.find((e: { eventId: string }) => e.eventId === idB('d1Costing'));
      expect(entry).toMatchObject({ recorded: { level: 'confidential' }, current: disclosed, history: [{ effectiveOn: '2026-01-07', source: 'recorded', reason: 'Costs disclosed at the board meeting of 2026-01-07', recordedAt: '2026-02-01T09:00:00.000Z' }] });
    });

    it('a change takes effect on its day: a proposal sealed from 2026-03-01 leaves the analyst’s table then, not before', async () => {
      await change({ targetEventId: idB('u1'), to: { level: 'confidential', basis: 'sealed by the arbitrator' }, effectiveOn: '2026-03-01', reason: 'Protective order in SF-CE-2026' }, 'legal-counsel').expect(201);
      const union10 = async (role: Role, extra: Record<string, string> = {}) =>
        (await get(`/negotiations/${B.negotiationId}/as-of/2025-04-01`, role, extra).expect(200)).body.articles.find((a: { article: string }) => a.article === '10').positions.union;
      expect(await union10('analyst')).toMatchObject({ proposalId: 'u1' });
      clock.set('2026-03-02T09:00:00.000Z');
      try {
        expect(await union10('analyst')).toBeNull();
        const correlation = `s-${randomUUID()}`;
        expect(await union10('negotiator', { 'X-Correlation-Id': correlation })).toMatchObject({ proposalId: 'u1' });
        // The negotiator's table rests on one confidential record now: logged once.
        expect((await logged(B, correlation)).map((e) => e.data['eventId'])).toEqual([idB('u1')]);
        await get(`/negotiations/${B.negotiationId}/timeline/${idB('u1')}`, 'analyst').expect(404);
      } finally {
        clock.set('2026-02-01T09:00:00.000Z');
      }
    });

    it('refuses a no-op (422), an unknown record (404), a level above the caller’s clearance (422), a record above it (404, logged), other roles (403), bad input (400)', async () => {
      const before = (await stream()).length;
      const noop = await change({ targetEventId: idB('u2'), to: { level: 'internal', basis: 'exchanged at the bargaining table' }, effectiveOn: '2025-07-01', reason: 'no change' }).expect(422);
      expect(noop.headers['content-type']).toMatch(problemJson);
      expect(noop.body).toMatchObject({ code: 'CLASSIFICATION_UNCHANGED' });
      expect((await change({ targetEventId: randomUUID(), to: disclosed, effectiveOn: '2026-01-07', reason: 'x' }).expect(404)).body).toMatchObject({ code: 'RECORD_NOT_FOUND' });
      expect((await change({ targetEventId: idB('u2'), to: { level: 'privileged', basis: 'work product' }, effectiveOn: '2026-01-07', reason: 'x' }, 'admin').expect(422)).body).toMatchObject({
        code: 'CLASSIFICATION_ABOVE_CLEARANCE',
      });
      const correlation = `x-${randomUUID()}`;
      expect((await change({ targetEventId: idB('legalAdvice'), to: disclosed, effectiveOn: '2026-01-07', reason: 'x' }, 'admin', { 'X-Correlation-Id': correlation }).expect(404)).body).toMatchObject({ code: 'RECORD_NOT_FOUND' });
      expect((await logged(B, correlation)).map((e) => [e.data['role'], e.data['outcome'], e.data['eventId']])).toEqual([['admin', 'denied', idB('legalAdvice')]]);
      await change({ targetEventId: idB('u2'), to: disclosed, effectiveOn: '2026-01-07', reason: 'x' }, 'negotiator').expect(403);
      await change({ targetEventId: idB('u2'), to: { level: 'secret', basis: 'x' }, effectiveOn: '2026-01-07', reason: 'x' }).expect(400);
      await change({ targetEventId: idB('u2'), to: disclosed, effectiveOn: '07/01/2026', reason: 'x' }).expect(400);
      await change({ targetEventId: idB('u2'), to: disclosed, effectiveOn: '2026-01-07', reason: 'x', classification: { level: 'public' } }).expect(400);
      expect((await stream()).length).toBe(before);
    });
  });

  describe('the access log', () => {
    const query = (params: string, role: Role = 'records-officer') => get(`/access-log?${params}`, role, { 'X-Access-Purpose': 'quarterly access review' });

    it('is queried by records officers only', async () => {
      for (const role of ROLES.filter((r) => r !== 'records-officer')) await query('limit=1', role).expect(403);
    });

    it('finds the analyst’s refused attempts by subject and negotiation, with who, what, when, purpose and outcome, and no content', async () => {
      const response = await query(`subject=${encodeURIComponent(subject('analyst'))}&negotiationId=${A.negotiationId}&outcome=denied&limit=100`).expect(200);
      expect(response.body.entries.length).toBeGreaterThanOrEqual(3);
      for (const entry of response.body.entries) {
        expect(Object.keys(entry).sort()).toEqual(['at', 'classification', 'correlationId', 'entries', 'eventId', 'logEventId', 'logStream', 'outcome', 'purpose', 'reason', 'resource', 'role', 'stream', 'subject']);
        expect(entry).toMatchObject({ subject: subject('analyst'), role: 'analyst', outcome: 'denied', logStream: `accesslog-${A.negotiationId}` });
      }
      expect(JSON.stringify(response.body)).not.toMatch(/Caucus|Hold on Article|within scope|1100000/);
    });

    it('pages with a cursor and filters by days and by the stream read', async () => {
      const all = (await query(`negotiationId=${A.negotiationId}&limit=500`).expect(200)).body;
      const first = (await query(`negotiationId=${A.negotiationId}&limit=2`).expect(200)).body;
      expect(first.entries).toEqual(all.entries.slice(0, 2));
      const second = (await query(`negotiationId=${A.negotiationId}&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
      expect(second.entries).toEqual(all.entries.slice(2, 4));
      await query('cursor=not-a-cursor').expect(400);

      clock.set('2026-02-03T10:00:00.000Z');
      try {
        await get(`/negotiations/${A.negotiationId}/timeline/${idA('d1Costing')}`, 'negotiator', { 'X-Access-Purpose': 'session prep' }).expect(200);
      } finally {
        clock.set('2026-02-01T09:00:00.000Z');
      }
      const onThird = (await query('from=2026-02-03&to=2026-02-03').expect(200)).body;
      expect(onThird.entries).toEqual([
        expect.objectContaining({ at: '2026-02-03T10:00:00.000Z', subject: subject('negotiator'), eventId: idA('d1Costing'), stream: `negotiation-${A.negotiationId}`, purpose: 'session prep', outcome: 'granted' }),
      ]);
      const byStream = (await query(`stream=negotiation-${A.negotiationId}&limit=500`).expect(200)).body;
      expect(byStream.entries.length).toBeGreaterThan(0);
      expect(byStream.entries.every((e: { stream: string }) => e.stream === `negotiation-${A.negotiationId}`)).toBe(true);
      // Information requests are internal: reading them is never logged.
      expect((await query(`stream=inforequest-rfi_${A.negotiationId}`).expect(200)).body.entries).toEqual([]);
    });

    it('logs its own reading, summarised', async () => {
      const correlation = `q-${randomUUID()}`;
      const response = await get(`/access-log?negotiationId=${A.negotiationId}&limit=5`, 'records-officer', { 'X-Correlation-Id': correlation }).expect(200);
      expect(response.body.entries).toHaveLength(5);
      expect((await logged(A, correlation)).map((e) => e.data)).toEqual([
        expect.objectContaining({ resource: 'GET /access-log', eventId: null, stream: `accesslog-${A.negotiationId}`, entries: 5, outcome: 'granted' }),
      ]);
    });
  });

  describe('the record', () => {
    it('only ever appends: every access-log and classification stream is an intact chain', async () => {
      for (const name of [`accesslog-${A.negotiationId}`, `accesslog-${B.negotiationId}`, `classification-${B.negotiationId}`]) {
        const events = await readStreamOrEmpty(store, name);
        expect(events.length).toBeGreaterThan(0);
        expect(verifyChain(events)).toMatchObject({ intact: true });
      }
    });
  });
});
