import { AccessErrorCode as E, refuse } from './errors.js';

/*
 * The access context guards the reads of other contexts and so imports none of them: it names their
 * streams by category, the one convention every context shares (CONVENTIONS.md 5).
 */

export type IsoDate = string;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const WORD = /^[A-Za-z0-9_]{1,100}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A negotiation id as the bargaining context allows them: a UUID or [A-Za-z0-9_]+. */
export function isNegotiationId(value: unknown): value is string {
  return typeof value === 'string' && (UUID.test(value) || WORD.test(value));
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

export const NEGOTIATION_STREAM_CATEGORY = 'negotiation';
export const INFORMATION_REQUEST_STREAM_CATEGORY = 'inforequest';
export const DEMAND_STREAM_CATEGORY = 'demand';
export const CLASSIFICATION_STREAM_CATEGORY = 'classification';
export const ACCESS_LOG_STREAM_CATEGORY = 'accesslog';

/**
 * Access-log entries about records outside any negotiation (a grievance's information request, a
 * query over the whole log). It has dashes and is no UUID, so no negotiation id can ever name it.
 */
export const OUTSIDE_NEGOTIATIONS = 'outside-negotiations';

function assertNegotiationId(id: string): void {
  if (!isNegotiationId(id)) throw refuse(E.INVALID_ID, `a negotiation id is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(id)}`);
}

/** `negotiation-<id>`, as the bargaining context names it. */
export function negotiationStreamOf(negotiationId: string): string {
  assertNegotiationId(negotiationId);
  return `${NEGOTIATION_STREAM_CATEGORY}-${negotiationId}`;
}

/** The one function that names a negotiation's classification changes: `classification-<negotiationId>`. */
export function classificationStream(negotiationId: string): string {
  assertNegotiationId(negotiationId);
  return `${CLASSIFICATION_STREAM_CATEGORY}-${negotiationId}`;
}

/**
 * The one function that names an access-log stream: `accesslog-<negotiationId>`, one per negotiation
 * (its audit file carries the whole chain of who read it), or `accesslog-outside-negotiations`.
 */
export function accessLogStream(negotiationId: string | null): string {
  if (negotiationId === null) return `${ACCESS_LOG_STREAM_CATEGORY}-${OUTSIDE_NEGOTIATIONS}`;
  assertNegotiationId(negotiationId);
  return `${ACCESS_LOG_STREAM_CATEGORY}-${negotiationId}`;
}

/** The text before the first '-' of a stream name. */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
}

/**
 * The negotiation a record belongs to, from its stream name (negotiation-, classification-,
 * accesslog-) or, for an information request, its data's negotiationId. Null when none.
 */
export function negotiationOfRecord(record: { readonly stream: string; readonly data?: Readonly<Record<string, unknown>> }): string | null {
  const category = categoryOf(record.stream);
  const id = record.stream.slice(category.length + 1);
  if ([NEGOTIATION_STREAM_CATEGORY, CLASSIFICATION_STREAM_CATEGORY, ACCESS_LOG_STREAM_CATEGORY].includes(category) && isNegotiationId(id)) return id;
  const fromData = record.data?.['negotiationId'];
  return isNegotiationId(fromData) ? fromData : null;
}

/** `demand-<id>`, as the bargaining context names a demand to bargain's stream; null for an id that cannot name one. */
export function demandStreamOf(demandId: unknown): string | null {
  return isNegotiationId(demandId) ? `${DEMAND_STREAM_CATEGORY}-${demandId}` : null;
}
