import type { RecordedEvent } from '#event-store';

export type ColumnType = 'text' | 'integer' | 'bigint' | 'boolean' | 'date' | 'timestamptz' | 'jsonb';

/**
 * A read model as documents: each event names the keys it touches, and a pure evolve turns a
 * document (or nothing) into its next version (or nothing, to delete it). Declared columns are
 * extracted from the document for filtering and sorting. (CONVENTIONS 9.)
 */
export interface DocumentProjection<Doc = unknown> {
  /** Kebab-case name; with the version it names the tables, e.g. negotiation-summary.v1. */
  readonly name: string;
  /** Bump it when evolve or the document shape changes: the new version rebuilds from the start. */
  readonly version: number;
  /** Stream categories it reads; the rest is skipped. */
  readonly categories: readonly string[];
  readonly columns?: Readonly<Record<string, { readonly type: ColumnType; value(doc: Doc): unknown; readonly index?: boolean }>>;
  keys(event: RecordedEvent): readonly string[];
  evolve(doc: Doc | null, event: RecordedEvent, key: string): Doc | null;
}

export const projectionId = (p: Pick<DocumentProjection, 'name' | 'version'>) => `${p.name}.v${p.version}`;

/** The view readers query: always the active build of the projection's current version. */
export const viewName = (p: Pick<DocumentProjection, 'name'>) => `rm_${p.name.replace(/-/g, '_')}`;

export function assertProjectionShape(p: DocumentProjection): void {
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(p.name)) throw new Error(`invalid projection name: ${p.name}`);
  if (!Number.isInteger(p.version) || p.version < 1) throw new Error(`invalid projection version: ${p.version}`);
  for (const column of Object.keys(p.columns ?? {})) {
    if (!/^[a-z][a-z0-9_]{0,40}$/.test(column) || ['key', 'doc', 'position'].includes(column)) throw new Error(`invalid column name: ${column}`);
  }
}
