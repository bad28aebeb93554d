import { GENESIS_HASH, type EventEnvelope, type RecordedEvent, chainHash, verifyChain } from '#event-store';
import { accessDecision } from '#access';
import { canRead } from '#auth';
import { negotiationStream } from '#bargaining';
import { type Actor, CLASSIFICATIONS, type Classification, type ClassificationMark, businessInstant, businessTimeText } from '#kernel';
import { defaultContentProvider } from '../content/default-provider.js';
import { authorOf, describeWithoutContent } from '../content/describe.js';
import type { BundleContentInput, BundleContentProvider } from '../content/provider.js';
import type { PrivilegeLogEntry, WithheldLogSection } from '../content/sections.js';
import { type StoredSection, canonicalJson, manifestSigningBytes, sha256Hex, storedSection, storedSections } from './canonical.js';
import {
  BUNDLE_FORMAT,
  type Bundle,
  type BundleEventEntry,
  type BundleKind,
  type BundleManifest,
  type DisclosureRule,
  type JsonValue,
  type ManifestIndexEntry,
  type ManifestStream,
  SECTION_NAMES,
  type SectionName,
  type UnsignedManifest,
} from './format.js';
import { BundleExportFailed, BundleSourceInvalid, SectionFailed, WithheldContentInSection } from './errors.js';
import type { BundleSigner } from './signing.js';

/**
 * The classification of an event in effect at an instant. Classification can change over time (a
 * factfinding report becomes public when published): the record keeps each event's mark as recorded,
 * and the negotiation's classification book (#access) answers this. Default: the mark recorded with the event.
 */
export type EffectiveClassification = (event: RecordedEvent, asOf: string) => ClassificationMark;

export const recordedClassification: EffectiveClassification = (event) => event.classification;

export interface BuildBundleInput {
  /** Every event of each included stream, in revision order (normally from revision 0). */
  readonly streams: ReadonlyMap<string, readonly RecordedEvent[]> | Readonly<Record<string, readonly RecordedEvent[]>>;
  readonly negotiationId: string;
  /** Who generates the bundle (from the token, or the CLI operator). */
  readonly actor: Actor;
  /** The generation instant (ISO). Clocks and effective classifications are taken as of it. */
  readonly now: string;
  readonly signer: BundleSigner;
  /** Default: defaultContentProvider(). Compose overrides over it by section name. */
  readonly content?: BundleContentProvider;
  readonly classificationOf?: EffectiveClassification;
  /**
   * Audit files: why the generating reader reads (X-Access-Purpose, the CLI's --purpose). The read
   * policy's rule applies: privileged records are disclosed only for a stated purpose. Default null.
   */
  readonly purpose?: string | null;
  /** Default: derived from negotiation, kind, time and the streams' heads. */
  readonly bundleId?: string;
}

/**
 * The audit-ready file: every event of the streams that the generating reader may read by the read
 * policy (#access): the levels its role's clearance covers, privileged ones only for a stated
 * purpose (all of them for a records officer or legal counsel who gives one); anything else is
 * withheld as a chain link and listed in the withheld log.
 */
export function buildAuditBundle(input: BuildBundleInput): Promise<Bundle> {
  const purpose = input.purpose ?? null;
  const granted = CLASSIFICATIONS.filter((level) => accessDecision({ cleared: canRead(input.actor.role, level), level, purpose }).outcome === 'granted');
  return buildBundle(input, 'audit', { rule: 'reader-clearance', role: input.actor.role, classifications: granted, purpose });
}

/**
 * The public-records export of the same negotiation: only events whose classification in effect at
 * `now` is public. Withheld events keep their chain link (revision, prevHash, hash) so a verifier can
 * still check the links between disclosed events and see where something was withheld; the withheld
 * log lists each by date, type, classification and basis, with a description that reveals no content.
 */
export function buildPublicRecordsBundle(input: BuildBundleInput): Promise<Bundle> {
  return buildBundle(input, 'public-records', { rule: 'public-only', role: null, classifications: ['public'], purpose: null });
}

/** Sections the builder asks providers for, by kind. A public-records export replaces the privilege log by the withheld log and has no access log. */
const PROVIDED_SECTIONS: Readonly<Record<BundleKind, readonly SectionName[]>> = {
  audit: SECTION_NAMES.filter((name) => name !== 'withheldLog'),
  'public-records': SECTION_NAMES.filter((name) => name !== 'withheldLog' && name !== 'privilegeLog' && name !== 'accessLog'),
};

