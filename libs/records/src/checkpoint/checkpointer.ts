import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimestampAuthoritySettings } from '#config';
import type { EventStore, NewEvent } from '#event-store';
import type { BundleSigner } from '../bundle/signing.js';
import { type RecordCheckpoint, type RecordHeads, advanceRecordHeads, signCheckpoint, timestampCheckpoint } from './checkpoint.js';

/** The stream the record's checkpoints are recorded in, one RecordCheckpointed event each. */
export const CHECKPOINT_STREAM = 'checkpoint-record';
export const RECORD_CHECKPOINTED = 'RecordCheckpointed';

/** Who records a checkpoint: the system itself, acting for the records office. */
const CHECKPOINTER = { subject: 'system:checkpointer', role: 'admin' } as const;

/** A checkpoint as published: where its file is, and the event that records it. */
export interface PublishedCheckpoint {
  readonly path: string;
  readonly checkpoint: RecordCheckpoint;
  readonly eventId: string;
}

/** The file name of a checkpoint taken at `at`: sortable by time. */
export const checkpointFileName = (at: string) => `checkpoint-${at.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}.json`;

/**
 * Takes checkpoints of the whole record and publishes each outside the database: the signed file in
 * `directory` (kept where a superuser of the database cannot reach, or copied there), and a
 * RecordCheckpointed event with its root, position, size and signature in the record itself, so the
 * record says when it was checkpointed and a later checkpoint commits to the earlier ones.
 *
 * With a time-stamp authority, each checkpoint's signed tree head is time-stamped (RFC 3161) and the
 * token kept in the file and the event. An authority that is away or answers badly does not stop the
 * checkpoint: it is taken, signed and written with the failure in the file and the event, and the
 * next checkpoint is taken even if nothing else was recorded, so that the authority is asked again
 * (a later checkpoint covers the earlier ones).
 *
 * Heads are kept between checkpoints: each reads only what was recorded since the last.
 */
export class RecordCheckpointer {
  private heads: RecordHeads | null = null;
  /** The record's size at the last checkpoint, leaving out the checkpoints' own stream: an empty record is not checkpointed. */
  private coveredOutsideCheckpoints = 0;
  /** The last checkpoint's time-stamp failed: the next one is taken even on an idle record. */
  private timestampOwed = false;

  constructor(
    private readonly store: EventStore,
    private readonly signer: () => Promise<BundleSigner>,
    private readonly directory: string,
    private readonly timestampAuthority?: TimestampAuthoritySettings,
  ) {}

  /**
   * Signs, writes and records a checkpoint of the record as it stands; null when the record is empty
   * or nothing but checkpoints was recorded since the last one this checkpointer took (an idle record
   * is not checkpointed again and again) and that one was time-stamped when an authority is set.
   */
  async checkpoint(at: Date): Promise<PublishedCheckpoint | null> {
    const signer = await this.signer();
    const heads = await advanceRecordHeads(this.store, this.heads);
    this.heads = heads;
    const checkpoints = heads.heads.find((head) => head.stream === CHECKPOINT_STREAM);
    const outside = heads.events - (checkpoints ? checkpoints.revision + 1 : 0);
    if (outside === this.coveredOutsideCheckpoints && !this.timestampOwed) return null;
    const signed = await signCheckpoint(heads, signer, at);
    const checkpoint = this.timestampAuthority ? await timestampCheckpoint(signed, this.timestampAuthority) : signed;
    await mkdir(this.directory, { recursive: true });
    const path = join(this.directory, checkpointFileName(checkpoint.at));
    // Written whole or not at all: a reader never sees half a checkpoint.
    await writeFile(`${path}.partial`, `${JSON.stringify(checkpoint, null, 2)}\n`);
    await rename(`${path}.partial`, path);
    const event: NewEvent = {
      eventId: randomUUID(),
      type: RECORD_CHECKPOINTED,
      data: {
        position: checkpoint.position,
        at: checkpoint.at,
        events: checkpoint.events,
        streams: checkpoint.streams.length,
        merkleRoot: checkpoint.merkleRoot,
        keyId: checkpoint.signature.keyId,
        signature: checkpoint.signature.value,
        file: checkpointFileName(checkpoint.at),
        ...(checkpoint.timestamp && { timestamp: { ...checkpoint.timestamp } }),
        ...(checkpoint.timestampFailure && { timestampFailure: { ...checkpoint.timestampFailure } }),
      },
      occurredAt: { at: checkpoint.at, precision: 'instant' },
      actor: CHECKPOINTER,
      correlationId: randomUUID(),
      classification: { level: 'internal', basis: 'integrity checkpoint of the whole record' },
    };
    await this.store.append(CHECKPOINT_STREAM, [event], { expectedRevision: 'any' });
    this.coveredOutsideCheckpoints = outside;
    this.timestampOwed = checkpoint.timestampFailure !== undefined;
    return { path, checkpoint, eventId: event.eventId };
  }
}
