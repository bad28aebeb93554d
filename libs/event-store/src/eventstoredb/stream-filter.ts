import { streamCategory } from '../event-store.port.js';
import { CLAIM_STREAM_PREFIX } from './codec.js';

/**
 * Which `$all` events belong to the record: not system events (`$`-prefixed stream or type: stats,
 * projections' link events `$>`, stream metadata `$$…`), not our event-id claims, and, when a
 * category is asked for, only streams of that category (the text before the first '-', exactly as
 * the port's streamCategory and the PostgreSQL adapter's `category` column).
 */
export function isRecordStream(streamId: string, type: string): boolean {
  return !streamId.startsWith('$') && !type.startsWith('$') && !streamId.startsWith(CLAIM_STREAM_PREFIX);
}

export function matchesFilter(streamId: string, type: string, category: string | undefined): boolean {
  if (!isRecordStream(streamId, type)) return false;
  return category === undefined || streamCategory(streamId) === category;
}

const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');

/**
 * The server-side stream-name filter for subscribeToAll (a .NET regex). It only narrows what the
 * server sends; matchesFilter is applied to every event as well, so the two cannot disagree.
 * With a category: that category's streams, `<category>-…` (and a dash-less stream named exactly
 * the category, which streamCategory also puts in it). Without: everything but `$` streams and claims.
 */
export function serverStreamRegex(category: string | undefined): string {
  if (category !== undefined) return `^${escapeRegex(category)}(-|$)`;
  return `^(?!\\$|${escapeRegex(CLAIM_STREAM_PREFIX)})`;
}
