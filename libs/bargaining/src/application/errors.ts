import { notFound, ruleBroken } from '#kernel';
import { BargainingErrorCode } from '../domain/errors.js';

/**
 * Refusals of the application layer, besides the decider's BargainingErrorCode: what it resolves
 * from the stream before deciding (the corrected event) and the records a reader asks for by id.
 * Every not-found here also answers a record the caller may not see (404, never 403).
 */
export const BargainingApplicationErrorCode = {
  /** (404) No event with this id in the negotiation's stream that the caller may see. */
  EVENT_NOT_FOUND: 'EVENT_NOT_FOUND',
  /** (404) No confidential note with this id that the caller may see. */
  CONFIDENTIAL_NOTE_NOT_FOUND: 'CONFIDENTIAL_NOTE_NOT_FOUND',
  /** (404) A correction names an event that is not in this negotiation's stream, or not visible to the caller. */
  CORRECTED_EVENT_NOT_FOUND: 'CORRECTED_EVENT_NOT_FOUND',
  /** A correction names a field the corrected event does not have (only its data fields and occurredAt are correctable). */
  CORRECTED_FIELD_UNKNOWN: 'CORRECTED_FIELD_UNKNOWN',
} as const;
export type BargainingApplicationErrorCode = (typeof BargainingApplicationErrorCode)[keyof typeof BargainingApplicationErrorCode];

const A = BargainingApplicationErrorCode;

export const negotiationNotFound = (negotiationId: string) =>
  notFound(BargainingErrorCode.NEGOTIATION_NOT_OPENED, `no negotiation ${negotiationId} is recorded`, { negotiationId });

export const unitNotFound = (unitId: string) => notFound(BargainingErrorCode.UNIT_NOT_REGISTERED, `unit ${unitId} is not registered`, { unitId });

export const demandNotFound = (demandId: string) => notFound(BargainingErrorCode.DEMAND_NOT_RECORDED, `no demand to bargain ${demandId} is recorded`, { demandId });

export const proposalNotFound = (proposalId: string) =>
  notFound(BargainingErrorCode.PROPOSAL_NOT_FOUND, `no proposal ${proposalId} in this negotiation`, { proposalId });

export const tentativeAgreementNotFound = (taId: string) =>
  notFound(BargainingErrorCode.TENTATIVE_AGREEMENT_NOT_FOUND, `no tentative agreement ${taId} in this negotiation`, { taId });

export const eventNotFound = (eventId: string) => notFound(A.EVENT_NOT_FOUND, `no event ${eventId} in this negotiation`, { eventId });

export const confidentialNoteNotFound = (noteId: string) =>
  notFound(A.CONFIDENTIAL_NOTE_NOT_FOUND, `no confidential note ${noteId} in this negotiation`, { noteId });

export const correctedEventNotFound = (eventId: string) =>
  notFound(A.CORRECTED_EVENT_NOT_FOUND, `the corrected event ${eventId} is not in this negotiation`, { correctedEventId: eventId });

export const correctedFieldUnknown = (eventType: string, fields: readonly string[], allowed: readonly string[]) =>
  ruleBroken(A.CORRECTED_FIELD_UNKNOWN, `${eventType} has no field ${fields.join(', ')}; correctable: ${allowed.join(', ')}`, { fields, allowed });