async function buildBundle(input: BuildBundleInput, kind: BundleKind, rule: Omit<DisclosureRule, 'classificationsAsOf'>): Promise<Bundle> {
  if (Number.isNaN(Date.parse(input.now)) || !/^\d{4}-\d{2}-\d{2}T/.test(input.now)) throw new Error(`now must be an ISO instant, got ${JSON.stringify(input.now)}`);
  const classificationOf = input.classificationOf ?? recordedClassification;
  const streams = orderedStreams(input.streams, input.negotiationId);
  const disclosure: DisclosureRule = { ...rule, classificationsAsOf: input.now };

  const entries: Record<string, BundleEventEntry[]> = {};
  const manifestStreams: ManifestStream[] = [];
  const disclosedByStream = new Map<string, RecordedEvent[]>();
  const withheld: { event: RecordedEvent; mark: ClassificationMark }[] = [];
  const reclassified: WithheldLogSection['disclosedAfterReclassification'][number][] = [];
  const marks = new Map<RecordedEvent, ClassificationMark>();

  for (const [stream, given] of streams) {
    const events = given.map((event) => asHashed(stream, event));
    assertSoundChain(stream, events);
    const list: BundleEventEntry[] = [];
    const index: ManifestIndexEntry[] = [];
    const disclosed: RecordedEvent[] = [];
    for (const event of events) {
      const mark = classificationOf(event, input.now);
      marks.set(event, mark);
      if (disclosure.classifications.includes(mark.level)) {
        list.push({ revision: event.revision, eventId: event.eventId, prevHash: event.prevHash, hash: event.hash, canonical: event.canonical });
        index.push({ revision: event.revision, hash: event.hash, eventId: event.eventId });
        disclosed.push(event);
        if (mark.level !== event.classification.level) {
          reclassified.push({ stream, revision: event.revision, eventId: event.eventId, recorded: event.classification.level, effective: mark.level, basis: mark.basis });
        }
      } else {
        list.push({ revision: event.revision, prevHash: event.prevHash, hash: event.hash, withheld: true });
        index.push({ revision: event.revision, hash: event.hash, withheld: true });
        withheld.push({ event, mark });
      }
    }
    entries[stream] = list;
    disclosedByStream.set(stream, disclosed);
    manifestStreams.push({
      stream,
      events: events.length,
      disclosed: disclosed.length,
      withheld: events.length - disclosed.length,
      firstRevision: events[0]!.revision,
      lastRevision: events.at(-1)!.revision,
      anchorHash: events[0]!.prevHash,
      headHash: events.at(-1)!.hash,
      index,
    });
  }

  const streamOrder = new Map([...disclosedByStream.keys()].map((s, i) => [s, i]));
  const allDisclosed = [...disclosedByStream.values()].flat().sort((a, b) => compareBusinessTime(a, b) || streamOrder.get(a.stream)! - streamOrder.get(b.stream)! || a.revision - b.revision);
  const contentInput: BundleContentInput = {
    negotiationId: input.negotiationId,
    kind,
    generatedAt: input.now,
    streams: new Map([...disclosedByStream].filter(([, events]) => events.length > 0)),
    events: allDisclosed,
    classificationOf: (event) => marks.get(event) ?? classificationOf(event, input.now),
    withheldCount: withheld.length,
  };

  const provider = input.content ?? defaultContentProvider();
  const names = [
    ...PROVIDED_SECTIONS[kind].filter((name) => provider[name] !== undefined),
    ...Object.keys(provider).filter((name) => !(SECTION_NAMES as readonly string[]).includes(name) && provider[name] !== undefined).sort(),
  ];
  // Each section serialized once: the text the file stores is the canonical JSON its digest covers.
  const stored = new Map<string, StoredSection>();
  for (const name of names) {
    try {
      stored.set(name, storedSection(await provider[name]!(contentInput), `section ${name}`));
    } catch (error) {
      throw error instanceof BundleExportFailed ? error : new SectionFailed(name, error);
    }
  }
  if (kind === 'public-records') {
    // The marks of disclosed records are disclosed too (the withheld log lists them): a record made
    // public carries its public basis, which the change that made it public holds as well.
    const disclosedMarks = allDisclosed.map((event) => contentInput.classificationOf(event).basis);
    assertNothingWithheldIn(storedSections(stored), withheld.map((w) => w.event), allDisclosed, [...streams.keys(), ...disclosedMarks]);
  }
  stored.set('withheldLog', storedSection(withheldLog(disclosure, manifestStreams, withheld, reclassified), 'section withheldLog'));
  const sections = storedSections(stored);

  const sectionHashes: Record<string, string> = {};
  for (const [name, { digest }] of stored) sectionHashes[name] = digest;

  const unsigned: UnsignedManifest = {
    format: BUNDLE_FORMAT,
    bundleId: input.bundleId ?? deriveBundleId(input.negotiationId, kind, input.now, input.actor, manifestStreams),
    kind,
    negotiationId: input.negotiationId,
    generatedAt: input.now,
    generatedBy: { subject: input.actor.subject, role: input.actor.role },
    disclosure,
    streams: manifestStreams,
    sections: sectionHashes,
  };
  const signature = await input.signer.sign(manifestSigningBytes(unsigned));
  const manifest: BundleManifest = {
    ...unsigned,
    signature: { algorithm: 'Ed25519', publicKey: input.signer.publicKeyPem, keyId: input.signer.keyId, value: Buffer.from(signature).toString('base64') },
  };
  return { format: BUNDLE_FORMAT, manifest, sections, events: entries };
}

