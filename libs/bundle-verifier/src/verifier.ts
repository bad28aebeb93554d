import { type CheckpointProblemKind, verifyCheckpointSection } from './checkpoint.js';
import { storedSectionDigest } from './reading.js';
import { type Sha256, type Sha256Sync, ed25519VerificationKey, linkInput, sectionDigest, sha256, signedManifestBytes, verifyEd25519 } from './web-crypto.js';

/** The bundle format this verifier reads (libs/records writes it). */
export const BUNDLE_FORMAT = 'lrr-bundle/1';

/*
 * Offline verification of a bundle: no database, no configuration, only the file (and, to pin the
 * signer, the publisher's public key). Isomorphic: WebCrypto and RFC 8785 only, so the CLI (Node)
 * and the web app (a browser) run this same code and name the same first broken event. What is checked:
 *   1. the Ed25519 signature over the canonical manifest, the key id against the embedded key and,
 *      when trusted keys are given, that the signing key is one of them;
 *   2. each section against the hash the manifest records (and no unsigned section);
 *   3. each stream's events against the manifest's signed index, which names every event by revision,
 *      hash and (when disclosed) id: a modified, removed, inserted, duplicated or reordered event is
 *      named by stream, revision and event id; a disclosed event's content must hash, with its prevHash,
 *      to the signed hash; a withheld event's hash is checked as a link only;
 *   4. each stream's chain as it stands in the file (revision sequence, prevHash links, recomputed
 *      hashes), its event count and its head hash against the manifest, as a safety net;
 *   5. the record checkpoint the file carries, if any (checkpoint.ts): its signed tree head, each
 *      stream head's inclusion proof, and that the file holds every event the checkpoint committed to.
 */

export type ProblemKind =
  | 'malformed'
  | 'signature-invalid'
  | 'key-id-mismatch'
  | 'key-untrusted'
  | 'section-modified'
  | 'section-missing'
  | 'section-unsigned'
  | 'stream-missing'
  | 'stream-unsigned'
  | 'manifest-inconsistent'
  | 'event-modified'
  | 'event-hash-altered'
  | 'event-link-altered'
  | 'event-revision-altered'
  | 'event-id-altered'
  | 'event-removed'
  | 'event-inserted'
  | 'event-duplicated'
  | 'event-reordered'
  | 'withheld-content-present'
  | 'disclosed-content-missing'
  | 'chain-broken'
  | 'count-mismatch'
  | 'head-mismatch'
  | CheckpointProblemKind;

export interface VerificationProblem {
  readonly kind: ProblemKind;
  readonly message: string;
  readonly stream?: string;
  readonly revision?: number;
  readonly eventId?: string;
  readonly section?: string;
}

export interface StreamVerdict {
  readonly stream: string;
  /** As the manifest records them. */
  readonly events: number;
  readonly withheld: number;
  readonly headHash: string;
  /** Entries found in the file. */
  readonly found: number;
  /** The chain as it stands in the file, independent of the manifest. */
  readonly chain: { readonly intact: true } | { readonly intact: false; readonly revision: number | null; readonly detail: string };
  readonly intact: boolean;
}

export interface VerificationReport {
  readonly intact: boolean;
  readonly format: string | null;
  /** As the manifest claims them (trust them only when the signature is valid and trusted). */
  readonly bundleId: string | null;
  readonly kind: string | null;
  readonly negotiationId: string | null;
  readonly generatedAt: string | null;
  readonly generatedBy: { readonly subject: string; readonly role: string } | null;
  readonly signature: {
    readonly algorithm: string | null;
    /** The key id the manifest claims. */
    readonly keyId: string | null;
    /** sha256 fingerprint of the embedded public key, computed here. */
    readonly fingerprint: string | null;
    readonly valid: boolean;
    /** null: no trusted keys were given, so only the fingerprint can be reported. */
    readonly trusted: boolean | null;
  };
  readonly streams: readonly StreamVerdict[];
  readonly sections: readonly { readonly name: string; readonly intact: boolean }[];
  /** The record checkpoint the file carries (null: none): which, and how many of its stream heads the file holds. */
  readonly checkpoint: { readonly file: string | null; readonly at: string | null; readonly heads: number; readonly proven: number; readonly intact: boolean } | null;
  readonly problems: readonly VerificationProblem[];
}

