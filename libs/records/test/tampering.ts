import { chainHash } from '#event-store';
import { type Bundle, type BundleEventEntry, type ProblemKind, type VerificationReport, isWithheldEntry, verifyBundle } from '#records';

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
