import type { Classification, ClassificationMark, Event, Role } from '#kernel';

/*
 * The access log: who read (or tried to read) which confidential or privileged record, when, for
 * what stated purpose, and whether it was granted. It names records by id and stream and never
 * copies their content.
 */

export const ACCESS_LOG_CLASSIFICATION: ClassificationMark = Object.freeze({ level: 'confidential', basis: 'access log' });

export const ACCESS_OUTCOMES = ['granted', 'denied'] as const;
export type AccessOutcome = (typeof ACCESS_OUTCOMES)[number];

/**
 * cleared: the role's clearance covers the record. not-cleared: it does not (the caller gets 404).
 * purpose-required: cleared, but privileged content is read only for a stated purpose.
 */
export type AccessReason = 'cleared' | 'not-cleared' | 'purpose-required';

export type RecordAccessed = Event<'RecordAccessed', {
  subject: string;
  role: Role;
  /** What was asked for: a route template, never a query string or content. */
  resource: string;
  /** The record read; null for a read of the access log itself (summarised, see below). */
  eventId: string | null;
  stream: string | null;
  classification: Classification;
  purpose: string | null;
  outcome: AccessOutcome;
  reason: AccessReason;
  /** For a read of access-log entries: how many were shown (they are summarised in one entry). */
  entries: number | null;
}>;

/** Confidential and privileged reads are logged whatever the outcome; anything refused is logged too. */
export const SENSITIVE_LEVELS: readonly Classification[] = ['confidential', 'privileged'];

export interface AccessDecision {
  readonly outcome: AccessOutcome;
  readonly reason: AccessReason;
  /** Whether the access log must record this decision. */
  readonly logged: boolean;
}

/**
 * The read rule for one record. `cleared` is the role's clearance for the level (#auth canRead).
 * Privileged content needs a stated purpose (X-Access-Purpose): attorney-client material is read for
 * a matter, and the log must say which. For other levels a purpose is recorded when given.
 */
export function accessDecision(input: { readonly cleared: boolean; readonly level: Classification; readonly purpose: string | null }): AccessDecision {
  const sensitive = SENSITIVE_LEVELS.includes(input.level);
  if (!input.cleared) return { outcome: 'denied', reason: 'not-cleared', logged: true };
  if (input.level === 'privileged' && (input.purpose === null || input.purpose.trim() === '')) {
    return { outcome: 'denied', reason: 'purpose-required', logged: true };
  }
  return { outcome: 'granted', reason: 'cleared', logged: sensitive };
}
