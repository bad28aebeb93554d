/**
 * A small closed set of domain errors. Each carries a stable `code` (for clients and tests) and a
 * kind that the HTTP edge maps once: rule → 422, not-found → 404, conflict → 409.
 */
export type DomainErrorKind = 'rule' | 'not-found' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule',
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** The record would be structurally impossible or internally inconsistent. */
export const ruleBroken = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'rule', details);

/** A referenced thing does not exist (or the caller may not see it). */
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'not-found', details);
