import { type EventStore, readStreamOrEmpty } from '#event-store';
import { type BargainingApp, problemJson, startBargainingApp } from '#testing';

/*
 * Dates as records give them, over HTTP: a session known only as "February 2025", a proposal tabled
 * "between 3 and 7 March 2025". Each is stored with its precision (never an invented day), placed in
 * the timeline by its earliest possible day and shown as known; a malformed combination is refused
 * with a problem naming the field, and nothing is stored.
 */

describe('dates known only as a month or a range, over HTTP (embedded PGlite)', () => {
  let subject: BargainingApp;
  let store: EventStore;
  let negotiationId: string;
  const stream = () => `negotiation-${negotiationId}`;
  const attendees = { employer: ['Dana Ruiz'], union: ['Lee Park'] };

  beforeAll(async () => {
    subject = await startBargainingApp('imprecise_dates');
    ({ store, negotiationId } = subject);
  }, 120_000);

  afterAll(async () => {
    await subject?.close();
  });

  it('records a session known only as a month, with its precision, filed under the first of the month', async () => {
    const recorded = await subject.post(`/negotiations/${negotiationId}/sessions`, { occurredAt: { at: '2025-02', precision: 'month' }, number: 1, place: 'Board Room B', attendees }).expect(201);
    expect(recorded.body.events[0]).toMatchObject({ type: 'SessionHeld', occurredAt: { at: '2025-02', precision: 'month' } });
    const held = (await readStreamOrEmpty(store, stream())).at(-1)!;
    expect(held.occurredAt).toEqual({ at: '2025-02', precision: 'month' });
    expect(JSON.parse(held.canonical).occurredAt).toEqual({ at: '2025-02', precision: 'month' });
    expect(held.data['heldOn']).toBe('2025-02-01');
  });

  it('records a proposal tabled between two days', async () => {
    const occurredAt = { at: '2025-03-03', precision: 'between', until: '2025-03-07' };
    await subject.post(`/negotiations/${negotiationId}/proposals`, { occurredAt, side: 'union', number: 'U-1', articles: [{ article: '24', title: 'Salaries', changeKind: 'amend', text: 'Three percent.' }] }).expect(201);
    const tabled = (await readStreamOrEmpty(store, stream())).at(-1)!;
    expect(tabled.occurredAt).toEqual(occurredAt);
  });

  it('refuses a malformed date, naming the field, and stores nothing', async () => {
    const before = (await readStreamOrEmpty(store, stream())).length;
    const month = await subject.post(`/negotiations/${negotiationId}/sessions`, { occurredAt: { at: '2025-02-03', precision: 'month' }, number: 2, place: 'Board Room B', attendees }).expect(400);
    expect(month.headers['content-type']).toMatch(problemJson);
    expect(month.body.errors).toEqual([{ property: 'occurredAt.at', messages: ['at must be a month (YYYY-MM) for precision month'] }]);
    const range = await subject.post(`/negotiations/${negotiationId}/sessions`, { occurredAt: { at: '2025-03-07', precision: 'between', until: '2025-03-03' }, number: 2, place: 'Board Room B', attendees }).expect(400);
    expect(range.body.errors).toEqual([{ property: 'occurredAt.until', messages: ['until (2025-03-03) must be after at (2025-03-07)'] }]);
    await subject.post(`/negotiations/${negotiationId}/sessions`, { occurredAt: { at: '2025-03-07', precision: 'day', until: '2025-03-09' }, number: 2, place: 'Board Room B', attendees }).expect(400);
    await subject.post(`/negotiations/${negotiationId}/sessions`, { occurredAt: { at: '2027', precision: 'year' }, number: 2, place: 'Board Room B', attendees }).expect(422);
    expect((await readStreamOrEmpty(store, stream())).length).toBe(before);
  });

  it('shows each date as known in the timeline, ordered by its earliest possible day', async () => {
    await subject.post(`/negotiations/${negotiationId}/sessions`, { occurredAt: { at: '2025-02-10', precision: 'day' }, number: 2, place: 'Board Room B', attendees }).expect(201);
    const timeline = await subject.get(`/negotiations/${negotiationId}/timeline`).expect(200);
    const facts = (timeline.body.facts as { type: string; occurredAtDescription: string; effectiveOccurredAt: { precision: string } }[]).map((f) => [f.type, f.occurredAtDescription]);
    expect(facts).toEqual([
      ['NegotiationOpened', '15 January 2025'],
      ['SessionHeld', 'February 2025'],
      ['SessionHeld', '10 February 2025'],
      ['ProposalTabled', 'between 3 and 7 March 2025'],
    ]);
  });

  it('as of a day inside the month, shows the session as one that may or may not have happened by then', async () => {
    const asOf = await subject.get(`/negotiations/${negotiationId}/as-of/2025-02-05`).expect(200);
    expect(asOf.body.record.uncertainFacts).toEqual([expect.objectContaining({ type: 'SessionHeld', occurredAtDescription: 'February 2025' })]);
    const before = await subject.get(`/negotiations/${negotiationId}/as-of/2025-01-31`).expect(200);
    expect(before.body.record.uncertainFacts).toEqual([]);
  });

  it('records a demand whose decision the record dates only as a month, and written notice dated only by a bound; both forms at once are refused, storing nothing', async () => {
    const unitId = String((await readStreamOrEmpty(store, stream()))[0]!.data['unitId']);
    const demand = {
      occurredAt: { at: '2025-10-10', precision: 'day' },
      demandedBy: 'union',
      decision: { description: 'Closure of two schools', kind: 'school-closure', decided: { at: '2025-09', precision: 'month' } },
      scope: 'both',
    };
    const demandId = (await subject.post(`/units/${unitId}/demands-to-bargain`, demand).expect(201)).body.demandId as string;
    const shown = (await subject.get(`/demands-to-bargain/${demandId}`).expect(200)).body as { decision: object };
    expect(shown.decision).toMatchObject({ decidedOn: '2025-09-01', decidedAsKnown: { at: '2025-09', precision: 'month' } });
    const refused = await subject.post(`/units/${unitId}/demands-to-bargain`, { ...demand, decision: { ...demand.decision, decidedOn: '2025-09-12' } }).expect(422);
    expect(refused.headers['content-type']).toMatch(problemJson);

    const opened = { occurredAt: { at: '2025-10-20', precision: 'day' }, unitId, kind: 'meet-and-confer', subject: 'Parking fees at district sites', writtenNoticeGiven: { at: '2025-10-01', precision: 'on-or-before' } };
    const id = (await subject.post('/negotiations', opened).expect(201)).body.negotiationId as string;
    const [stored] = await readStreamOrEmpty(store, `negotiation-${id}`);
    expect(stored!.data).toMatchObject({ writtenNoticeGivenOn: '2025-10-01', writtenNoticeGivenAsKnown: { at: '2025-10-01', precision: 'on-or-before' } });
    await subject.post('/negotiations', { ...opened, writtenNoticeGivenOn: '2025-10-01' }).expect(422);
    const file = (await subject.get(`/negotiations/${id}/audit-file`).expect(200)).body as { sections: { chronology: unknown } };
    expect(JSON.stringify(file.sections.chronology)).toContain('written notice given on or before 1 October 2025');
  });
});
