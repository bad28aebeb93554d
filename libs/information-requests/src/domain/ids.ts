import { InformationRequestErrorCode as E, refuse } from './errors.js';

export type InformationRequestId = string;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const WORD = /^[A-Za-z0-9_]{1,100}$/;

/** A UUID, or letters, digits and underscores: never anything that could move the stream's category. */
export function isInformationRequestId(value: unknown): value is InformationRequestId {
  return typeof value === 'string' && (UUID.test(value) || WORD.test(value));
}

export function assertInformationRequestId(value: unknown): asserts value is InformationRequestId {
  if (!isInformationRequestId(value)) {
    throw refuse(E.INVALID_INFORMATION_REQUEST_ID, `an information request id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(value)}`);
  }
}

export const INFORMATION_REQUEST_STREAM_CATEGORY = 'inforequest';

/** The one function that names an information request's stream: `inforequest-<id>`. */
export function informationRequestStream(id: InformationRequestId): string {
  assertInformationRequestId(id);
  return `${INFORMATION_REQUEST_STREAM_CATEGORY}-${id}`;
}
