import { type EventStore, readStreamOrEmpty } from '#event-store';
import { type BargainingApp, day, problemJson, startBargainingApp } from '#testing';

/*
 * Facts as real records give them, over HTTP: a request to PERB for an impasse determination (who
 * asked, when) distinct from PERB's determination, a determination with no declaration on file, a
 * joint declaration; a ratification known only as "ratified" and a governing-body roll call. Each
 * appears in the timeline, the table as of a day and the audit file.
 */

describe('facts as the records give them, over HTTP (embedded PGlite)', () => {
  let subject: BargainingApp;
  let store: EventStore;
  let negotiationId: string;
  const post: BargainingApp['post'] = (...args) => subject.post(...args);
  const get: BargainingApp['get'] = (...args) => subject.get(...args);

  beforeAll(async () => {
    subject = await startBargainingApp('facts');
    ({ store, negotiationId } = subject);
  }, 120_000);

  afterAll(async () => {
    await subject?.close();
  });

  it('records a joint request to PERB, a determination with no declaration on file, then a joint declaration', async () => {
    const requested = await post(`/negotiations/${negotiationId}/impasse/perb-requests`, { occurredAt: day('2025-06-20'), requestedBy: 'joint', caseNumber: 'SF-IM-9-E' }).expect(201);
    expect(requested.body.events[0]).toMatchObject({ type: 'PerbImpasseDeterminationRequested', classification: { level: 'internal' } });
    await post(`/negotiations/${negotiationId}/impasse/perb-determination`, { occurredAt: day('2025-07-01'), determination: 'impasse-exists', caseNumber: 'SF-IM-9-E' }).expect(201);
    await post(`/negotiations/${negotiationId}/impasse`, { occurredAt: day('2025-07-02'), declaredBy: 'joint', form: 'written' }).expect(201);
    const stored = await readStreamOrEmpty(store, `negotiation-${negotiationId}`);
    expect(stored.map((e) => e.type)).toEqual(['NegotiationOpened', 'PerbImpasseDeterminationRequested', 'PerbImpasseDetermined', 'ImpasseDeclared']);
    expect(stored[1]!.data).toMatchObject({ requestedBy: 'joint', caseNumber: 'SF-IM-9-E', requestedOn: '2025-06-20' });
  });

  it('refuses a requester that is neither side nor both (400), storing nothing', async () => {
    const before = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).length;
    const refused = await post(`/negotiations/${negotiationId}/impasse/perb-requests`, { occurredAt: day('2025-06-21'), requestedBy: 'mediator' }).expect(400);
    expect(refused.headers['content-type']).toMatch(problemJson);
    await post(`/negotiations/${negotiationId}/impasse/perb-requests`, { occurredAt: day('2025-06-21'), requestedBy: 'union' }, 'analyst').expect(403);
    expect((await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).length).toBe(before);
  });

  it('records a session with its start and end time (hours derived) and attendees per side; refuses an end before the start', async () => {
    const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };
    await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-05'), number: 1, place: 'Board Room B', attendees, startTime: '16:00', endTime: '19:30' }).expect(201);
    const held = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).at(-1)!;
    expect(held.data).toMatchObject({ startTime: '16:00', endTime: '19:30', hours: 3.5, attendees });
    await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-06'), number: 2, place: 'Board Room B', attendees, startTime: '19:00', endTime: '16:00' }).expect(422);
    await post(`/negotiations/${negotiationId}/sessions`, { occurredAt: day('2025-03-06'), number: 2, place: 'Board Room B', attendees, startTime: '7pm' }).expect(400);
  });

  it('records the caucuses of a session; refuses one longer than the session (422) and one of no side (400), storing nothing', async () => {
    const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };
    const session = { occurredAt: day('2025-03-12'), number: 3, place: 'Board Room B', attendees, hours: 2 };
    const before = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).length;
    await post(`/negotiations/${negotiationId}/sessions`, { ...session, caucuses: [{ side: 'union', minutes: 150 }] }).expect(422);
    await post(`/negotiations/${negotiationId}/sessions`, { ...session, caucuses: [{ minutes: 15 }] }).expect(400);
    await post(`/negotiations/${negotiationId}/sessions`, { ...session, caucuses: [{ side: 'union', minutes: 15.5 }] }).expect(400);
    expect((await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).length).toBe(before);
    await post(`/negotiations/${negotiationId}/sessions`, { ...session, caucuses: [{ side: 'union', minutes: 40 }, { side: 'employer' }] }).expect(201);
    const held = (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).at(-1)!;
    expect(held.data).toMatchObject({ hours: 2, caucuses: [{ side: 'union', minutes: 40 }, { side: 'employer', minutes: null }] });
  });

  it('completes settlement steps with a ratification whose counts were never published, and keeps a roll call', async () => {
    const articles = [{ article: '24', title: 'Salaries', text: 'Agreed salary schedule' }];
    const taId = (await post(`/negotiations/${negotiationId}/tentative-agreements`, { occurredAt: day('2025-12-10'), side: 'employer', signatory: 'D', articles }).expect(201)).body.taId;
    await post(`/negotiations/${negotiationId}/tentative-agreements/${taId}/initials`, { occurredAt: day('2025-12-10'), side: 'union', signatory: 'U' }).expect(201);
    await post(`/negotiations/${negotiationId}/settlement`, { occurredAt: day('2025-12-10'), taIds: [taId], term: { start: '2025-07-01', end: '2028-06-30' }, summary: 'Successor' }).expect(201);
    const last = async () => (await readStreamOrEmpty(store, `negotiation-${negotiationId}`)).at(-1)!;
    await post(`/negotiations/${negotiationId}/settlement/ratification-vote`, { occurredAt: day('2025-12-15'), ratified: true }).expect(201);
    expect((await last()).data).toMatchObject({ yes: null, no: null, ratified: true });
    await post(`/negotiations/${negotiationId}/settlement/ratification-vote`, { occurredAt: day('2025-12-15') }).expect(422);
    await post(`/negotiations/${negotiationId}/settlement/governing-body-approval`, {
      occurredAt: day('2026-01-14'),
      governingBody: 'Board of Education',
      vote: { ayes: 4, noes: 1, absent: 0 },
    }).expect(201);
    expect((await last()).data).toMatchObject({ resolutionNumber: null, vote: { ayes: 4, noes: 1, abstentions: null, absent: 0 } });
    await post(`/negotiations/${negotiationId}/settlement/governing-body-approval`, { occurredAt: day('2026-01-14'), governingBody: 'Board', vote: { ayes: -1 } }).expect(400);
    const view = (await get(`/negotiations/${negotiationId}`, 'negotiator').expect(200)).body;
    expect(view.table.settlementSteps.done).toEqual(['settlement-reached', 'ratified', 'governing-body-approved']);
  });

  it('shows them in the timeline, the table as of a day and the audit file', async () => {
    const timeline = (await get(`/negotiations/${negotiationId}/timeline`).expect(200)).body;
    expect(JSON.stringify(timeline)).toContain('PerbImpasseDeterminationRequested');
    const asOf = (await get(`/negotiations/${negotiationId}/as-of/2025-07-01`).expect(200)).body;
    expect(JSON.stringify(asOf)).toContain('impasse-declared');
    const file = (await get(`/negotiations/${negotiationId}/audit-file`).expect(200)).body;
    const text = JSON.stringify(file.sections);
    expect(text).toContain('PERB asked to determine impasse, jointly (case SF-IM-9-E)');
    expect(text).toContain('Impasse declared jointly (written)');
    expect(text).toContain('Session 1 held at Board Room B, 16:00–19:30 (3.5 h)');
    expect(text).toContain('Session 3 held at Board Room B (2 h); caucuses: union 40 min, employer');
    expect(text).toContain('Ratification vote: ratified (counts not recorded)');
    expect(text).toContain('Approved by Board of Education, resolution not recorded; ayes 4, noes 1, abstentions ?, absent 0');
    const january = (await get(`/negotiations/${negotiationId}/as-of/2026-01-15`).expect(200)).body;
    expect(JSON.stringify(january)).toContain('approved');
  });
});
