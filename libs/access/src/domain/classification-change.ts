import {
  CLASSIFICATIONS,
  type ClassificationMark,
  type Command,
  type Decider,
  type Event,
  type Role,
  assertNever,
  assertOccurredNotInFuture,
} from '#kernel';
import { type ClassificationChange, effectiveClassification, moreRestrictive } from './effective-classification.js';
import { AccessErrorCode as E, refuse, unknown } from './errors.js';
import { type IsoDate, isIsoDate, isNegotiationId } from './ids.js';

/*
 * Classification changes of a negotiation's records, in the stream `classification-<negotiationId>`.
 * A record's own event is never touched (events are immutable): a change is a new fact naming the
 * record, the mark it had and the mark it takes from an effective day on (a past day: it was made
 * public then; a future day: an embargo ends then).
 */

/** Who decides classifications: those who keep the file, advise on privilege, or run the office. */
export const CLASSIFIERS = ['records-officer', 'legal-counsel', 'admin'] as const satisfies readonly Role[];

export type ClassificationChanged = Event<'ClassificationChanged', {
  negotiationId: string;
  targetEventId: string;
  targetStream: string;
  targetType: string;
  /** The mark the record carried on effectiveOn before this change. */
  from: ClassificationMark;
  to: ClassificationMark;
  effectiveOn: IsoDate;
  reason: string;
}>;

export type ClassificationEvent = ClassificationChanged;

/** The changed record, as the application layer resolved it from the negotiation's streams. */
export interface ClassificationTarget {
  readonly eventId: string;
  readonly stream: string;
  readonly type: string;
  /** The mark it was recorded with. */
  readonly classification: ClassificationMark;
}

export type ChangeClassification = Command<'ChangeClassification', {
  negotiationId: string;
  /** Null when no record of the negotiation has the requested id (refused, 404). */
  target: ClassificationTarget | null;
  /** The changes the facts make on the target by themselves (automaticClassificationChanges), resolved with it. */
  automaticChanges?: readonly ClassificationChange[];
  to: ClassificationMark;
  effectiveOn: IsoDate;
  reason: string;
}>;

export type ClassificationCommand = ChangeClassification;

export interface ClassificationState {
  readonly negotiationId: string | null;
  /** Recorded changes, in recording order. */
  readonly changes: readonly ClassificationChange[];
}

export const initialClassificationState = (): ClassificationState => ({ negotiationId: null, changes: [] });

/** The change a ClassificationChanged records, as effectiveClassification reads it. */
export function changeOf(event: ClassificationChanged, eventId: string | null = null, recordedAt: string | null = null): ClassificationChange {
  const { targetEventId, to, effectiveOn, reason } = event.data;
  return { targetEventId, to: { level: to.level, basis: to.basis }, effectiveOn, reason, source: { kind: 'recorded', eventId, recordedAt } };
}

export function evolveClassification(state: ClassificationState, event: ClassificationEvent): ClassificationState {
  switch (event.type) {
    case 'ClassificationChanged':
      return { negotiationId: state.negotiationId ?? event.data.negotiationId, changes: [...state.changes, changeOf(event)] };
    default:
      // An unknown (newer) event type changes nothing.
      return state;
  }
}

function requiredText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '') throw refuse(E.REQUIRED_TEXT_MISSING, `${field} is required`, { field });
  if (value.length > max) throw refuse(E.REQUIRED_TEXT_MISSING, `${field} is longer than ${max} characters`, { field });
  return value.trim();
}

function mark(value: ClassificationMark | null | undefined, field: string): ClassificationMark {
  if (!CLASSIFICATIONS.includes(value?.level as never)) {
    throw refuse(E.INVALID_CLASSIFICATION, `${field}.level must be one of ${CLASSIFICATIONS.join(', ')}, got ${JSON.stringify(value?.level)}`, { field });
  }
  return { level: value!.level, basis: requiredText(value!.basis, `${field}.basis`, 500) };
}

export function decideClassification(command: ClassificationCommand, state: ClassificationState): ClassificationEvent[] {
  switch (command.type) {
    case 'ChangeClassification':
      return [change(command, state)];
    default:
      return assertNever(command.type);
  }
}

function change(command: ChangeClassification, state: ClassificationState): ClassificationChanged {
  assertOccurredNotInFuture(command.metadata);
  const d = command.data;
  if (!isNegotiationId(d.negotiationId)) throw refuse(E.INVALID_ID, `a negotiation id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(d.negotiationId)}`);
  if (state.negotiationId !== null && state.negotiationId !== d.negotiationId) {
    throw refuse(E.NEGOTIATION_ID_MISMATCH, `command names negotiation ${d.negotiationId}, stream holds ${state.negotiationId}`);
  }
  if (!(CLASSIFIERS as readonly Role[]).includes(command.metadata.actor.role)) {
    throw refuse(E.ROLE_MAY_NOT_CLASSIFY, `classifications are changed by ${CLASSIFIERS.join(', ')}; not by ${command.metadata.actor.role}`);
  }
  if (d.target === null) throw unknown(E.RECORD_NOT_FOUND, 'no record of this negotiation has that id');
  if (!isIsoDate(d.effectiveOn)) throw refuse(E.INVALID_DATE, `effectiveOn must be a calendar date YYYY-MM-DD, got ${JSON.stringify(d.effectiveOn)}`, { field: 'effectiveOn' });
  const to = mark(d.to, 'to');
  const reason = requiredText(d.reason, 'reason', 2000);

  const ownChanges = state.changes.filter((c) => c.targetEventId === d.target!.eventId);
  const from = effectiveClassification(d.target, [...(d.automaticChanges ?? []), ...ownChanges], d.effectiveOn);
  if (from.level === to.level && from.basis === to.basis) {
    throw refuse(E.CLASSIFICATION_UNCHANGED, `the record is already ${to.level} (${to.basis}) on ${d.effectiveOn}`, { effectiveOn: d.effectiveOn });
  }
  return {
    type: 'ClassificationChanged',
    data: {
      negotiationId: d.negotiationId,
      targetEventId: d.target.eventId,
      targetStream: d.target.stream,
      targetType: d.target.type,
      from: { level: from.level, basis: from.basis },
      to,
      effectiveOn: d.effectiveOn,
      reason,
    },
  };
}

/**
 * A change names both marks and gives a reason, so it is read only by those cleared for both:
 * the more restrictive of from and to, and at least internal (it is never public by itself).
 */
export function classifyClassificationEvent(event: ClassificationEvent): ClassificationMark {
  const level = moreRestrictive('internal', moreRestrictive(event.data.from.level, event.data.to.level));
  return { level, basis: `change of classification (${event.data.from.level} to ${event.data.to.level}): read as the more restrictive` };
}

export const classificationDecider: Decider<ClassificationCommand, ClassificationEvent, ClassificationState> = {
  decide: decideClassification,
  evolve: evolveClassification,
  initialState: initialClassificationState,
  classify: classifyClassificationEvent,
};
