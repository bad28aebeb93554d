import { type EventStore, readStreamOrEmpty } from '#event-store';
import { type BargainingApp, day, problemJson, startBargainingApp } from '#testing';

/*
 * Work stoppages over HTTP: a strike noticed, begun under the notice's id, ended, with a
 * return-to-work agreement; a lockout without notice; refusals store nothing; each fact appears in
 * the timeline, the table as of a day and the audit file.
 */

describe('work stoppages, over HTTP (embedded PGlite)', () => {
  let subject: BargainingApp;
  let store: EventStore;
  let negotiationId: string;
  const post: BargainingApp['post'] = (...args) => subject.post(...args);
  const get: BargainingApp['get'] = (...args) => subject.get(...args);

  beforeAll(async () => {
    subject = await startBargainingApp('stoppages');
    ({ store, negotiationId } = subject);
  }, 120_000);

  afterAll(async () => {
    await subject?.close();
  });

  const stream = async () => readStreamOrEmpty(store, `negotiation-${negotiationId}`);
  const base = (id: string) => `/negotiations/${id}/work-stoppages`;
  let strikeId: string;

  it('records a strike notice, the strike begun under its id, a return-to-work agreement and its end; a lockout without notice', async () => {
    const notice = await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-09-02'), kind: 'strike', plannedStartOn: '2025-09-15', estimatedParticipants: 410, statement: 'Ten days’ notice' }).expect(201);
    strikeId = notice.body.stoppageId;
    expect(strikeId).toEqual(expect.any(String));
    expect(notice.body.events[0]).toMatchObject({ type: 'WorkStoppageNoticeGiven', classification: { level: 'internal' } });
    const began = await post(base(negotiationId), { occurredAt: day('2025-09-15'), kind: 'strike', stoppageId: strikeId, estimatedParticipants: 380 }).expect(201);
    expect(began.body.stoppageId).toBe(strikeId);
    await post(`${base(negotiationId)}/return-to-work-agreements`, { occurredAt: day('2025-09-18'), stoppageId: strikeId, terms: 'No reprisals; strike days made up in June' }).expect(201);
    await post(`${base(negotiationId)}/${strikeId}/end`, { occurredAt: day('2025-09-19'), summary: 'Back at work on the 19th' }).expect(201);
    const lockout = await post(base(negotiationId), { occurredAt: day('2025-10-01'), kind: 'lockout' }).expect(201);
    expect(lockout.body.stoppageId).not.toBe(strikeId);
    const stored = await stream();
    expect(stored.map((e) => e.type)).toEqual(['NegotiationOpened', 'WorkStoppageNoticeGiven', 'WorkStoppageBegan', 'ReturnToWorkAgreed', 'WorkStoppageEnded', 'WorkStoppageBegan']);
    expect(stored[2]!.data).toMatchObject({ stoppageId: strikeId, kind: 'strike', by: 'union', noticeGivenOn: '2025-09-02', estimatedParticipants: 380, beganOn: '2025-09-15' });
    expect(stored[5]!.data).toMatchObject({ kind: 'lockout', by: 'employer', noticeGivenOn: null, estimatedParticipants: null });
  });

  it('refuses bad input (400) and the impossible (422 with a code), storing nothing', async () => {
    const before = (await stream()).length;
    const badKind = await post(base(negotiationId), { occurredAt: day('2025-10-02'), kind: 'slowdown' }).expect(400);
    expect(badKind.headers['content-type']).toMatch(problemJson);
    expect(JSON.stringify(badKind.body)).toContain('kind');
    const badCount = await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-10-02'), kind: 'strike', estimatedParticipants: 'many' }).expect(400);
    expect(JSON.stringify(badCount.body)).toContain('estimatedParticipants');
    await post(`${base(negotiationId)}/return-to-work-agreements`, { occurredAt: day('2025-10-02') }).expect(400);
    const lockoutId = (await stream()).at(-1)!.data['stoppageId'] as string;
    const early = await post(`${base(negotiationId)}/${lockoutId}/end`, { occurredAt: day('2025-09-30') }).expect(422);
    expect(early.headers['content-type']).toMatch(problemJson);
    expect(early.body.code).toBe('WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN');
    expect((await post(`${base(negotiationId)}/${strikeId}/end`, { occurredAt: day('2025-09-20') }).expect(422)).body.code).toBe('WORK_STOPPAGE_ALREADY_ENDED');
    expect((await post(`${base(negotiationId)}/never_begun/end`, { occurredAt: day('2025-10-02') }).expect(422)).body.code).toBe('WORK_STOPPAGE_NOT_RECORDED');
    expect((await post(base(negotiationId), { occurredAt: day('2025-10-02'), kind: 'strike', stoppageId: strikeId }).expect(422)).body.code).toBe('WORK_STOPPAGE_ALREADY_BEGAN');
    const noticeOnly = (await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-10-03'), kind: 'sick-out' }).expect(201)).body.stoppageId;
    expect((await post(`${base(negotiationId)}/${noticeOnly}/end`, { occurredAt: day('2025-10-04') }).expect(422)).body.code).toBe('WORK_STOPPAGE_NOT_BEGUN');
    await post(`${base(negotiationId)}/notices`, { occurredAt: day('2025-10-03'), kind: 'strike' }, 'analyst').expect(403);
    expect((await stream()).length).toBe(before + 1);
  });

  it('corrects a stoppage fact with the rules of its command', async () => {
    const began = (await stream()).find((e) => e.type === 'WorkStoppageBegan')!;
    const correct = (correctedFields: object) => post(`/negotiations/${negotiationId}/corrections`, { occurredAt: day('2025-10-05'), correctedEventId: began.eventId, reason: 'union count', correctedFields });
    expect((await correct({ estimatedParticipants: 'many' }).expect(400)).body.errors[0].property).toBe('correctedFields.estimatedParticipants');
    await correct({ estimatedParticipants: 395 }).expect(201);
    expect((await stream()).at(-1)!.data).toMatchObject({ correctedEventType: 'WorkStoppageBegan', correctedFields: { estimatedParticipants: 395 } });
  });

  it('shows them in the timeline, the table as of a day and the audit file', async () => {
    const timeline = JSON.stringify((await get(`/negotiations/${negotiationId}/timeline`).expect(200)).body);
    for (const type of ['WorkStoppageNoticeGiven', 'WorkStoppageBegan', 'WorkStoppageEnded', 'ReturnToWorkAgreed']) expect(timeline).toContain(type);
    const during = (await get(`/negotiations/${negotiationId}/as-of/2025-09-16`).expect(200)).body;
    expect(during.workStoppages).toEqual([{ stoppageId: strikeId, kind: 'strike', by: 'union', status: 'in-progress', noticeGivenOn: '2025-09-02', beganOn: '2025-09-15', endedOn: null }]);
    const after = (await get(`/negotiations/${negotiationId}/as-of/2025-10-01`).expect(200)).body;
    expect(after.workStoppages.map((s: { kind: string; status: string }) => `${s.kind} ${s.status}`)).toEqual(['strike ended', 'lockout in-progress']);
    const file = (await get(`/negotiations/${negotiationId}/audit-file`).expect(200)).body;
    const text = JSON.stringify(file.sections);
    expect(text).toContain('Notice of a strike given by the union, to begin 2025-09-15, about 410 employees');
    expect(text).toContain('Strike by the union began (notice given 2025-09-02), about 380 employees');
    expect(text).toContain('Return to work agreed: No reprisals; strike days made up in June');
    expect(text).toContain('Strike by the union ended');
    expect(text).toContain('Lockout by the employer began, no notice recorded');
  });
});
