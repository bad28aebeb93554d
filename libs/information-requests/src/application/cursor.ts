import { type IsoDate, isIsoDate } from '../domain/due-dates.js';

/** Where a page of the register ends: its order is receivedOn, then requestId. */
export interface CursorKey {
  readonly receivedOn: IsoDate;
  readonly requestId: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.receivedOn, key.requestId]), 'utf8').toString('base64url');
}

/** The key a cursor stands for, or null for anything this API did not issue. */
export function decodeCursor(cursor: string): CursorKey | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [receivedOn, requestId] = value as unknown[];
    return isIsoDate(receivedOn) && typeof requestId === 'string' && requestId.length > 0 ? { receivedOn, requestId } : null;
  } catch {
    return null;
  }
}
