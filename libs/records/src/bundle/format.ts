import { BUNDLE_FORMAT } from '#bundle-verifier';
import type { Actor, Classification, Role } from '#kernel';

export { BUNDLE_FORMAT };

/**
 * The bundle format, version 1: one JSON document holding a signed manifest, the human-facing
 * sections, and every event of the included streams with its link in the stream's hash chain.
 *
 *   { format, manifest: { …, signature }, sections: { name → JSON }, events: { stream → entries } }
 *
 * - `events` is the integrity data: each disclosed event as its stored RFC 8785 canonical text with
 *   revision, prevHash and hash (hash = SHA-256(prevHash + "\n" + canonical), as the store computes it).
 *   A withheld event (public-records export, or a reader without clearance) keeps only revision,
 *   prevHash and hash: its hash is verifiable as a link of the chain, its content is not in the file.
 * - `manifest.streams[].index` pins every event's hash (and id, when disclosed) under the signature,
 *   so a verifier can name exactly which event was modified, removed, inserted or reordered.
 * - `manifest.sections` holds SHA-256 over the RFC 8785 canonical JSON of each section.
 * - `manifest.signature` is Ed25519 over the canonical JSON of the manifest without `signature`.
 */

export const BUNDLE_KINDS = ['audit', 'public-records'] as const;
export type BundleKind = (typeof BUNDLE_KINDS)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * The sections this library knows how to render, in the order the PDF shows them. A content
 * provider may add sections of its own (rendered generically) or replace one by name.
 */
export const SECTION_NAMES = [
  'overview',
  'chronology',
  'tentativeAgreements',
  'articleChains',
  'informationRequests',
  'statutoryChecklist',
  'classificationRegister',
  'privilegeLog',
  'accessLog',
  'withheldLog',
] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/** An event the bundle discloses: its stored canonical text and its chain link. */
export interface DisclosedEventEntry {
  readonly revision: number;
  readonly eventId: string;
  readonly prevHash: string;
  readonly hash: string;
  /** Exactly the text the store hashed. Parse it to read the envelope; never re-serialize it. */
  readonly canonical: string;
}

/** An event the bundle does not disclose: only its place in the chain. */
export interface WithheldEventEntry {
  readonly revision: number;
  readonly prevHash: string;
  readonly hash: string;
  readonly withheld: true;
}

export type BundleEventEntry = DisclosedEventEntry | WithheldEventEntry;

export const isWithheldEntry = (entry: BundleEventEntry): entry is WithheldEventEntry => (entry as WithheldEventEntry).withheld === true;

/** One event as the signed manifest pins it. */
export interface ManifestIndexEntry {
  readonly revision: number;
  readonly hash: string;
  /** Present for disclosed events. */
  readonly eventId?: string;
  /** Present (true) for withheld events. */
  readonly withheld?: true;
}

export interface ManifestStream {
  readonly stream: string;
  /** Entries in the bundle for this stream: disclosed plus withheld. */
  readonly events: number;
  readonly disclosed: number;
  readonly withheld: number;
  readonly firstRevision: number;
  readonly lastRevision: number;
  /** prevHash of the first entry: the genesis hash when the stream is included from its start. */
  readonly anchorHash: string;
  readonly headHash: string;
  readonly index: readonly ManifestIndexEntry[];
}

/** Which events the bundle discloses, and as of when classifications were taken. */
export interface DisclosureRule {
  /** `reader-clearance`: what the generating role may read (audit file); `public-only`: public records only. */
  readonly rule: 'reader-clearance' | 'public-only';
  /** The role whose clearance applied (reader-clearance). */
  readonly role: Role | null;
  readonly classifications: readonly Classification[];
  /** Why the generating reader read (audit files; privileged records are disclosed only with one); null when none was given. */
  readonly purpose: string | null;
  /** Classifications were taken as effective on this instant (they can change over time). */
  readonly classificationsAsOf: string;
}

export interface BundleSignature {
  readonly algorithm: 'Ed25519';
  /** SPKI PEM of the signing key. */
  readonly publicKey: string;
  /** `sha256:` + hex SHA-256 of the public key's SPKI DER encoding. */
  readonly keyId: string;
  /** Base64 Ed25519 signature over the UTF-8 RFC 8785 canonical JSON of the manifest without `signature`. */
  readonly value: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly bundleId: string;
  readonly kind: BundleKind;
  readonly negotiationId: string;
  readonly generatedAt: string;
  readonly generatedBy: Actor;
  readonly disclosure: DisclosureRule;
  readonly streams: readonly ManifestStream[];
  /** Section name → hex SHA-256 of its RFC 8785 canonical JSON. */
  readonly sections: Readonly<Record<string, string>>;
  readonly signature: BundleSignature;
}

export type UnsignedManifest = Omit<BundleManifest, 'signature'>;

export interface Bundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly manifest: BundleManifest;
  readonly sections: Readonly<Record<string, JsonValue>>;
  /** Stream name → its entries in revision order. */
  readonly events: Readonly<Record<string, readonly BundleEventEntry[]>>;
}
