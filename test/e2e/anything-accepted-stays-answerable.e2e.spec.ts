import fc from 'fast-check';
import request from 'supertest';
import { type EventStore, readStreamOrEmpty } from '#event-store';
import { featureModules } from '../../apps/api/src/features.js';
import { type TestApp, day, projectionsCaughtUp, startTestApp, storeBackends } from '#testing';

/*
 * Issue 11's general guard: anything accepted stays answerable. fast-check generates commands that
 * follow each request schema but carry hostile text (control characters, every Unicode plane,
 * unpaired surrogates, U+0000, maximum lengths) and corrections of every shape, sends them over
 * HTTP, and requires every answer to be 2xx or 4xx; then every read route of the served OpenAPI
 * document and both exports (JSON and PDF) answer 2xx or 4xx, and every projection is live.
 * Few runs, so it stays within a minute; the seed is printed on failure to replay it.
 */

const RUNS = 15;

/** Characters a careless or hostile client sends that the record can store: C0 and C1 controls, bidi marks, noncharacters, astral planes. */
const hostileChar = fc.oneof(
  fc.constantFrom('\u0001', '\u0007', '\t', '\n', '\r', '\u001b', '\u007f', '\u0085', '\u00a0', '\u200b', '\u202e', '\u2028', '\ufeff', '\ufffe', '\uffff', '\\', '"', "'", '%', '<', '&'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
  fc.integer({ min: 0x10000, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
);
/** What it cannot store (U+0000, unpaired surrogates): sent now and then, to be refused. */
const unstorable = fc.constantFrom('\u0000', '\ud800', '\udfff');
/** Text of up to `max` characters that is not blank (the schema's rule); sometimes exactly `max` long, rarely unstorable. */
const text = (max: number) =>
  fc.oneof(
    { weight: 12, arbitrary: fc.array(hostileChar, { minLength: 0, maxLength: Math.min(max - 1, 40) }).map((chars) => `x${chars.join('')}`.slice(0, max)) },
    { weight: 2, arbitrary: fc.constantFrom('😀', '\u{10ffff}', '\u0001').map((c) => `${'y'.repeat(max)}${c}`.slice(0, max)) },
    { weight: 1, arbitrary: unstorable.map((c) => `z${c}`.slice(0, max)) },
  );
const label = text(50);
const date = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const side = fc.constantFrom('employer', 'union');
const stoppageKind = fc.constantFrom('strike', 'sick-out', 'lockout');
const names = fc.array(text(200), { minLength: 0, maxLength: 3 });
const article = fc.record({ article: label, title: fc.option(text(300)), changeKind: fc.constantFrom('new', 'amend', 'delete', 'current-language'), text: text(2000) });

type Command = { readonly path: string; readonly body: Record<string, unknown> };

type Target = { readonly eventId: string; readonly fields: readonly string[] };

const GROUNDS = ['privileged', 'third-party-privacy', 'not-relevant', 'overbroad', 'unduly-burdensome', 'does-not-exist', 'other'];

const decision = fc.record({ description: text(20_000), kind: fc.constantFrom('school-closure', 'layoff', 'reorganisation', 'other'), decidedOn: fc.option(date) });

const commands = (negotiationId: string, requestId: string, targets: () => Target[], unitId: string, demandId: string) => {
  const n = `/negotiations/${negotiationId}`;
  const item = fc.integer({ min: 1, max: 2 }).map((itemNumber) => `/information-requests/${requestId}/items/${itemNumber}`);
  return fc.oneof(
    fc.record({ occurredAt: date.map(day), side, number: text(50), articles: fc.uniqueArray(article, { minLength: 1, maxLength: 3, selector: (a) => a.article }) }).map((body): Command => ({ path: `${n}/proposals`, body })),
    fc.record({ occurredAt: date.map(day), number: fc.integer({ min: 1, max: 9999 }), place: text(300), attendees: fc.record({ employer: names, union: names }), summary: fc.option(text(20_000)) }).map((body): Command => ({ path: `${n}/sessions`, body })),
    fc.record({ occurredAt: date.map(day), side, signatory: text(200), articles: fc.uniqueArray(fc.record({ article: label, title: fc.option(text(300)), text: text(2000) }), { minLength: 1, maxLength: 2, selector: (a) => a.article }) }).map((body): Command => ({ path: `${n}/tentative-agreements`, body })),
    fc.record({ occurredAt: date.map(day), kind: fc.constantFrom('strategy', 'closed-session', 'costing', 'legal-advice'), title: text(300), body: text(5000), author: fc.option(text(200)) }).map((body): Command => ({ path: `${n}/confidential-notes`, body })),
    fc.record({ occurredAt: date.map(day), side, boardMeeting: text(300), articles: fc.uniqueArray(label, { maxLength: 3 }), summary: fc.option(text(20_000)) }).map((body): Command => ({ path: `${n}/sunshine/initial-proposals`, body })),
    fc.record({ occurredAt: date.map(day), kind: stoppageKind, estimatedParticipants: fc.option(fc.integer({ min: -1, max: 20_000 })), statement: fc.option(text(20_000)) }).map((body): Command => ({ path: `${n}/work-stoppages/notices`, body })),
    fc.record({ occurredAt: date.map(day), kind: stoppageKind, summary: fc.option(text(20_000)) }).map((body): Command => ({ path: `${n}/work-stoppages`, body })),
    fc.record({ occurredAt: date.map(day), terms: text(20_000) }).map((body): Command => ({ path: `${n}/work-stoppages/return-to-work-agreements`, body })),
    fc.record({ occurredAt: date.map(day), demandedBy: side, decision, scope: fc.constantFrom('decision', 'effects', 'both'), statement: fc.option(text(20_000)) }).map((body): Command => ({ path: `/units/${unitId}/demands-to-bargain`, body })),
    fc
      .record({ occurredAt: date.map(day), answer: fc.constantFrom('agrees', 'effects-only', 'refuses', 'claims-waiver'), waiverBasis: fc.option(text(20_000)), statement: fc.option(text(20_000)) })
      .map((body): Command => ({ path: `/demands-to-bargain/${demandId}/answer`, body })),
    { weight: 4, arbitrary: fc
      .record({
        occurredAt: date.map(day),
        pick: fc.nat(),
        reason: text(4000),
        correctedFields: fc.oneof(
          fc.record({ occurredAt: date.map(day) }),
          fc.record({ summary: text(20_000) }, { requiredKeys: [] }),
          fc.record({ number: fc.oneof(text(50), fc.integer()) }),
          fc.record({ side: fc.oneof(side, text(10)) }),
          fc.record({ articles: fc.oneof(fc.array(article, { maxLength: 2 }), text(5), fc.constant(null)) }),
          fc.record({ title: text(300), body: text(300) }, { requiredKeys: [] }),
          fc.record({ tabledOn: fc.oneof(date, text(10)), heldOn: date }, { requiredKeys: [] }),
          fc.dictionary(fc.constantFrom('place', 'signatory', 'boardMeeting', 'author', 'summary'), fc.oneof(text(100), fc.constant(null), fc.integer(), fc.array(text(5), { maxLength: 2 }))),
        ),
      })
      .map(({ pick, ...body }): Command => {
        // Mostly a fact that has the corrected fields, so the correction's values meet that fact's rules.
        const all = targets();
        const fitting = all.filter((t) => Object.keys(body.correctedFields).every((f) => f === 'occurredAt' || t.fields.includes(f)));
        const from = fitting.length > 0 ? fitting : all;
        return { path: `${n}/corrections`, body: { ...body, correctedEventId: from[pick % from.length]!.eventId } };
      }) },
    fc
      .record({ item, occurredAt: date.map(day), grounds: fc.subarray(GROUNDS, { minLength: 1 }), explanation: text(4000), accommodationOffered: fc.boolean(), accommodationDescription: fc.option(text(4000)) })
      .map(({ item: path, ...body }): Command => ({ path: `${path}/objections`, body })),
    fc
      .record({ item, occurredAt: date.map(day), reason: fc.constantFrom('does-not-exist', 'already-produced', 'other'), explanation: fc.option(text(4000)), reference: fc.option(text(500)) })
      .map(({ item: path, ...body }): Command => ({ path: `${path}/explanations`, body })),
    fc
      .record(
        { occurredAt: date.map(day), attendees: fc.option(fc.record({ employer: names, union: names }, { requiredKeys: [] })), itemNumbers: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { maxLength: 3 }), discussed: fc.option(text(4000)), outcome: fc.option(text(4000)) },
        { requiredKeys: ['occurredAt'] },
      )
      .map((body): Command => ({ path: `/information-requests/${requestId}/meetings`, body })),
    fc
      .record({ occurredAt: date.map(day), scheduledFor: date, cancelledBy: side, reason: fc.option(text(2000)) }, { requiredKeys: ['occurredAt', 'scheduledFor', 'cancelledBy'] })
      .map((body): Command => ({ path: `/information-requests/${requestId}/cancelled-meetings`, body })),
    fc.record({ occurredAt: date.map(day), name: text(200), employer: text(200), employeeOrganization: text(200), statute: fc.constantFrom('EERA', 'MMBA', 'HEERA'), description: fc.option(text(2000)) }).map((body): Command => ({ path: '/units', body })),
  );
};

describe.each(storeBackends())('anything accepted stays answerable, on $name', ({ open }) => {
  let test: TestApp;
  let store: EventStore;
  let server: Parameters<typeof request>[0];
  const tokens: Record<'admin' | 'negotiator' | 'records-officer', string> = { admin: '', negotiator: '', 'records-officer': '' };
  let negotiationId: string;
  let unitId: string;
  let requestId: string;
  let demandId: string;

  beforeAll(async () => {
    test = await startTestApp({ name: 'answerable', stores: await open(), imports: featureModules, subject: (role) => `${role}@example.org` });
    ({ store, server } = test);
    for (const role of Object.keys(tokens) as (keyof typeof tokens)[]) tokens[role] = test.token(role);
    unitId = (await request(server).post('/units').auth(tokens.admin, { type: 'bearer' }).send({ occurredAt: day('2019-06-01'), name: 'Unit 😀', employer: 'E', employeeOrganization: 'O', statute: 'EERA' }).expect(201)).body.unitId;
    const demand = { occurredAt: day('2019-11-01'), demandedBy: 'union', decision: { description: 'Closure 😀 \u202e', kind: 'school-closure' }, scope: 'both' };
    demandId = (await request(server).post(`/units/${unitId}/demands-to-bargain`).auth(tokens.negotiator, { type: 'bearer' }).send(demand).expect(201)).body.demandId;
    negotiationId = (await request(server).post('/negotiations').auth(tokens.negotiator, { type: 'bearer' }).send({ occurredAt: day('2019-12-01'), unitId, kind: 'successor', demandId }).expect(201)).body.negotiationId;
    const received = { occurredAt: day('2020-01-02'), unitId, negotiationId, from: { organization: 'O 😀', person: 'P' }, items: [{ number: 1, description: 'a' }, { number: 2, description: 'b' }] };
    requestId = (await request(server).post('/information-requests').auth(tokens.negotiator, { type: 'bearer' }).send(received).expect(201)).body.requestId;
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  it('answers 2xx or 4xx to every generated command, then to every read and export, with every projection live', async () => {
    let targets: Target[] = [];
    const refresh = async () => {
      targets = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).filter((e) => e.type !== 'CorrectionRecorded').map((e) => ({ eventId: e.eventId, fields: Object.keys(e.data) }));
    };
    await refresh();
    const statuses: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(commands(negotiationId, requestId, () => targets, unitId, demandId), { minLength: 2, maxLength: 6 }), async (batch) => {
        for (const { path, body } of batch) {
          const role = path === '/units' ? tokens.admin : tokens.negotiator;
          const response = await request(server).post(path).auth(role, { type: 'bearer' }).send(body);
          statuses.push(response.status);
          if (response.status >= 500) throw new Error(`${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
        }
        await refresh();
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    // Most commands are accepted, or the property proves little.
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(statuses.length / 3);

    // Every projection catches up and none fails.
    await projectionsCaughtUp(test).catch(() => undefined); // what did not catch up is named below
    const projections: { projection: string; state: string; error: string | null }[] = (await request(server).get('/projections').auth(tokens.admin, { type: 'bearer' }).expect(200)).body.projections;
    expect(projections.filter((p) => (p as { current?: boolean }).current !== false && p.state !== 'live')).toEqual([]);

    // Every GET of the served document, with the record's ids in its path, answers 2xx or 4xx.
    const document = (await request(server).get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const events = await readStreamOrEmpty(store, `negotiation-${negotiationId}`);
    const ofType = (type: string) => (events.find((e) => e.type === type)?.data as Record<string, string> | undefined) ?? {};
    const values: Record<string, string> = {
      id: negotiationId,
      negotiationId,
      unitId,
      eventId: events.at(-1)!.eventId,
      noteId: events.find((e) => e.type === 'ConfidentialNoteRecorded')?.eventId ?? 'none',
      proposalId: ofType('ProposalTabled').proposalId ?? 'none',
      taId: ofType('TentativeAgreementInitialed').taId ?? 'none',
      article: ((ofType('ProposalTabled') as unknown as { articles?: { article: string }[] }).articles?.[0]?.article) ?? '24',
      date: '2025-12-31',
      requestId,
      demandId,
      name: 'article-history',
    };
    const failures: string[] = [];
    const reads = Object.entries(document.paths).filter(([, operations]) => 'get' in operations).map(([path]) => path);
    expect(reads.length).toBeGreaterThan(20);
    for (const template of reads) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
      const variants = /audit-file|public-records-file/.test(template) ? [`${path}?format=json`, `${path}?format=pdf`] : [path];
      for (const url of variants) {
        for (const role of ['records-officer', 'admin'] as const) {
          const response = await request(server).get(url).auth(tokens[role], { type: 'bearer' }).set('X-Access-Purpose', 'property test');
          if (response.status >= 500) failures.push(`${role} GET ${url} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 180_000);
});
