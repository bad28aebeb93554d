import pg from 'pg';
import { GENESIS_HASH, type NewEvent, canonicalEnvelope, chainHash, streamCategory } from '#event-store';
import type { StoreUnderTest } from './targets.js';
import { Conflict } from './workload.js';

/**
 * The physical ceiling: the rows our store writes (the same canonical text, hashes and indexes),
 * inserted by one plain statement per append: `INSERT … SELECT` from the arrays, guarded by a row
 * lock on the stream's head (the UPDATE that moves it, or the INSERT that creates it). No function,
 * no group commit, no reading back; hashes are chained in this process. What PostgreSQL itself
 * costs for an append of these rows, with nothing of ours around it.
 */
const SCHEMA = `
CREATE TABLE plain_heads (stream text PRIMARY KEY, revision bigint NOT NULL, head_hash char(64) NOT NULL);
CREATE TABLE plain_events (
  position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tx_id       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream      text NOT NULL,
  category    text NOT NULL,
  revision    bigint NOT NULL,
  event_id    uuid NOT NULL,
  type        text NOT NULL,
  recorded_at timestamptz NOT NULL,
  canonical   text NOT NULL,
  prev_hash   char(64) NOT NULL,
  hash        char(64) NOT NULL,
  CONSTRAINT plain_events_stream_revision UNIQUE (stream, revision),
  CONSTRAINT plain_events_event_id UNIQUE (event_id)
);
CREATE INDEX plain_events_commit_order ON plain_events (tx_id, position);
CREATE INDEX plain_events_category_order ON plain_events (category, tx_id, position);`;

const ROWS = `SELECT $1, $2, h.first + u.ord - 1, u.id, u.type, u.rec, u.canon, u.prev, u.hash
  FROM h, unnest($4::uuid[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY AS u(id, type, rec, canon, prev, hash, ord)`;
const INSERT = 'INSERT INTO plain_events (stream, category, revision, event_id, type, recorded_at, canonical, prev_hash, hash)';
/** $3: events before the append; $10: the new head hash. A stream that exists already inserts nothing. */
const CREATE = `WITH h AS (INSERT INTO plain_heads VALUES ($1, $3 + cardinality($4::uuid[]) - 1, $10) ON CONFLICT (stream) DO NOTHING RETURNING 0::bigint AS first)
  ${INSERT} ${ROWS}`;
/** The head moves only from the expected revision: the UPDATE's row lock is the compare-and-set. */
const EXTEND = `WITH h AS (UPDATE plain_heads SET revision = revision + cardinality($4::uuid[]), head_hash = $10 WHERE stream = $1 AND revision = $3 - 1 RETURNING revision - cardinality($4::uuid[]) + 1 AS first)
  ${INSERT} ${ROWS}`;

export async function openPlainSqlStore(connectionString: string): Promise<StoreUnderTest> {
  const pool = new pg.Pool({ connectionString, max: 10, application_name: 'lrr-bench-plain' });
  await pool.query(SCHEMA);
  const heads = new Map<string, string>();
  return {
    async append(stream: string, events: readonly NewEvent[], eventsBefore: number): Promise<number> {
      const now = new Date().toISOString();
      const recordedAt = events.map((e) => e.recordedAt ?? now);
      const canonical = events.map((e, i) => canonicalEnvelope(stream, e, recordedAt[i]!));
      let hash = heads.get(stream) ?? GENESIS_HASH;
      const prevs: string[] = [];
      const hashes: string[] = [];
      for (const text of canonical) {
        prevs.push(hash);
        hash = chainHash(hash, text);
        hashes.push(hash);
      }
      const result = await pool.query(eventsBefore === 0 ? CREATE : EXTEND, [
        stream,
        streamCategory(stream),
        eventsBefore,
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        recordedAt,
        canonical,
        prevs,
        hashes,
        hash,
      ]);
      if (result.rowCount !== events.length) throw new Conflict(stream);
      heads.set(stream, hash);
      return eventsBefore + events.length;
    },
    async eventsInStream(stream: string): Promise<number> {
      const { rows } = await pool.query<{ revision: string }>('SELECT revision FROM plain_heads WHERE stream = $1', [stream]);
      return rows[0] ? Number(rows[0].revision) + 1 : 0;
    },
    async replay(batchSize: number, onProgress: (events: number) => void): Promise<number> {
      // The same page query as ours (commit-safe order below the snapshot's xmin), each row's text parsed.
      let tx = '0';
      let position = '0';
      let count = 0;
      for (;;) {
        const { rows } = await pool.query<{ tx_id: string; position: string; canonical: string }>(
          `SELECT tx_id::text AS tx_id, position, canonical FROM plain_events
            WHERE (tx_id, position) > ($1::xid8, $2::bigint) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY tx_id, position LIMIT $3`,
          [tx, position, batchSize],
        );
        if (rows.length === 0) return count;
        for (const row of rows) JSON.parse(row.canonical);
        count += rows.length;
        tx = rows.at(-1)!.tx_id;
        position = rows.at(-1)!.position;
        onProgress(count);
      }
    },
    close: () => pool.end(),
  };
}
