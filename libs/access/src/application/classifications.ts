import { Inject, Injectable } from '@nestjs/common';
import { type EventStore, type RecordedEvent, handleCommand } from '#event-store';
import { EVENT_STORE } from '#platform';
import { CLASSIFICATIONS, type Actor, type BusinessTime, type Classification, type ClassificationMark, type CommandMetadata, calendarDay } from '#kernel';
import { type ChangeClassification, type ClassificationChanged, changeOf, classificationDecider } from '../domain/classification-change.js';
import { type ChangeSource, effectiveClassification, moreRestrictive } from '../domain/effective-classification.js';
import { AccessErrorCode as E, refuse, unknown } from '../domain/errors.js';
import { classificationStream } from '../domain/ids.js';
import type { AccessContext } from './access-context.js';
import { KeptForReaders, NegotiationFiles } from './negotiation-files.js';
import { ReadPolicy } from './read-policy.js';

export const CHANGE_RESOURCE = 'POST /negotiations/:id/classification-changes';
export const REGISTER_RESOURCE = 'GET /negotiations/:id/classification-register';

export interface ClassificationChangeRequest {
  readonly targetEventId: string;
  readonly to: ClassificationMark;
  readonly effectiveOn: string;
  readonly reason: string;
}

export interface ClassificationChangeView {
  readonly negotiationId: string;
  readonly changeEventId: string;
  readonly targetEventId: string;
  readonly targetStream: string;
  readonly targetType: string;
  readonly from: ClassificationMark;
  readonly to: ClassificationMark;
  readonly effectiveOn: string;
  readonly reason: string;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  /** The classification of the change itself: the more restrictive of from and to. */
  readonly classification: ClassificationMark;
  /** The record's classification today, with this change. */
  readonly currentClassification: ClassificationMark;
}

export interface RegisterStep {
  readonly effectiveOn: string;
  readonly from: ClassificationMark;
  readonly to: ClassificationMark;
  readonly reason: string;
  readonly source: 'recorded' | 'automatic';
  /** For an automatic change, the rule that made it. */
  readonly rule: string | null;
  /** The ClassificationChanged event, or the fact an automatic change follows from. */
  readonly eventId: string | null;
  readonly recordedAt: string | null;
  /** True when its effective day is still to come. */
  readonly pending: boolean;
}

export interface RegisterEntry {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly recorded: ClassificationMark;
  readonly current: ClassificationMark;
  readonly history: readonly RegisterStep[];
}

export interface ClassificationRegister {
  readonly negotiationId: string;
  /** The day "current" is computed for. */
  readonly asOf: string;
  /** Records shown, by current level. */
  readonly totals: Readonly<Record<Classification, number>>;
  readonly entries: readonly RegisterEntry[];
}

/** A change step is shown to whoever may read both of its marks (what a ClassificationChanged is classified at). */
const stepLevel = (from: ClassificationMark, to: ClassificationMark): Classification => moreRestrictive('internal', moreRestrictive(from.level, to.level));

/**
 * Classification changes (POST) and the classification register (GET) of a negotiation. The
 * register lists each record's marks and dates, never its content, so listing a record is not a
 * logged read; it lists only records the caller's clearance covers today. A recorded change carries
 * its author's reason, so the change events shown are reads, logged as any other.
 */
