import { createHash } from 'node:crypto';
import { readBundleFile, storedSectionDigest, verifyBundle } from '#bundle-verifier';
import { type Bundle, buildAuditBundle, canonicalJson } from '#records';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, bayviewInMemory, testSigner } from './fixtures.js';
import { resign } from './tampering.js';

/*
 * readBundleFile reads a large section whose bytes as stored hash to the signed digest without
 * parsing it; the verifier then compares that digest. Whatever the file, the report must be the one
 * the whole file parsed the usual way gives.
 */

const signer = testSigner();
const nodeSha256 = (parts: readonly (string | Uint8Array)[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};
const bytesOf = (text: string) => new TextEncoder().encode(text);
/** The report for the file parsed whole, as readBundleFile reads a file it does not recognize. */
const parsedWhole = async (text: string) => verifyBundle(JSON.parse(text), { sha256: nodeSha256 });
const readAndVerify = async (text: string, options: { sha256?: typeof nodeSha256 } = { sha256: nodeSha256 }) => {
  const read = await readBundleFile(bytesOf(text), 'file.json', options);
  const sections = (read.bundle as { sections: object }).sections;
  const stored = Object.keys(sections).filter((name) => storedSectionDigest(sections, name) !== undefined);
  return { read, stored, report: await verifyBundle(read.bundle, options) };
};

describe('verifying large sections as stored', () => {
  let audit: Bundle;
  /** The audit file with a section larger than the size read as stored, as the exporter writes it. */
  let large: string;

  beforeAll(async () => {
    const streams = await bayviewInMemory();
    audit = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, purpose: 'Annual records audit 2026' });
    const copy = structuredClone(audit) as { sections: Record<string, unknown> };
    copy.sections['chronology'] = JSON.parse(canonicalJson({ ...(copy.sections['chronology'] as object), notes: 'a long note \u00e9\u2014 '.repeat(8000) }));
    large = JSON.stringify(await resign(copy as unknown as Bundle, signer));
  });

  it('the exporter writes every section as its canonical JSON', () => {
    for (const [name, value] of Object.entries(audit.sections)) expect([name, JSON.stringify(value)]).toEqual([name, canonicalJson(value)]);
  });

  it('reads the large section as stored and reports what the whole file parsed reports, with node:crypto and with WebCrypto', async () => {
    const expected = await parsedWhole(large);
    expect(expected.intact).toBe(true);
    for (const options of [{ sha256: nodeSha256 }, {}]) {
      const { read, stored, report } = await readAndVerify(large, options);
      expect(stored).toEqual(['chronology']);
      expect(report).toEqual(expected);
      expect(read.bundle).toEqual(JSON.parse(large));
    }
  });

  it("finds the sections without Node's Buffer too, as a browser does", async () => {
    const global = globalThis as { Buffer?: unknown };
    const saved = global.Buffer;
    delete global.Buffer;
    expect(global.Buffer).toBeUndefined();
    let reading: ReturnType<typeof readBundleFile>;
    try {
      // The search runs before readBundleFile's first await when a synchronous hash is given.
      reading = readBundleFile(bytesOf(large), 'file.json', { sha256: nodeSha256 });
    } finally {
      global.Buffer = saved;
    }
    const read = await reading;
    expect(storedSectionDigest((read.bundle as { sections: object }).sections, 'chronology')).toBeDefined();
    expect(await verifyBundle(read.bundle, { sha256: nodeSha256 })).toEqual(await parsedWhole(large));
  });

  it('names the same first broken event when an event is modified', async () => {
    const text = large.replace(/"canonical":"\{(.*?)\\"number\\":/, '"canonical":"{$1\\"number\\": ');
    expect(text).not.toBe(large);
    const expected = await parsedWhole(text);
    expect(expected.problems[0]).toMatchObject({ kind: 'event-modified' });
    const { stored, report } = await readAndVerify(text);
    expect(stored).toEqual(['chronology']);
    expect(report).toEqual(expected);
  });

  it('a modified large section is parsed and re-canonicalized: section-modified with the hash it has', async () => {
    const text = large.replace('a long note', 'a lung note');
    const expected = await parsedWhole(text);
    expect(expected.problems).toEqual([expect.objectContaining({ kind: 'section-modified', section: 'chronology' })]);
    const { stored, report } = await readAndVerify(text);
    expect(stored).toEqual([]);
    expect(report).toEqual(expected);
  });

  it('a second key for the section, or for the sections, is what a JSON parser reads', async () => {
    for (const text of [large.replace('},"events":{', ',"chronology":{"entries":[]}},"events":{'), large.replace(/\}$/, ',"sections":{}}')]) {
      const expected = await parsedWhole(text);
      expect(expected.intact).toBe(false);
      const { stored, report } = await readAndVerify(text);
      expect(stored).toEqual([]);
      expect(report).toEqual(expected);
    }
  });

  it('a section written in another key order (files exported before sections were stored canonically) still verifies', async () => {
    const bundle = JSON.parse(large) as { sections: Record<string, Record<string, unknown>> };
    const chronology = bundle.sections['chronology']!;
    bundle.sections['chronology'] = Object.fromEntries(Object.entries(chronology).reverse());
    const text = JSON.stringify(bundle);
    const { stored, report } = await readAndVerify(text);
    expect(stored).toEqual([]);
    expect(report.intact).toBe(true);
  });

  it('a section replaced after reading is hashed again', async () => {
    const read = await readBundleFile(bytesOf(large), 'file.json', { sha256: nodeSha256 });
    const sections = (read.bundle as { sections: Record<string, unknown> }).sections;
    sections['chronology'] = { entries: [] };
    expect(storedSectionDigest(sections, 'chronology')).toBeUndefined();
    const report = await verifyBundle(read.bundle, { sha256: nodeSha256 });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'section-modified', section: 'chronology' })]);
  });
});