/** The negotiation's stream first, then the others by name; empty streams are left out. */
function orderedStreams(given: BuildBundleInput['streams'], negotiationId: string): Map<string, readonly RecordedEvent[]> {
  const pairs: [string, readonly RecordedEvent[]][] = given instanceof Map ? [...given.entries()] : Object.entries(given);
  const main = negotiationStream(negotiationId);
  pairs.sort(([a], [b]) => (a === main ? -1 : b === main ? 1 : a < b ? -1 : a > b ? 1 : 0));
  return new Map(pairs.filter(([, events]) => events.length > 0));
}

/** The event as its canonical text says: what the content is derived from is exactly what is hashed. */
function asHashed(stream: string, event: RecordedEvent): RecordedEvent {
  let envelope: EventEnvelope;
  try {
    envelope = JSON.parse(event.canonical) as EventEnvelope;
  } catch {
    throw new BundleSourceInvalid(`${stream}@${event.revision} (${event.eventId}): stored canonical text is not JSON`, stream, event.revision, event.eventId);
  }
  if (envelope.stream !== stream || event.stream !== stream) {
    throw new BundleSourceInvalid(`${stream}@${event.revision} (${event.eventId}): the event belongs to stream ${envelope.stream}`, stream, event.revision, event.eventId);
  }
  return { ...envelope, revision: event.revision, position: event.position, canonical: event.canonical, prevHash: event.prevHash, hash: event.hash };
}

/** Refuses to sign a broken record: the chain must hold from the first event given. */
function assertSoundChain(stream: string, events: readonly RecordedEvent[]): void {
  const first = events[0]!;
  if (first.revision === 0) {
    const verdict = verifyChain(events);
    if (!verdict.intact) {
      const b = verdict.firstBreak;
      throw new BundleSourceInvalid(`the stored chain of ${stream} is broken at revision ${b.revision} (${b.eventId}): ${b.kind}: ${b.detail}`, stream, b.revision, b.eventId);
    }
    return;
  }
  let prev = first.prevHash;
  events.forEach((event, i) => {
    if (event.revision !== first.revision + i || event.prevHash !== prev || chainHash(prev, event.canonical) !== event.hash) {
      throw new BundleSourceInvalid(`the stored chain of ${stream} is broken at revision ${event.revision} (${event.eventId})`, stream, event.revision, event.eventId);
    }
    prev = event.hash;
  });
  if (first.prevHash === GENESIS_HASH) throw new BundleSourceInvalid(`${stream}: revision ${first.revision} links to the genesis hash`, stream, first.revision);
}

function compareBusinessTime(a: RecordedEvent, b: RecordedEvent): number {
  const x = businessInstant(a.occurredAt);
  const y = businessInstant(b.occurredAt);
  if (x !== y) return x < y ? -1 : 1;
  return a.recordedAt < b.recordedAt ? -1 : a.recordedAt > b.recordedAt ? 1 : 0;
}

