import { notFound, ruleBroken } from '#kernel';

/** Stable codes of the access context's refusals. Codes marked (404) are `not-found`. */
export const AccessErrorCode = {
  /** An id that is neither a UUID nor [A-Za-z0-9_]+: it could change a stream's category. */
  INVALID_ID: 'INVALID_ID',
  /** (404) The negotiation was never opened, or its id cannot name one. */
  NEGOTIATION_NOT_FOUND: 'NEGOTIATION_NOT_FOUND',
  /** (404) No record of the negotiation has this id, or the caller may not see it. */
  RECORD_NOT_FOUND: 'RECORD_NOT_FOUND',
  /** The command names another negotiation than the stream it is decided on. */
  NEGOTIATION_ID_MISMATCH: 'NEGOTIATION_ID_MISMATCH',
  /** Only records officers, legal counsel and admins change classifications. */
  ROLE_MAY_NOT_CLASSIFY: 'ROLE_MAY_NOT_CLASSIFY',
  /** A change to a level the caller may not read: it would hide the record from its own author. */
  CLASSIFICATION_ABOVE_CLEARANCE: 'CLASSIFICATION_ABOVE_CLEARANCE',
  /** The record already carries this level and basis on the effective date. */
  CLASSIFICATION_UNCHANGED: 'CLASSIFICATION_UNCHANGED',
  INVALID_CLASSIFICATION: 'INVALID_CLASSIFICATION',
  INVALID_DATE: 'INVALID_DATE',
  REQUIRED_TEXT_MISSING: 'REQUIRED_TEXT_MISSING',
  /** Privileged content is read only for a stated purpose (X-Access-Purpose). */
  ACCESS_PURPOSE_REQUIRED: 'ACCESS_PURPOSE_REQUIRED',
} as const;
export type AccessErrorCode = (typeof AccessErrorCode)[keyof typeof AccessErrorCode];

export const refuse = (code: AccessErrorCode, message: string, details?: Record<string, unknown>) => ruleBroken(code, message, details);
export const unknown = (code: AccessErrorCode, message: string, details?: Record<string, unknown>) => notFound(code, message, details);
