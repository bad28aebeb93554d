import { notFound, ruleBroken } from '#kernel';

/**
 * Stable codes of the information-request refusals. Only the structurally impossible is refused
 * (DOMAIN.md); breaches of deadlines are recorded and reported as warnings and clock flags.
 * OCCURRED_AT_IN_FUTURE comes from the kernel's shared rule.
 */
export const InformationRequestErrorCode = {
  /** An id that is neither a UUID nor [A-Za-z0-9_]+: it could change the stream's category. */
  INVALID_INFORMATION_REQUEST_ID: 'INVALID_INFORMATION_REQUEST_ID',
  /** A command names another request than the stream it is decided on. */
  INFORMATION_REQUEST_ID_MISMATCH: 'INFORMATION_REQUEST_ID_MISMATCH',
  /** Any act other than receipt on a request that was never received (404). */
  INFORMATION_REQUEST_NOT_FOUND: 'INFORMATION_REQUEST_NOT_FOUND',
  INFORMATION_REQUEST_ALREADY_RECEIVED: 'INFORMATION_REQUEST_ALREADY_RECEIVED',
  INFORMATION_REQUEST_CLOSED: 'INFORMATION_REQUEST_CLOSED',
  /** An item number the request does not have (404). */
  INFORMATION_ITEM_NOT_FOUND: 'INFORMATION_ITEM_NOT_FOUND',
  /** A clarification number never asked on this request (404). */
  CLARIFICATION_NOT_FOUND: 'CLARIFICATION_NOT_FOUND',
  /** An act dated before the request was received, or an answer dated before its question. */
  OCCURRED_BEFORE_RECEIPT: 'OCCURRED_BEFORE_RECEIPT',
  ANSWER_BEFORE_QUESTION: 'ANSWER_BEFORE_QUESTION',
  /** Closing as fulfilled while an item is neither produced, objected to nor explained. */
  ITEMS_UNANSWERED: 'ITEMS_UNANSWERED',
  /** Disposition `withdrawn` for a request the union never withdrew. */
  REQUEST_NOT_WITHDRAWN: 'REQUEST_NOT_WITHDRAWN',
  /** Disposition other than `withdrawn` for a request the union withdrew. */
  REQUEST_WAS_WITHDRAWN: 'REQUEST_WAS_WITHDRAWN',
  /** An "extension" to a date not after the due date in effect. */
  DUE_DATE_NOT_EXTENDED: 'DUE_DATE_NOT_EXTENDED',
  /** An explicit due date before the day of receipt. */
  DUE_DATE_BEFORE_RECEIPT: 'DUE_DATE_BEFORE_RECEIPT',
  /** A meeting id already recorded on this request, held or cancelled: a meeting held cannot be cancelled, nor recorded twice. */
  MEETING_ALREADY_RECORDED: 'MEETING_ALREADY_RECORDED',
  /** A meeting about the request scheduled for a day before the request was received. */
  MEETING_SCHEDULED_BEFORE_RECEIPT: 'MEETING_SCHEDULED_BEFORE_RECEIPT',
  // Malformed input: the HTTP edge validates too, the domain still guards its invariants.
  INVALID_DATE: 'INVALID_DATE',
  INVALID_RESPONSE_POLICY: 'INVALID_RESPONSE_POLICY',
  INVALID_BUSINESS_CALENDAR: 'INVALID_BUSINESS_CALENDAR',
  NO_ITEMS: 'NO_ITEMS',
  INVALID_ITEM_NUMBER: 'INVALID_ITEM_NUMBER',
  DUPLICATE_ITEM_NUMBER: 'DUPLICATE_ITEM_NUMBER',
  REQUIRED_TEXT_MISSING: 'REQUIRED_TEXT_MISSING',
  INVALID_DOCUMENT_HASH: 'INVALID_DOCUMENT_HASH',
  /** A production with neither a document nor a summary of what was produced. */
  EMPTY_PRODUCTION: 'EMPTY_PRODUCTION',
  INVALID_COMPLETENESS: 'INVALID_COMPLETENESS',
  NO_OBJECTION_GROUNDS: 'NO_OBJECTION_GROUNDS',
  UNKNOWN_OBJECTION_GROUND: 'UNKNOWN_OBJECTION_GROUND',
  UNKNOWN_EXPLANATION_REASON: 'UNKNOWN_EXPLANATION_REASON',
  UNKNOWN_DISPOSITION: 'UNKNOWN_DISPOSITION',
  INVALID_MEETING_ID: 'INVALID_MEETING_ID',
  UNKNOWN_SIDE: 'UNKNOWN_SIDE',
  INVALID_ATTENDEES: 'INVALID_ATTENDEES',
} as const;
export type InformationRequestErrorCode = (typeof InformationRequestErrorCode)[keyof typeof InformationRequestErrorCode];

export const refuse = (code: InformationRequestErrorCode, message: string, details?: Record<string, unknown>) =>
  ruleBroken(code, message, details);

export const missing = (code: InformationRequestErrorCode, message: string, details?: Record<string, unknown>) =>
  notFound(code, message, details);
