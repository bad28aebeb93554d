import { canRead } from '#auth';
import type { RecordedEvent } from '#event-store';
import { type Actor, type BusinessTime, CLASSIFICATIONS, type Classification, type ClassificationMark, type Role, daysRecordedAfter } from '#kernel';
import { NEGOTIATION_STREAM_CATEGORY, UNIT_STREAM_CATEGORY } from '../domain/ids.js';

/** Who recorded a fact, when, and how it is classified: kept beside every entry of a read model. */
export interface Recording {
  readonly eventId: string;
  /** The fact's revision in its stream: recording order, and the guard that makes replay change nothing. */
  readonly revision: number;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly classification: ClassificationMark;
}

export function recordingOf(event: RecordedEvent): Recording {
  return {
    eventId: event.eventId,
    revision: event.revision,
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    recordedBy: event.actor,
    classification: event.classification,
  };
}

/** Whole days from the latest possible business day of a fact to the day it was recorded (0 when recorded the same day or earlier). */
export function lateByDays(record: Pick<Recording, 'occurredAt' | 'recordedAt'>): number {
  return daysRecordedAfter(record.occurredAt, record.recordedAt);
}

export const mayRead = (role: Role, record: Pick<Recording, 'classification'>): boolean => canRead(role, record.classification.level);

/** A level this version does not know ranks as the most restricted. */
export function levelRank(level: string): number {
  const rank = (CLASSIFICATIONS as readonly string[]).indexOf(level);
  return rank < 0 ? CLASSIFICATIONS.length - 1 : rank;
}

/**
 * The widest cumulative view a role may see whole: the highest level L such that it reads every
 * level up to L (public ⊂ internal ⊂ confidential ⊂ privileged). Today's clearances are such
 * prefixes; were one not, the role would get the largest prefix it holds, never more.
 */
export function viewLevelFor(role: Role): Classification | null {
  let level: Classification | null = null;
  for (const candidate of CLASSIFICATIONS) {
    if (!canRead(role, candidate)) break;
    level = candidate;
  }
  return level;
}

/** `negotiation-<id>` → id (the stream name, not the data, is authoritative). */
export function negotiationIdOf(event: Pick<RecordedEvent, 'stream'>): string | null {
  const prefix = `${NEGOTIATION_STREAM_CATEGORY}-`;
  return event.stream.startsWith(prefix) ? event.stream.slice(prefix.length) : null;
}

export function unitIdOf(event: Pick<RecordedEvent, 'stream'>): string | null {
  const prefix = `${UNIT_STREAM_CATEGORY}-`;
  return event.stream.startsWith(prefix) ? event.stream.slice(prefix.length) : null;
}

/** Instants compare as instants, whatever offset they were written with. */
export const laterInstant = (a: string, b: string): string => (Date.parse(b) > Date.parse(a) ? b : a);
