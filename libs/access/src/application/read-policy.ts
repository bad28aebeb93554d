import { Inject, Injectable } from '@nestjs/common';
import { canRead } from '#auth';
import { CLOCK, type Clock } from '#platform';
import { CLASSIFICATIONS, type Actor, type Classification, type ClassificationMark, type Role } from '#kernel';
import { type AccessDecision, accessDecision } from '../domain/access-log.js';
import { AccessErrorCode as E, refuse, unknown } from '../domain/errors.js';
import { ACCESS_LOG_STREAM_CATEGORY, categoryOf, negotiationOfRecord } from '../domain/ids.js';
import { type AccessEntry, AccessLog } from './access-log.js';

/** A record as the policy sees it: where it is and how it is classified; its data only to find its negotiation. */
export interface PolicyRecord {
  readonly eventId?: string | null;
  readonly stream: string;
  readonly classification: ClassificationMark | Classification;
  readonly data?: Readonly<Record<string, unknown>>;
}

/** One record asked for by one route. */
export interface AuthorizeRecord extends PolicyRecord {
  /** The route template (`GET /negotiations/:id/timeline`), never a query string or content. */
  readonly resource: string;
  /** The negotiation whose file the record belongs to, when the stream and data do not say. */
  readonly negotiationId?: string | null;
}

export interface ReadOptions<T> {
  /** The route template; default `read`. */
  readonly resource?: string;
  /** The record's classification now (a ClassificationBook's classificationOf); default: as recorded. */
  readonly classificationOf?: (record: T, asOf: string) => ClassificationMark;
  readonly correlationId?: string | null;
}

export interface AuthorizeOptions {
  /**
   * False when the route returns no content of the record (a classification change resolving its
   * target): a refusal is still logged, a grant is not, and no purpose is asked for.
   */
  readonly content?: boolean;
  readonly correlationId?: string | null;
}

export interface Screened<T> {
  readonly readable: T[];
  /** Privileged records the caller is cleared for but asked for without X-Access-Purpose: shown with one. */
  readonly withheld: T[];
  /** How many: `withheld.length`. */
  readonly withheldForPurpose: number;
}

const levelOf = (classification: ClassificationMark | Classification): Classification =>
  typeof classification === 'string' ? classification : classification.level;

/**
 * The one read policy (DESIGN.md security model), used by every read path: a role reads the
 * classifications its clearance covers (#auth canRead); privileged content needs a stated purpose;
 * every confidential or privileged read, and every refused attempt at a record, is appended to the
 * access log before the answer leaves; a record the caller may not see answers 404, never 403.
 *
 * Lists (filterReadable) leave out what the caller may not see without logging each omission:
 * the caller asked for the list, not for the record, and a "denied" entry per hidden record would
 * flood the log on every dashboard read. Asking for one record by id (authorize) is an attempt, and
 * a refused one is logged.
 */
