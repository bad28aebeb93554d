import type { SqlQueryable } from '#sql';
import { type DocumentProjection, viewName } from './projection.js';
import { originalText, storableText } from './storable.js';

export interface DocumentQuery {
  /** Equality filters on declared columns. */
  readonly where?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  /** Declared column to sort by (then by key, so the order is stable). Default: key. */
  readonly orderBy?: string;
  readonly direction?: 'asc' | 'desc';
  readonly limit?: number;
  /**
   * Opaque cursor from the previous page: `[sort value, key]` as the document holds them (the
   * original text, not its stored form), so a caller may build one from the last document it read.
   */
  readonly cursor?: string | null;
}

export interface DocumentPage<Doc> {
  readonly items: readonly Doc[];
  readonly nextCursor: string | null;
}

/** A read model's documents, filtered on declared columns, in a stable order, a page at a time. */
export async function findDocuments<Doc>(sql: SqlQueryable, projection: DocumentProjection<Doc>, query: DocumentQuery = {}): Promise<DocumentPage<Doc>> {
  const columns = projection.columns ?? {};
  const params: unknown[] = [];
  const conditions = whereConditions(projection, query.where, params);
  const orderBy = query.orderBy ?? 'key';
  if (orderBy !== 'key' && !(orderBy in columns)) throw new Error(`unknown sort column ${orderBy}`);
  const dir = query.direction === 'desc' ? 'DESC' : 'ASC';
  const cmp = dir === 'DESC' ? '<' : '>';
  if (query.cursor) {
    const [sortValue, key] = JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8')) as [unknown, string];
    // Compared as stored, like the filters: text escaped as storable.ts says.
    const storedKey = storableText(String(key));
    if (orderBy === 'key') {
      params.push(storedKey);
      conditions.push(`key ${cmp} $${params.length}`);
    } else {
      params.push(columns[orderBy]!.type === 'text' && typeof sortValue === 'string' ? storableText(sortValue) : sortValue, storedKey);
      // Nulls sort last in ASC: compare the pair, then the key.
      conditions.push(`(${orderBy}, key) ${cmp} ($${params.length - 1}, $${params.length})`);
    }
  }
  const limit = Math.min(Math.max(query.limit ?? 50, 1), 500);
  params.push(limit + 1);
  const { rows } = await sql.query<{ key: string; doc: unknown; sort: unknown }>(
    `SELECT key, doc, ${orderBy === 'key' ? 'key' : orderBy} AS sort FROM ${viewName(projection)}
     ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}
     ORDER BY ${orderBy === 'key' ? '' : `${orderBy} ${dir}, `}key ${dir} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const sortValue = last?.sort instanceof Date ? last.sort.toISOString() : typeof last?.sort === 'string' ? originalText(last.sort) : last?.sort;
  const nextCursor = rows.length > limit && last ? Buffer.from(JSON.stringify([sortValue, originalText(last.key)])).toString('base64url') : null;
  return { items: page.map((r) => (typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc) as Doc), nextCursor };
}

/** The SQL conditions of equality filters on declared columns, their values appended to `params`. */
function whereConditions(projection: DocumentProjection, where: DocumentQuery['where'], params: unknown[]): string[] {
  const columns = projection.columns ?? {};
  const conditions: string[] = [];
  for (const [column, value] of Object.entries(where ?? {})) {
    if (value === undefined) continue;
    if (!(column in columns)) throw new Error(`unknown column ${column} of ${projection.name}`);
    // Compared as stored (see storable.ts).
    params.push(columns[column]!.type === 'text' && typeof value === 'string' ? storableText(value) : value);
    conditions.push(`${column} = $${params.length}`);
  }
  return conditions;
}

/**
 * Which state the documents matching `where` are in, as one string: the view's own identity (a
 * rebuild or a failed build put behind it recreates the view) and each document's key with the
 * position of the last event applied to it. Positions only move forward, so while the string is
 * the same the documents are: a reader that keeps documents between requests reads this instead of
 * the documents. Null while the projection has no view yet.
 */
export async function documentsVersion(sql: SqlQueryable, projection: DocumentProjection, where: DocumentQuery['where']): Promise<string | null> {
  const params: unknown[] = [];
  const conditions = whereConditions(projection, where, params);
  const view = viewName(projection);
  try {
    const { rows } = await sql.query<{ version: string }>(
      `SELECT '${view}'::regclass::oid::text || ':' || coalesce(json_agg(json_build_array(key, position) ORDER BY key)::text, '[]') AS version
         FROM ${view} ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''}`,
      params,
    );
    return rows[0]!.version;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}

export async function getDocument<Doc>(sql: SqlQueryable, projection: DocumentProjection<Doc>, key: string): Promise<Doc | null> {
  try {
    const { rows } = await sql.query<{ doc: unknown }>(`SELECT doc FROM ${viewName(projection)} WHERE key = $1`, [storableText(key)]);
    const doc = rows[0]?.doc;
    return doc === undefined ? null : ((typeof doc === 'string' ? JSON.parse(doc) : doc) as Doc);
  } catch (error) {
    // The view appears when the first build is caught up; until then there is nothing to read.
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}
