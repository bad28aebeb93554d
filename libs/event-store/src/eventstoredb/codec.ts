import { type EventData, binaryEvent, jsonEvent } from '@eventstore/db-client';
import { recordedFromCanonical } from '../envelope.js';
import type { NewEvent, RecordedEvent } from '../event-store.port.js';
import { type LogPosition, formatPosition } from './positions.js';

/**
 * How one of our events is laid out in EventStoreDB.
 *
 * - ESDB event id  = our eventId; ESDB event type = our type (so `$by_event_type`, the UI and
 *   server-side idempotency see the real thing).
 * - data           = the RFC 8785 canonical envelope as UTF-8 bytes, stored as a *binary* event
 *                    (content type application/octet-stream). The bytes are exactly what the chain
 *                    hashes, so they round-trip byte for byte: a JSON event would be re-serialized
 *                    by the client on write (JSON.stringify reorders integer-like keys) and parsed on
 *                    read, and the exact text would be lost.
 * - metadata       = JSON: `{ lrr: "canonical/1", prevHash, hash, $correlationId, $causationId? }`.
 *                    `lrr` marks our events; `$correlationId`/`$causationId` follow the server's
 *                    conventions (`$causationId` is the causing message: causationId, else the
 *                    command id). Metadata is not hashed: the canonical text is the record.
 */
export const RECORD_FORMAT = 'canonical/1';

export interface RecordMetadata {
  readonly lrr: typeof RECORD_FORMAT;
  readonly prevHash: string;
  readonly hash: string;
  readonly $correlationId: string;
  readonly $causationId?: string;
}

/** What this module reads of a recorded ESDB event (the client's RecordedEvent has these fields). */
export interface StoredRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly position?: LogPosition;
}

/** An event in EventStoreDB that this adapter did not write, or whose layout is damaged. */
export class ForeignEvent extends Error {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    reason: string,
  ) {
    super(`event ${stream}@${revision} is not a labor relations record event: ${reason}`);
    this.name = 'ForeignEvent';
  }
}

const encoder = new TextEncoder();
// fatal: refuse invalid UTF-8 instead of replacing it; ignoreBOM: keep every byte as stored.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const HASH = /^[0-9a-f]{64}$/;

/** A byte array from any realm (gRPC hands out Buffers; Jest's module realm has its own Uint8Array). */
export function isBytes(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && (value as Uint8Array).BYTES_PER_ELEMENT === 1;
}

export function encodeRecord(event: NewEvent, canonical: string, link: { prevHash: string; hash: string }): EventData {
  const causation = event.causationId ?? event.commandId ?? undefined;
  const metadata: RecordMetadata = {
    lrr: RECORD_FORMAT,
    prevHash: link.prevHash,
    hash: link.hash,
    $correlationId: event.correlationId,
    ...(causation ? { $causationId: causation } : {}),
  };
  return binaryEvent({ id: event.eventId, type: event.type, data: encoder.encode(canonical), metadata: { ...metadata } });
}

function metadataOf(record: StoredRecord): RecordMetadata | null {
  const m = record.metadata as Partial<RecordMetadata> | null | undefined;
  if (!m || typeof m !== 'object' || isBytes(m) || m.lrr !== RECORD_FORMAT) return null;
  return m as RecordMetadata;
}

/** Written by this adapter (our layout marker is present)? */
export function isOwnRecord(record: StoredRecord): boolean {
  return !record.isJson && isBytes(record.data) && metadataOf(record) !== null;
}

/**
 * Rebuilds our RecordedEvent from the stored bytes. The event id and stream are taken from the
 * storage coordinates when they disagree with the hashed envelope, so verifyChain reports the
 * tampering instead of it being hidden.
 */
export function decodeRecord(record: StoredRecord): RecordedEvent {
  const metadata = metadataOf(record);
  if (!metadata) throw new ForeignEvent(record.streamId, record.revision, 'no labor relations record metadata');
  if (record.isJson || !isBytes(record.data)) throw new ForeignEvent(record.streamId, record.revision, 'data is not the binary canonical text');
  if (typeof metadata.prevHash !== 'string' || typeof metadata.hash !== 'string' || !HASH.test(metadata.prevHash) || !HASH.test(metadata.hash)) {
    throw new ForeignEvent(record.streamId, record.revision, 'metadata lacks a well-formed prevHash and hash');
  }
  if (!record.position) throw new Error('EventStoreDB returned an event without its $all position (server 22.6 or later is required)');
  let canonical: string;
  try {
    canonical = decoder.decode(record.data);
  } catch {
    throw new ForeignEvent(record.streamId, record.revision, 'data is not valid UTF-8');
  }
  const revision = Number(record.revision);
  if (!Number.isSafeInteger(revision)) throw new ForeignEvent(record.streamId, record.revision, 'revision beyond 2^53');
  let recorded: RecordedEvent;
  try {
    recorded = recordedFromCanonical(canonical, { revision, position: formatPosition(record.position), prevHash: metadata.prevHash, hash: metadata.hash });
  } catch {
    throw new ForeignEvent(record.streamId, record.revision, 'data is not JSON');
  }
  const idMatches = typeof recorded.eventId === 'string' && recorded.eventId.toLowerCase() === record.id.toLowerCase();
  if (idMatches && recorded.stream === record.streamId) return recorded;
  return { ...recorded, eventId: idMatches ? recorded.eventId : record.id, stream: record.streamId };
}

/**
 * Event-id claims. EventStoreDB does not enforce unique event ids across streams, so before an
 * append every event id is claimed by creating the stream `lrr_eventid-<id>` (expected revision
 * no_stream: the server's compare-and-set makes the first claimant win). The claim names the
 * stream the id belongs to. The category `lrr_eventid` cannot collide with a domain category
 * (categories are letters and digits) and is never returned by readAll or subscribe.
 */
export const CLAIM_STREAM_PREFIX = 'lrr_eventid-';
export const CLAIM_EVENT_TYPE = 'EventIdClaimed';

export function claimStreamOf(eventId: string): string {
  return `${CLAIM_STREAM_PREFIX}${eventId.toLowerCase()}`;
}

export function encodeClaim(stream: string, eventId: string): EventData {
  // A fresh ESDB id (not the event id): a second claim must fail, never pass as an idempotent retry.
  return jsonEvent({ type: CLAIM_EVENT_TYPE, data: { stream, eventId } });
}

/** The stream a claim assigns its event id to. */
export function claimOwner(record: StoredRecord): string {
  const data = record.data as { stream?: unknown } | null;
  if (record.type !== CLAIM_EVENT_TYPE || !record.isJson || !data || typeof data.stream !== 'string') {
    throw new ForeignEvent(record.streamId, record.revision, 'not an event id claim');
  }
  return data.stream;
}
