import request from 'supertest';
import { type EventStore, readStreamOrEmpty } from '#event-store';
import { featureModules } from '../../apps/api/src/features.js';
import { type TestApp, day, problemJson, startTestApp, storeBackends } from '#testing';

/*
 * Issue 11 items 2, 3 and 8 and issue 12's body rules over HTTP: text PostgreSQL cannot store,
 * corrections against the corrected fact's schema, bodies nested thousands deep, year 0, bodies
 * that are not objects or not JSON. Each gets a precise 4xx problem+json and nothing is stored.
 */

const DATABASE_URL = process.env.DATABASE_URL;

const backends = storeBackends(DATABASE_URL);

const UNIT = { name: 'Bayview certificated unit', employer: 'Bayview USD', employeeOrganization: 'Bayview Teachers Association', statute: 'EERA' };

describe.each(backends)('hostile input over HTTP on $name', ({ open }) => {
  let test: TestApp;
  let store: EventStore;
  let admin: string;
  let negotiator: string;
  let officer: string;
  let negotiationId: string;
  let proposalEventId: string;

  const post = (path: string, token = negotiator) => request(test.server).post(path).auth(token, { type: 'bearer' });
  const stream = (id: string) => readStreamOrEmpty(store, `negotiation-${id}`);

  /** A refusal: problem+json with this status, naming `property` when given, and nothing new in the negotiation's stream. */
  async function refused(call: () => request.Test, status: number, property?: string): Promise<request.Response> {
    const before = (await stream(negotiationId)).length;
    const response = await call();
    expect({ status: response.status, body: response.body }).toMatchObject({ status });
    expect(response.headers['content-type']).toMatch(problemJson);
    if (property !== undefined) {
      const named = (response.body.errors as { property: string }[] | undefined)?.map((e) => e.property) ?? [];
      expect(named.filter((p) => p === property || p.startsWith(`${property}.`))).not.toEqual([]);
    }
    expect((await stream(negotiationId)).length).toBe(before);
    return response;
  }

  beforeAll(async () => {
    test = await startTestApp({ name: 'hostile', stores: await open(), env: { RUN_PROJECTOR: 'false' }, imports: (config) => featureModules(config) });
    store = test.store;
    admin = test.token('admin');
    negotiator = test.token('negotiator');
    officer = test.token('records-officer');
    const unitId = (await post('/units', admin).send({ occurredAt: day('2025-01-10'), ...UNIT }).expect(201)).body.unitId as string;
    negotiationId = (await post('/negotiations').send({ occurredAt: day('2025-01-15'), unitId, kind: 'successor' }).expect(201)).body.negotiationId as string;
    const tabled = await post(`/negotiations/${negotiationId}/proposals`)
      .send({ occurredAt: day('2025-02-05'), side: 'union', number: 'U-1', articles: [{ article: '24', title: 'Salaries', changeKind: 'amend', text: 'Three percent.' }] })
      .expect(201);
    proposalEventId = (await stream(negotiationId)).find((e) => e.type === 'ProposalTabled')!.eventId;
    expect(tabled.body).toBeDefined();
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  describe('text PostgreSQL cannot store', () => {
    it.each([
      ['U+0000', 'Bayview\u0000unit'],
      ['a lone high surrogate', 'Bayview \ud800 unit'],
      ['a lone low surrogate', 'Bayview \udc00 unit'],
    ])('refuses %s in a text field, naming the property', async (_label, name) => {
      const response = await refused(() => post('/units', admin).send({ occurredAt: day('2025-01-10'), ...UNIT, name }), 400, 'name');
      expect(JSON.stringify(response.body.errors)).toMatch(/name/);
    });

    it('refuses it in nested and listed text (an article label, an attendee)', async () => {
      await refused(
        () => post(`/negotiations/${negotiationId}/proposals`).send({ occurredAt: day('2025-02-06'), side: 'union', number: 'U-2', articles: [{ article: '2\u00004', changeKind: 'amend', text: 'x' }] }),
        400,
        'articles.0.article',
      );
      await refused(
        () => post(`/negotiations/${negotiationId}/sessions`).send({ occurredAt: day('2025-02-06'), number: 1, place: 'Room B', attendees: { employer: ['A\u0000'], union: ['B'] } }),
        400,
        'attendees.employer',
      );
    });

    it('refuses it inside a correction and inside a field no DTO rule reads as text', async () => {
      await refused(
        () => post(`/negotiations/${negotiationId}/corrections`).send({ occurredAt: day('2025-02-07'), correctedEventId: proposalEventId, reason: 'typo', correctedFields: { number: 'U-\u00001' } }),
        400,
        'correctedFields.number',
      );
      await refused(
        () => post(`/negotiations/${negotiationId}/corrections`).send({ occurredAt: day('2025-02-07'), correctedEventId: proposalEventId, reason: 'typo\ud83d', correctedFields: { number: 'U-1' } }),
        400,
        'reason',
      );
    });

    it('accepts every other character, astral planes included', async () => {
      await post('/units', admin).send({ occurredAt: day('2025-01-10'), ...UNIT, name: 'Bayview 😀 \u0001 \uffff \u{10ffff} unit' }).expect(201);
    });
  });

  describe('corrections are validated against the fact they correct', () => {
    const correct = (correctedFields: object) => () =>
      post(`/negotiations/${negotiationId}/corrections`).send({ occurredAt: day('2025-02-07'), correctedEventId: proposalEventId, reason: 'keyed wrong', correctedFields });

    it.each([
      [{ side: 'martian' }, 'correctedFields.side'],
      [{ articles: 'x' }, 'correctedFields.articles'],
      [{ articles: [{ article: '24', changeKind: 'rewrite', text: 'x' }] }, 'correctedFields.articles.0.changeKind'],
      [{ tabledOn: '2025-02-30' }, 'correctedFields.tabledOn'],
      [{ tabledOn: '0000-01-01' }, 'correctedFields.tabledOn'],
      [{ occurredAt: { at: '2025-02-30', precision: 'day' } }, 'correctedFields'],
      [{ number: '' }, 'correctedFields.number'],
      [{ articles: null }, 'correctedFields.articles'],
    ])('refuses %j', async (fields, property) => {
      await refused(correct(fields), 400, property);
    });

    it('refuses to clear a list the fact always holds, even one its command left out, and clears a summary', async () => {
      await post(`/negotiations/${negotiationId}/sunshine/initial-proposals`).send({ occurredAt: day('2025-02-06'), side: 'union', boardMeeting: 'Board 2025-02-06', summary: 'Salaries' }).expect(201);
      const sunshined = (await stream(negotiationId)).find((e) => e.type === 'InitialProposalSunshined')!.eventId;
      const correctSunshine = (correctedFields: object) => () =>
        post(`/negotiations/${negotiationId}/corrections`).send({ occurredAt: day('2025-02-07'), correctedEventId: sunshined, reason: 'keyed wrong', correctedFields });
      const response = await refused(correctSunshine({ articles: null }), 400, 'correctedFields.articles');
      expect(JSON.stringify(response.body.errors)).toMatch(/empty list/);
      await refused(correctSunshine({ documents: null }), 400, 'correctedFields.documents');
      await correctSunshine({ summary: null })().expect(201);
      await correctSunshine({ articles: [] })().expect(201);
      await request(test.server).get(`/negotiations/${negotiationId}/as-of/2025-12-31`).auth(officer, { type: 'bearer' }).set('X-Access-Purpose', 'test').expect(200);
    });

    it('accepts a valid correction, and as-of answers 200 on both bases', async () => {
      await correct({ side: 'employer', tabledOn: '2025-02-06', occurredAt: day('2025-02-06') })().expect(201);
      for (const basis of ['business', 'system']) {
        await request(test.server).get(`/negotiations/${negotiationId}/as-of/2025-12-31?basis=${basis}`).auth(officer, { type: 'bearer' }).set('X-Access-Purpose', 'test').expect(200);
      }
    });
  });

  describe('precise 4xx for malformed bodies', () => {
    it('refuses JSON nested thousands of levels deep with 400', async () => {
      const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
      const body = `{"occurredAt":{"at":"2025-01-10","precision":"day"},"name":"x","employer":"y","employeeOrganization":"z","statute":"EERA","description":${deep}}`;
      await refused(() => post('/units', admin).set('Content-Type', 'application/json').send(body), 400);
      const list = `${'['.repeat(5000)}${']'.repeat(5000)}`;
      await refused(() => post(`/negotiations/${negotiationId}/proposals`).set('Content-Type', 'application/json').send(`{"articles":${list}}`), 400);
    });

    it.each(['null', '123', '"text"', '[]', 'true'])('answers the body %s with 400 "the body must be a JSON object"', async (body) => {
      const response = await refused(() => post('/units', admin).set('Content-Type', 'application/json').send(body), 400);
      expect(response.body.detail).toBe('the body must be a JSON object');
    });

    it('still calls malformed JSON malformed', async () => {
      const response = await refused(() => post('/units', admin).set('Content-Type', 'application/json').send('{"name":'), 400);
      expect(response.body.detail).toMatch(/JSON/);
    });

    it.each([
      ['text/plain', 'hello'],
      ['application/xml', '<unit/>'],
      ['application/x-www-form-urlencoded', 'name=x&employer=y'],
      ['multipart/form-data; boundary=x', '--x--'],
    ])('answers a %s body with 415', async (type, body) => {
      await refused(() => post('/units', admin).set('Content-Type', type).send(body), 415);
    });

    it('refuses a classification change without `to` with 400', async () => {
      await refused(
        () => post(`/negotiations/${negotiationId}/classification-changes`, officer).send({ targetEventId: proposalEventId, effectiveOn: '2025-03-01', reason: 'released' }),
        400,
        'to',
      );
    });

    it.each([
      ['occurredAt', { occurredAt: day('0000-01-01'), ...UNIT }],
      ['occurredAt instant', { occurredAt: { at: '0000-03-01T10:00:00Z', precision: 'instant' }, ...UNIT }],
      ['a calendar date', { occurredAt: day('2025-01-10'), ...UNIT, currentAgreementTerm: { start: '0000-07-01', end: '2028-06-30' } }],
    ])('refuses year 0 in %s', async (_label, body) => {
      await refused(() => post('/units', admin).send(body), 400);
    });

    it('refuses year 0 in a classification change', async () => {
      await refused(
        () => post(`/negotiations/${negotiationId}/classification-changes`, officer).send({ targetEventId: proposalEventId, to: { level: 'public', basis: 'x' }, effectiveOn: '0000-03-01', reason: 'released' }),
        400,
        'effectiveOn',
      );
    });

    it('answers an unknown export format with 400 problem+json', async () => {
      const response = await request(test.server).get(`/negotiations/${negotiationId}/audit-file?format=xml`).auth(officer, { type: 'bearer' }).set('X-Access-Purpose', 'test');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(problemJson);
    });
  });
});
