import type { Actor } from '#kernel';
import { type RecordedEvent, chainHash } from '#event-store';
import {
  type Bundle,
  type BundleEventEntry,
  type BundleManifest,
  type BundleSigner,
  type CheckpointSection,
  type ProblemKind,
  type VerificationReport,
  CHECKPOINT_SECTION,
  buildAuditBundle,
  checkpointSection,
  defaultContentProvider,
  inclusionProof,
  isWithheldEntry,
  manifestSigningBytes,
  merkleRoot,
  renderBundlePdf,
  sectionHash,
  signCheckpoint,
  treeHeadOf,
  verifyBundle,
} from '#records';

/*
 * Every single-event tampering of a bundle a test can think of, each with the finding that names it:
 * a changed character of an event's canonical text (three places), a changed hash, prevHash, revision
 * or eventId field, a modification with the chain rewritten after it, a deletion of each event, and a
 * swap of each adjacent pair (whole entries, or contents under unchanged revision numbers).
 */

type Mutable = { events: Record<string, Record<string, unknown>[]> } & Record<string, unknown>;

export const TAMPER_KINDS = ['content-character', 'hash-field', 'prevHash-field', 'revision-field', 'eventId-field', 'chain-rewritten', 'deletion', 'swap-entries', 'swap-contents'] as const;
export type TamperKind = (typeof TAMPER_KINDS)[number];

export interface Tampering {
  readonly kind: TamperKind;
  readonly label: string;
  readonly stream: string;
  /** The revisions a correct report may name (two for a swap). */
  readonly revisions: readonly number[];
  readonly eventIds: readonly (string | null)[];
  readonly expect: ProblemKind;
  readonly apply: (bundle: Mutable) => void;
}

const flip = (text: string, at: number): string => {
  const ch = text[at]!;
  const replacement = /[0-9]/.test(ch) ? String((Number(ch) + 1) % 10) : /[a-z]/.test(ch) ? (ch === 'z' ? 'a' : String.fromCharCode(ch.charCodeAt(0) + 1)) : /[A-Z]/.test(ch) ? (ch === 'Z' ? 'A' : String.fromCharCode(ch.charCodeAt(0) + 1)) : ch === ' ' ? '_' : ' ';
  return text.slice(0, at) + replacement + text.slice(at + 1);
};
const flipHex = (hash: string) => flip(hash, 17);

export function singleEventTamperings(bundle: Bundle): Tampering[] {
  const out: Tampering[] = [];
  for (const [stream, entries] of Object.entries(bundle.events)) {
    entries.forEach((entry, p) => {
      const r = entry.revision;
      const id = isWithheldEntry(entry) ? null : entry.eventId;
      const base = { stream, revisions: [r], eventIds: [id] };
      const at = (f: (list: Record<string, unknown>[]) => void) => (b: Mutable) => f(b.events[stream]!);
      if (!isWithheldEntry(entry)) {
        const text = entry.canonical;
        const dataAt = text.indexOf('"data":') + 12;
        for (const [where, position] of [['data', dataAt], ['middle', Math.floor(text.length / 2)], ['end', text.length - 12]] as const) {
          out.push({ ...base, kind: 'content-character', label: `${stream}@${r} canonical[${position}] (${where})`, expect: 'event-modified', apply: at((l) => (l[p]!['canonical'] = flip(text, position))) });
        }
        out.push({ ...base, kind: 'eventId-field', label: `${stream}@${r} eventId`, expect: 'event-id-altered', apply: at((l) => (l[p]!['eventId'] = flip(entry.eventId, 3))) });
        out.push({
          ...base,
          kind: 'chain-rewritten',
          label: `${stream}@${r} modified, hashes recomputed from it to the head`,
          expect: 'event-modified',
          apply: at((l) => {
            l[p]!['canonical'] = flip(text, Math.floor(text.length / 2));
            for (let q = p; q < l.length; q++) {
              const e = l[q]!;
              if (q > p) e['prevHash'] = l[q - 1]!['hash'];
              if (typeof e['canonical'] === 'string') e['hash'] = chainHash(e['prevHash'] as string, e['canonical']);
            }
          }),
        });
      }
      out.push({ ...base, kind: 'hash-field', label: `${stream}@${r} hash`, expect: 'event-hash-altered', apply: at((l) => (l[p]!['hash'] = flipHex(entry.hash))) });
      out.push({ ...base, kind: 'prevHash-field', label: `${stream}@${r} prevHash`, expect: 'event-link-altered', apply: at((l) => (l[p]!['prevHash'] = flipHex(entry.prevHash))) });
      out.push({ ...base, kind: 'revision-field', label: `${stream}@${r} revision`, expect: 'event-revision-altered', apply: at((l) => (l[p]!['revision'] = r + 1000)) });
      out.push({ ...base, kind: 'deletion', label: `${stream}@${r} deleted`, expect: 'event-removed', apply: at((l) => l.splice(p, 1)) });
      const next = entries[p + 1];
      if (next) {
        const pair = { stream, revisions: [r, next.revision], eventIds: [id, isWithheldEntry(next) ? null : next.eventId], expect: 'event-reordered' as const };
        out.push({ ...pair, kind: 'swap-entries', label: `${stream}@${r}<->${next.revision} entries swapped`, apply: at((l) => ([l[p], l[p + 1]] = [l[p + 1]!, l[p]!])) });
        out.push({
          ...pair,
          kind: 'swap-contents',
          label: `${stream}@${r}<->${next.revision} contents swapped, revision numbers kept`,
          apply: at((l) => {
            const a = l[p]!;
            const b = l[p + 1]!;
            l[p] = { ...b, revision: a['revision'] };
            l[p + 1] = { ...a, revision: b['revision'] };
          }),
        });
      }
    });
  }
  return out;
}

