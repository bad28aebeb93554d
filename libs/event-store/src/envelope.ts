import { createHash } from 'node:crypto';
import canonicalizeJson from 'canonicalize';
import { businessTimeOf } from '#kernel';
import type { EventEnvelope, NewEvent, RecordedEvent } from './event-store.port.js';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * RFC 8785 canonical JSON of the hashed envelope. The text is stored as is and never re-derived
 * from jsonb (which reorders keys).
 */
export function envelopeOf(stream: string, event: NewEvent, recordedAt: string): EventEnvelope {
  return {
    eventId: event.eventId,
    stream,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    // `until` only on a between, so envelopes of every other precision hash exactly as they always have.
    occurredAt: businessTimeOf(event.occurredAt),
    recordedAt,
    actor: { subject: event.actor.subject, role: event.actor.role },
    correlationId: event.correlationId,
    causationId: event.causationId ?? null,
    commandId: event.commandId ?? null,
    classification: { level: event.classification.level, basis: event.classification.basis },
    ...(event.imported && { imported: { document: event.imported.document, transcribedBy: event.imported.transcribedBy, key: event.imported.key } }),
  };
}

export function canonicalize(envelope: EventEnvelope): string {
  const text = (canonicalizeJson as unknown as (value: unknown) => string | undefined)(envelope);
  if (text === undefined) throw new Error('event envelope cannot be serialized');
  return text;
}

export function canonicalEnvelope(stream: string, event: NewEvent, recordedAt: string): string {
  return canonicalize(envelopeOf(stream, event, recordedAt));
}

/**
 * One link of a stream's chain: SHA-256 over UTF-8 of `prevHash + "\n" + canonical`, hex.
 * The PostgreSQL adapter computes the same in SQL (sha256(convert_to(prev || E'\n' || text, 'UTF8'))).
 */
export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export type ChainBreak =
  | { kind: 'modified'; revision: number; eventId: string; detail: string }
  | { kind: 'broken-link'; revision: number; eventId: string; detail: string }
  | { kind: 'revision-gap'; revision: number; eventId: string; detail: string };

export type ChainVerdict = { intact: true; events: number; headHash: string } | { intact: false; firstBreak: ChainBreak };

/**
 * Verifies a stream's chain from its first event and names the first broken link.
 * A modified event fails its own hash; a removed or reordered event breaks the next link or the
 * revision sequence. (Removing the last event leaves a shorter intact chain: compare the head hash
 * with a signed manifest for that.)
 */
export function verifyChain(events: readonly Pick<RecordedEvent, 'revision' | 'eventId' | 'canonical' | 'prevHash' | 'hash' | 'stream'>[]): ChainVerdict {
  let prev = GENESIS_HASH;
  let expectedRevision = 0;
  for (const event of events) {
    if (event.revision !== expectedRevision) {
      return { intact: false, firstBreak: { kind: 'revision-gap', revision: event.revision, eventId: event.eventId, detail: `expected revision ${expectedRevision}, found ${event.revision}` } };
    }
    if (event.prevHash !== prev) {
      return { intact: false, firstBreak: { kind: 'broken-link', revision: event.revision, eventId: event.eventId, detail: `prevHash ${event.prevHash} does not match the previous event's hash ${prev}` } };
    }
    const recomputed = chainHash(prev, event.canonical);
    if (recomputed !== event.hash) {
      return { intact: false, firstBreak: { kind: 'modified', revision: event.revision, eventId: event.eventId, detail: `stored hash ${event.hash} but content hashes to ${recomputed}` } };
    }
    const parsed = JSON.parse(event.canonical) as EventEnvelope;
    if (parsed.eventId !== event.eventId || parsed.stream !== event.stream) {
      return { intact: false, firstBreak: { kind: 'modified', revision: event.revision, eventId: event.eventId, detail: 'event id or stream differs from the hashed envelope' } };
    }
    prev = event.hash;
    expectedRevision += 1;
  }
  return { intact: true, events: events.length, headHash: prev };
}

/** Rebuilds a RecordedEvent from its stored canonical text and storage coordinates. */
export function recordedFromCanonical(canonical: string, at: { revision: number; position: string; prevHash: string; hash: string }): RecordedEvent {
  // The parsed object is this call's own: extended in place rather than copied.
  const envelope = JSON.parse(canonical) as { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
  envelope.revision = at.revision;
  envelope.position = at.position;
  envelope.canonical = canonical;
  envelope.prevHash = at.prevHash;
  envelope.hash = at.hash;
  return envelope;
}
