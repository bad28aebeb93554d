import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { AccessModule } from '#access';
import { BargainingModule } from '#bargaining';
import { StatutoryWarningsModule } from '#compliance';
import { InformationRequestsModule } from '#information-requests';
import type { Role } from '#kernel';
import { LegalModule } from '#legal';
import { RecordsModule } from '#records';
import { MovableClock, type TestApp, day, startTestApp } from '#testing';

/*
 * Meetings about an information request, held and called off, recorded over HTTP, in the
 * negotiation's file: the legal timeline (with the side that cancelled), the table as of a day (a
 * meeting is not a response, so the request's clocks stay as they were) and the audit file, as JSON
 * and, when pdftotext is installed, as PDF.
 */
const PDFTOTEXT = !spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error;

describe('meetings about an information request in the negotiation file, over HTTP (embedded PGlite)', () => {
  let test: TestApp;
  let negotiationId: string;
  let requestId: string;
  const post = (path: string, body: object, role: Role = 'negotiator') => request(test.server).post(path).set(test.bearer(role)).send(body);
  const get = (path: string, role: Role = 'records-officer') => request(test.server).get(path).set({ ...test.bearer(role), 'X-Access-Purpose': 'e2e review' });

  beforeAll(async () => {
    test = await startTestApp({
      name: 'request-meetings',
      clock: new MovableClock('2026-02-01T09:00:00.000Z'),
      imports: (config, dataDir) => [
        AccessModule,
        BargainingModule,
        InformationRequestsModule,
        StatutoryWarningsModule,
        LegalModule.forRoot({ lateEntryDays: config.lateEntryDays }),
        RecordsModule.forRoot({ dataDir, lateEntryDays: config.lateEntryDays }),
      ],
    });
    const unit = await post(
      '/units',
      { occurredAt: day('2025-01-10'), name: 'Certificated', employer: 'Bayview USD', employeeOrganization: 'Bayview Teachers Association', statute: 'EERA' },
      'admin',
    ).expect(201);
    negotiationId = (await post('/negotiations', { occurredAt: day('2025-01-15'), unitId: unit.body.unitId, kind: 'successor' }).expect(201)).body.negotiationId;
    requestId = (
      await post('/information-requests', {
        occurredAt: day('2025-04-10'),
        unitId: unit.body.unitId,
        negotiationId,
        from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
        items: [
          { number: 1, description: 'Placement of each unit member, by name' },
          { number: 2, description: 'Cost of one step' },
        ],
      }).expect(201)
    ).body.requestId;
    await post(`/information-requests/${requestId}/cancelled-meetings`, { occurredAt: day('2025-04-14'), scheduledFor: '2025-04-15', cancelledBy: 'union', reason: 'Team unavailable' }).expect(201);
    await post(`/information-requests/${requestId}/meetings`, {
      occurredAt: day('2025-04-16'),
      attendees: { employer: ['M. Okafor'], union: ['R. Alvarez'] },
      itemNumbers: [1],
      outcome: 'Item 1 narrowed to employee numbers',
    }).expect(201);
  }, 120_000);

  afterAll(async () => {
    await test?.close();
  });

  it('are in the timeline: a meeting held is joint, a cancellation is the cancelling side’s', async () => {
    const facts = (await get(`/negotiations/${negotiationId}/timeline`).expect(200)).body.facts as { type: string; side: string | null; source: string; occurredAt: { at: string } }[];
    const meetings = facts.filter((f) => f.type.startsWith('InformationRequestMeeting'));
    expect(meetings.map((f) => [f.type, f.side, f.source, f.occurredAt.at])).toEqual([
      ['InformationRequestMeetingCancelled', 'union', 'information-request', '2025-04-14'],
      ['InformationRequestMeetingHeld', null, 'information-request', '2025-04-16'],
    ]);
    const union = (await get(`/negotiations/${negotiationId}/timeline?side=union`).expect(200)).body;
    expect(JSON.stringify(union)).toContain('InformationRequestMeetingCancelled');
    expect(JSON.stringify(union)).not.toContain('InformationRequestMeetingHeld');
  });

  it('are folded into the table as of a day, and leave the request’s clocks as they were: a meeting is not a response', async () => {
    const asOf = async (date: string) => (await get(`/negotiations/${negotiationId}/as-of/${date}`).expect(200)).body;
    const [before, after] = [await asOf('2025-04-15'), await asOf('2025-04-16')];
    expect(after.record.factsFolded).toBe(before.record.factsFolded + 1);
    expect(after.informationRequests.open).toEqual([
      expect.objectContaining({ requestId, clocks: expect.objectContaining({ acknowledgedOn: null, firstResponseOn: null, firstSubstantiveResponseOn: null }) }),
    ]);
    const { daysOutstanding: _a, businessDaysOutstanding: _b, asOf: _c, items: _d, ...clocksAfter } = after.informationRequests.open[0].clocks;
    const { daysOutstanding: _e, businessDaysOutstanding: _f, asOf: _g, items: _h, ...clocksBefore } = before.informationRequests.open[0].clocks;
    expect(clocksAfter).toEqual(clocksBefore);
  });

  it('are in the audit file’s chronology, said in words, in the JSON and in the PDF', async () => {
    const file = (await get(`/negotiations/${negotiationId}/audit-file`).expect(200)).body;
    const entries = file.sections.chronology.entries as { type: string; summary: string }[];
    expect(entries.filter((e) => e.type.startsWith('InformationRequestMeeting')).map((e) => e.summary)).toEqual([
      `Meeting on request ${requestId} set for 2025-04-15 cancelled by the union (Team unavailable)`,
      `Meeting on request ${requestId} held about item 1 (employer: M. Okafor; union: R. Alvarez): Item 1 narrowed to employee numbers`,
    ]);
    const register = file.sections.informationRequests.requests as { requestId: string; facts: unknown[] }[];
    expect(register.find((r) => r.requestId === requestId)!.facts).toHaveLength(3);
    if (!PDFTOTEXT) return;
    const pdf = await get(`/negotiations/${negotiationId}/audit-file?format=pdf`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const pdfPath = join(test.dataDir, 'meetings-audit.pdf');
    await writeFile(pdfPath, pdf.body as Buffer);
    const text = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Meeting on request 1 set for 2025-04-15 cancelled by the union (Team unavailable)');
    expect(text).toContain('Meeting on request 1 held about item 1 (employer: M. Okafor; union: R. Alvarez): Item 1 narrowed to employee numbers');
  });
});
