import { type Checkpoint, type RecordedEvent, streamCategory } from '#event-store';
import { type SqlClient, type SqlQueryable, migrate } from '#sql';
import { transiently } from '#kernel';
import { type ColumnType, type DocumentProjection, assertProjectionShape, projectionId, viewName } from './projection.js';
import { READ_STORE_MIGRATIONS } from './schema.js';
import { columnValue, originalText, storableText } from './storable.js';
import { LRUCache } from 'lru-cache';

export type BuildState = 'building' | 'active' | 'failed' | 'retired';

export interface ProjectionBuild {
  readonly buildId: string;
  readonly projection: string;
  readonly name: string;
  readonly version: number;
  readonly tableName: string;
  readonly checkpoint: Checkpoint | null;
  readonly events: number;
  readonly state: BuildState;
  readonly error: string | null;
  readonly failedEvent: string | null;
  /** The id of the event the build failed on: what an operator's skip names. */
  readonly failedEventId: string | null;
  readonly lastRecordedAt: string | null;
  readonly updatedAt: string;
}

/** Another process moved this build's checkpoint or retired the build: reload and go on from there. */
export class BuildMoved extends Error {
  constructor(readonly buildId: string) {
    super(`projection build ${buildId} was moved on by another runner or retired`);
  }
}

interface BuildRow {
  build_id: string;
  projection: string;
  name: string;
  version: number;
  table_name: string;
  checkpoint: string | null;
  events: string | number;
  state: BuildState;
  error: string | null;
  failed_event: string | null;
  failed_event_id: string | null;
  failed_while: BuildState | null;
  last_recorded_at: string | Date | null;
  updated_at: string | Date;
}

const iso = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v.toISOString() : new Date(v).toISOString());
const toBuild = (r: BuildRow): ProjectionBuild => ({
  buildId: r.build_id,
  projection: r.projection,
  name: r.name,
  version: Number(r.version),
  tableName: r.table_name,
  checkpoint: r.checkpoint,
  events: Number(r.events),
  state: r.state,
  error: r.error,
  failedEvent: r.failed_event,
  failedEventId: r.failed_event_id ?? /([0-9a-f-]{36})\)$/.exec(r.failed_event ?? '')?.[1] ?? null,
  lastRecordedAt: iso(r.last_recorded_at),
  updatedAt: iso(r.updated_at)!,
});

/**
 * Documents as last committed, kept by the one runner feeding a build so that a batch does not
 * read back what the previous one wrote (a negotiation's documents are rewritten by nearly every
 * batch). Filled only after a commit; dropped whole when a batch fails or another runner moved
 * the build. Bounded by the documents' serialized size, least recently used dropped first.
 */
export class DocumentCache {
  private readonly docs: LRUCache<string, { doc: unknown }>;

  constructor(readonly maxBytes = 32 * 1024 * 1024) {
    this.docs = new LRUCache<string, { doc: unknown }>({ maxSize: maxBytes });
  }

  has(key: string): boolean {
    return this.docs.has(key);
  }

  get(key: string): unknown {
    return this.docs.get(key)!.doc;
  }

  /** `size` is the stored text's length (0 for a deleted document, which is cached as absent); a document larger than the whole cache is not kept. */
  set(key: string, doc: unknown, size: number): void {
    // lru-cache counts sizes of at least 1.
    this.docs.set(key, { doc }, { size: size + 1 });
  }

  clear(): void {
    this.docs.clear();
  }
}

/**
 * Evolves the documents each event touches (`keysByEvent[i]`: the keys of `events[i]`), in order, in
 * `docs`, noting each touched key's last position. One fold over the batch: what it makes of a
 * document is written in place (see transiently); a document it was given (committed, or kept by
 * the cache) is copied when first written, so it stays as it was.
 */
export function evolveDocuments(
  projection: DocumentProjection,
  events: readonly RecordedEvent[],
  keysByEvent: readonly (readonly string[])[],
  docs: Map<string, unknown>,
  positions: Map<string, string>,
): void {
  transiently(() =>
    events.forEach((event, i) => {
      for (const key of keysByEvent[i]!) {
        docs.set(key, projection.evolve((docs.get(key) ?? null) as never, event, key));
        positions.set(key, event.position);
      }
    }),
  );
}