export interface MatrixOutcome {
  readonly attempted: number;
  /** The verifier said NOT intact. */
  readonly detected: number;
  /** …and named the right finding at the right stream, revision and (when disclosed) event id. */
  readonly named: number;
}

export interface MatrixResult {
  readonly byKind: Readonly<Record<TamperKind, MatrixOutcome>>;
  readonly total: MatrixOutcome;
  readonly failures: readonly string[];
}

function names(report: VerificationReport, t: Tampering): boolean {
  return report.problems.some(
    (p) => p.kind === t.expect && p.stream === t.stream && p.revision !== undefined && t.revisions.includes(p.revision) && (t.eventIds[t.revisions.indexOf(p.revision)] === null || p.eventId === t.eventIds[t.revisions.indexOf(p.revision)]),
  );
}

/** Applies each tampering to a fresh copy of the bundle and verifies it. */
export async function runDetectionMatrix(bundle: Bundle, tamperings: readonly Tampering[] = singleEventTamperings(bundle)): Promise<MatrixResult> {
  const pristine = JSON.stringify(bundle);
  const counts = Object.fromEntries(TAMPER_KINDS.map((k) => [k, { attempted: 0, detected: 0, named: 0 }])) as Record<TamperKind, { attempted: number; detected: number; named: number }>;
  const failures: string[] = [];
  for (const t of tamperings) {
    const copy = JSON.parse(pristine) as Mutable;
    t.apply(copy);
    const report = await verifyBundle(copy);
    const c = counts[t.kind];
    c.attempted += 1;
    if (!report.intact) c.detected += 1;
    if (!report.intact && names(report, t)) c.named += 1;
    else failures.push(`${t.label}: ${report.intact ? 'NOT DETECTED' : `detected but not named as ${t.expect}: ${report.problems.map((p) => `[${p.kind}] ${p.message}`).join(' | ')}`}`);
  }
  const total = Object.values(counts).reduce((a, b) => ({ attempted: a.attempted + b.attempted, detected: a.detected + b.detected, named: a.named + b.named }), { attempted: 0, detected: 0, named: 0 });
  return { byKind: counts, total, failures };
}

export function describeMatrix(title: string, result: MatrixResult): string {
  const rows = TAMPER_KINDS.filter((k) => result.byKind[k].attempted > 0).map((k) => `  ${k.padEnd(18)} ${String(result.byKind[k].attempted).padStart(4)} tampered, ${String(result.byKind[k].detected).padStart(4)} detected, ${String(result.byKind[k].named).padStart(4)} named precisely`);
  return `${title}\n${rows.join('\n')}\n  ${'total'.padEnd(18)} ${String(result.total.attempted).padStart(4)} tampered, ${String(result.total.detected).padStart(4)} detected, ${String(result.total.named).padStart(4)} named precisely`;
}

export type { BundleEventEntry };

