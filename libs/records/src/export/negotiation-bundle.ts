import type { NegotiationFile } from '#access';
import type { RecordedEvent } from '#event-store';
import type { Actor } from '#kernel';
import { type BuildBundleInput, buildAuditBundle, buildPublicRecordsBundle } from '../bundle/builder.js';
import type { Bundle, BundleKind } from '../bundle/format.js';
import type { BundleSigner } from '../bundle/signing.js';
import { CHECKPOINT_SECTION, type FoundCheckpoint, checkpointSection } from '../checkpoint/checkpoint-proofs.js';
import { defaultContentProvider } from '../content/default-provider.js';

/** What a file is built for: its kind, its reader and why they read, and when. */
export interface BundleRequest {
  readonly kind: BundleKind;
  readonly actor: Actor;
  readonly purpose: string | null;
  /** The generation instant (ISO). */
  readonly now: string;
  readonly lateEntryDays: number;
  /** The latest checkpoint of the record, whose proofs for the file's streams the file carries; null: none taken yet. */
  readonly checkpoint?: FoundCheckpoint | null;
}

/**
 * A negotiation's file as a signed bundle: the file's streams under its classification book, with
 * the default sections and, when a checkpoint was taken, its proofs for the file's streams. Pure given the file, the request and the signer, so it runs the same in the
 * API's export worker and in the CLI.
 */
export function buildNegotiationBundle(file: NegotiationFile, request: BundleRequest, signer: BundleSigner): Promise<Bundle> {
  const input: BuildBundleInput = {
    streams: file.streams,
    negotiationId: file.negotiationId,
    actor: request.actor,
    now: request.now,
    signer,
    content: {
      ...defaultContentProvider({ lateEntryDays: request.lateEntryDays }),
      ...(request.checkpoint && { [CHECKPOINT_SECTION]: () => checkpointSection(request.checkpoint!, file.streams.keys()) }),
    },
    classificationOf: file.book.classificationOf,
    purpose: request.purpose,
  };
  return request.kind === 'audit' ? buildAuditBundle(input) : buildPublicRecordsBundle(input);
}

/** The file's events whose content a bundle discloses (by event id): the reads its access log records. */
export function disclosedRecords(file: NegotiationFile, disclosed: ReadonlySet<string>): RecordedEvent[] {
  return [...file.streams.values()].flat().filter((event) => disclosed.has(event.eventId));
}