/** Documents evolved by `stage` and not yet written, and the events they cover. */
export class PendingDocuments {
  /** Each touched document as evolved (null: to be deleted), and loaded ones not touched yet. */
  readonly docs = new Map<string, unknown>();
  /** Touched keys: the position of the last event that touched each. */
  readonly positions = new Map<string, string>();
  /** Events of the projection's categories staged (what the build's event count adds). */
  applied = 0;
  /** The last event staged, of any category: where the checkpoint moves to. */
  last: RecordedEvent | null = null;
}

const SQL_TYPES: Record<ColumnType, string> = { text: 'text', integer: 'integer', bigint: 'bigint', boolean: 'boolean', date: 'date', timestamptz: 'timestamptz', jsonb: 'jsonb' };

/**
 * Read-model storage: each projection version is built into its own table; a view named after the
 * projection points at the active build, so a rebuild swaps in only when caught up and readers never
 * see a half-built model. Rows and the checkpoint commit in one transaction.
 */
export class ReadStore {
  private constructor(readonly sql: SqlClient) {}

  static async open(sql: SqlClient): Promise<ReadStore> {
    await migrate(sql, 'read-store', READ_STORE_MIGRATIONS);
    return new ReadStore(sql);
  }

  async builds(): Promise<ProjectionBuild[]> {
    const { rows } = await this.sql.query<BuildRow>('SELECT * FROM lrr_projection_builds ORDER BY name, created_at');
    return rows.map(toBuild);
  }

  async build(buildId: string): Promise<ProjectionBuild | null> {
    const { rows } = await this.sql.query<BuildRow>('SELECT * FROM lrr_projection_builds WHERE build_id = $1', [buildId]);
    return rows[0] ? toBuild(rows[0]) : null;
  }

  /** The build a runner should feed: the active one of this version, else one being built (created if none). */
  async currentBuild(projection: DocumentProjection): Promise<ProjectionBuild> {
    const { rows } = await this.sql.query<BuildRow>(
      `SELECT * FROM lrr_projection_builds WHERE projection = $1 AND state IN ('active', 'building', 'failed')
        ORDER BY (state = 'active') DESC, created_at DESC LIMIT 1`,
      [projectionId(projection)],
    );
    return rows[0] ? toBuild(rows[0]) : this.createBuild(projection);
  }