type Writable<T> = { -readonly [K in keyof T]: T[K] extends object ? Writable<T[K]> : T[K] };
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** What an intruder with the file but not the key can do at best: rewrite, re-hash, re-sign with their own key. */
export async function resign(bundle: Bundle, by: BundleSigner): Promise<Bundle> {
  const copy = clone(bundle) as Writable<Bundle>;
  for (const [name, value] of Object.entries(copy.sections)) (copy.manifest.sections as Record<string, string>)[name] = sectionHash(value);
  for (const stream of copy.manifest.streams) {
    const entries = copy.events[stream.stream]!;
    stream.index = entries.map((e) => ({ revision: e.revision, hash: e.hash, ...('eventId' in e && { eventId: e.eventId }), ...('withheld' in e && { withheld: true as const }) }));
    stream.headHash = entries.at(-1)!.hash;
  }
  const signature = await by.sign(manifestSigningBytes(copy.manifest as BundleManifest));
  copy.manifest.signature = { algorithm: 'Ed25519', publicKey: by.publicKeyPem, keyId: by.keyId, value: Buffer.from(signature).toString('base64') };
  return copy as Bundle;
}

const heads = (record: ReadonlyMap<string, readonly RecordedEvent[]>) =>
  [...record.entries()].map(([stream, events]) => ({ stream, revision: events.at(-1)!.revision, hash: events.at(-1)!.hash })).sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));

/** Rewrites a stream's chain from position `from` to its head, as a forger who wants the links to hold would. */
function rechain(entries: Record<string, unknown>[], from: number): void {
  for (let q = from; q < entries.length; q++) {
    const e = entries[q]!;
    if (q > 0) e['prevHash'] = entries[q - 1]!['hash'];
    e['revision'] = (entries[0]!['revision'] as number) + q;
    if (typeof e['canonical'] === 'string') e['hash'] = chainHash(e['prevHash'] as string, e['canonical']);
  }
}

/** One file of the tamper corpus: its bytes as a verifier reads them, and the trusted key to check it with, if any. */
export const CORPUS_KINDS = [
  'intact',
  ...TAMPER_KINDS,
  'insertion',
  'reordering',
  'truncation',
  'stream',
  'manifest',
  'signature',
  'section',
  're-signing',
  'checkpoint',
  'pdf',
  'unreadable',
  'not-a-bundle',
] as const;
export type CorpusKind = (typeof CORPUS_KINDS)[number];

export interface CorpusCase {
  /** A file name: letters, digits and dashes, ending in .json (or .pdf). */
  readonly name: string;
  readonly kind: CorpusKind;
  readonly label: string;
  readonly data: Buffer;
  readonly trustedKeyPem?: string;
}

export interface CorpusInput {
  readonly audit: Bundle;
  readonly publicRecords: Bundle;
  /** The records office's key (the bundles' signer). */
  readonly signer: BundleSigner;
  readonly intruder: BundleSigner;
  /** The record the audit file was built from (its streams), for the files that carry a record checkpoint. */
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]>;
  /** As the audit file was built: its negotiation, actor and time. */
  readonly audited: { readonly negotiationId: string; readonly actor: Actor; readonly now: string };
}

/**
 * Audit files that carry a record checkpoint (section recordCheckpoint) of `streams`, signed by
 * `signer`: `intact`, built from the record as checkpointed; `truncated`, built after the last three
 * events of `stream` were removed from the record (what a superuser can do unseen by the chain),
 * carrying the same checkpoint. `checkpointOf` signs a checkpoint of other heads.
 */
export async function checkpointedAuditFiles(streams: ReadonlyMap<string, readonly RecordedEvent[]>, stream: string, signer: BundleSigner, audited: CorpusInput['audited']) {
  const checkpointOf = async (record: ReadonlyMap<string, readonly RecordedEvent[]>, by: BundleSigner) => {
    const events = [...record.values()].reduce((n, list) => n + list.length, 0);
    return { file: 'checkpoint-20260202T170000Z.json', checkpoint: await signCheckpoint({ heads: heads(record), position: String(events), events }, by, new Date('2026-02-02T17:00:00.000Z')) };
  };
  const found = await checkpointOf(streams, signer);
  const build = (record: ReadonlyMap<string, readonly RecordedEvent[]>) =>
    buildAuditBundle({ streams: record, ...audited, signer, purpose: 'Tamper corpus', content: { ...defaultContentProvider(), [CHECKPOINT_SECTION]: () => checkpointSection(found, record.keys()) } });
  const truncatedRecord = new Map([...streams.entries()].map(([name, events]) => [name, name === stream ? events.slice(0, -3) : events]));
  return { found, truncatedRecord, intact: await build(streams), truncated: await build(truncatedRecord), checkpointOf };
}

/**
 * The tamper corpus every verifier must give the same verdict on: intact files (with and without
 * the trusted key); each single-event tampering kind of singleEventTamperings at the first, middle
 * and last event of every stream of both bundles; events inserted, appended, moved far and
 * reordered; the tail of a stream truncated; the manifest, its signature, its key, its sections and
 * its streams altered; the file re-signed by another key (with and without the trusted key); a
 * file cut short, the PDF rendering (which carries its bundle attached; intact, and re-signed), a PDF
 * that carries no bundle, and JSON that is not a bundle.
 */
