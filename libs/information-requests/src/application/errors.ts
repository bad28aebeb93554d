import { notFound, ruleBroken } from '#kernel';

/** Refusals of the application layer (the decider's own codes are InformationRequestErrorCode). */
export const InformationRequestApplicationErrorCode = {
  /** The bargaining context has recorded no unit with this id (404). */
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
  /** A unit id that is neither a UUID nor [A-Za-z0-9_]+. */
  INVALID_UNIT_ID: 'INVALID_UNIT_ID',
  /** A policy command names another unit than the stream it is decided on. */
  UNIT_ID_MISMATCH: 'UNIT_ID_MISMATCH',
} as const;
export type InformationRequestApplicationErrorCode =
  (typeof InformationRequestApplicationErrorCode)[keyof typeof InformationRequestApplicationErrorCode];

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const WORD = /^[A-Za-z0-9_]{1,100}$/;

/** The id shape every context uses for stream ids (bargaining's units included). */
export const ID_PATTERN = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$/;

export function isUnitId(value: unknown): value is string {
  return typeof value === 'string' && (UUID.test(value) || WORD.test(value));
}

export function assertUnitId(value: unknown): asserts value is string {
  if (!isUnitId(value)) {
    throw ruleBroken(InformationRequestApplicationErrorCode.INVALID_UNIT_ID, `a unit id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(value)}`);
  }
}

export const unitNotFound = (unitId: string) =>
  notFound(InformationRequestApplicationErrorCode.UNIT_NOT_FOUND, `no bargaining unit ${unitId} is recorded`, { unitId });
