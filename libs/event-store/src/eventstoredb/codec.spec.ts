import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, canonicalEnvelope, chainHash, verifyChain } from '../envelope.js';
import type { NewEvent } from '../event-store.port.js';
import { ForeignEvent, type StoredRecord, claimOwner, claimStreamOf, decodeRecord, encodeClaim, encodeRecord, isOwnRecord } from './codec.js';

/** What the client does on the wire: binary data as bytes; object metadata as JSON text, parsed back on read. */
function throughTheClient(data: ReturnType<typeof encodeRecord>, at: { stream: string; revision: bigint; commit: bigint; prepare: bigint }): StoredRecord {
  const metadataBytes = Buffer.from(JSON.stringify(data.metadata), 'utf8');
  return {
    streamId: at.stream,
    id: data.id,
    revision: at.revision,
    type: data.type,
    isJson: data.contentType === 'application/json',
    data: Buffer.from(data.data as Uint8Array), // gRPC hands out Buffers
    metadata: JSON.parse(metadataBytes.toString('utf8')) as unknown,
    position: { commit: at.commit, prepare: at.prepare },
  };
}

const event = (data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type: 'TentativeAgreementReached',
  data,
  occurredAt: { at: '2025-03-05T14:30:00Z', precision: 'instant' },
  actor: { subject: 'négociatrice@bayview.example', role: 'negotiator' },
  correlationId: randomUUID(),
  causationId: null,
  commandId: randomUUID(),
  classification: { level: 'confidential', basis: 'Código §7 — “bargaining strategy”' },
});

describe('EventStoreDB event layout', () => {
  it('round-trips the canonical text byte for byte (non-ASCII, astral, escapes, integer-like keys)', () => {
    const stream = 'bargaining-ü1';
    const text = 'Ñandú — “article 7” 労働協約 😀 \u2028 "quoted" \\ tab\t';
    const first = event({ note: text, '10': 'ten', '9': 'nine', big: '9007199254740993', nested: { z: 1, a: [1.5, -0, 1e21] } });
    const canonical = canonicalEnvelope(stream, first, '2025-03-05T14:31:02.123Z');
    const hash = chainHash(GENESIS_HASH, canonical);
    const encoded = encodeRecord(first, canonical, { prevHash: GENESIS_HASH, hash });
    expect(encoded.contentType).toBe('application/octet-stream');
    expect(encoded.id).toBe(first.eventId);
    expect(encoded.type).toBe('TentativeAgreementReached');
    expect(Buffer.from(encoded.data as Uint8Array).equals(Buffer.from(canonical, 'utf8'))).toBe(true);

    const stored = throughTheClient(encoded, { stream, revision: 0n, commit: 1234n, prepare: 1300n });
    expect(isOwnRecord(stored)).toBe(true);
    const recorded = decodeRecord(stored);
    expect(recorded.canonical).toBe(canonical);
    expect(recorded.canonical).toContain('"10":"ten","9":"nine"'); // not JS object key order
    expect(recorded).toMatchObject({ eventId: first.eventId, stream, revision: 0, position: '1234/1300', prevHash: GENESIS_HASH, hash, type: first.type });
    expect(recorded.data).toEqual(JSON.parse(JSON.stringify(first.data)));
    expect(recorded.data.note).toBe(text);
    expect(verifyChain([recorded])).toEqual({ intact: true, events: 1, headHash: hash });
  });

  it('puts the server conventions and the chain link in metadata', () => {
    const e = { ...event({}), causationId: 'cause-1' };
    const meta = encodeRecord(e, '{}', { prevHash: GENESIS_HASH, hash: 'a'.repeat(64) }).metadata;
    expect(meta).toEqual({ lrr: 'canonical/1', prevHash: GENESIS_HASH, hash: 'a'.repeat(64), $correlationId: e.correlationId, $causationId: 'cause-1' });
    const byCommand = encodeRecord(event({}), '{}', { prevHash: GENESIS_HASH, hash: 'a'.repeat(64) }).metadata as Record<string, unknown>;
    expect(typeof byCommand.$causationId).toBe('string');
    const none = encodeRecord({ ...event({}), commandId: null }, '{}', { prevHash: GENESIS_HASH, hash: 'a'.repeat(64) }).metadata as Record<string, unknown>;
    expect('$causationId' in none).toBe(false);
  });

  it('refuses events it did not write, or whose layout is damaged', () => {
    const e = event({ n: 1 });
    const canonical = canonicalEnvelope('s-1', e, '2025-01-01T00:00:00.000Z');
    const good = throughTheClient(encodeRecord(e, canonical, { prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, canonical) }), { stream: 's-1', revision: 0n, commit: 1n, prepare: 1n });
    const foreignJson: StoredRecord = { ...good, isJson: true, data: { hello: 'world' }, metadata: undefined };
    expect(isOwnRecord(foreignJson)).toBe(false);
    expect(() => decodeRecord(foreignJson)).toThrow(ForeignEvent);
    expect(() => decodeRecord({ ...good, metadata: { ...(good.metadata as object), hash: 'nope' } })).toThrow(/prevHash and hash/);
    expect(() => decodeRecord({ ...good, data: Uint8Array.from([0xff, 0xfe]) })).toThrow(/UTF-8/);
    expect(() => decodeRecord({ ...good, position: undefined })).toThrow(/22\.6/);
  });

  it('takes event id and stream from storage when they disagree with the hashed envelope, so verifyChain flags it', () => {
    const e = event({ n: 1 });
    const canonical = canonicalEnvelope('s-1', e, '2025-01-01T00:00:00.000Z');
    const encoded = encodeRecord(e, canonical, { prevHash: GENESIS_HASH, hash: chainHash(GENESIS_HASH, canonical) });
    const moved = decodeRecord(throughTheClient(encoded, { stream: 's-2', revision: 0n, commit: 1n, prepare: 1n }));
    expect(moved.stream).toBe('s-2');
    expect(verifyChain([moved])).toMatchObject({ intact: false, firstBreak: { kind: 'modified' } });
    const upper = decodeRecord({ ...throughTheClient(encoded, { stream: 's-1', revision: 0n, commit: 1n, prepare: 1n }), id: e.eventId.toUpperCase() });
    expect(upper.eventId).toBe(e.eventId);
  });

  it('claims name the stream an event id belongs to', () => {
    const id = randomUUID().toUpperCase();
    expect(claimStreamOf(id)).toBe(`lrr_eventid-${id.toLowerCase()}`);
    const claim = encodeClaim('bargaining-1', id);
    expect(claim.id).not.toBe(id);
    const stored: StoredRecord = { streamId: claimStreamOf(id), id: claim.id, revision: 0n, type: claim.type, isJson: true, data: claim.data, metadata: undefined };
    expect(claimOwner(stored)).toBe('bargaining-1');
    expect(() => claimOwner({ ...stored, type: 'Other' })).toThrow(ForeignEvent);
  });
});
