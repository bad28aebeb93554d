import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handleCommand } from '#event-store';
import { type InformationRequestCommand, informationRequestDecider, informationRequestStream } from '#information-requests';
import { type Bundle, type ChronologySection, type InformationRequestsSection, type StatutoryChecklistSection, buildAuditBundle, renderBundlePdf } from '#records';
import { GENERATED_AT, MemoryEventStore, NEGOTIATION_ID, RECORDS_OFFICER, readBayview, recordBayview, testSigner } from './fixtures.js';

const PDFTOTEXT = !spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).error;

/*
 * A fact the record knows only as a month ("February 2025": an information request whose letter is
 * dated only by its month) is shown that way in the audit file, in its JSON chronology and its PDF,
 * never as an invented day.
 */
describe('an audit file with a date known only as a month', () => {
  const requestId = 'rfi_2025_002';
  let bundle: Bundle;
  let dir: string;

  beforeAll(async () => {
    const store = new MemoryEventStore();
    await recordBayview(store);
    const receipt: InformationRequestCommand = {
      type: 'ReceiveInformationRequest',
      data: {
        requestId,
        unitId: 'bayview_teachers',
        from: { organization: 'Bayview Teachers Association', person: 'R. Alvarez' },
        negotiationId: NEGOTIATION_ID,
        items: [{ number: 1, description: 'Substitute costs, 2023-24' }],
      },
      metadata: {
        now: '2026-01-26T18:00:00.000Z',
        occurredAt: { at: '2025-02', precision: 'month' },
        actor: RECORDS_OFFICER,
        commandId: 'month-precision-receipt',
        correlationId: 'month-precision-receipt',
      },
    } as InformationRequestCommand;
    await handleCommand(store, informationRequestStream(requestId), informationRequestDecider, receipt);
    const streams = await readBayview(store);
    streams.set(informationRequestStream(requestId), await store.readStream(informationRequestStream(requestId)));
    bundle = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer: testSigner(), purpose: 'Imprecise dates' });
    dir = await mkdtemp(join(tmpdir(), 'lrr-imprecise-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the precision in the JSON chronology, with the date in words, late from the last day of the month', () => {
    const chronology = bundle.sections['chronology'] as unknown as ChronologySection;
    const receipt = chronology.entries.find((e) => e.type === 'InformationRequestReceived' && e.stream === informationRequestStream(requestId))!;
    expect(receipt).toMatchObject({ occurredAt: '2025-02', precision: 'month', occurredAtDescription: 'February 2025', late: true, daysLate: 332 });
    // Filed under its earliest possible day, 1 February 2025: before the session of 5 March.
    const sessionIndex = chronology.entries.findIndex((e) => e.type === 'SessionHeld' && e.occurredAt === '2025-03-05');
    expect(chronology.entries.indexOf(receipt)).toBeLessThan(sessionIndex);
    const day = chronology.entries.find((e) => e.occurredAt === '2025-03-05')!;
    expect(day.occurredAtDescription).toBe('5 March 2025');
  });

  it('says in the information-request register how the day of receipt is known, and that its clocks count from its earliest possible day', () => {
    const register = bundle.sections['informationRequests'] as unknown as InformationRequestsSection;
    expect(register.requests.find((r) => r.requestId === requestId)).toMatchObject({ receivedOn: '2025-02-01', receivedAsKnown: 'February 2025' });
    const checklist = bundle.sections['statutoryChecklist'] as unknown as StatutoryChecklistSection;
    expect(checklist.items.find((i) => i.id === 'eera.information-request-no-response-past-due')).toMatchObject({
      status: 'not-evaluated',
      detail: 'cannot evaluate: the date information request rfi_2025_002 was received is known only as February 2025, and its due date counts from that day',
    });
  });

  (PDFTOTEXT ? it : it.skip)(`shows "February 2025" in the PDF's chronology${PDFTOTEXT ? '' : ' [SKIPPED: pdftotext (poppler-utils) is not installed]'}`, async () => {
    const pdfPath = join(dir, 'imprecise.pdf');
    await writeFile(pdfPath, await renderBundlePdf(bundle));
    const text = spawnSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    const chronology = text.slice(text.indexOf('facts in business time as corrected'));
    expect(chronology).toMatch(/February 2025 \d{4}-\d{2}-\d{2} \d{2}:\d{2} \w+ LATE: 332 days/);
    expect(text).toContain('February 2025 (clocks count from its earliest possible day, 2025-02-01)');
  });
});