export async function tamperCorpus({ audit, publicRecords, signer, intruder, streams, audited }: CorpusInput): Promise<CorpusCase[]> {
  const cases: CorpusCase[] = [];
  const used = new Set<string>();
  const add = (kind: CorpusKind, label: string, value: unknown, options: { data?: Buffer; extension?: 'json' | 'pdf'; trustedKeyPem?: string } = {}) => {
    let name = label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
    for (let n = 2; used.has(name); n++) name = `${name.replace(/-\d+$/, '')}-${n}`;
    used.add(name);
    cases.push({ name: `${name}.${options.extension ?? 'json'}`, kind, label, data: options.data ?? Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8'), ...(options.trustedKeyPem !== undefined && { trustedKeyPem: options.trustedKeyPem }) });
  };
  const edit = (bundle: Bundle, f: (b: Mutable) => void): Mutable => {
    const copy = clone(bundle) as unknown as Mutable;
    f(copy);
    return copy;
  };

  add('intact', 'audit file intact', audit);
  add('intact', 'audit file intact, trusted key given', audit, { trustedKeyPem: signer.publicKeyPem });
  add('intact', 'public-records export intact', publicRecords);

  for (const [title, bundle] of [['audit', audit], ['public-records', publicRecords]] as const) {
    const all = singleEventTamperings(bundle);
    for (const [stream, entries] of Object.entries(bundle.events)) {
      const picked = new Set([entries[0]!.revision, entries[Math.floor(entries.length / 2)]!.revision, entries.at(-1)!.revision]);
      for (const kind of TAMPER_KINDS) {
        const ofKind = all.filter((t) => t.kind === kind && t.stream === stream && picked.has(t.revisions[0]!));
        // One of the three content-character places per event is enough here: the matrix covers the rest.
        const seen = new Set<number>();
        for (const t of ofKind) {
          if (seen.has(t.revisions[0]!)) continue;
          seen.add(t.revisions[0]!);
          add(t.kind, `${title} ${t.label}`, edit(bundle, t.apply));
        }
      }
    }
  }

  const negotiation = Object.keys(audit.events).find((s) => s.startsWith('negotiation-'))!;
  const length = audit.events[negotiation]!.length;
  const forged = (list: Record<string, unknown>[], at: number) => {
    const model = list[at]!;
    const canonical = (model['canonical'] as string).replace(/"eventId":"[^"]+"/, '"eventId":"00000000-0000-4000-8000-00000000f0f0"');
    return { ...model, eventId: '00000000-0000-4000-8000-00000000f0f0', canonical };
  };
  add('insertion', 'audit event inserted in the middle, chain rewritten after it', edit(audit, (b) => {
    const list = b.events[negotiation]!;
    list.splice(Math.floor(length / 2), 0, forged(list, Math.floor(length / 2)));
    rechain(list, Math.floor(length / 2));
  }));
  add('insertion', 'audit event appended after the head', edit(audit, (b) => {
    const list = b.events[negotiation]!;
    list.push(forged(list, length - 1));
    rechain(list, length);
  }));
  add('reordering', 'audit event moved from the front to the end', edit(audit, (b) => {
    const list = b.events[negotiation]!;
    list.push(list.splice(1, 1)[0]!);
  }));
  add('reordering', 'audit two events three apart swapped', edit(audit, (b) => {
    const list = b.events[negotiation]!;
    [list[4], list[7]] = [list[7]!, list[4]!];
  }));
  add('truncation', 'audit stream truncated: its last three events removed', edit(audit, (b) => b.events[negotiation]!.splice(length - 3, 3)));
  add('truncation', 'audit stream truncated to nothing', edit(audit, (b) => (b.events[negotiation] = [])));
  add('stream', 'audit stream removed', edit(audit, (b) => delete b.events[negotiation]));
  add('stream', 'audit stream added', edit(audit, (b) => (b.events['negotiation-other'] = [])));
  add('manifest', 'audit manifest generatedBy altered', edit(audit, (b) => ((b['manifest'] as { generatedBy: { subject: string } }).generatedBy.subject = 'someone-else@example.org')));
  add('signature', 'audit signature value altered', edit(audit, (b) => {
    const signature = (b['manifest'] as { signature: { value: string } }).signature;
    signature.value = `${signature.value[0] === 'A' ? 'B' : 'A'}${signature.value.slice(1)}`;
  }));
  add('signature', 'audit signature removed', edit(audit, (b) => delete (b['manifest'] as { signature?: unknown }).signature));
  add('signature', 'audit public key swapped, not re-signed', edit(audit, (b) => ((b['manifest'] as { signature: { publicKey: string } }).signature.publicKey = intruder.publicKeyPem)));
  add('section', 'audit section chronology altered', edit(audit, (b) => {
    const chronology = (b['sections'] as Record<string, { entries: { summary: string }[] }>)['chronology']!;
    chronology.entries[0]!.summary = 'Nothing happened';
  }));
  add('section', 'audit section removed', edit(audit, (b) => delete (b['sections'] as Record<string, unknown>)[Object.keys(b['sections'] as object).at(-1)!]));
  add('section', 'audit unsigned section added', edit(audit, (b) => ((b['sections'] as Record<string, unknown>)['note'] = 'all fine')));
  add('manifest', 'audit unsigned top-level field added', edit(audit, (b) => (b['comment'] = 'checked')));

  const rewritten = edit(audit, (b) => {
    const list = b.events[negotiation]!;
    const p = list.findIndex((e) => typeof e['canonical'] === 'string' && (e['canonical'] as string).includes('percent'));
    list[p]!['canonical'] = (list[p]!['canonical'] as string).replace('percent', 'per cent');
    rechain(list, p);
  });
  const resigned = await resign(rewritten as unknown as Bundle, intruder);
  add('re-signing', 'audit event rewritten and re-signed with another key, no trusted key given', resigned);
  add('re-signing', 'audit event rewritten and re-signed with another key, trusted key given', resigned, { trustedKeyPem: signer.publicKeyPem });
  add('re-signing', 'audit intact, checked against another key', audit, { trustedKeyPem: intruder.publicKeyPem });

  // The record checkpoint the file carries: a file cut short after it, a forged tree head, a proof that does not fit, another key.
  const checkpointed = await checkpointedAuditFiles(streams, negotiation, signer, audited);
  const withSection = async (bundle: Bundle, f: (section: Writable<CheckpointSection>) => void) => resign(edit(bundle, (b) => f((b['sections'] as Record<string, Writable<CheckpointSection>>)[CHECKPOINT_SECTION]!)) as unknown as Bundle, signer);
  add('intact', 'audit file carrying a record checkpoint, intact', checkpointed.intact);
  add('checkpoint', 'audit file missing revisions the record checkpoint committed to (stream cut short after it)', checkpointed.truncated);
  add('checkpoint', 'audit file cut short, its checkpoint tree head forged to match (root and proofs replaced, signature kept)', await withSection(checkpointed.truncated, (section) => {
    const forged = heads(checkpointed.truncatedRecord);
    section.treeHead.merkleRoot = merkleRoot(forged);
    for (const head of section.streams) {
      const i = forged.findIndex((h) => h.stream === head.stream);
      Object.assign(head, { ...forged[i]!, index: i, proof: inclusionProof(forged, i) });
    }
  }));
  add('checkpoint', 'audit checkpoint proof altered (one sibling hash of a stream head)', await withSection(checkpointed.intact, (section) => {
    const head = section.streams.find((h) => h.stream === negotiation)!;
    (head.proof as string[])[0] = flipHex(head.proof[0]!);
  }));
  const foreign = await checkpointed.checkpointOf(streams, intruder);
  const foreignSection = await withSection(checkpointed.intact, (section) => {
    const { signature, ...unsigned } = foreign.checkpoint;
    Object.assign(section, { treeHead: treeHeadOf(unsigned), signature });
  });
  add('checkpoint', 'audit checkpoint signed by another key, trusted key given', foreignSection, { trustedKeyPem: signer.publicKeyPem });

  const text = `${JSON.stringify(audit, null, 2)}\n`;
  add('unreadable', 'audit file cut short', null, { data: Buffer.from(text.slice(0, Math.floor(text.length / 2)), 'utf8') });
  add('unreadable', 'a PDF that carries no bundle', null, { extension: 'pdf', data: Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1') });
  add('pdf', 'the audit file PDF (its attached bundle intact)', null, { extension: 'pdf', data: await renderBundlePdf(audit, { timeZone: 'America/Los_Angeles' }) });
  add('pdf', 'the PDF of a re-signed audit file, trusted key given', null, { extension: 'pdf', data: await renderBundlePdf(resigned, { timeZone: 'America/Los_Angeles' }), trustedKeyPem: signer.publicKeyPem });
  add('not-a-bundle', 'JSON that is not a bundle', [1, 2, 3]);
  add('not-a-bundle', 'a bundle of another format', { format: 'something/2' });
  return cases;
}