  /** A fresh, empty table for the projection's current version, to be filled from the start. */
  async createBuild(projection: DocumentProjection): Promise<ProjectionBuild> {
    assertProjectionShape(projection);
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lrr-projection-${projection.name}`]);
      const { rows: count } = await tx.query<{ n: string }>('SELECT count(*) AS n FROM lrr_projection_builds WHERE projection = $1', [projectionId(projection)]);
      const n = Number(count[0]!.n) + 1;
      const tableName = `${viewName(projection)}_v${projection.version}_b${n}`;
      const columns = Object.entries(projection.columns ?? {});
      // Documents run to tens of kilobytes and are rewritten often: lz4 compresses them at a fraction
      // of the default pglz's cost, where the server has it (PostgreSQL 14+ built with lz4). They are
      // stored as json, not jsonb: nothing queries inside a document (declared columns are extracted
      // for that), and json is stored as sent and returned as stored, with no binary form to build.
      const { rows: lz4 } = await tx.query(`SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)`);
      await tx.exec(`CREATE TABLE ${tableName} (
        key text PRIMARY KEY, doc json ${lz4.length > 0 ? 'COMPRESSION lz4 ' : ''}NOT NULL, position text NOT NULL
        ${columns.map(([c, spec]) => `, ${c} ${SQL_TYPES[spec.type]}`).join('')})`);
      for (const [c, spec] of columns) if (spec.index !== false) await tx.exec(`CREATE INDEX ${tableName}_${c} ON ${tableName} (${c}, key)`);
      const { rows } = await tx.query<BuildRow>(
        `INSERT INTO lrr_projection_builds (build_id, projection, name, version, table_name, state)
         VALUES ($1, $2, $3, $4, $5, 'building') RETURNING *`,
        [`${projectionId(projection)}.${n}`, projectionId(projection), projection.name, projection.version, tableName],
      );
      return toBuild(rows[0]!);
    });
  }

  /**
   * Applies a batch: loads the touched documents, evolves them in order, writes them and moves the
   * checkpoint in one transaction. The checkpoint update is guarded by its previous value, so two
   * runners feeding one build never apply an event twice.
   */
  async applyBatch(build: ProjectionBuild, projection: DocumentProjection, events: readonly RecordedEvent[], cache?: DocumentCache): Promise<ProjectionBuild> {
    if (events.length === 0) return build;
    const pending = new PendingDocuments();
    await this.stage(build, projection, events, pending, cache);
    return this.commit(build, projection, pending, cache);
  }

  /**
   * Evolves the touched documents in memory (read from the cache, else the table) without writing
   * anything: commit writes them. Reading outside the commit's transaction is safe because the
   * commit's guarded checkpoint refuses the whole batch if another runner wrote in between.
   */
  async stage(build: ProjectionBuild, projection: DocumentProjection, events: readonly RecordedEvent[], pending: PendingDocuments, cache?: DocumentCache): Promise<void> {
    if (events.length === 0) return;
    const relevant = events.filter((e) => projection.categories.includes(streamCategory(e.stream)));
    const keysByEvent = relevant.map((e) => projection.keys(e));
    const docs = pending.docs;
    const unknown: string[] = [];
    for (const key of new Set(keysByEvent.flat())) {
      if (docs.has(key)) continue;
      if (cache?.has(key)) docs.set(key, cache.get(key));
      else unknown.push(key);
    }
    if (unknown.length > 0) {
      const { rows } = await this.sql.query<{ key: string; doc: unknown }>(`SELECT key, doc FROM ${build.tableName} WHERE key = ANY ($1::text[])`, [unknown.map(storableText)]);
      for (const row of rows) docs.set(originalText(row.key), typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc);
    }
    evolveDocuments(projection, relevant, keysByEvent, docs, pending.positions);
    pending.applied += relevant.length;
    pending.last = events[events.length - 1]!;
  }

  /** Writes what stage evolved and moves the checkpoint past the staged events, in one transaction. */
  async commit(build: ProjectionBuild, projection: DocumentProjection, pending: PendingDocuments, cache?: DocumentCache): Promise<ProjectionBuild> {
    const last = pending.last;
    if (last === null) return build;
    const written = new Map<string, { doc: unknown; size: number }>();
    try {
      const applied = await this.sql.transaction(async (tx) => {
        await this.writeDocuments(tx, build.tableName, projection, pending, written);
        return this.moveCheckpoint(tx, build, pending.applied, last);
      });
      for (const [key, { doc, size }] of written) cache?.set(key, doc, size);
      return applied;
    } catch (error) {
      cache?.clear();
      throw error;
    }
  }

  private async moveCheckpoint(tx: SqlQueryable, build: ProjectionBuild, applied: number, last: RecordedEvent): Promise<ProjectionBuild> {
    const { rows } = await tx.query<BuildRow>(
      `UPDATE lrr_projection_builds
          SET checkpoint = $2, events = events + $3, last_recorded_at = $4, updated_at = now()
        WHERE build_id = $1 AND state IN ('active', 'building') AND checkpoint IS NOT DISTINCT FROM $5
        RETURNING *`,
      [build.buildId, last.position, applied, last.recordedAt, build.checkpoint],
    );
    if (rows.length === 0) throw new BuildMoved(build.buildId);
    return toBuild(rows[0]!);
  }

  private async writeDocuments(tx: SqlQueryable, table: string, projection: DocumentProjection, pending: PendingDocuments, written: Map<string, { doc: unknown; size: number }>): Promise<void> {
    const docs = pending.docs;
    const positions = pending.positions;
    const touched = [...positions.keys()];
    if (touched.length === 0) return;
    const deleted = touched.filter((k) => docs.get(k) === null);
    if (deleted.length > 0) await tx.query(`DELETE FROM ${table} WHERE key = ANY ($1::text[])`, [deleted.map(storableText)]);
    for (const key of deleted) written.set(key, { doc: null, size: 0 });
    const kept = touched.filter((k) => docs.get(k) !== null);
    const columns = Object.entries(projection.columns ?? {});
    const width = 3 + columns.length;
    const upsert = (tuples: string[]) =>
      `INSERT INTO ${table} (key, doc, position${columns.map(([c]) => `, ${c}`).join('')}) VALUES ${tuples.join(', ')}
       ON CONFLICT (key) DO UPDATE SET doc = EXCLUDED.doc, position = EXCLUDED.position${columns.map(([c]) => `, ${c} = EXCLUDED.${c}`).join('')}`;
    // Statements of up to 1,000 rows or about 8 MB of documents; each is built (its documents
    // serialized) while the server still writes the previous one.
    let inFlight: Promise<unknown> | null = null;
    let start = 0;
    while (start < kept.length) {
      const params: unknown[] = [];
      const tuples: string[] = [];
      let bytes = 0;
      for (; start < kept.length && tuples.length < 1000 && bytes < 8 * 1024 * 1024; start++) {
        const key = kept[start]!;
        const doc = docs.get(key);
        const text = JSON.stringify(doc);
        bytes += text.length;
        written.set(key, { doc, size: text.length });
        params.push(storableText(key), text, positions.get(key), ...columns.map(([, spec]) => columnValue(spec.type, spec.value(doc as never))));
        const base = tuples.length * width;
        tuples.push(`($${base + 1}, $${base + 2}::json, $${base + 3}${columns.map(([, spec], c) => `, $${base + 4 + c}::${SQL_TYPES[spec.type]}`).join('')})`);
      }
      if (inFlight) await inFlight;
      inFlight = tx.query(upsert(tuples), params);
    }
    if (inFlight) await inFlight;
  }

  /** Swaps the build in: the view now reads it; earlier builds of the projection are retired and dropped. */
  async activate(build: ProjectionBuild): Promise<ProjectionBuild> {
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lrr-projection-${build.name}`]);
      const { rows: current } = await tx.query<BuildRow>('SELECT * FROM lrr_projection_builds WHERE build_id = $1', [build.buildId]);
      if (!current[0] || current[0].state !== 'building') return toBuild(current[0] ?? (build as unknown as BuildRow));
      const { rows: old } = await tx.query<BuildRow>(
        `UPDATE lrr_projection_builds SET state = 'retired', updated_at = now() WHERE name = $1 AND build_id <> $2 AND state IN ('active', 'building', 'failed') RETURNING *`,
        [build.name, build.buildId],
      );
      const { rows } = await tx.query<BuildRow>(`UPDATE lrr_projection_builds SET state = 'active', updated_at = now() WHERE build_id = $1 RETURNING *`, [build.buildId]);
      await this.pointViewAt(tx, build.name, build.tableName);
      for (const r of old) await tx.exec(`DROP TABLE IF EXISTS ${r.table_name}`);
      return toBuild(rows[0]!);
    });
  }

  /**
   * Stops the build at `event` (its checkpoint stays before it). Readers keep its last good state:
   * an active build's view still reads its table, and a first build that fails before it was ever
   * activated (nothing else to read) is put behind the view as far as it got, rather than leave
   * readers with nothing.
   */
  async markFailed(build: ProjectionBuild, error: unknown, event: Pick<RecordedEvent, 'stream' | 'revision' | 'type' | 'eventId'>): Promise<ProjectionBuild> {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return this.sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lrr-projection-${build.name}`]);
      const { rows } = await tx.query<BuildRow>(
        `UPDATE lrr_projection_builds
            SET failed_while = CASE WHEN state IN ('active', 'building') THEN state ELSE failed_while END,
                state = 'failed', error = $2, failed_event = $3, failed_event_id = $4, updated_at = now()
          WHERE build_id = $1 RETURNING *`,
        [build.buildId, storableText(message.slice(0, 2000)), storableText(`${event.stream}@${event.revision} (${event.type}, ${event.eventId})`), event.eventId],
      );
      if (!rows[0]) return build;
      const { rows: active } = await tx.query(`SELECT 1 FROM lrr_projection_builds WHERE name = $1 AND state = 'active'`, [build.name]);
      if (rows[0].failed_while === 'building' && active.length === 0) await this.pointViewAt(tx, build.name, build.tableName);
      return toBuild(rows[0]);
    });
  }

  private async pointViewAt(tx: SqlQueryable, name: string, tableName: string): Promise<void> {
    const view = viewName({ name });
    await tx.exec(`DROP VIEW IF EXISTS ${view}; CREATE VIEW ${view} AS SELECT * FROM ${tableName};`);
  }

  /**
   * Lets a failed build go on from its checkpoint, in the state it failed in (once an operator
   * recorded a skip of the event it failed on). A build failed before that state was kept goes on
   * as one being built: the runner activates it when caught up, which changes nothing if it was the
   * active one.
   */
  async resume(build: ProjectionBuild): Promise<ProjectionBuild> {
    const { rows } = await this.sql.query<BuildRow>(
      `UPDATE lrr_projection_builds
          SET state = COALESCE(failed_while, 'building'), error = NULL, failed_event = NULL, failed_event_id = NULL, updated_at = now()
        WHERE build_id = $1 AND state = 'failed' RETURNING *`,
      [build.buildId],
    );
    return rows[0] ? toBuild(rows[0]) : ((await this.build(build.buildId)) ?? build);
  }
}
