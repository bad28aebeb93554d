import { chainHash } from '#event-store';
import { negotiationStream } from '#bargaining';
import {
  type Bundle,
  BundleKeyInvalid,
  buildAuditBundle,
  buildPublicRecordsBundle,
  formatVerificationReport,
  verifyBundle,
} from '#records';
import { GENERATED_AT, NEGOTIATION_ID, RECORDS_OFFICER, bayviewInMemory, clone, testSigner } from './fixtures.js';
import { TAMPER_KINDS, describeMatrix, resign as resignWith, runDetectionMatrix } from './tampering.js';

const NEGOTIATION = negotiationStream(NEGOTIATION_ID);
const signer = testSigner();
const intruder = testSigner();

type Writable<T> = { -readonly [K in keyof T]: T[K] extends object ? Writable<T[K]> : T[K] };

const resign = (bundle: Bundle, by = intruder) => resignWith(bundle, by);

describe('verifying bundles offline', () => {
  let audit: Bundle;
  let publicRecords: Bundle;

  beforeAll(async () => {
    const streams = await bayviewInMemory();
    audit = await buildAuditBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer, purpose: 'Annual records audit 2026' });
    publicRecords = await buildPublicRecordsBundle({ streams, negotiationId: NEGOTIATION_ID, actor: RECORDS_OFFICER, now: GENERATED_AT, signer });
  });

  it.each([
    ['audit file', () => audit],
    ['public-records export (withheld events as links)', () => publicRecords],
  ])('%s: detects and names 100%% of single-event modifications, deletions and reorderings', async (title, get) => {
    const bundle = get();
    expect((await verifyBundle(bundle)).intact).toBe(true);
    const result = await runDetectionMatrix(bundle);
    process.stdout.write(`${describeMatrix(`Detection matrix, ${title} (${Object.values(bundle.events).flat().length} events)`, result)}\n`);
    expect(result.failures).toEqual([]);
    expect(result.total.detected).toBe(result.total.attempted);
    expect(result.total.named).toBe(result.total.attempted);
    const events = Object.values(bundle.events).flat();
    const pairs = Object.values(bundle.events).reduce((n, list) => n + list.length - 1, 0);
    expect(result.byKind.deletion.attempted).toBe(events.length);
    expect(result.byKind['swap-entries'].attempted).toBe(pairs);
    expect(result.byKind['hash-field'].attempted).toBe(events.length);
    for (const kind of TAMPER_KINDS) if (result.byKind[kind].attempted > 0) expect(result.byKind[kind].detected).toBe(result.byKind[kind].attempted);
  });

  it('names a modified event by stream, revision and event id in the readable report', async () => {
    const copy = clone(audit) as Writable<Bundle>;
    const at = copy.events[NEGOTIATION]!.findIndex((e) => 'canonical' in e && e.canonical.includes('"type":"SessionHeld"'));
    const entry = copy.events[NEGOTIATION]![at] as { canonical: string; eventId: string };
    entry.canonical = entry.canonical.replace('"number":', '"number": ');
    const report = await verifyBundle(copy);
    expect(report.intact).toBe(false);
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'event-modified', stream: NEGOTIATION, revision: at, eventId: entry.eventId })]);
    const text = formatVerificationReport(report);
    expect(text).toContain(`${NEGOTIATION} revision ${at} (event ${entry.eventId}) was modified`);
    expect(text).toContain('Result     NOT INTACT');
    expect(formatVerificationReport(await verifyBundle(audit))).toContain('Result     INTACT');
  });

  it('rejects a bundle re-signed with another key when given the trusted key; without one it reports the fingerprint', async () => {
    const tampered = clone(audit) as Writable<Bundle>;
    const entries = tampered.events[NEGOTIATION]! as { canonical?: string; hash: string; prevHash: string }[];
    const d1 = entries.findIndex((e) => e.canonical?.includes('increased by 2 percent'));
    entries[d1]!.canonical = entries[d1]!.canonical!.replace('2 percent', '9 percent');
    for (let i = d1; i < entries.length; i++) {
      if (i > d1) entries[i]!.prevHash = entries[i - 1]!.hash;
      entries[i]!.hash = chainHash(entries[i]!.prevHash, entries[i]!.canonical!);
    }
    const forged = await resign(tampered as Bundle);

    const trustedReport = await verifyBundle(forged, { trustedKeys: [signer.publicKeyPem] });
    expect(trustedReport.intact).toBe(false);
    expect(trustedReport.signature).toEqual({ algorithm: 'Ed25519', keyId: intruder.keyId, fingerprint: intruder.keyId, valid: true, trusted: false });
    expect(trustedReport.problems).toEqual([expect.objectContaining({ kind: 'key-untrusted' })]);

    const untrusted = await verifyBundle(forged);
    expect(untrusted.signature).toMatchObject({ fingerprint: intruder.keyId, trusted: null });
    expect(untrusted.signature.fingerprint).not.toBe(signer.keyId);
    expect(formatVerificationReport(untrusted)).toContain(`key ${intruder.keyId}`);

    expect(await verifyBundle(audit, { trustedKeys: [intruder.publicKeyPem, signer.publicKeyPem] })).toMatchObject({ intact: true, signature: { trusted: true } });
    await expect(verifyBundle(audit, { trustedKeys: ['not a key'] })).rejects.toThrow(BundleKeyInvalid);
  });

  it('fails the signature when the manifest is altered, or its key swapped without re-signing', async () => {
    const altered = clone(audit) as Writable<Bundle>;
    altered.manifest.generatedBy.subject = 'someone-else@example.org';
    expect((await verifyBundle(altered)).problems).toEqual([expect.objectContaining({ kind: 'signature-invalid' })]);

    const swapped = clone(audit) as Writable<Bundle>;
    swapped.manifest.signature.publicKey = intruder.publicKeyPem;
    expect((await verifyBundle(swapped)).problems.map((p) => p.kind)).toEqual(['signature-invalid', 'key-id-mismatch']);

    const unsigned = clone(audit) as unknown as { manifest: Record<string, unknown> };
    delete unsigned.manifest['signature'];
    expect((await verifyBundle(unsigned)).problems).toEqual([expect.objectContaining({ kind: 'signature-invalid', message: 'the manifest is not signed' })]);
  });

  it('detects section tampering: a changed, removed or added section', async () => {
    const changed = clone(audit) as Writable<Bundle> & { sections: Record<string, { entries: { summary: string }[] }> };
    changed.sections['chronology']!.entries[3]!.summary = 'Nothing happened';
    expect((await verifyBundle(changed)).problems).toEqual([expect.objectContaining({ kind: 'section-modified', section: 'chronology' })]);

    const removed = clone(audit) as Writable<Bundle> & { sections: Record<string, unknown> };
    delete removed.sections['privilegeLog'];
    expect((await verifyBundle(removed)).problems).toEqual([expect.objectContaining({ kind: 'section-missing', section: 'privilegeLog' })]);

    const added = clone(audit) as Writable<Bundle> & { sections: Record<string, unknown> };
    added.sections['note'] = 'all fine';
    expect((await verifyBundle(added)).problems).toEqual([expect.objectContaining({ kind: 'section-unsigned', section: 'note' })]);
  });

  it('detects a whole stream removed or added, unsigned fields on events, and what is not a bundle', async () => {
    const noStream = clone(audit) as Writable<Bundle> & { events: Record<string, unknown> };
    delete noStream.events['inforequest-rfi_2025_007'];
    expect((await verifyBundle(noStream)).problems).toEqual([expect.objectContaining({ kind: 'stream-missing', stream: 'inforequest-rfi_2025_007' })]);

    const extraStream = clone(audit) as Writable<Bundle> & { events: Record<string, unknown> };
    extraStream.events['negotiation-other'] = [];
    expect((await verifyBundle(extraStream)).problems).toEqual([expect.objectContaining({ kind: 'stream-unsigned' })]);

    const extraField = clone(audit) as Writable<Bundle> & { events: Record<string, Record<string, unknown>[]> };
    extraField.events[NEGOTIATION]![4]!['note'] = 'looks fine';
    expect((await verifyBundle(extraField)).problems).toEqual([expect.objectContaining({ kind: 'malformed', stream: NEGOTIATION, revision: 4 })]);

    const disclosedWithheld = clone(publicRecords) as unknown as { events: Record<string, Record<string, unknown>[]> };
    const withheldAt = disclosedWithheld.events[NEGOTIATION]!.findIndex((e) => e['withheld'] === true);
    disclosedWithheld.events[NEGOTIATION]![withheldAt] = { ...audit.events[NEGOTIATION]![withheldAt]! };
    expect((await verifyBundle(disclosedWithheld)).problems).toEqual([expect.objectContaining({ kind: 'withheld-content-present', revision: withheldAt })]);

    expect((await verifyBundle([1, 2])).problems).toEqual([expect.objectContaining({ kind: 'malformed' })]);
    expect(await verifyBundle({ format: 'something/2' })).toMatchObject({ intact: false, problems: [expect.objectContaining({ message: expect.stringContaining('not a bundle') })] });
  });
});