function withheldLog(
  disclosure: DisclosureRule,
  streams: readonly ManifestStream[],
  withheld: readonly { event: RecordedEvent; mark: ClassificationMark }[],
  reclassified: WithheldLogSection['disclosedAfterReclassification'],
): WithheldLogSection {
  const byClassification = Object.fromEntries(CLASSIFICATIONS.map((c) => [c, 0])) as Record<Classification, number>;
  const byCategory = new Map<string, { classification: Classification; basis: string; count: number }>();
  const entries: PrivilegeLogEntry[] = [];
  for (const { event, mark } of withheld) {
    byClassification[mark.level] += 1;
    const key = `${mark.level}\u0000${mark.basis}`;
    const category = byCategory.get(key) ?? { classification: mark.level, basis: mark.basis, count: 0 };
    category.count += 1;
    byCategory.set(key, category);
    entries.push({
      stream: event.stream,
      revision: event.revision,
      date: businessTimeText(event.occurredAt),
      recordedAt: event.recordedAt,
      author: authorOf(event),
      type: event.type,
      classification: mark.level,
      privilegeClaimed: mark.basis,
      description: describeWithoutContent(event),
    });
  }
  const total = streams.reduce((n, s) => n + s.events, 0);
  return {
    rule:
      disclosure.rule === 'public-only'
        ? 'public records only: every event whose classification in effect is public'
        : `reader clearance: the events role ${disclosure.role ?? '?'} may read (${disclosure.classifications.join(', ')})${
            disclosure.role !== null && canRead(disclosure.role, 'privileged') && disclosure.purpose === null ? '; privileged records are read for a stated purpose, and none was given' : ''
          }`,
    classificationsAsOf: disclosure.classificationsAsOf,
    totals: { events: total, disclosed: total - withheld.length, withheld: withheld.length },
    byClassification,
    byCategory: [...byCategory.values()].sort((a, b) => CLASSIFICATIONS.indexOf(a.classification) - CLASSIFICATIONS.indexOf(b.classification) || (a.basis < b.basis ? -1 : 1)),
    entries,
    disclosedAfterReclassification: reclassified,
  };
}

/**
 * Defence in depth for public-records exports: no provider-written section may carry a string of the
 * withheld records' data that appears nowhere in the disclosed records (or the stream names the
 * manifest discloses anyway). Short strings (under 12 characters: dates, labels, numbers) are not checked.
 */
function assertNothingWithheldIn(sections: Readonly<Record<string, JsonValue>>, withheld: readonly RecordedEvent[], disclosed: readonly RecordedEvent[], streamNames: readonly string[]): void {
  if (withheld.length === 0) return;
  const disclosedText = [...disclosed.map((e) => e.canonical), ...streamNames].join('\n');
  const secrets = new Map<string, RecordedEvent>();
  for (const event of withheld) {
    for (const text of stringLeaves(event.data)) {
      const trimmed = text.trim();
      if (trimmed.length >= 12 && !disclosedText.includes(trimmed) && !secrets.has(trimmed)) secrets.set(trimmed, event);
    }
  }
  if (secrets.size === 0) return;
  for (const [name, value] of Object.entries(sections)) {
    const text = [...stringLeaves(value)].join('\n');
    for (const [secret, event] of secrets) {
      if (text.includes(secret)) throw new WithheldContentInSection(name, { stream: event.stream, revision: event.revision });
    }
  }
}

function* stringLeaves(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringLeaves(item);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) yield* stringLeaves(item);
}

function deriveBundleId(negotiationId: string, kind: BundleKind, now: string, actor: Actor, streams: readonly ManifestStream[]): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  const digest = sha256Hex(canonicalJson({ negotiationId, kind, now, actor: { subject: actor.subject, role: actor.role }, heads: streams.map((s) => [s.stream, s.lastRevision, s.headHash]) })).slice(0, 8);
  return `${negotiationId}-${kind}-${stamp}-${digest}`;
}

/** The ids of the events a bundle discloses (with their content), by stream: what generating it read. */
export function disclosedEventIds(bundle: { readonly events: Readonly<Record<string, readonly BundleEventEntry[]>> }): Set<string> {
  const ids = new Set<string>();
  for (const entries of Object.values(bundle.events)) for (const entry of entries) if ('eventId' in entry) ids.add(entry.eventId);
  return ids;
}