@Injectable()
export class Classifications {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
  ) {}

  /**
   * Registers of kept files, with the change events each shows: about 1 kB an entry in the heap, so
   * at most 10,000 entries (a longer register is derived on each request; its answer, megabytes of
   * JSON, costs more than its fold).
   */
  private readonly registers = new KeptForReaders<{ readonly register: ClassificationRegister; readonly shownChangeEvents: readonly RecordedEvent[] }>(10_000, ({ register }) => register.entries.length);

  async change(negotiationId: string, request: ClassificationChangeRequest, metadata: CommandMetadata, access: AccessContext): Promise<ClassificationChangeView> {
    const file = await this.files.read(negotiationId);
    const { actor } = access;
    const target = file.records.find((record) => record.eventId === request.targetEventId);
    if (!target) throw unknown(E.RECORD_NOT_FOUND, 'no record of this negotiation has that id', { targetEventId: request.targetEventId });
    const current = file.book.classificationOf(target, metadata.now);
    // Resolving the target returns none of its content: a refusal is logged (and is a 404), a grant is not.
    await this.policy.assertReadable(actor, { eventId: target.eventId, stream: target.stream, classification: current, resource: CHANGE_RESOURCE, negotiationId }, access.purpose, {
      content: false,
      correlationId: access.correlationId,
    });
    const changes = file.book.changesOf(target.eventId);
    const fromOnDay = effectiveClassification(target, changes, request.effectiveOn);
    if (!this.policy.canSee(actor.role, fromOnDay) || !this.policy.canSee(actor.role, request.to)) {
      throw refuse(E.CLASSIFICATION_ABOVE_CLEARANCE, `a ${actor.role} may not change a classification from or to a level above its clearance`);
    }
    const command: ChangeClassification = {
      type: 'ChangeClassification',
      data: {
        negotiationId,
        target: { eventId: target.eventId, stream: target.stream, type: target.type, classification: target.classification },
        automaticChanges: changes.filter((c) => c.source.kind === 'automatic'),
        to: request.to,
        effectiveOn: request.effectiveOn,
        reason: request.reason,
      },
      metadata,
    };
    const handled = await handleCommand(this.store, classificationStream(negotiationId), classificationDecider, command);
    const stored = handled.events[0]!;
    const event = stored as unknown as ClassificationChanged;
    const after = [...changes, changeOf(event, stored.eventId, stored.recordedAt)];
    return {
      negotiationId,
      changeEventId: stored.eventId,
      targetEventId: event.data.targetEventId,
      targetStream: event.data.targetStream,
      targetType: event.data.targetType,
      from: event.data.from,
      to: event.data.to,
      effectiveOn: event.data.effectiveOn,
      reason: event.data.reason,
      recordedAt: stored.recordedAt,
      recordedBy: stored.actor,
      classification: stored.classification,
      currentClassification: effectiveClassification(target, after, metadata.now),
    };
  }

  async register(negotiationId: string, access: AccessContext, now: string): Promise<ClassificationRegister> {
    const file = await this.files.current(negotiationId);
    const { actor } = access;
    const today = calendarDay(now);
    // The same file read on the same day by a reader screened alike gives the same register.
    const { register, shownChangeEvents } = this.registers.get([negotiationId, today, this.policy.screeningKey(actor, access.purpose)].join('\n'), file, () => {
      const changeEvents = new Map(file.classificationChanges.map((event) => [event.eventId, event]));
      const shown: RecordedEvent[] = [];
      const totals = Object.fromEntries(CLASSIFICATIONS.map((level) => [level, 0])) as Record<Classification, number>;
      const entries: RegisterEntry[] = [];
      for (const record of file.records) {
        const current = file.book.classificationOf(record, now);
        if (!this.policy.canSee(actor.role, current)) continue;
        totals[current.level] += 1;
        const history = file.book
          .historyOf(record)
          .filter((step) => this.policy.decide(actor, stepLevel(step.from, step.to), access.purpose).outcome === 'granted')
          .map((step) => {
            const changeEvent = step.source.kind === 'recorded' && step.source.eventId ? changeEvents.get(step.source.eventId) : undefined;
            if (changeEvent) shown.push(changeEvent);
            return registerStep(step, today);
          });
        entries.push({
          eventId: record.eventId,
          stream: record.stream,
          revision: record.revision,
          type: record.type,
          occurredAt: record.occurredAt,
          recordedAt: record.recordedAt,
          recordedBy: record.actor,
          recorded: record.classification,
          current,
          history,
        });
      }
      return { register: { negotiationId, asOf: today, totals, entries }, shownChangeEvents: shown };
    });
    await this.policy.recordReads(actor, shownChangeEvents, access.purpose, { resource: REGISTER_RESOURCE, correlationId: access.correlationId });
    return register;
  }
}

function registerStep(step: { effectiveOn: string; from: ClassificationMark; to: ClassificationMark; reason: string; source: ChangeSource }, today: string): RegisterStep {
  return {
    effectiveOn: step.effectiveOn,
    from: step.from,
    to: step.to,
    reason: step.reason,
    source: step.source.kind,
    rule: step.source.kind === 'automatic' ? step.source.rule : null,
    eventId: step.source.kind === 'recorded' ? step.source.eventId : step.source.fact,
    recordedAt: step.source.kind === 'recorded' ? step.source.recordedAt : null,
    pending: step.effectiveOn > today,
  };
}
