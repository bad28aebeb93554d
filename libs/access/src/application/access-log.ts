import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, type NewEvent, type RecordedEvent } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { type Actor, calendarDay } from '#kernel';
import { ACCESS_LOG_CLASSIFICATION, type RecordAccessed } from '../domain/access-log.js';
import { ACCESS_LOG_STREAM_CATEGORY, accessLogStream } from '../domain/ids.js';

/** One access-log entry to append: the negotiation whose file it belongs to (null: outside any) and what happened. */
export interface AccessEntry {
  readonly negotiationId: string | null;
  readonly data: RecordAccessed['data'];
}

export interface AccessLogFilter {
  readonly subject?: string;
  /** Days (inclusive) of the access, by recordedAt (UTC). */
  readonly from?: string;
  readonly to?: string;
  /** The stream of the record read (e.g. negotiation-bayview_2025). */
  readonly stream?: string;
  /** Only the access log of this negotiation's file. */
  readonly negotiationId?: string;
  readonly outcome?: 'granted' | 'denied';
}

export interface AccessLogEntryView {
  readonly logEventId: string;
  readonly logStream: string;
  readonly at: string;
  readonly subject: string;
  readonly role: string;
  readonly resource: string;
  readonly eventId: string | null;
  readonly stream: string | null;
  readonly classification: string;
  readonly purpose: string | null;
  readonly outcome: string;
  readonly reason: string;
  readonly entries: number | null;
  readonly correlationId: string;
}

export interface AccessLogPage {
  readonly entries: readonly AccessLogEntryView[];
  /** Pass as `cursor` for the next page; null at the end of the log. */
  readonly nextCursor: string | null;
  readonly limit: number;
}

const SCAN_BATCH = 500;

export function entryView(event: RecordedEvent): AccessLogEntryView {
  const d = event.data as RecordAccessed['data'];
  return {
    logEventId: event.eventId,
    logStream: event.stream,
    at: event.recordedAt,
    subject: d.subject,
    role: d.role,
    resource: d.resource,
    eventId: d.eventId,
    stream: d.stream,
    classification: d.classification,
    purpose: d.purpose,
    outcome: d.outcome,
    reason: d.reason,
    entries: d.entries ?? null,
    correlationId: event.correlationId,
  };
}

function matches(event: RecordedEvent, filter: AccessLogFilter): boolean {
  if (event.type !== 'RecordAccessed') return false;
  const d = event.data as RecordAccessed['data'];
  const day = calendarDay(event.recordedAt);
  if (filter.subject !== undefined && d.subject !== filter.subject) return false;
  if (filter.from !== undefined && day < filter.from) return false;
  if (filter.to !== undefined && day > filter.to) return false;
  if (filter.stream !== undefined && d.stream !== filter.stream) return false;
  if (filter.outcome !== undefined && d.outcome !== filter.outcome) return false;
  if (filter.negotiationId !== undefined && event.stream !== accessLogStream(filter.negotiationId)) return false;
  return true;
}

const encodeCursor = (checkpoint: string) => Buffer.from(checkpoint, 'utf8').toString('base64url');

/** The checkpoint a cursor stands for, or null for anything this API did not issue. */
export function decodeCursor(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return /^\d+\/\d+$/.test(text) ? text : null;
}

/**
 * Appends access-log entries (one append per access-log stream per request) and answers queries.
 * Streams are `accesslog-<negotiationId>`: a negotiation's audit file then carries the whole,
 * verifiable chain of who read it, and concurrent readers of different negotiations never contend
 * for one stream head (a daily stream would serialise every logged read in the office and leave
 * each file with only a slice of other files' chains).
 */
@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Appends the entries; fails (and so fails the read) when the store does: no logged read goes unlogged. */
  async record(actor: Actor, entries: readonly AccessEntry[], correlationId: string | null = null): Promise<void> {
    if (entries.length === 0) return;
    const at = this.clock.now().toISOString();
    const byStream = new Map<string, AccessEntry[]>();
    for (const entry of entries) {
      const stream = accessLogStream(entry.negotiationId);
      byStream.set(stream, [...(byStream.get(stream) ?? []), entry]);
    }
    const correlation = correlationId ?? randomUUID();
    for (const [stream, group] of byStream) {
      const events: NewEvent[] = group.map((entry) => ({
        eventId: randomUUID(),
        type: 'RecordAccessed',
        data: { ...entry.data },
        occurredAt: { at, precision: 'instant' },
        recordedAt: at,
        actor: { subject: actor.subject, role: actor.role },
        correlationId: correlation,
        causationId: null,
        commandId: null,
        classification: ACCESS_LOG_CLASSIFICATION,
      }));
      // Entries are independent facts: no expected revision to check, the head lock orders them.
      await this.store.append(stream, events, { expectedRevision: 'any' });
    }
  }

  /** A page of the log in recording order (commit-safe position), filtered. */
  async query(filter: AccessLogFilter, page: { limit: number; cursor?: string | null }): Promise<AccessLogPage> {
    const found: RecordedEvent[] = [];
    let after = page.cursor ?? null;
    for (;;) {
      const batch = await this.store.readAll({ category: ACCESS_LOG_STREAM_CATEGORY, after, maxCount: SCAN_BATCH });
      for (const event of batch.events) {
        if (!matches(event, filter)) continue;
        found.push(event);
        if (found.length === page.limit) {
          return { entries: found.map(entryView), nextCursor: encodeCursor(event.position), limit: page.limit };
        }
      }
      if (batch.events.length < SCAN_BATCH || batch.checkpoint === null) break;
      after = batch.checkpoint;
    }
    return { entries: found.map(entryView), nextCursor: null, limit: page.limit };
  }
}
