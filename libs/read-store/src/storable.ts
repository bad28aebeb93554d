import type { ColumnType } from './projection.js';

/**
 * Read models store whatever an accepted event gives them. PostgreSQL's text (and jsonb) cannot hold
 * U+0000, and a lone UTF-16 surrogate has no UTF-8 form (the driver would silently replace it), so
 * keys and text in declared columns are stored escaped: U+FFFF followed by the four hex digits of
 * the code unit, for U+0000, each lone surrogate and U+FFFF itself. The escape is reversible and
 * leaves every other string unchanged, so existing rows and equality filters keep their meaning.
 * Documents need none of it: they are json (not jsonb), which keeps `\u0000` and lone `\udXXX`
 * escapes as JSON.stringify writes them, and JSON.parse restores them.
 */
const ESCAPE = '\uffff';
const UNSTORABLE = /[\u0000\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ESCAPED = /\uffff([0-9a-f]{4})/g;

export function storableText(value: string): string {
  return value.replace(UNSTORABLE, (unit) => ESCAPE + unit.charCodeAt(0).toString(16).padStart(4, '0'));
}

export function originalText(stored: string): string {
  return stored.includes(ESCAPE) ? stored.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : stored;
}

/** A value for jsonb: every string in it (property names too) made storable. */
function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[storableText(k)] = storableJson(v);
    return out;
  }
  return value;
}

/** A jsonb column's value as read back: every string in it (property names too) its original text. */
export function originalJson(value: unknown): unknown {
  if (typeof value === 'string') return originalText(value);
  if (Array.isArray(value)) return value.map(originalJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[originalText(k)] = originalJson(v);
    return out;
  }
  return value;
}

const INT32 = 2 ** 31;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function calendarDay(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = DAY.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? value : null;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function instant(value: unknown): string | null {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) return null;
  const date = new Date(time);
  if (date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) return null;
  // An ISO instant goes as it is (PostgreSQL reads it alike); anything else as the instant JavaScript read.
  // (JavaScript reads 2025-02-30 as March 2 and 24:00 as the next day; PostgreSQL refuses the first.)
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return calendarDay(value.slice(0, 10)) !== null && value.slice(11, 13) < '24' ? value : null;
  return date.toISOString();
}

/**
 * A declared column's value as its SQL type can hold it. Columns exist to filter and sort; the
 * document keeps the truth, so a value the type cannot hold (an impossible date an accepted
 * correction carried, a number out of range) becomes NULL instead of failing the projection.
 */
export function columnValue(type: ColumnType, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'text':
      return storableText(typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value));
    case 'jsonb':
      return JSON.stringify(storableJson(value));
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) < INT32 ? value : null;
    case 'bigint':
      return Number.isSafeInteger(value) || (typeof value === 'string' && /^-?\d{1,18}$/.test(value)) || typeof value === 'bigint' ? String(value) : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      return calendarDay(value);
    case 'timestamptz':
      return instant(value);
  }
}
