import { notFound, ruleBroken } from '#kernel';

/**
 * Stable codes of the bargaining refusals. Only the structurally impossible or internally
 * inconsistent is refused (DOMAIN.md); breaches of statute and ground rules are warnings.
 * OCCURRED_AT_IN_FUTURE comes from the kernel's shared rule. Codes marked (404) are `not-found`.
 */
export const BargainingErrorCode = {
  /** An id that is neither a UUID nor [A-Za-z0-9_]+: it could change a stream's category. */
  INVALID_ID: 'INVALID_ID',
  /** A command names another unit or negotiation than the stream it is decided on. */
  UNIT_ID_MISMATCH: 'UNIT_ID_MISMATCH',
  NEGOTIATION_ID_MISMATCH: 'NEGOTIATION_ID_MISMATCH',

  UNIT_ALREADY_REGISTERED: 'UNIT_ALREADY_REGISTERED',
  /** (404) */
  UNIT_NOT_REGISTERED: 'UNIT_NOT_REGISTERED',

  NEGOTIATION_ALREADY_OPENED: 'NEGOTIATION_ALREADY_OPENED',
  /** (404) Any act other than opening on a negotiation that was never opened. */
  NEGOTIATION_NOT_OPENED: 'NEGOTIATION_NOT_OPENED',
  /** Any write but a correction to a concluded negotiation. */
  NEGOTIATION_CONCLUDED: 'NEGOTIATION_CONCLUDED',

  SESSION_ALREADY_RECORDED: 'SESSION_ALREADY_RECORDED',
  /** A held session's number is its identity in the minutes: two held sessions cannot share one. */
  SESSION_NUMBER_TAKEN: 'SESSION_NUMBER_TAKEN',
  /** (404) */
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',

  PROPOSAL_ALREADY_TABLED: 'PROPOSAL_ALREADY_TABLED',
  /** (404) */
  PROPOSAL_NOT_FOUND: 'PROPOSAL_NOT_FOUND',
  /** A counterproposal must answer the other side. */
  COUNTER_TO_OWN_PROPOSAL: 'COUNTER_TO_OWN_PROPOSAL',
  /** Withdrawing or rejecting a proposal that was already withdrawn or rejected. */
  PROPOSAL_NOT_ON_TABLE: 'PROPOSAL_NOT_ON_TABLE',
  NOT_A_PACKAGE: 'NOT_A_PACKAGE',
  /** A package is a proposal over several articles. */
  PACKAGE_NEEDS_SEVERAL_ARTICLES: 'PACKAGE_NEEDS_SEVERAL_ARTICLES',

  /** (404) */
  TENTATIVE_AGREEMENT_NOT_FOUND: 'TENTATIVE_AGREEMENT_NOT_FOUND',
  /** The same side initialing one TA twice. */
  TA_ALREADY_SIGNED_BY_SIDE: 'TA_ALREADY_SIGNED_BY_SIDE',
  /** Signing, withdrawing or settling on a TA that was withdrawn. */
  TA_WITHDRAWN: 'TA_WITHDRAWN',
  /** The second initial names other articles or text than the first: not the same agreement. */
  TA_TEXT_MISMATCH: 'TA_TEXT_MISMATCH',

  /** An impasse procedure step without a declared impasse. */
  NOT_AT_IMPASSE: 'NOT_AT_IMPASSE',
  /** Publishing a factfinding report that was never issued. */
  FACTFINDING_REPORT_NOT_ISSUED: 'FACTFINDING_REPORT_NOT_ISSUED',

  /** A stoppage named as noticed, ended or returned from that no notice or beginning recorded. */
  WORK_STOPPAGE_NOT_RECORDED: 'WORK_STOPPAGE_NOT_RECORDED',
  /** The end of a stoppage that was noticed but never began. */
  WORK_STOPPAGE_NOT_BEGUN: 'WORK_STOPPAGE_NOT_BEGUN',
  WORK_STOPPAGE_ALREADY_BEGAN: 'WORK_STOPPAGE_ALREADY_BEGAN',
  WORK_STOPPAGE_ALREADY_ENDED: 'WORK_STOPPAGE_ALREADY_ENDED',
  /** A new stoppage (notice or beginning) under an id this negotiation already holds. */
  WORK_STOPPAGE_ALREADY_RECORDED: 'WORK_STOPPAGE_ALREADY_RECORDED',
  /** An end dated before the stoppage's beginning. */
  WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN: 'WORK_STOPPAGE_ENDS_BEFORE_IT_BEGAN',

  DEMAND_ALREADY_MADE: 'DEMAND_ALREADY_MADE',
  /** (404) A demand to bargain named by id that was never recorded. */
  DEMAND_NOT_RECORDED: 'DEMAND_NOT_RECORDED',
  /** A demand has one answer; a changed position is a correction or a new demand. */
  DEMAND_ALREADY_ANSWERED: 'DEMAND_ALREADY_ANSWERED',
  /** An answer dated before the demand it answers. */
  DEMAND_ANSWERED_BEFORE_MADE: 'DEMAND_ANSWERED_BEFORE_MADE',
  /** A negotiation linked to a demand made to bargain for another unit. */
  DEMAND_OF_ANOTHER_UNIT: 'DEMAND_OF_ANOTHER_UNIT',

  /** A settlement that cites no tentative agreement. */
  SETTLEMENT_WITHOUT_TA: 'SETTLEMENT_WITHOUT_TA',
  /** A settlement step (disclosure, ratification, approval, execution) with no settlement reached. */
  SETTLEMENT_NOT_REACHED: 'SETTLEMENT_NOT_REACHED',
  /** Concluding as settled without a settlement, or as imposed without an imposition. */
  CONCLUSION_INCONSISTENT: 'CONCLUSION_INCONSISTENT',

  /** Only negotiation facts are correctable, and a correction is not itself corrected (correct the original again). */
  EVENT_NOT_CORRECTABLE: 'EVENT_NOT_CORRECTABLE',
  CORRECTION_CHANGES_NOTHING: 'CORRECTION_CHANGES_NOTHING',

  // Malformed input: the HTTP edge validates too; the domain still guards its invariants.
  INVALID_VALUE: 'INVALID_VALUE',
  INVALID_DATE: 'INVALID_DATE',
  REQUIRED_TEXT_MISSING: 'REQUIRED_TEXT_MISSING',
  AGREEMENT_TERM_INVALID: 'AGREEMENT_TERM_INVALID',
  NO_ARTICLES: 'NO_ARTICLES',
  DUPLICATE_ARTICLE: 'DUPLICATE_ARTICLE',
  INVALID_DOCUMENT_HASH: 'INVALID_DOCUMENT_HASH',
  INVALID_SESSION_NUMBER: 'INVALID_SESSION_NUMBER',
  INVALID_VOTE_COUNT: 'INVALID_VOTE_COUNT',
} as const;
export type BargainingErrorCode = (typeof BargainingErrorCode)[keyof typeof BargainingErrorCode];

export const refuse = (code: BargainingErrorCode, message: string, details?: Record<string, unknown>) =>
  ruleBroken(code, message, details);

export const unknown = (code: BargainingErrorCode, message: string, details?: Record<string, unknown>) =>
  notFound(code, message, details);
