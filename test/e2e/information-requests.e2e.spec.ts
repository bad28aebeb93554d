import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { type EventStore, readStreamOrEmpty } from '#event-store';
import { INFORMATION_REQUEST_PROJECTIONS, InformationRequestsModule } from '#information-requests';
import type { Role } from '#kernel';
import { ProjectorModule } from '#projector';
import { type TestApp, day, problemJson, projectionsCaughtUp, startTestApp, storeBackends } from '#testing';

/*
 * The information-requests API over real HTTP, on the embedded PGlite store and, when DATABASE_URL
 * is set, on PostgreSQL. Units belong to the bargaining context, which this app does not serve: the
 * setup appends UnitRegistered to `unit-<id>` directly. Ids are unique per run, so the suite can run
 * against a database that keeps earlier runs' (immutable) events.
 */

const DATABASE_URL = process.env.DATABASE_URL;

/** California school district holidays, 2025 (none between 2025-04-10 and 2025-04-24; Memorial Day 2025-05-26). */
const DISTRICT_HOLIDAYS_2025 = ['2025-01-01', '2025-01-20', '2025-02-17', '2025-03-31', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-11', '2025-11-27', '2025-11-28', '2025-12-25'];
const HASH = 'c0ffee'.padEnd(64, '0');

const bayviewRequest = (unitId: string, at = '2025-04-10', extra: Record<string, unknown> = {}) => ({
  occurredAt: day(at),
  unitId,
  from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
  negotiationId: 'neg_2025_reopener',
  items: [
    { number: 1, description: 'Step-and-column placement of each unit member, by name, 2024-25' },
    { number: 2, description: 'Cost of one step and one column movement on the 2025-26 salary schedule' },
  ],
  ...extra,
});

const backends = storeBackends(DATABASE_URL);

if (!DATABASE_URL) {
  describe('information requests over HTTP on PostgreSQL', () => {
    it.skip('… skipped: DATABASE_URL is not set', () => {});
  });
}

describe.each(backends)('information requests over HTTP on $name', ({ open }) => {
  let test: TestApp;
  let store: EventStore;
  const run = randomUUID().replace(/-/g, '').slice(0, 12);
  const unit = (name: string) => `${name}_${run}`;

  const bearer = (role: Role) => test.bearer(role);
  const post = (path: string, body: unknown, role: Role = 'negotiator', headers: Record<string, string> = {}) =>
    request(test.server).post(path).set({ ...bearer(role), ...headers }).send(body as object);
  const put = (path: string, body: unknown, role: Role = 'admin') => request(test.server).put(path).set(bearer(role)).send(body as object);
  const get = (path: string, role: Role = 'analyst') => request(test.server).get(path).set(bearer(role));

  const stream = (requestId: string) => readStreamOrEmpty(store, `inforequest-${requestId}`);
  async function categoryCount(): Promise<number> {
    let count = 0;
    for (let after: string | null = null; ; ) {
      const page = await store.readAll({ category: 'inforequest', after, maxCount: 1000 });
      if (page.events.length === 0) return count;
      count += page.events.length;
      after = page.checkpoint;
    }
  }

  async function registerUnit(unitId: string): Promise<void> {
    await store.append(
      `unit-${unitId}`,
      [
        {
          eventId: randomUUID(),
          type: 'UnitRegistered',
          data: {
            unitId,
            name: 'Bayview certificated',
            employer: 'Bayview Unified School District',
            employeeOrganization: 'Bayview Teachers Association',
            statute: 'EERA',
            currentAgreementTerm: { from: '2022-07-01', to: '2025-06-30' },
            description: null,
          },
          occurredAt: day('2022-07-01'),
          actor: { subject: 'e2e-setup', role: 'admin' },
          correlationId: randomUUID(),
          classification: { level: 'internal', basis: 'organisational record' },
        },
      ],
      { expectedRevision: 'no_stream' },
    );
  }

  /** Receives a request and answers its id. */
  async function receive(unitId: string, at: string, extra: Record<string, unknown> = {}): Promise<string> {
    const response = await post('/information-requests', bayviewRequest(unitId, at, extra)).expect(201);
    return response.body.requestId as string;
  }

  /** A refusal: problem+json with the code, and nothing stored in the request's stream. */
  async function refused(requestId: string, call: () => request.Test, status: number, code: string): Promise<request.Response> {
    const before = (await stream(requestId)).length;
    const response = await call().expect(status);
    expect(response.headers['content-type']).toMatch(problemJson);
    expect(response.body).toMatchObject({ status, code });
    expect((await stream(requestId)).length).toBe(before);
    return response;
  }

  /** The list reads committed events by position; on a shared PostgreSQL another test's open transaction may hold them back briefly. */
  async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    test = await startTestApp({ name: 'inforequests', stores: await open(), imports: [InformationRequestsModule, ProjectorModule.forRoot({ projections: INFORMATION_REQUEST_PROJECTIONS, run: true })] });
    store = test.store;
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  describe('the Bayview request from DOMAIN.md, end to end', () => {
    const unitId = unit('bayview_certificated');
    let requestId: string;
    const asOf = async (date: string) => (await get(`/information-requests/${requestId}?asOf=${date}`).expect(200)).body;

    beforeAll(async () => {
      await registerUnit(unitId);
    });

    it("sets the unit's policy: 10 business days, district holidays, from 2025-01-02", async () => {
      const response = await put(`/units/${unitId}/information-request-policy`, {
        occurredAt: day('2025-01-02'),
        kind: 'business-days',
        days: 10,
        holidays: DISTRICT_HOLIDAYS_2025,
      }).expect(200);
      expect(response.body.events).toEqual([expect.objectContaining({ type: 'InformationRequestPolicySet', revision: 0 })]);
      expect(response.body.policy.inEffect).toEqual({ kind: 'business-days', days: 10, holidays: DISTRICT_HOLIDAYS_2025, effectiveOn: '2025-01-02', basis: 'unit-policy' });
    });

    it('receives the request on 2025-04-10: the server gives it an id, due 2025-04-24 by the policy', async () => {
      const response = await post('/information-requests', bayviewRequest(unitId)).expect(201);
      requestId = response.body.requestId;
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(response.body).toMatchObject({
        events: [{ type: 'InformationRequestReceived', revision: 0, occurredAt: day('2025-04-10') }],
        nextExpectedRevision: 0,
        request: { requestId, unitId, status: 'open', receivedOn: '2025-04-10', dueOn: '2025-04-24', dueBasis: 'policy' },
        warnings: [],
      });
      expect(response.body.events[0].eventId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('acknowledges on 04-13: no warning', async () => {
      const response = await post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: day('2025-04-13') }).expect(201);
      expect(response.body).toMatchObject({ events: [{ type: 'InformationRequestAcknowledged', revision: 1 }], warnings: [] });
    });

    it('records the privacy objection of 04-26 and flags it late', async () => {
      const response = await post(`/information-requests/${requestId}/items/1/objections`, {
        occurredAt: day('2025-04-26'),
        grounds: ['third-party-privacy'],
        explanation: 'Placement by name discloses each teacher’s compensation',
        accommodationOffered: true,
        accommodationDescription: 'Placement by anonymized employee number; bargain over a confidentiality agreement',
      }).expect(201);
      expect(response.body.events).toEqual([expect.objectContaining({ type: 'InformationItemObjected', revision: 2 })]);
      expect(response.body.warnings.map((w: { code: string }) => w.code)).toEqual(['LATE_OBJECTION']);
    });

    it('records the partial production of 05-22 and flags it past due', async () => {
      const response = await post(`/information-requests/${requestId}/items/2/productions`, {
        occurredAt: day('2025-05-22'),
        documents: [{ name: 'step-column-costing-draft.xlsx', sha256: HASH.toUpperCase() }],
        completeness: 'partial',
      }).expect(201);
      expect(response.body.warnings.map((w: { code: string }) => w.code)).toEqual(['PAST_DUE']);
      expect(response.body.request).toMatchObject({ status: 'open', overdue: true, items: [{ number: 1, status: 'objected' }, { number: 2, status: 'produced-partial', overdue: true }] });
    });

    it('stored four events, with the actor from the token and the business days', async () => {
      const events = await stream(requestId);
      expect(events.map((e) => [e.type, e.occurredAt.at, e.actor.subject, e.classification.level])).toEqual([
        ['InformationRequestReceived', '2025-04-10', 'negotiator@bayviewusd.example', 'internal'],
        ['InformationRequestAcknowledged', '2025-04-13', 'negotiator@bayviewusd.example', 'internal'],
        ['InformationItemObjected', '2025-04-26', 'negotiator@bayviewusd.example', 'internal'],
        ['InformationItemProduced', '2025-05-22', 'negotiator@bayviewusd.example', 'internal'],
      ]);
      expect(events[3]!.data).toMatchObject({ documents: [{ sha256: HASH }] });
    });

    it('did not exist as of 2025-04-09', async () => {
      const response = await get(`/information-requests/${requestId}?asOf=2025-04-09`).expect(404);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ code: 'INFORMATION_REQUEST_NOT_FOUND', details: { asOf: '2025-04-09', receivedOn: '2025-04-10' } });
    });

    it('as of 2025-04-20: acknowledged, not yet due, nothing flagged', async () => {
      const view = await asOf('2025-04-20');
      expect(view).toMatchObject({
        requestId,
        unitId,
        asOf: '2025-04-20',
        status: 'open',
        receivedOn: '2025-04-10',
        dueOn: '2025-04-24',
        responseDue: { dueOn: '2025-04-24', basis: 'policy', policy: { kind: 'business-days', days: 10 }, holidaysApplied: [] },
        classification: { level: 'internal' },
        revision: 3,
        acknowledgments: ['2025-04-13'],
        clocks: { overdue: false, daysOutstanding: 10, businessDaysOutstanding: 6, timeToAcknowledgment: 3, lateObjections: [], noSubstantiveResponsePastDue: false },
      });
      expect(view.items.map((i: { number: number; status: string; overdue: boolean; objections: unknown[] }) => [i.number, i.status, i.overdue, i.objections.length])).toEqual([
        [1, 'open', false, 0],
        [2, 'open', false, 0],
      ]);
    });

    it('as of 2025-04-25: overdue, with only an acknowledgment', async () => {
      expect((await asOf('2025-04-25')).clocks).toMatchObject({ overdue: true, daysOverdue: 1, noResponsePastDue: false, noSubstantiveResponsePastDue: true, lateObjections: [] });
    });

    it('as of 2025-04-30: the objection of 04-26 is flagged late (after the due date 04-24); item 2 is overdue', async () => {
      const view = await asOf('2025-04-30');
      expect(view.clocks).toMatchObject({
        overdue: true,
        daysOverdue: 6,
        firstSubstantiveResponseOn: '2025-04-26',
        lateObjections: [{ itemNumber: 1, objectedOn: '2025-04-26', grounds: ['third-party-privacy'], reasons: ['after-due-date'], dueOnThen: '2025-04-24' }],
      });
      expect(view.items[0]).toMatchObject({ status: 'objected', answeredOn: '2025-04-26', firstResponseLate: true, overdue: false, objections: [{ objectedOn: '2025-04-26', accommodationOffered: true }] });
      expect(view.items[1]).toMatchObject({ status: 'open', overdue: true, daysOverdue: 6, productions: [] });
    });

    it('as of 2025-05-21: item 2 still has nothing, 27 days past due', async () => {
      expect((await asOf('2025-05-21')).items[1]).toMatchObject({ status: 'open', overdue: true, daysOverdue: 27, productions: [] });
    });

    it("as of 2025-05-30: the partial production of 05-22 was late and item 2 is still overdue (business days by the unit's calendar)", async () => {
      const view = await asOf('2025-05-30');
      expect(view.clocks).toMatchObject({
        overdue: true,
        daysOverdue: 36,
        daysOutstanding: 50,
        // 04-11 … 05-30 less weekends and Memorial Day (2025-05-26), a holiday of the unit's calendar
        businessDaysOutstanding: 35,
        respondedInFullOn: null,
        lateObjections: [expect.objectContaining({ itemNumber: 1, reasons: ['after-due-date'] })],
      });
      expect(view.items[1]).toMatchObject({
        status: 'produced-partial',
        firstProductionOn: '2025-05-22',
        firstResponseLate: true,
        answeredOn: null,
        overdue: true,
        daysOverdue: 36,
        productions: [{ completeness: 'partial', producedOn: '2025-05-22', documents: [{ name: 'step-column-costing-draft.xlsx', sha256: HASH }] }],
      });
    });

    it('defaults asOf to today', async () => {
      const view = (await get(`/information-requests/${requestId}`).expect(200)).body;
      expect(view.asOf).toBe(new Date().toISOString().slice(0, 10));
    });

    it('is listed for the unit as overdue as of 2025-05-30', async () => {
      const page = await eventually(
        async () => (await get(`/information-requests?unitId=${unitId}&overdueAsOf=2025-05-30`).expect(200)).body,
        (body) => body.items.length === 1,
      );
      expect(page).toMatchObject({ asOf: '2025-05-30', nextCursor: null, items: [{ requestId, unitId, status: 'open', overdue: true, daysOverdue: 36, from: { organization: 'Bayview Teachers Association' } }] });
    });
  });

  describe("the unit's response policy", () => {
    const plainUnit = unit('classified');
    const calendarUnit = unit('city_miscellaneous');

    beforeAll(async () => {
      await registerUnit(plainUnit);
      await registerUnit(calendarUnit);
    });

    it('is the default (10 business days, weekends only) until a unit sets one', async () => {
      const policy = (await get(`/units/${plainUnit}/information-request-policy`).expect(200)).body;
      expect(policy).toMatchObject({ unitId: plainUnit, inEffect: { kind: 'business-days', days: 10, holidays: [], effectiveOn: null, basis: 'default' }, history: [] });
      const response = await post('/information-requests', bayviewRequest(plainUnit, '2025-04-10')).expect(201);
      expect(response.body.request).toMatchObject({ dueOn: '2025-04-24', dueBasis: 'policy' });
    });

    it('applies the version in effect on the day of receipt, and keeps every version', async () => {
      await put(`/units/${calendarUnit}/information-request-policy`, { occurredAt: day('2025-01-02'), kind: 'calendar-days', days: 14, holidays: ['2025-05-26'] }).expect(200);
      const later = await put(`/units/${calendarUnit}/information-request-policy`, { occurredAt: day('2025-06-01'), kind: 'business-days', days: 5, holidays: [] }, 'negotiator').expect(200);
      expect(later.body.policy.history.map((v: { kind: string; effectiveOn: string; recordedBy: { subject: string } }) => [v.kind, v.effectiveOn, v.recordedBy.subject])).toEqual([
        ['calendar-days', '2025-01-02', 'admin@bayviewusd.example'],
        ['business-days', '2025-06-01', 'negotiator@bayviewusd.example'],
      ]);

      // 2025-05-12 + 14 calendar days = 05-26, Memorial Day: the next business day.
      const may = await post('/information-requests', bayviewRequest(calendarUnit, '2025-05-12')).expect(201);
      expect(may.body.request.dueOn).toBe('2025-05-27');
      const stored = await stream(may.body.requestId);
      expect(stored[0]!.data).toMatchObject({ responseDue: { dueOn: '2025-05-27', basis: 'policy', policy: { kind: 'calendar-days', days: 14 }, holidaysApplied: ['2025-05-26'] } });

      // Received after the second version took effect: 5 business days from Monday 2025-06-02.
      const june = await post('/information-requests', bayviewRequest(calendarUnit, '2025-06-02')).expect(201);
      expect(june.body.request.dueOn).toBe('2025-06-09');

      const asOfMay = (await get(`/units/${calendarUnit}/information-request-policy?asOf=2025-05-01`).expect(200)).body;
      expect(asOfMay.inEffect).toMatchObject({ kind: 'calendar-days', days: 14, effectiveOn: '2025-01-02', basis: 'unit-policy' });
    });

    it('records nothing when the same policy is set again', async () => {
      const again = await put(`/units/${calendarUnit}/information-request-policy`, { occurredAt: day('2025-07-01'), kind: 'business-days', days: 5, holidays: [] }).expect(200);
      expect(again.body.events).toEqual([]);
      expect(again.body.policy.history).toHaveLength(2);
    });

    it('is overridden by an explicit due date, recorded as such', async () => {
      const response = await post('/information-requests', bayviewRequest(calendarUnit, '2025-06-02', { explicitDueOn: '2025-06-30' })).expect(201);
      expect(response.body.request).toMatchObject({ dueOn: '2025-06-30', dueBasis: 'explicit' });
      expect((await stream(response.body.requestId))[0]!.data).toMatchObject({ responseDue: { dueOn: '2025-06-30', basis: 'explicit' } });
    });

    it('answers 404 UNIT_NOT_FOUND for a unit the bargaining context never recorded, and stores nothing', async () => {
      const ghost = unit('ghost');
      for (const response of [
        await get(`/units/${ghost}/information-request-policy`).expect(404),
        await put(`/units/${ghost}/information-request-policy`, { occurredAt: day('2025-01-02'), kind: 'business-days', days: 10, holidays: [] }).expect(404),
      ]) {
        expect(response.headers['content-type']).toMatch(problemJson);
        expect(response.body).toMatchObject({ code: 'UNIT_NOT_FOUND' });
      }
      expect(await readStreamOrEmpty(store, `inforequestpolicy-${ghost}`)).toEqual([]);
    });

    it('refuses a policy out of range with 400 naming the property', async () => {
      const response = await put(`/units/${plainUnit}/information-request-policy`, { occurredAt: day('2025-01-02'), kind: 'weeks', days: 0, holidays: ['2025-02-30'] }).expect(400);
      expect(response.body.errors.map((e: { property: string }) => e.property).sort()).toEqual(['days', 'holidays', 'kind']);
    });
  });

  describe('refusals: problem+json with a code, nothing stored', () => {
    const unitId = unit('refusals');
    let requestId: string;

    beforeAll(async () => {
      await registerUnit(unitId);
      requestId = await receive(unitId, '2025-04-10');
    });

    it('receipt for a unit that does not exist: 404 UNIT_NOT_FOUND', async () => {
      const before = await categoryCount();
      const response = await post('/information-requests', bayviewRequest(unit('nowhere'))).expect(404);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ status: 404, code: 'UNIT_NOT_FOUND' });
      expect(await categoryCount()).toBe(before);
    });

    it('receipt dated in the future: 422 OCCURRED_AT_IN_FUTURE', async () => {
      const before = await categoryCount();
      const response = await post('/information-requests', bayviewRequest(unitId, '2999-01-04')).expect(422);
      expect(response.body).toMatchObject({ code: 'OCCURRED_AT_IN_FUTURE' });
      expect(await categoryCount()).toBe(before);
    });

    it('an explicit due date before receipt: 422 DUE_DATE_BEFORE_RECEIPT', async () => {
      const before = await categoryCount();
      const response = await post('/information-requests', bayviewRequest(unitId, '2025-04-10', { explicitDueOn: '2025-04-09' })).expect(422);
      expect(response.body).toMatchObject({ code: 'DUE_DATE_BEFORE_RECEIPT' });
      expect(await categoryCount()).toBe(before);
    });

    it('an unknown request, or an id that cannot name one: 404 INFORMATION_REQUEST_NOT_FOUND', async () => {
      const unknown = randomUUID();
      await refused(unknown, () => post(`/information-requests/${unknown}/acknowledgments`, { occurredAt: day('2025-04-11') }), 404, 'INFORMATION_REQUEST_NOT_FOUND');
      expect(await stream(unknown)).toEqual([]);
      for (const response of [await get(`/information-requests/${unknown}`).expect(404), await get('/information-requests/not-an-id').expect(404)]) {
        expect(response.headers['content-type']).toMatch(problemJson);
        expect(response.body).toMatchObject({ code: 'INFORMATION_REQUEST_NOT_FOUND' });
      }
      await post('/information-requests/a-b/acknowledgments', { occurredAt: day('2025-04-11') }).expect(404);
    });

    it('an item the request does not have: 404 INFORMATION_ITEM_NOT_FOUND', async () => {
      await refused(
        requestId,
        () => post(`/information-requests/${requestId}/items/9/productions`, { occurredAt: day('2025-04-11'), documents: [{ name: 'x.pdf', sha256: HASH }], completeness: 'complete' }),
        404,
        'INFORMATION_ITEM_NOT_FOUND',
      );
      await refused(
        requestId,
        () => post(`/information-requests/${requestId}/items/9/objections`, { occurredAt: day('2025-04-11'), grounds: ['overbroad'], explanation: 'x', accommodationOffered: false }),
        404,
        'INFORMATION_ITEM_NOT_FOUND',
      );
      await refused(requestId, () => post(`/information-requests/${requestId}/clarifications`, { occurredAt: day('2025-04-11'), itemNumbers: [9], question: 'Which year?' }), 404, 'INFORMATION_ITEM_NOT_FOUND');
    });

    it('a clarification never asked: 404 CLARIFICATION_NOT_FOUND', async () => {
      await refused(requestId, () => post(`/information-requests/${requestId}/clarifications/5/answers`, { occurredAt: day('2025-04-12'), answer: '2024-25' }), 404, 'CLARIFICATION_NOT_FOUND');
    });

    it('an act dated before receipt, or an answer before its question: 422', async () => {
      await refused(requestId, () => post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: day('2025-04-09') }), 422, 'OCCURRED_BEFORE_RECEIPT');
      await post(`/information-requests/${requestId}/clarifications`, { occurredAt: day('2025-04-14'), itemNumbers: [1], question: 'Which school year?' }).expect(201);
      await refused(requestId, () => post(`/information-requests/${requestId}/clarifications/1/answers`, { occurredAt: day('2025-04-12'), answer: '2024-25' }), 422, 'ANSWER_BEFORE_QUESTION');
      const answered = await post(`/information-requests/${requestId}/clarifications/1/answers`, { occurredAt: day('2025-04-15'), answer: '2024-25' }).expect(201);
      expect(answered.body.events).toEqual([expect.objectContaining({ type: 'ClarificationAnswered' })]);
    });

    it('an act dated in the future: 422 OCCURRED_AT_IN_FUTURE', async () => {
      await refused(requestId, () => post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: day('2999-01-04') }), 422, 'OCCURRED_AT_IN_FUTURE');
    });

    it('a production with neither a document nor a summary: 422 EMPTY_PRODUCTION', async () => {
      await refused(requestId, () => post(`/information-requests/${requestId}/items/2/productions`, { occurredAt: day('2025-04-16'), documents: [], completeness: 'partial' }), 422, 'EMPTY_PRODUCTION');
    });

    it('an "extension" that does not move the due date later: 422 DUE_DATE_NOT_EXTENDED', async () => {
      await refused(
        requestId,
        () => post(`/information-requests/${requestId}/deadline-extensions`, { occurredAt: day('2025-04-16'), newDueOn: '2025-04-24', agreedByUnion: true, reason: 'Payroll conversion' }),
        422,
        'DUE_DATE_NOT_EXTENDED',
      );
      const extended = await post(`/information-requests/${requestId}/deadline-extensions`, { occurredAt: day('2025-04-16'), newDueOn: '2025-05-08', agreedByUnion: false, reason: 'Payroll conversion' }).expect(201);
      expect(extended.body.warnings.map((w: { code: string }) => w.code)).toEqual(['EXTENSION_NOT_AGREED']);
      expect(extended.body.request.dueOn).toBe('2025-05-08');
    });

    it('closing as fulfilled with an item unanswered, or as withdrawn when it was not: 422', async () => {
      await post(`/information-requests/${requestId}/items/1/productions`, { occurredAt: day('2025-04-17'), documents: [], summary: 'Placement table, anonymized', completeness: 'complete' }).expect(201);
      const unanswered = await refused(requestId, () => post(`/information-requests/${requestId}/closure`, { occurredAt: day('2025-04-18'), disposition: 'fulfilled' }), 422, 'ITEMS_UNANSWERED');
      expect(unanswered.body.details).toEqual({ itemNumbers: [2] });
      await refused(requestId, () => post(`/information-requests/${requestId}/closure`, { occurredAt: day('2025-04-18'), disposition: 'withdrawn' }), 422, 'REQUEST_NOT_WITHDRAWN');
    });

    it('any act on a closed request: 422 INFORMATION_REQUEST_CLOSED', async () => {
      const closed = await post(`/information-requests/${requestId}/closure`, { occurredAt: day('2025-04-18'), disposition: 'partially-fulfilled', note: 'Item 2 to follow under a new request' }).expect(201);
      expect(closed.body.request).toMatchObject({ status: 'closed', disposition: 'partially-fulfilled' });
      await refused(requestId, () => post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: day('2025-04-19') }), 422, 'INFORMATION_REQUEST_CLOSED');
      await refused(requestId, () => post(`/information-requests/${requestId}/withdrawal`, { occurredAt: day('2025-04-19') }), 422, 'INFORMATION_REQUEST_CLOSED');
      await refused(requestId, () => post(`/information-requests/${requestId}/closure`, { occurredAt: day('2025-04-19'), disposition: 'fulfilled' }), 422, 'INFORMATION_REQUEST_CLOSED');
    });

    it('a withdrawn request closes only as withdrawn; a second withdrawal records nothing (200)', async () => {
      const withdrawnId = await receive(unitId, '2025-04-10');
      const first = await post(`/information-requests/${withdrawnId}/withdrawal`, { occurredAt: day('2025-04-12'), reason: 'Superseded by request 2025-009' }).expect(201);
      expect(first.body.request).toMatchObject({ status: 'withdrawn', items: [{ status: 'withdrawn' }, { status: 'withdrawn' }] });
      const second = await post(`/information-requests/${withdrawnId}/withdrawal`, { occurredAt: day('2025-04-13') }).expect(200);
      expect(second.body).toMatchObject({ events: [], nextExpectedRevision: 1, request: { status: 'withdrawn' } });
      await refused(withdrawnId, () => post(`/information-requests/${withdrawnId}/closure`, { occurredAt: day('2025-04-14'), disposition: 'fulfilled' }), 422, 'REQUEST_WAS_WITHDRAWN');
      await post(`/information-requests/${withdrawnId}/closure`, { occurredAt: day('2025-04-14'), disposition: 'withdrawn' }).expect(201);
      expect((await stream(withdrawnId)).map((e) => e.type)).toEqual(['InformationRequestReceived', 'InformationRequestWithdrawn', 'InformationRequestClosed']);
    });
  });

  describe('validation: 400 naming the property, nothing stored', () => {
    const unitId = unit('validation');
    let requestId: string;

    beforeAll(async () => {
      await registerUnit(unitId);
      requestId = await receive(unitId, '2025-04-10');
    });

    const invalid = async (call: () => request.Test, properties: string[]) => {
      const before = await categoryCount();
      const response = await call().expect(400);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ status: 400, title: 'Bad Request' });
      expect(response.body.errors.map((e: { property: string }) => e.property)).toEqual(expect.arrayContaining(properties));
      expect(await categoryCount()).toBe(before);
      return response.body.errors as { property: string; messages: string[] }[];
    };

    it('names nested properties of the receipt', async () => {
      const { occurredAt: _, ...withoutTime } = bayviewRequest(unitId);
      await invalid(() => post('/information-requests', withoutTime), ['occurredAt']);
      await invalid(() => post('/information-requests', bayviewRequest(unitId, '2025-02-30')), ['occurredAt.at']);
      await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), items: [] }), ['items']);
      const errors = await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), items: [{ number: 0, description: '   ' }], from: { organization: '' } }), [
        'items.0.number',
        'items.0.description',
        'from.organization',
        'from.person',
      ]);
      expect(errors.find((e) => e.property === 'items.0.description')!.messages).toContain('description must not be blank');
      await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), items: [{ number: 1, description: 'a' }, { number: 1, description: 'b' }] }), ['items']);
      await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), unitId: 'unit-with-dash' }), ['unitId']);
      await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), explicitDueOn: '24/04/2025' }), ['explicitDueOn']);
      await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), items: Array.from({ length: 201 }, (_, i) => ({ number: i + 1, description: 'x' })) }), ['items']);
    });

    it('names the properties of facts and of the path', async () => {
      await invalid(() => post(`/information-requests/${requestId}/items/2/productions`, { occurredAt: day('2025-04-11'), documents: [{ name: 'a.pdf', sha256: 'not-a-hash' }], completeness: 'most' }), [
        'documents.0.sha256',
        'completeness',
      ]);
      await invalid(() => post(`/information-requests/${requestId}/items/1/objections`, { occurredAt: day('2025-04-11'), grounds: ['inconvenient'], explanation: 'x', accommodationOffered: 'yes' }), [
        'grounds',
        'accommodationOffered',
      ]);
      await invalid(() => post(`/information-requests/${requestId}/items/abc/productions`, { occurredAt: day('2025-04-11'), documents: [], summary: 'x', completeness: 'partial' }), ['itemNumber']);
      await invalid(() => post(`/information-requests/${requestId}/deadline-extensions`, { occurredAt: { at: '2025-04-11', precision: 'roughly' }, newDueOn: '2025-13-01', agreedByUnion: true, reason: 'x' }), [
        'occurredAt.precision',
        'newDueOn',
      ]);
      await invalid(() => post(`/information-requests/${requestId}/closure`, { occurredAt: day('2025-04-11'), disposition: 'done' }), ['disposition']);
    });

    it('names invalid query parameters', async () => {
      await invalid(() => get(`/information-requests/${requestId}?asOf=2025-13-01`), ['asOf']);
      await invalid(() => get('/information-requests?limit=0&status=pending&overdueAsOf=yesterday&cursor=garbage'), ['limit', 'status', 'overdueAsOf', 'cursor']);
    });

    it('refuses properties a client may not set (the actor, the request id, the response policy) or that do not exist', async () => {
      for (const [property, value] of [
        ['responsePolicy', { kind: 'calendar-days', days: 1 }],
        ['requestId', 'chosen_by_client'],
        ['actor', { subject: 'someone-else', role: 'admin' }],
        ['recordedAt', '2025-04-10T00:00:00Z'],
        ['classification', { level: 'public', basis: 'x' }],
      ] as const) {
        const errors = await invalid(() => post('/information-requests', { ...bayviewRequest(unitId), [property]: value }), [property]);
        expect(errors).toEqual([{ property, messages: [`property ${property} should not exist`] }]);
      }
      await invalid(() => post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: { ...day('2025-04-11'), zone: 'PST' } }), ['occurredAt.zone']);
      await invalid(() => get(`/information-requests?unitId=${unitId}&sort=desc`), ['sort']);
    });
  });

  describe('Idempotency-Key', () => {
    const unitId = unit('idempotency');

    beforeAll(async () => {
      await registerUnit(unitId);
    });

    it('replays the first response to the same key and body, and stores nothing more', async () => {
      const key = `receive-${randomUUID()}`;
      const first = await post('/information-requests', bayviewRequest(unitId), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      const count = await categoryCount();
      const replay = await post('/information-requests', bayviewRequest(unitId), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await categoryCount()).toBe(count);
      expect(await stream(first.body.requestId)).toHaveLength(1);

      const ackKey = `ack-${randomUUID()}`;
      const ack = { occurredAt: day('2025-04-11') };
      const acknowledged = await post(`/information-requests/${first.body.requestId}/acknowledgments`, ack, 'negotiator', { 'Idempotency-Key': ackKey }).expect(201);
      const again = await post(`/information-requests/${first.body.requestId}/acknowledgments`, ack, 'negotiator', { 'Idempotency-Key': ackKey }).expect(201);
      expect(again.body).toEqual(acknowledged.body);
      expect((await stream(first.body.requestId)).map((e) => e.type)).toEqual(['InformationRequestReceived', 'InformationRequestAcknowledged']);
    });

    it('refuses the same key with another body: 422, nothing stored', async () => {
      const key = `receive-${randomUUID()}`;
      await post('/information-requests', bayviewRequest(unitId), 'negotiator', { 'Idempotency-Key': key }).expect(201);
      const count = await categoryCount();
      const response = await post('/information-requests', bayviewRequest(unitId, '2025-04-11'), 'negotiator', { 'Idempotency-Key': key }).expect(422);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await categoryCount()).toBe(count);
    });
  });

  describe('roles', () => {
    const unitId = unit('roles');
    let requestId: string;

    beforeAll(async () => {
      await registerUnit(unitId);
      requestId = await receive(unitId, '2025-04-10');
    });

    it('an analyst, a records officer or legal counsel cannot record: 403, nothing stored', async () => {
      const before = await categoryCount();
      for (const role of ['analyst', 'records-officer', 'legal-counsel'] as const) {
        const response = await post('/information-requests', bayviewRequest(unitId), role).expect(403);
        expect(response.headers['content-type']).toMatch(problemJson);
        await post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: day('2025-04-11') }, role).expect(403);
      }
      await put(`/units/${unitId}/information-request-policy`, { occurredAt: day('2025-01-02'), kind: 'business-days', days: 10, holidays: [] }, 'analyst').expect(403);
      expect(await categoryCount()).toBe(before);
      expect(await stream(requestId)).toHaveLength(1);
    });

    it('an admin can record', async () => {
      await post(`/information-requests/${requestId}/acknowledgments`, { occurredAt: day('2025-04-11') }, 'admin').expect(201);
    });

    it('without a token: 401, before the body is looked at', async () => {
      const response = await request(test.server).post('/information-requests').send({ nonsense: true }).expect(401);
      expect(response.headers['content-type']).toMatch(problemJson);
      await request(test.server).get(`/information-requests/${requestId}`).expect(401);
      await request(test.server).get('/information-requests').expect(401);
    });

    it('every role reads (information requests are internal)', async () => {
      for (const role of ['analyst', 'records-officer', 'legal-counsel', 'negotiator', 'admin'] as const) {
        await get(`/information-requests/${requestId}?asOf=2025-04-20`, role).expect(200);
        await get(`/information-requests?unitId=${unitId}`, role).expect(200);
        await get(`/units/${unitId}/information-request-policy`, role).expect(200);
      }
    });
  });

  describe('objections on another ground, and items explained rather than objected to', () => {
    const unitId = unit('explanations');
    let requestId: string;
    const asOf = async (date: string) => (await get(`/information-requests/${requestId}?asOf=${date}`).expect(200)).body;
    /** 400 problem+json naming the properties; nothing stored. */
    const invalid = async (call: () => request.Test, properties: string[]) => {
      const before = (await stream(requestId)).length;
      const response = await call().expect(400);
      expect(response.headers['content-type']).toMatch(problemJson);
      expect(response.body.errors.map((e: { property: string }) => e.property)).toEqual(properties);
      expect((await stream(requestId)).length).toBe(before);
      return response.body.errors as { property: string; messages: string[] }[];
    };

    beforeAll(async () => {
      await registerUnit(unitId);
      // Default policy, 10 business days: due 2025-04-24.
      requestId = await receive(unitId, '2025-04-10');
    });

    it('records an objection on an "other" ground with its explanation', async () => {
      const response = await post(`/information-requests/${requestId}/items/1/objections`, {
        occurredAt: day('2025-04-15'),
        grounds: ['other'],
        explanation: 'Placement records are under a protective order in PERB case SF-CE-1234',
        accommodationOffered: false,
      }).expect(201);
      expect(response.body.warnings).toEqual([]);
      expect((await asOf('2025-04-15')).items[0]).toMatchObject({
        status: 'objected',
        objections: [{ grounds: ['other'], explanation: 'Placement records are under a protective order in PERB case SF-CE-1234', objectedOn: '2025-04-15' }],
      });
    });

    it('refuses an "other" ground without an explanation: 400 naming explanation, nothing stored', async () => {
      const errors = await invalid(
        () => post(`/information-requests/${requestId}/items/2/objections`, { occurredAt: day('2025-04-16'), grounds: ['privileged', 'other'], explanation: '  ', accommodationOffered: false }),
        ['explanation'],
      );
      expect(errors[0]!.messages).toContain('explanation must not be blank when grounds include other');
      // A bare objection on the listed grounds is still recorded (and flagged): only `other` needs saying.
      expect((await asOf('2025-04-16')).items[1]).toMatchObject({ status: 'open', objections: [] });
    });

    it('refuses an explanation that is malformed: 400 naming the property, nothing stored', async () => {
      const path = `/information-requests/${requestId}/items/2/explanations`;
      await invalid(() => post(path, { occurredAt: day('2025-04-16'), reason: 'lost' }), ['reason']);
      await invalid(() => post(path, { occurredAt: day('2025-04-16'), reason: 'other' }), ['explanation']);
      await invalid(() => post(path, { occurredAt: day('2025-04-16'), reason: 'other', explanation: ' ' }), ['explanation']);
      await invalid(() => post(path, { occurredAt: day('2025-04-16'), reason: 'does-not-exist', reference: '' }), ['reference']);
      await invalid(() => post(path, { occurredAt: day('2025-04-16'), reason: 'does-not-exist', objectedOn: '2025-04-16' }), ['objectedOn']);
    });

    it('refuses an explanation that cannot be a fact: 404 or 422 with a code, nothing stored', async () => {
      await refused(requestId, () => post(`/information-requests/${requestId}/items/9/explanations`, { occurredAt: day('2025-04-16'), reason: 'does-not-exist' }), 404, 'INFORMATION_ITEM_NOT_FOUND');
      await refused(requestId, () => post(`/information-requests/${requestId}/items/2/explanations`, { occurredAt: day('2025-04-09'), reason: 'does-not-exist' }), 422, 'OCCURRED_BEFORE_RECEIPT');
      await refused(requestId, () => post(`/information-requests/${requestId}/items/2/explanations`, { occurredAt: day('2999-01-01'), reason: 'does-not-exist' }), 422, 'OCCURRED_AT_IN_FUTURE');
      await refused(requestId, () => post(`/information-requests/${randomUUID()}/items/2/explanations`, { occurredAt: day('2025-04-16'), reason: 'does-not-exist' }), 404, 'INFORMATION_REQUEST_NOT_FOUND');
    });

    it('is overdue on 2025-04-25 with item 2 still owed', async () => {
      const view = await asOf('2025-04-25');
      expect(view.clocks).toMatchObject({ overdue: true, daysOverdue: 1 });
      expect(view.items.map((i: { status: string; overdue: boolean }) => [i.status, i.overdue])).toEqual([['objected', false], ['open', true]]);
    });

    it('records on 04-28 that item 2 was already produced: past due, never a late objection', async () => {
      const response = await post(`/information-requests/${requestId}/items/2/explanations`, {
        occurredAt: day('2025-04-28'),
        reason: 'already-produced',
        reference: 'Costing workbook produced 2025-03-14 on request 2025-003',
      }).expect(201);
      expect(response.body.events.map((e: { type: string }) => e.type)).toEqual(['InformationItemExplained']);
      expect(response.body.warnings.map((w: { code: string }) => w.code)).toEqual(['PAST_DUE']);
      expect(response.body.request).toMatchObject({ overdue: false, respondedInFullOn: '2025-04-28', items: [{ number: 1, status: 'objected' }, { number: 2, status: 'explained', overdue: false }] });
    });

    it('shows the item answered with its explanation, and the request answered in full', async () => {
      const view = await asOf('2025-05-01');
      expect(view.items[1]).toMatchObject({
        status: 'explained',
        explanations: [{ reason: 'already-produced', explanation: null, reference: 'Costing workbook produced 2025-03-14 on request 2025-003', explainedOn: '2025-04-28' }],
        objections: [],
        firstExplanationOn: '2025-04-28',
        firstObjectionOn: null,
        answeredOn: '2025-04-28',
        firstResponseLate: true,
        overdue: false,
        daysOverdue: 0,
        daysOutstanding: 18,
      });
      expect(view.clocks).toMatchObject({ overdue: false, respondedInFullOn: '2025-04-28', clockStoppedOn: '2025-04-28', lateObjections: [] });
      // As of the day before, the explanation is not yet a fact.
      expect((await asOf('2025-04-27')).items[1]).toMatchObject({ status: 'open', explanations: [], overdue: true });
    });

    it('records that an item does not exist, and another explanation in words', async () => {
      await post(`/information-requests/${requestId}/items/1/explanations`, { occurredAt: day('2025-04-29'), reason: 'does-not-exist' }).expect(201);
      await post(`/information-requests/${requestId}/items/1/explanations`, {
        occurredAt: day('2025-04-30'),
        reason: 'other',
        explanation: 'The county office of education keeps placement records, not the district',
      }).expect(201);
      expect((await asOf('2025-05-01')).items[0]).toMatchObject({
        status: 'objected',
        explanations: [
          { reason: 'does-not-exist', explanation: null, reference: null, explainedOn: '2025-04-29' },
          { reason: 'other', explanation: 'The county office of education keeps placement records, not the district', reference: null, explainedOn: '2025-04-30' },
        ],
      });
    });

    it('is on the register overdue on 04-25 and not once answered', async () => {
      const listed = (query: string, done: (items: { items: { status: string }[] }[]) => boolean) =>
        eventually(async () => (await get(`/information-requests?unitId=${unitId}&${query}`).expect(200)).body, (body) => done(body.items));
      const answered = await listed('overdueAsOf=2025-05-01', (items) => items.length === 0);
      expect(answered.items).toEqual([]);
      const overdueThen = await listed('overdueAsOf=2025-04-25', (items) => items.length === 1);
      expect(overdueThen.items[0]).toMatchObject({ requestId, overdue: true, items: [{ number: 1, status: 'objected' }, { number: 2, status: 'open', overdue: true }] });
      const explained = await listed('overdueAsOf=2025-04-28', (items) => items.length === 0);
      expect(explained.items).toEqual([]);
      const page = (await get(`/information-requests?unitId=${unitId}&status=open`).expect(200)).body;
      expect(page.items[0]).toMatchObject({ requestId, overdue: false, respondedInFullOn: '2025-04-28', items: [{ number: 1, status: 'objected' }, { number: 2, status: 'explained', overdue: false }] });
    });

    it('closes as fulfilled: every item is answered', async () => {
      await post(`/information-requests/${requestId}/closure`, { occurredAt: day('2025-05-02'), disposition: 'fulfilled' }).expect(201);
    });
  });

  describe('meetings about a request, held or called off', () => {
    const unitId = unit('meetings');
    let requestId: string;
    let heldId: string;
    const asOf = async (date: string) => (await get(`/information-requests/${requestId}?asOf=${date}`).expect(200)).body;
    const meetings = (id = requestId) => `/information-requests/${id}/meetings`;
    const cancelled = (id = requestId) => `/information-requests/${id}/cancelled-meetings`;

    beforeAll(async () => {
      await registerUnit(unitId);
      requestId = await receive(unitId, '2025-04-10');
    });

    it('records a meeting called off by the union the day before: the server gives it an id', async () => {
      const response = await post(cancelled(), { occurredAt: day('2025-04-14'), scheduledFor: '2025-04-15', cancelledBy: 'union', reason: 'The association’s team was unavailable' }).expect(201);
      expect(response.body).toMatchObject({ requestId, events: [{ type: 'InformationRequestMeetingCancelled' }], warnings: [] });
      expect(response.body.meetingId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('records the meeting held on 04-16, with who attended for each side, the items discussed and what came of it', async () => {
      const response = await post(meetings(), {
        occurredAt: day('2025-04-16'),
        attendees: { employer: ['M. Okafor, Director of Labor Relations'], union: ['R. Alvarez', 'J. Chen'] },
        itemNumbers: [1],
        discussed: 'Whether placement can be given by employee number',
        outcome: 'The association narrowed item 1 to placement by employee number',
      }).expect(201);
      expect(response.body).toMatchObject({ events: [{ type: 'InformationRequestMeetingHeld', revision: 2 }], warnings: [] });
      heldId = response.body.meetingId;
      // A meeting is not a response: the request is still unanswered and unacknowledged.
      expect(response.body.request).toMatchObject({ status: 'open', items: [{ number: 1, status: 'open' }, { number: 2, status: 'open' }] });
      const stored = await stream(requestId);
      expect(stored.at(-1)).toMatchObject({ type: 'InformationRequestMeetingHeld', data: { meetingId: heldId, heldOn: '2025-04-16' }, classification: { level: 'internal' } });
    });

    it('records a meeting with nothing known but its day, and a cancellation noticed after the day, flagged', async () => {
      await post(meetings(), { occurredAt: day('2025-04-22') }).expect(201);
      const late = await post(cancelled(), { occurredAt: day('2025-04-24'), scheduledFor: '2025-04-23', cancelledBy: 'employer' }).expect(201);
      expect(late.body.warnings.map((w: { code: string }) => w.code)).toEqual(['MEETING_CANCELLED_AFTER_SCHEDULED_DAY']);
    });

    it('shows the meetings in the request as of a day: only those held or called off by then', async () => {
      expect(await asOf('2025-04-13')).toMatchObject({ meetings: [], cancelledMeetings: [] });
      const view = await asOf('2025-04-16');
      expect(view.cancelledMeetings).toEqual([{ meetingId: expect.any(String), scheduledFor: '2025-04-15', cancelledBy: 'union', reason: 'The association’s team was unavailable', cancelledOn: '2025-04-14' }]);
      expect(view.meetings).toEqual([
        {
          meetingId: heldId,
          heldOn: '2025-04-16',
          attendees: { employer: ['M. Okafor, Director of Labor Relations'], union: ['R. Alvarez', 'J. Chen'] },
          itemNumbers: [1],
          discussed: 'Whether placement can be given by employee number',
          outcome: 'The association narrowed item 1 to placement by employee number',
        },
      ]);
      expect(view.clocks).toMatchObject({ acknowledgedOn: null, firstResponseOn: null });
      const later = await asOf('2025-04-30');
      expect(later.meetings.map((m: { heldOn: string; attendees: unknown }) => [m.heldOn, m.attendees])).toEqual([
        ['2025-04-16', { employer: ['M. Okafor, Director of Labor Relations'], union: ['R. Alvarez', 'J. Chen'] }],
        ['2025-04-22', { employer: [], union: [] }],
      ]);
      expect(later.cancelledMeetings.map((m: { cancelledBy: string }) => m.cancelledBy)).toEqual(['union', 'employer']);
    });

    it('refuses what cannot be a fact: problem+json with a code, nothing stored', async () => {
      await refused(requestId, () => post(meetings(), { occurredAt: day('2025-04-17'), itemNumbers: [1, 9] }), 404, 'INFORMATION_ITEM_NOT_FOUND');
      await refused(requestId, () => post(meetings(), { occurredAt: day('2025-04-09') }), 422, 'OCCURRED_BEFORE_RECEIPT');
      await refused(requestId, () => post(meetings(), { occurredAt: day('2999-01-01') }), 422, 'OCCURRED_AT_IN_FUTURE');
      await refused(requestId, () => post(cancelled(), { occurredAt: day('2025-04-12'), scheduledFor: '2025-04-09', cancelledBy: 'union' }), 422, 'MEETING_SCHEDULED_BEFORE_RECEIPT');
      await refused(requestId, () => post(meetings(randomUUID()), { occurredAt: day('2025-04-17') }), 404, 'INFORMATION_REQUEST_NOT_FOUND');
      await refused(requestId, () => post(cancelled('a-b'), { occurredAt: day('2025-04-17'), scheduledFor: '2025-04-18', cancelledBy: 'union' }), 404, 'INFORMATION_REQUEST_NOT_FOUND');
    });

    it('refuses malformed input: 400 naming the property, nothing stored', async () => {
      const before = (await stream(requestId)).length;
      const names = async (call: request.Test) => ((await call.expect(400)).body.errors as { property: string }[]).map((e) => e.property);
      expect(await names(post(meetings(), { occurredAt: day('2025-04-17'), attendees: { employer: [' '] } }))).toEqual(['attendees.employer']);
      expect(await names(post(meetings(), { occurredAt: day('2025-04-17'), itemNumbers: [0] }))).toEqual(['itemNumbers']);
      expect(await names(post(meetings(), { occurredAt: day('2025-04-17'), meetingId: 'mine' }))).toEqual(['meetingId']);
      expect(await names(post(cancelled(), { occurredAt: day('2025-04-17'), scheduledFor: '2025-02-30', cancelledBy: 'mediator' }))).toEqual(['scheduledFor', 'cancelledBy']);
      expect((await stream(requestId)).length).toBe(before);
    });

    it('is recorded by negotiators and admins only; a replay of the same Idempotency-Key stores nothing more', async () => {
      const stored = (await stream(requestId)).length;
      for (const role of ['analyst', 'records-officer', 'legal-counsel'] as const) {
        await post(meetings(), { occurredAt: day('2025-04-17') }, role).expect(403);
        await post(cancelled(), { occurredAt: day('2025-04-17'), scheduledFor: '2025-04-18', cancelledBy: 'union' }, role).expect(403);
      }
      expect((await stream(requestId)).length).toBe(stored);
      const body = { occurredAt: day('2025-04-17'), itemNumbers: [2] };
      const key = { 'Idempotency-Key': randomUUID() };
      const first = await post(meetings(), body, 'admin', key).expect(201);
      const before = (await stream(requestId)).length;
      const replay = await post(meetings(), body, 'admin', key).expect(201);
      expect(replay.body.meetingId).toBe(first.body.meetingId);
      expect((await stream(requestId)).length).toBe(before);
    });
  });

  describe('the list: by unit, status and overdue as of a day', () => {
    const unitA = unit('list_a');
    const unitB = unit('list_b');
    const ids: Record<string, string> = {};
    const list = (query: string, expected: number) =>
      eventually(
        async () => (await get(`/information-requests?${query}`).expect(200)).body,
        (body) => body.items.length === expected,
      );
    const listed = (body: { items: { requestId: string }[] }) => body.items.map((item) => item.requestId);

    beforeAll(async () => {
      await registerUnit(unitA);
      await registerUnit(unitB);
      // Unit A, 10 business days: open and never answered (due 03-17); fulfilled and closed; withdrawn.
      ids.open = await receive(unitA, '2025-03-03');
      ids.closed = await receive(unitA, '2025-03-10');
      for (const item of [1, 2]) {
        await post(`/information-requests/${ids.closed}/items/${item}/productions`, { occurredAt: day('2025-03-12'), documents: [{ name: `item-${item}.pdf`, sha256: HASH }], completeness: 'complete' }).expect(201);
      }
      await post(`/information-requests/${ids.closed}/closure`, { occurredAt: day('2025-03-13'), disposition: 'fulfilled' }).expect(201);
      ids.withdrawn = await receive(unitA, '2025-03-17');
      await post(`/information-requests/${ids.withdrawn}/withdrawal`, { occurredAt: day('2025-03-18') }).expect(201);
      // Unit B: received 03-05, answered in full before its due date.
      ids.answered = await receive(unitB, '2025-03-05');
      await post(`/information-requests/${ids.answered}/items/1/objections`, { occurredAt: day('2025-03-07'), grounds: ['privileged'], explanation: 'Attorney-client communication', accommodationOffered: false }).expect(201);
      await post(`/information-requests/${ids.answered}/items/2/productions`, { occurredAt: day('2025-03-07'), documents: [], summary: 'Costing summary given in writing', completeness: 'complete' }).expect(201);
      // The list reads the register: every fact above is in it before the first read.
      await projectionsCaughtUp(test);
    }, 60_000);

    it('lists a unit’s requests in the order received', async () => {
      const page = await list(`unitId=${unitA}`, 3);
      expect(listed(page)).toEqual([ids.open, ids.closed, ids.withdrawn]);
      expect(page.items.map((i: { status: string; receivedOn: string }) => [i.status, i.receivedOn])).toEqual([
        ['open', '2025-03-03'],
        ['closed', '2025-03-10'],
        ['withdrawn', '2025-03-17'],
      ]);
      expect(page.nextCursor).toBeNull();
    });

    it('filters by status', async () => {
      expect(listed(await list(`unitId=${unitA}&status=open`, 1))).toEqual([ids.open]);
      expect(listed(await list(`unitId=${unitA}&status=closed`, 1))).toEqual([ids.closed]);
      expect(listed(await list(`unitId=${unitA}&status=withdrawn`, 1))).toEqual([ids.withdrawn]);
      expect(listed(await list(`unitId=${unitB}&status=open`, 1))).toEqual([ids.answered]);
    });

    it('filters by overdue as of a day, with the clocks as of that day', async () => {
      expect(listed(await list(`unitId=${unitA}&overdueAsOf=2025-03-17`, 0))).toEqual([]);
      const page = await list(`unitId=${unitA}&overdueAsOf=2025-03-31`, 1);
      expect(page).toMatchObject({ asOf: '2025-03-31', items: [{ requestId: ids.open, status: 'open', dueOn: '2025-03-17', overdue: true, daysOverdue: 14 }] });
      expect(listed(await list(`unitId=${unitB}&overdueAsOf=2025-04-30`, 0))).toEqual([]);
      // As of 03-12 the closed request was open (received 03-10) and not yet due; status is as of that day too.
      expect(listed(await list(`unitId=${unitA}&status=open&overdueAsOf=2025-03-12`, 0))).toEqual([]);
    });

    it('pages with a stable cursor', async () => {
      const first = await list(`unitId=${unitA}&limit=2`, 2);
      expect(listed(first)).toEqual([ids.open, ids.closed]);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await get(`/information-requests?unitId=${unitA}&limit=2&cursor=${first.nextCursor}`).expect(200)).body;
      expect(listed(second)).toEqual([ids.withdrawn]);
      expect(second.nextCursor).toBeNull();
    });
  });

  describe('OpenAPI', () => {
    it('documents the routes, their roles, the Idempotency-Key and the problem responses', async () => {
      const document = (await request(test.server).get('/docs-json').expect(200)).body;
      const production = document.paths['/information-requests/{requestId}/items/{itemNumber}/productions'].post;
      expect(production['x-required-roles']).toEqual(['negotiator', 'admin']);
      expect(Object.keys(production.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '404', '409', '422']));
      expect(production.responses['422'].content['application/problem+json']).toBeDefined();
      expect(production.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['requestId', 'itemNumber', 'Idempotency-Key']));
      expect(document.paths['/information-requests'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['unitId', 'status', 'overdueAsOf', 'limit', 'cursor']),
      );
      expect(document.paths['/units/{unitId}/information-request-policy'].put).toBeDefined();
      for (const path of ['/information-requests/{requestId}/meetings', '/information-requests/{requestId}/cancelled-meetings']) {
        expect(document.paths[path].post['x-required-roles']).toEqual(['negotiator', 'admin']);
        expect(document.paths[path].post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['requestId', 'Idempotency-Key']));
      }
      expect(document.components.schemas.ProduceInformationItemDto.properties.documents).toBeDefined();
      expect(document.components.schemas.ProducedDocumentDto.properties.sha256.example).toMatch(/^[0-9a-f]{64}$/);
    });
  });
});