export interface VerifyOptions {
  /** Public keys (SPKI PEM, or a PKCS#8 private PEM whose public half is taken) the signer must be one of. */
  readonly trustedKeys?: readonly string[];
  /** A synchronous SHA-256 (node:crypto's), faster than WebCrypto's one promise per event; the report is the same. */
  readonly sha256?: Sha256Sync;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isHash = (v: unknown): v is string => isStr(v) && /^[0-9a-f]{64}$/.test(v);
const short = (hash: string) => `${hash.slice(0, 12)}…`;
const at = (stream: string, revision: number, eventId?: string) => `${stream} revision ${revision}${eventId ? ` (event ${eventId})` : ''}`;

interface Slot {
  readonly revision: number;
  readonly hash: string;
  readonly eventId: string | null;
  readonly withheld: boolean;
}

interface ManifestStreamView {
  readonly stream: string;
  readonly events: number;
  readonly withheld: number;
  readonly firstRevision: number;
  readonly anchorHash: string;
  readonly headHash: string;
  readonly index: readonly Slot[];
}

interface Entry {
  readonly position: number;
  readonly revision: number | null;
  readonly prevHash: string | null;
  readonly hash: string | null;
  readonly withheld: boolean;
  readonly canonical: string | null;
  readonly fieldEventId: string | null;
  /** The event id the content names (set once the entry's link is hashed). */
  canonicalEventId: string | null;
}

const TOP_LEVEL_KEYS = ['format', 'manifest', 'sections', 'events'];
const DISCLOSED_KEYS = ['revision', 'eventId', 'prevHash', 'hash', 'canonical'];
const WITHHELD_KEYS = ['revision', 'prevHash', 'hash', 'withheld'];

/** Verifies a parsed bundle file. Rejects only for unusable trusted keys (a caller's mistake: BundleKeyInvalid). */
export async function verifyBundle(bundle: unknown, options: VerifyOptions = {}): Promise<VerificationReport> {
  const trusted = options.trustedKeys && (await Promise.all(options.trustedKeys.map(async (key, i) => (await ed25519VerificationKey(key, `trusted key ${i + 1}`)).fingerprint)));
  const problems: VerificationProblem[] = [];
  const problem = (p: VerificationProblem) => problems.push(p);
  const hash = sha256(options.sha256);

  const empty = (message: string): VerificationReport => ({
    intact: false,
    format: null,
    bundleId: null,
    kind: null,
    negotiationId: null,
    generatedAt: null,
    generatedBy: null,
    signature: { algorithm: null, keyId: null, fingerprint: null, valid: false, trusted: trusted ? false : null },
    streams: [],
    sections: [],
    checkpoint: null,
    problems: [{ kind: 'malformed', message }],
  });
  if (!isObj(bundle)) return empty('not a bundle: the file is not a JSON object');
  if (bundle['format'] !== BUNDLE_FORMAT) return empty(`not a bundle of format ${BUNDLE_FORMAT} (format: ${JSON.stringify(bundle['format'] ?? null)})`);
  const manifest = bundle['manifest'];
  if (!isObj(manifest)) return empty('the bundle has no manifest');
  for (const key of Object.keys(bundle)) if (!TOP_LEVEL_KEYS.includes(key)) problem({ kind: 'malformed', message: `unsigned content at the top level of the file: "${key}"` });
  if (manifest['format'] !== BUNDLE_FORMAT) problem({ kind: 'malformed', message: `the manifest's format is ${JSON.stringify(manifest['format'] ?? null)}, not ${BUNDLE_FORMAT}` });

  // 1. Signature.
  const signature = isObj(manifest['signature']) ? manifest['signature'] : null;
  let fingerprint: string | null = null;
  let valid = false;
  let isTrusted: boolean | null = trusted ? false : null;
  if (signature === null) {
    problem({ kind: 'signature-invalid', message: 'the manifest is not signed' });
  } else {
    try {
      const { key, fingerprint: embedded } = await ed25519VerificationKey(isStr(signature['publicKey']) ? signature['publicKey'] : '', "the manifest's public key");
      fingerprint = embedded;
      if (signature['algorithm'] !== 'Ed25519') problem({ kind: 'signature-invalid', message: `signature algorithm ${JSON.stringify(signature['algorithm'])} is not Ed25519` });
      else if (!isStr(signature['value'])) problem({ kind: 'signature-invalid', message: 'the signature has no value' });
      else {
        let bytes: Uint8Array | null = null;
        try {
          bytes = signedManifestBytes(manifest);
        } catch {
          bytes = null;
        }
        valid = bytes !== null && (await verifyEd25519(key, bytes, signature['value']));
        if (!valid) problem({ kind: 'signature-invalid', message: `the signature does not verify: the manifest was altered after signing, or was not signed by key ${fingerprint}` });
      }
      if (signature['keyId'] !== fingerprint) problem({ kind: 'key-id-mismatch', message: `the manifest names key ${String(signature['keyId'])} but embeds key ${fingerprint}` });
      if (trusted) {
        isTrusted = trusted.includes(fingerprint);
        if (!isTrusted) problem({ kind: 'key-untrusted', message: `signed by key ${fingerprint}, which is not among the trusted keys (${trusted.join(', ')}): the bundle was re-signed by someone else` });
      }
    } catch (error) {
      problem({ kind: 'signature-invalid', message: error instanceof Error ? error.message : String(error) });
    }
  }

  // 2. Sections.
  const manifestSections = isObj(manifest['sections']) ? manifest['sections'] : null;
  const sections = isObj(bundle['sections']) ? bundle['sections'] : {};
  const sectionVerdicts: { name: string; intact: boolean }[] = [];
  if (manifestSections === null) problem({ kind: 'malformed', message: 'the manifest lists no section hashes' });
  else {
    for (const [name, expected] of Object.entries(manifestSections)) {
      if (!Object.hasOwn(sections, name)) {
        problem({ kind: 'section-missing', section: name, message: `section ${name} is listed in the manifest but missing from the file` });
        sectionVerdicts.push({ name, intact: false });
        continue;
      }
      let actual: string | null = null;
      try {
        // A large section read as stored (readBundleFile) was hashed as its bytes: the same digest when they are its canonical JSON.
        actual = storedSectionDigest(sections, name) ?? (await sectionDigest(sections[name], hash));
      } catch {
        actual = null;
      }
      const ok = actual === expected;
      if (!ok) problem({ kind: 'section-modified', section: name, message: `section ${name} was modified: it hashes to ${actual ?? '(unhashable)'}, the manifest records ${String(expected)}` });
      sectionVerdicts.push({ name, intact: ok });
    }
    for (const name of Object.keys(sections)) {
      if (!Object.hasOwn(manifestSections, name)) problem({ kind: 'section-unsigned', section: name, message: `section ${name} is in the file but not in the signed manifest` });
    }
  }

  // 3–4. Streams.
  const events = isObj(bundle['events']) ? bundle['events'] : {};
  if (!isObj(bundle['events'])) problem({ kind: 'malformed', message: 'the bundle has no events' });
  const streamVerdicts: StreamVerdict[] = [];
  const views: ManifestStreamView[] = [];
  const listed = new Set<string>();
  const manifestStreams = Array.isArray(manifest['streams']) ? manifest['streams'] : null;
  if (manifestStreams === null) problem({ kind: 'malformed', message: 'the manifest lists no streams' });
  for (const raw of manifestStreams ?? []) {
    const view = manifestStream(raw, problem);
    if (view === null) continue;
    views.push(view);
    listed.add(view.stream);
    const before = problems.length;
    const entries = events[view.stream];
    if (!Array.isArray(entries)) {
      problem({ kind: 'stream-missing', stream: view.stream, message: `stream ${view.stream} (${view.events} events in the manifest) is missing from the file` });
      streamVerdicts.push({ stream: view.stream, events: view.events, withheld: view.withheld, headHash: view.headHash, found: 0, chain: { intact: false, revision: null, detail: 'missing' }, intact: false });
      continue;
    }
    const chain = await diagnoseStream(view, entries, problem, hash);
    streamVerdicts.push({ stream: view.stream, events: view.events, withheld: view.withheld, headHash: view.headHash, found: entries.length, chain, intact: problems.length === before });
  }
  for (const stream of Object.keys(events)) {
    if (!listed.has(stream)) problem({ kind: 'stream-unsigned', stream, message: `stream ${stream} is in the file but not in the signed manifest` });
  }

  // 5. The record checkpoint, against the manifest's streams.
  const checkpoint = await verifyCheckpointSection(
    { manifest: { streams: views.map((v) => ({ stream: v.stream, lastRevision: v.firstRevision + v.index.length - 1, index: v.index })) }, sections },
    { ...(trusted && { trustedFingerprints: trusted }), hash },
  );
  for (const p of checkpoint.problems) problem({ kind: p.kind, message: p.message, section: p.section, ...(p.stream !== undefined && { stream: p.stream }) });

  const generatedBy = isObj(manifest['generatedBy']) && isStr(manifest['generatedBy']['subject']) && isStr(manifest['generatedBy']['role'])
    ? { subject: manifest['generatedBy']['subject'], role: manifest['generatedBy']['role'] }
    : null;
  return {
    intact: problems.length === 0,
    format: BUNDLE_FORMAT,
    bundleId: isStr(manifest['bundleId']) ? manifest['bundleId'] : null,
    kind: isStr(manifest['kind']) ? manifest['kind'] : null,
    negotiationId: isStr(manifest['negotiationId']) ? manifest['negotiationId'] : null,
    generatedAt: isStr(manifest['generatedAt']) ? manifest['generatedAt'] : null,
    generatedBy,
    signature: { algorithm: signature && isStr(signature['algorithm']) ? signature['algorithm'] : null, keyId: signature && isStr(signature['keyId']) ? signature['keyId'] : null, fingerprint, valid, trusted: isTrusted },
    streams: streamVerdicts,
    sections: sectionVerdicts,
    checkpoint: checkpoint.present ? { file: checkpoint.file, at: checkpoint.at, heads: checkpoint.heads, proven: checkpoint.proven, intact: checkpoint.problems.length === 0 } : null,
    problems,
  };
}

function manifestStream(raw: unknown, problem: (p: VerificationProblem) => void): ManifestStreamView | null {
  if (!isObj(raw) || !isStr(raw['stream']) || !Array.isArray(raw['index']) || !isHash(raw['anchorHash']) || !isHash(raw['headHash']) || !isInt(raw['events']) || !isInt(raw['firstRevision'])) {
    problem({ kind: 'malformed', message: `a manifest stream entry is malformed: ${JSON.stringify(raw).slice(0, 120)}` });
    return null;
  }
  const stream = raw['stream'];
  const index: Slot[] = [];
  for (const slot of raw['index'] as unknown[]) {
    if (!isObj(slot) || !isInt(slot['revision']) || !isHash(slot['hash']) || (slot['eventId'] !== undefined && !isStr(slot['eventId']))) {
      problem({ kind: 'malformed', stream, message: `the manifest index of ${stream} has a malformed entry` });
      return null;
    }
    index.push({ revision: slot['revision'], hash: slot['hash'], eventId: isStr(slot['eventId']) ? slot['eventId'] : null, withheld: slot['withheld'] === true });
  }
  const view: ManifestStreamView = {
    stream,
    events: raw['events'],
    withheld: isInt(raw['withheld']) ? raw['withheld'] : index.filter((s) => s.withheld).length,
    firstRevision: raw['firstRevision'],
    anchorHash: raw['anchorHash'],
    headHash: raw['headHash'],
    index,
  };
  const contiguous = index.every((slot, i) => slot.revision === view.firstRevision + i);
  if (!contiguous || index.length !== view.events || (index.length > 0 && index.at(-1)!.hash !== view.headHash) || raw['lastRevision'] !== view.firstRevision + index.length - 1) {
    problem({ kind: 'manifest-inconsistent', stream, message: `the manifest's entry for ${stream} contradicts itself (index, count, revisions or head hash)` });
  }
  return view;
}

function parseEntry(raw: unknown, position: number, stream: string, problem: (p: VerificationProblem) => void): Entry {
  const r = isObj(raw) ? raw : {};
  const withheld = r['withheld'] === true;
  const canonical = isStr(r['canonical']) ? r['canonical'] : null;
  const entry: Entry = {
    position,
    revision: isInt(r['revision']) ? r['revision'] : null,
    prevHash: isStr(r['prevHash']) ? r['prevHash'] : null,
    hash: isStr(r['hash']) ? r['hash'] : null,
    withheld,
    canonical,
    fieldEventId: isStr(r['eventId']) ? r['eventId'] : null,
    canonicalEventId: null,
  };
  const allowed = withheld ? WITHHELD_KEYS : DISCLOSED_KEYS;
  const extra = Object.keys(r).filter((k) => !allowed.includes(k));
  const missing = allowed.filter((k) => !Object.hasOwn(r, k));
  if (!isObj(raw) || extra.length > 0 || missing.length > 0) {
    const where = entry.revision !== null ? at(stream, entry.revision, entry.fieldEventId ?? undefined) : `${stream} entry ${position}`;
    problem({
      kind: 'malformed',
      stream,
      ...(entry.revision !== null && { revision: entry.revision }),
      message: `${where}: ${!isObj(raw) ? 'not an object' : [extra.length > 0 ? `unsigned field(s) ${extra.join(', ')}` : '', missing.length > 0 ? `missing field(s) ${missing.join(', ')}` : ''].filter(Boolean).join('; ')}`,
    });
  }
  return entry;
}

/**
 * Whether an event's canonical text holds `"eventId":"<id>"`. Its keys are sorted, so the event's own
 * id is near the end (after its data): looked for there first.
 */
function namesEventId(canonical: string, id: string): boolean {
  const text = `"eventId":${JSON.stringify(id)}`;
  return canonical.indexOf(text, canonical.length - 512) >= 0 || canonical.includes(text);
}

/** The event id an event's canonical text names, if it is a JSON object that names one. */
function eventIdOf(canonical: string): string | null {
  try {
    const parsed = JSON.parse(canonical) as unknown;
    return isObj(parsed) && isStr(parsed['eventId']) ? parsed['eventId'] : null;
  } catch {
    return null;
  }
}

/** Positions (into `seq`) of one longest strictly increasing subsequence. */
function longestIncreasing(seq: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev: number[] = new Array(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seq[tails[mid]!]! < seq[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]!) keep.add(i);
  return keep;
}

/** Aligns the file's entries with the signed index and names every difference; returns the file chain's own verdict. */
async function diagnoseStream(view: ManifestStreamView, rawEntries: readonly unknown[], problem: (p: VerificationProblem) => void, hash: Sha256): Promise<StreamVerdict['chain']> {
  const { stream, index } = view;
  // Findings are collected, then reported in revision order.
  const findings: VerificationProblem[] = [];
  const report = (p: VerificationProblem) => findings.push(p);
  const entries = rawEntries.map((raw, i) => parseEntry(raw, i, stream, report));
  const slotOfId = new Map<string, number>();
  const slotOfHash = new Map<string, number>();
  // Each entry's link as the file gives it (its prevHash and content), hashed all at once: the one
  // digest per event that an intact file needs.
  const linked = entries.flatMap((e, p) => (e.canonical !== null && e.prevHash !== null ? [p] : []));
  const digests = await hash.hexAll(linked.map((p) => linkInput(entries[p]!.prevHash!, entries[p]!.canonical!)));
  const own: (string | null)[] = entries.map(() => null);
  linked.forEach((p, k) => (own[p] = digests[k]!));
  index.forEach((slot, i) => {
    if (slot.eventId !== null) slotOfId.set(slot.eventId, i);
    slotOfHash.set(slot.hash, i);
  });
  for (const [p, e] of entries.entries()) {
    if (e.canonical === null) continue;
    // Content that hashes to a signed event and names its id is that event: no need to parse it.
    const digest = own[p];
    const signed = digest !== null && digest !== undefined ? slotOfHash.get(digest) : undefined;
    const id = signed !== undefined ? index[signed]!.eventId : null;
    e.canonicalEventId = id !== null && namesEventId(e.canonical, id) ? id : eventIdOf(e.canonical);
  }
  const assigned: (number | null)[] = entries.map(() => null);
  const taken = new Map<number, number>();
  const duplicate = new Set<number>();

  // Strong identity first: the event id the content names, the id field, or the hash.
  entries.forEach((e, p) => {
    const slot = (e.canonicalEventId !== null ? slotOfId.get(e.canonicalEventId) : undefined) ?? (e.fieldEventId !== null ? slotOfId.get(e.fieldEventId) : undefined) ?? (e.hash !== null ? slotOfHash.get(e.hash) : undefined);
    if (slot === undefined) return;
    if (taken.has(slot)) {
      duplicate.add(p);
      const s = index[slot]!;
      report({ kind: 'event-duplicated', stream, revision: s.revision, ...(s.eventId && { eventId: s.eventId }), message: `${at(stream, s.revision, s.eventId ?? undefined)} appears more than once (again at position ${p})` });
      return;
    }
    assigned[p] = slot;
    taken.set(slot, p);
  });
  // Then by revision, for entries whose identity was altered beyond recognition.
  entries.forEach((e, p) => {
    if (assigned[p] !== null || duplicate.has(p) || e.revision === null) return;
    const slot = e.revision - view.firstRevision;
    if (slot >= 0 && slot < index.length && !taken.has(slot)) {
      assigned[p] = slot;
      taken.set(slot, p);
    }
  });

  index.forEach((slot, i) => {
    if (!taken.has(i)) {
      report({ kind: 'event-removed', stream, revision: slot.revision, ...(slot.eventId && { eventId: slot.eventId }), message: `${at(stream, slot.revision, slot.eventId ?? undefined)}${slot.withheld ? ' (withheld)' : ''} was removed: the signed manifest lists it, the file does not hold it` });
    }
  });
  entries.forEach((e, p) => {
    if (assigned[p] === null && !duplicate.has(p)) {
      report({ kind: 'event-inserted', stream, ...(e.revision !== null && { revision: e.revision }), ...((e.canonicalEventId ?? e.fieldEventId) && { eventId: (e.canonicalEventId ?? e.fieldEventId)! }), message: `${stream} entry ${p}${e.revision !== null ? ` (revision ${e.revision})` : ''} is not in the signed manifest: inserted or forged` });
    }
  });

  // Order: entries outside one longest run in manifest order were moved.
  const order = entries.map((_, p) => p).filter((p) => assigned[p] !== null);
  const keep = longestIncreasing(order.map((p) => assigned[p]!));
  const moved = new Set(order.filter((_, k) => !keep.has(k)));
  for (const k of order.keys()) {
    const p = order[k]!;
    if (!moved.has(p)) continue;
    const slot = index[assigned[p]!]!;
    const before = k > 0 ? index[assigned[order[k - 1]!]!]! : null;
    report({
      kind: 'event-reordered',
      stream,
      revision: slot.revision,
      ...(slot.eventId && { eventId: slot.eventId }),
      message: `${at(stream, slot.revision, slot.eventId ?? undefined)} is out of order: it was moved to position ${p}${before ? `, after revision ${before.revision}` : ', to the front'}`,
    });
  }

  // Each matched entry against its signed slot.
  for (const [p, e] of entries.entries()) {
    const i = assigned[p];
    if (i === null || i === undefined) continue;
    const slot = index[i]!;
    const expectedPrev = i === 0 ? view.anchorHash : index[i - 1]!.hash;
    const where = () => at(stream, slot.revision, slot.eventId ?? undefined);
    const base = () => ({ stream, revision: slot.revision, ...(slot.eventId && { eventId: slot.eventId }) });
    const positional = view.firstRevision + p;
    if (e.revision !== slot.revision && !(moved.size > 0 && e.revision === positional)) {
      report({ kind: 'event-revision-altered', ...base(), message: `${where()}: its revision field says ${String(e.revision)}` });
    }
    if (slot.withheld !== e.withheld) {
      report(
        slot.withheld
          ? { kind: 'withheld-content-present', ...base(), message: `${where()} is withheld in the signed manifest, but the file carries content for it` }
          : { kind: 'disclosed-content-missing', ...base(), message: `${where()}: its content was removed from the file (the signed manifest discloses it)` },
      );
    }
    if (e.withheld || slot.withheld || e.canonical === null || e.prevHash === null) {
      if (e.hash !== slot.hash) report({ kind: 'event-hash-altered', ...base(), message: `${where()}: its hash field (${e.hash ? short(e.hash) : 'missing'}) differs from the signed ${short(slot.hash)}` });
      if (e.prevHash !== expectedPrev) report({ kind: 'event-link-altered', ...base(), message: `${where()}: its prevHash (${e.prevHash ? short(e.prevHash) : 'missing'}) is not the previous event's hash ${short(expectedPrev)}` });
      continue;
    }
    if (own[p] === slot.hash) {
      if (e.hash !== slot.hash) report({ kind: 'event-hash-altered', ...base(), message: `${where()}: its hash field was altered (${e.hash ? short(e.hash) : 'missing'}; the content hashes to the signed ${short(slot.hash)})` });
      if (e.fieldEventId !== slot.eventId) report({ kind: 'event-id-altered', ...base(), message: `${where()}: its eventId field says ${String(e.fieldEventId)}` });
      continue;
    }
    if ((await hash.hexAll([linkInput(expectedPrev, e.canonical)]))[0] === slot.hash) {
      report({ kind: 'event-link-altered', ...base(), message: `${where()}: its prevHash field was altered (${short(e.prevHash)}; the previous event's hash is ${short(expectedPrev)})` });
      if (e.hash !== slot.hash) report({ kind: 'event-hash-altered', ...base(), message: `${where()}: its hash field was altered as well` });
      if (e.fieldEventId !== slot.eventId) report({ kind: 'event-id-altered', ...base(), message: `${where()}: its eventId field says ${String(e.fieldEventId)}` });
      continue;
    }
    const recomputed = own[p]!;
    report({
      kind: 'event-modified',
      ...base(),
      message: `${where()} was modified: its content hashes to ${short(recomputed)}, the signed manifest records ${short(slot.hash)}${e.hash === recomputed ? ' (its hash field was rewritten to match)' : ''}`,
    });
  }

  // The file's own chain, independent of the manifest: the safety net.
  let chain: StreamVerdict['chain'] = { intact: true };
  let prev = view.anchorHash;
  for (const [p, e] of entries.entries()) {
    const expected = view.firstRevision + p;
    const problemAt =
      e.revision !== expected
        ? `expected revision ${expected}, found ${String(e.revision)}`
        : e.prevHash !== prev
          ? "prevHash does not match the previous event's hash"
          : e.hash === null
            ? 'no hash'
            : !e.withheld && (e.canonical === null || own[p] !== e.hash)
              ? 'content does not hash to its hash'
              : null;
    if (problemAt !== null) {
      chain = { intact: false, revision: e.revision ?? expected, detail: problemAt };
      break;
    }
    prev = e.hash!;
  }
  const ordered = findings.map((p, i) => [p, i] as const).sort(([a, i], [b, j]) => (a.revision ?? Number.MAX_SAFE_INTEGER) - (b.revision ?? Number.MAX_SAFE_INTEGER) || i - j);
  for (const [p] of ordered) problem(p);
  if (findings.length === 0) {
    if (!chain.intact) problem({ kind: 'chain-broken', stream, ...(chain.revision !== null && { revision: chain.revision }), message: `${stream}: the chain breaks at revision ${String(chain.revision)}: ${chain.detail}` });
    else if (entries.length !== view.events) problem({ kind: 'count-mismatch', stream, message: `${stream}: ${entries.length} events in the file, ${view.events} in the signed manifest` });
    else if ((entries.at(-1)?.hash ?? view.anchorHash) !== view.headHash) problem({ kind: 'head-mismatch', stream, message: `${stream}: the head hash differs from the signed ${short(view.headHash)}` });
  }
  return chain;
}

/** A readable multi-line report for people (the CLI prints it). */
export function formatVerificationReport(report: VerificationReport, source?: string): string {
  const lines: string[] = [];
  lines.push(`Bundle     ${report.bundleId ?? '(unknown)'}${source ? `  [${source}]` : ''}`);
  lines.push(`Format     ${report.format ?? '(not a bundle)'}${report.kind ? `, ${report.kind}` : ''}`);
  if (report.negotiationId) lines.push(`Negotiation ${report.negotiationId}`);
  if (report.generatedAt) lines.push(`Generated  ${report.generatedAt}${report.generatedBy ? ` by ${report.generatedBy.subject} (${report.generatedBy.role})` : ''}`);
  const s = report.signature;
  const trust = s.trusted === null ? 'no trusted key given: compare this fingerprint with the one the records office publishes' : s.trusted ? 'signed by a trusted key' : 'NOT signed by a trusted key';
  lines.push(`Signature  ${s.algorithm ?? '-'} ${s.valid ? 'valid' : 'INVALID'}; key ${s.fingerprint ?? '(unreadable)'}`);
  lines.push(`           ${trust}`);
  if (report.streams.length > 0) {
    lines.push('Streams');
    const width = Math.max(...report.streams.map((v) => v.stream.length));
    for (const v of report.streams) {
      const chain = v.chain.intact ? 'chain intact' : `chain broken at revision ${String(v.chain.revision)}`;
      lines.push(`  ${v.stream.padEnd(width)}  ${String(v.events).padStart(4)} events (${v.withheld} withheld, ${v.found} in file)  head ${v.headHash.slice(0, 16)}…  ${chain}  ${v.intact ? 'ok' : 'NOT INTACT'}`);
    }
  }
  if (report.sections.length > 0) {
    const bad = report.sections.filter((x) => !x.intact).map((x) => x.name);
    lines.push(`Sections   ${report.sections.length - bad.length} of ${report.sections.length} match the manifest${bad.length > 0 ? `; modified or missing: ${bad.join(', ')}` : ''}`);
  }
  const c = report.checkpoint;
  if (c) lines.push(`Checkpoint ${c.file ?? '(unreadable)'} of ${c.at ?? '(unknown)'}: ${c.proven} of ${c.heads} stream head(s) proven and held by the file${c.intact ? '' : '; NOT INTACT against the checkpoint'}`);
  if (report.problems.length > 0) {
    lines.push(`Problems (${report.problems.length})`);
    for (const p of report.problems) lines.push(`  - [${p.kind}] ${p.message}`);
  }
  lines.push(report.intact ? 'Result     INTACT' : 'Result     NOT INTACT');
  return `${lines.join('\n')}\n`;
}