@Injectable()
export class ReadPolicy {
  constructor(
    @Inject(AccessLog) private readonly accessLog: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  canSee(role: Role, classification: ClassificationMark | Classification): boolean {
    return canRead(role, levelOf(classification));
  }

  /** The decision for one record; nothing is logged. */
  decide(actor: Actor, classification: ClassificationMark | Classification, purpose: string | null): AccessDecision {
    const level = levelOf(classification);
    return accessDecision({ cleared: canRead(actor.role, level), level, purpose });
  }

  /** Whether the caller may read this one record; logs it when it is confidential or privileged, or refused. */
  async authorize(actor: Actor, record: AuthorizeRecord, purpose: string | null, options: AuthorizeOptions = {}): Promise<boolean> {
    return (await this.check(actor, record, purpose, options)).outcome === 'granted';
  }

  /** authorize, answering 404 RECORD_NOT_FOUND when not cleared and 422 ACCESS_PURPOSE_REQUIRED without a purpose. */
  async assertReadable(actor: Actor, record: AuthorizeRecord, purpose: string | null, options: AuthorizeOptions = {}): Promise<void> {
    const decision = await this.check(actor, record, purpose, options);
    if (decision.reason === 'not-cleared') throw unknown(E.RECORD_NOT_FOUND, 'no such record');
    if (decision.reason === 'purpose-required') {
      throw refuse(E.ACCESS_PURPOSE_REQUIRED, 'privileged content is read for a stated purpose: send it in the X-Access-Purpose header');
    }
  }

  private async check(actor: Actor, record: AuthorizeRecord, purpose: string | null, options: AuthorizeOptions): Promise<AccessDecision> {
    const level = levelOf(record.classification);
    const decided: AccessDecision =
      options.content === false
        ? canRead(actor.role, level)
          ? { outcome: 'granted', reason: 'cleared', logged: false }
          : { outcome: 'denied', reason: 'not-cleared', logged: true }
        : this.decide(actor, level, purpose);
    if (decided.logged) {
      const negotiationId = record.negotiationId !== undefined ? record.negotiationId : negotiationOfRecord(record);
      await this.accessLog.record(actor, [{ negotiationId, data: this.entryData(actor, record, record.resource, level, purpose, decided, null) }], options.correlationId ?? null);
    }
    return decided;
  }

  /** What screening the caller rests on: its decision for each classification. Callers with the same key are screened alike. */
  screeningKey(actor: Actor, purpose: string | null): string {
    return CLASSIFICATIONS.map((level) => {
      const decided = this.decide(actor, level, purpose);
      return `${decided.outcome}:${decided.reason}`;
    }).join(',');
  }

  /** The records the caller may read, nothing logged (for assembling an answer before logging what it shows). */
  screen<T extends PolicyRecord>(actor: Actor, records: readonly T[], purpose: string | null, options: ReadOptions<T> = {}): Screened<T> {
    const now = this.clock.now().toISOString();
    const readable: T[] = [];
    const withheld: T[] = [];
    for (const record of records) {
      const decided = this.decide(actor, this.markOf(record, now, options), purpose);
      if (decided.outcome === 'granted') readable.push(record);
      else if (decided.reason === 'purpose-required') withheld.push(record);
    }
    return { readable, withheld, withheldForPurpose: withheld.length };
  }

  /** Only the readable records; one access-log entry per confidential or privileged record among them, in one append. */
  async filterReadable<T extends PolicyRecord>(actor: Actor, records: readonly T[], purpose: string | null, options: ReadOptions<T> = {}): Promise<T[]> {
    const { readable } = this.screen(actor, records, purpose, options);
    await this.recordReads(actor, readable, purpose, options);
    return readable;
  }

  /**
   * Logs the reads of records already screened: one entry per confidential or privileged record
   * (each once, however often it appears). Access-log entries shown are logged as one entry per
   * access-log stream with their count: an entry per entry would grow the log with every reading of it.
   */
  async recordReads<T extends PolicyRecord>(actor: Actor, records: readonly T[], purpose: string | null, options: ReadOptions<T> = {}): Promise<void> {
    const now = this.clock.now().toISOString();
    const resource = options.resource ?? 'read';
    const entries: AccessEntry[] = [];
    const seen = new Set<string>();
    const logReads = new Map<string, { record: T; level: Classification; count: number }>();
    for (const record of records) {
      const level = this.markOf(record, now, options).level;
      const decided = this.decide(actor, level, purpose);
      // Only reads are logged here: callers pass what screen() let through.
      if (decided.outcome !== 'granted' || !decided.logged) continue;
      if (categoryOf(record.stream) === ACCESS_LOG_STREAM_CATEGORY) {
        const summary = logReads.get(record.stream);
        logReads.set(record.stream, { record, level, count: (summary?.count ?? 0) + 1 });
        continue;
      }
      const key = `${record.stream}\n${record.eventId ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({ negotiationId: negotiationOfRecord(record), data: this.entryData(actor, record, resource, level, purpose, decided, null) });
    }
    for (const [stream, { record, level, count }] of logReads) {
      const decided = this.decide(actor, level, purpose);
      entries.push({ negotiationId: negotiationOfRecord(record), data: this.entryData(actor, { stream }, resource, level, purpose, decided, count) });
    }
    await this.accessLog.record(actor, entries, options.correlationId ?? null);
  }

  private markOf<T extends PolicyRecord>(record: T, now: string, options: ReadOptions<T>): ClassificationMark {
    if (options.classificationOf) return options.classificationOf(record, now);
    return typeof record.classification === 'string' ? { level: record.classification, basis: '' } : record.classification;
  }

  private entryData(actor: Actor, record: Pick<PolicyRecord, 'eventId' | 'stream'>, resource: string, level: Classification, purpose: string | null, decided: AccessDecision, entries: number | null): AccessEntry['data'] {
    return {
      subject: actor.subject,
      role: actor.role,
      resource,
      eventId: entries === null ? (record.eventId ?? null) : null,
      stream: record.stream,
      classification: level,
      purpose: purpose === null || purpose.trim() === '' ? null : purpose,
      outcome: decided.outcome,
      reason: decided.reason,
      entries,
    };
  }
}
