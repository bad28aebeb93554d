import { type RecordedEvent, streamCategory } from '#event-store';
import { negotiationStream } from '#bargaining';
import { type Bundle, buildAuditBundle, buildPublicRecordsBundle, bundleJsonBytes, bundleJsonChunks, sectionHash, verifyBundle } from '#records';
import { storedSection, toPlainJson } from '../libs/records/src/bundle/canonical.js';
import { type Replacement, replacing } from '../libs/records/src/pdf/render-pdf.js';
import { MemoryEventStore, RECORDS_OFFICER, testSigner } from '../libs/records/test/fixtures.js';
import { RecordSimulator, appendSimulated } from './harness/record-simulator.js';

/**
 * The audit file's builder serializes each section once (storedSection) and writes the file in
 * pieces (bundleJsonChunks); the PDF's labels try only the identifiers a summary holds. Each must
 * give what the plain way gives: these compare them.
 */
const signer = testSigner();
const NOW = '2026-12-01T12:00:00.000Z';

async function simulatedRecord(events: number): Promise<{ negotiationId: string; streams: Map<string, RecordedEvent[]> }> {
  const store = new MemoryEventStore();
  const simulator = new RecordSimulator(41, { accessLogShare: 0.1, startDay: '2019-01-01', spanDays: 900 });
  const negotiationId = simulator.busyNegotiation(events);
  const batches = simulator.drain();
  await appendSimulated(store, batches);
  const names = [...new Set(batches.map((b) => b.stream))].filter((stream) => stream === negotiationStream(negotiationId) || streamCategory(stream) === 'accesslog');
  return { negotiationId, streams: new Map(await Promise.all(names.map(async (stream) => [stream, await store.readStream(stream)] as const))) };
}

describe('the audit file as built and written', () => {
  let negotiationId: string;
  let streams: Map<string, RecordedEvent[]>;
  beforeAll(async () => {
    ({ negotiationId, streams } = await simulatedRecord(600));
  }, 60_000);

  it.each(['audit', 'public-records'] as const)('writes the %s file byte for byte as JSON.stringify(bundle), each digest the sectionHash of the section as parsed', async (kind) => {
    const input = { streams, negotiationId, actor: RECORDS_OFFICER, now: NOW, signer, purpose: 'builder test' };
    const bundle = kind === 'audit' ? await buildAuditBundle(input) : await buildPublicRecordsBundle(input);
    const written = bundleJsonBytes(bundle).toString('utf8');
    expect([...bundleJsonChunks(bundle)].join('')).toBe(written);
    // JSON.stringify reads every section (parsing its stored text): the file is the same.
    expect(written).toBe(JSON.stringify(bundle));
    const parsed = JSON.parse(written) as Bundle;
    for (const [name, digest] of Object.entries(bundle.manifest.sections)) {
      expect(sectionHash(parsed.sections[name]!)).toBe(digest);
      expect(parsed.sections[name]).toEqual(bundle.sections[name]);
    }
    expect((await verifyBundle(parsed)).intact).toBe(true);
  });

  it('writes a section replaced after building as its new value', async () => {
    const bundle = await buildAuditBundle({ streams, negotiationId, actor: RECORDS_OFFICER, now: NOW, signer, purpose: 'builder test' });
    (bundle.sections as Record<string, unknown>)['overview'] = { replaced: true };
    expect(bundleJsonBytes(bundle).toString('utf8')).toBe(JSON.stringify(bundle));
    expect(JSON.parse(bundleJsonBytes(bundle).toString('utf8')).sections.overview).toEqual({ replaced: true });
  });
});

describe('a section serialized once', () => {
  class Stamp {
    toJSON() {
      return { b: 1, a: [2, { d: 'x', c: null }] };
    }
  }
  const values: [string, unknown][] = [
    ['keys out of order, nested', { z: 1, a: { y: [3, { q: 1, b: 2 }], b: 'text' }, m: null }],
    ['keys like array indexes', { b: 1, 10: 'ten', 2: 'two', a: { 1: true, x: false } }],
    ['strings that JSON escapes', { text: 'quote " backslash \\ tab \t newline \n lone \ud800 surrogate, é, 字, 🙂', '': 'empty key' }],
    ['numbers', { small: 1e-7, big: 1e21, negativeZero: -0, fraction: 0.1 + 0.2 }],
    ['undefined and functions left out', { kept: 1, gone: undefined, fn: () => 1, list: [undefined, () => 1, 2] }],
    ['toJSON', { at: new Date('2026-01-02T03:04:05.000Z'), stamp: new Stamp() }],
    ['an array at the top', [{ b: 1, a: 2 }, 'x', 3]],
    ['a string at the top', 'just text'],
  ];

  it.each(values)('%s: stores JSON.stringify(toPlainJson(value)) with sectionHash(toPlainJson(value))', (_what, value) => {
    const plain = toPlainJson(value, 'section test');
    expect(storedSection(value, 'section test')).toEqual({ text: JSON.stringify(plain), digest: sectionHash(plain) });
  });

  it('refuses what toPlainJson refuses, with its message', () => {
    for (const value of [{ n: Number.NaN }, { n: Number.POSITIVE_INFINITY }, { n: 10n }, undefined]) {
      expect(() => storedSection(value, 'section test')).toThrow((() => {
        try {
          toPlainJson(value, 'section test');
        } catch (error) {
          return (error as Error).message;
        }
        throw new Error('toPlainJson accepted it');
      })());
    }
  });
});

describe("the PDF's labels", () => {
  const escape = (id: string) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const replacements: Replacement[] = [
    ['ta_1', `\\bTA ${escape('ta_1')}\\b`, 'TA 1'],
    ['3f2b9c1e-0d4a-4c1b-9a77-1f0e2d3c4b5a', `\\bTA ${escape('3f2b9c1e-0d4a-4c1b-9a77-1f0e2d3c4b5a')}\\b`, 'TA 2'],
    ['rfi-7', `\\b(request )?${escape('rfi-7')}\\b`, 'request 1'],
    ['rfi', `\\b(request )?${escape('rfi')}\\b`, 'request 2'],
    ['odd.id+1', `\\b(request )?${escape('odd.id+1')}\\b`, 'request 3'],
    ['p_1', `\\b(Package|Proposal|proposal|package) ${escape('p_1')}\\b`, '$1 E-1'],
    ['E', `\\b(Package|Proposal|proposal|package) ${escape('E')}\\b`, '$1 U-9'],
    ['p_2', `\\b(Package|Proposal|proposal|package) ${escape('p_2')}\\b`, '$1 ta_1'],
  ];
  const everyPattern = (summary: string) => replacements.reduce((text, [, pattern, label]) => text.replace(new RegExp(pattern, 'g'), label), summary);
  const summaries = [
    'TA ta_1 initialed; TA 3f2b9c1e-0d4a-4c1b-9a77-1f0e2d3c4b5a withdrawn',
    'request rfi-7 answered; rfi-7-b is another; rfi and rfi-7 and xrfi-7',
    'request odd.id+1 received; odd.id+12 not it',
    'Proposal p_1 tabled, answering package p_2 and Proposal E and proposal p_1x',
    'Proposal p_2 then TA ta_1',
    'nothing to label here',
    '',
  ];

  it.each(summaries)('labels %j as applying every pattern in turn does', (summary) => {
    expect(replacing(replacements)(summary)).toBe(everyPattern(summary));
  });
});
