import { BargainingErrorCode as E, refuse } from './errors.js';

export type UnitId = string;
export type NegotiationId = string;
export type ProposalId = string;
export type TaId = string;
export type SessionId = string;
/** A work stoppage (strike, sick-out, lockout): its notice, beginning and end share it. */
export type StoppageId = string;
/** A demand to bargain: its own stream, `demand-<id>`. */
export type DemandId = string;

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const WORD = /^[A-Za-z0-9_]{1,100}$/;

/** A UUID, or letters, digits and underscores: never anything that could move a stream's category. */
export function isBargainingId(value: unknown): value is string {
  return typeof value === 'string' && (UUID.test(value) || WORD.test(value));
}

export function assertBargainingId(value: unknown, what: string): asserts value is string {
  if (!isBargainingId(value)) {
    throw refuse(E.INVALID_ID, `a ${what} is a UUID or [A-Za-z0-9_]+, got ${JSON.stringify(value)}`, { field: what });
  }
}

export const UNIT_STREAM_CATEGORY = 'unit';
export const NEGOTIATION_STREAM_CATEGORY = 'negotiation';
export const DEMAND_STREAM_CATEGORY = 'demand';

/** The one function that names a bargaining unit's stream: `unit-<id>`. */
export function unitStream(id: UnitId): string {
  assertBargainingId(id, 'unit id');
  return `${UNIT_STREAM_CATEGORY}-${id}`;
}

/** The one function that names a negotiation's stream: `negotiation-<id>`. */
export function negotiationStream(id: NegotiationId): string {
  assertBargainingId(id, 'negotiation id');
  return `${NEGOTIATION_STREAM_CATEGORY}-${id}`;
}

/** The one function that names a demand to bargain's stream: `demand-<id>`. */
export function demandStream(id: DemandId): string {
  assertBargainingId(id, 'demand id');
  return `${DEMAND_STREAM_CATEGORY}-${id}`;
}
