import { migrate, quotedIdentifier, type SqlClient } from '#sql';
import { GENESIS_HASH, canonicalize, chainHash, envelopeOf, recordedFromCanonical } from '../envelope.js';
import {
  type AppendResult,
  type Checkpoint,
  DuplicateEventId,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadAllResult,
  type ReadStreamOptions,
  type RecordedEvent,
  StoredChainBroken,
  StreamNotFound,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedRevision,
  streamCategory,
} from '../event-store.port.js';
import { pollingSubscription } from '../subscription.js';
import { AppendQueue, chainOf } from './append-queue.js';
import { EVENT_STORE_MIGRATIONS } from './schema.js';

interface EventRow {
  revision: string;
  position: string;
  tx_id: string;
  canonical: string;
  prev_hash: string;
  hash: string;
}

const COLUMNS = 'revision, position, tx_id::text AS tx_id, canonical, prev_hash, hash';

/** Checkpoints are "<transaction id>/<position>": the commit-safe order of the events table. */
function checkpointOf(txId: string, position: string): Checkpoint {
  return `${txId}/${position}`;
}
function parseCheckpoint(checkpoint: Checkpoint | null | undefined): [string, string] {
  if (!checkpoint) return ['0', '0'];
  const match = /^(\d+)\/(\d+)$/.exec(checkpoint);
  if (!match) throw new Error(`not a PostgreSQL event store checkpoint: ${checkpoint}`);
  return [match[1]!, match[2]!];
}

function toRecorded(row: EventRow & { stream?: string }): RecordedEvent {
  try {
    return recordedFromCanonical(row.canonical, {
      revision: Number(row.revision),
      position: checkpointOf(row.tx_id, row.position),
      prevHash: row.prev_hash,
      hash: row.hash,
    });
  } catch {
    throw new StoredChainBroken(row.stream ?? 'unknown', Number(row.revision), 'the stored text is not an event envelope');
  }
}

/**
 * A stream as read must hold together: each event's content hashes to its hash, links to the one
 * before, and follows it by one revision; the first event starts from the genesis hash; a read that
 * covers the stream's end ends at the stream's head. Tampering by whoever can bypass the triggers
 * (an owner) is caught here for everything but a chain recomputed to its end, head included.
 */
function assertChain(stream: string, ascending: readonly RecordedEvent[], head: { revision: number; hash: string; covered: boolean; from: number }): void {
  ascending.forEach((event, i) => {
    const broken = (detail: string) => new StoredChainBroken(stream, event.revision, detail, event.eventId);
    if (event.stream !== stream) throw broken(`the event belongs to stream ${event.stream}`);
    if (chainHash(event.prevHash, event.canonical) !== event.hash) throw broken('its content does not hash to its stored hash');
    const previous = ascending[i - 1];
    if (previous && event.revision !== previous.revision + 1) throw new StoredChainBroken(stream, previous.revision + 1, 'the event is missing');
    if (previous && event.prevHash !== previous.hash) throw broken("its link does not match the previous event's hash");
    if (event.revision === 0 && event.prevHash !== GENESIS_HASH) throw broken('the first event does not start from the genesis hash');
  });
  if (!head.covered) return;
  const last = ascending[ascending.length - 1];
  if (!last) {
    if (head.revision >= head.from) throw new StoredChainBroken(stream, head.from, `the stream's head is at revision ${head.revision} but no event from ${head.from} on is stored`);
    return;
  }
  if (last.revision < head.revision) throw new StoredChainBroken(stream, last.revision + 1, `the stream's head is at revision ${head.revision} but its events end at ${last.revision}`);
  if (last.revision === head.revision && last.hash !== head.hash) throw new StoredChainBroken(stream, last.revision, "the stream's head names another hash", last.eventId);
}

/** A process that does not migrate (its role may not) still refuses to run on a schema older than its code. */
async function assertMigrated(sql: SqlClient): Promise<void> {
  const latest = Math.max(...EVENT_STORE_MIGRATIONS.map((m) => m.version));
  let applied = 0;
  try {
    const { rows } = await sql.query<{ version: number | null }>(`SELECT max(version) AS version FROM lrr_schema_migrations WHERE scope = 'event-store'`);
    applied = Number(rows[0]?.version ?? 0);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
  }
  if (applied < latest) {
    throw new Error(`the event store's schema is at version ${applied} and this release needs ${latest}: its migrations run as the owner role (DATABASE_OWNER_URL)`);
  }
}

/**
 * The transaction id below which every transaction that could have written events has ended: the
 * lowest transaction still running (the snapshot's xmin), passing over those a running session in
 * another database holds, since a transaction writes only to its own database's lrr_events. Xids
 * are cluster-wide, so without this a long write in any other database on the server (a migration,
 * a bulk load, another application) would hold every reader here back until it ended. A running
 * xid not positively seen in another database (pg_stat_activity shows it elsewhere) still holds
 * the horizon: a prepared transaction, or a session whose details the role may not see.
 * pg_stat_activity's backend_xid is the 32-bit xid; the snapshot's are 64-bit (epoch and xid).
 */
const READ_HORIZON = `(
  SELECT COALESCE(min(running), max(pg_snapshot_xmax(snap)))
    FROM (SELECT pg_current_snapshot() AS snap) AS current
    LEFT JOIN LATERAL pg_snapshot_xip(snap) AS running
      ON (running::text::numeric % 4294967296)::text NOT IN (
        SELECT backend_xid::text FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()))`;

/** A page of readAll, as its arguments name it. */
function readKey(after: Checkpoint | null, maxCount: number, category: string | undefined): string {
  return `${after ?? ''}|${maxCount}|${category ?? ''}`;
}
/** Pages read ahead at once (each for one reader), and readers followed, at most. */
const PAGES_AHEAD = 4;
const READERS_TRACKED = 16;

/** The PostgreSQL adapter; the same class serves PGlite through the SqlClient seam. */
export class PostgresEventStore implements EventStore {
  readonly kind: 'postgres' | 'pglite';
  private readonly localSubscribers = new Set<() => void>();
  private notifyTimer: NodeJS.Timeout | null = null;
  private readonly appends: AppendQueue;

  private constructor(
    private readonly sql: SqlClient,
    private readonly clock: () => Date,
    appendConcurrency: number,
  ) {
    this.kind = sql.dialect;
    this.appends = new AppendQueue(sql, appendConcurrency);
  }

  /**
   * `appendConcurrency`: how many append transactions may be under way at once before further
   * appends wait to be committed together (see AppendQueue). Default 2 on PostgreSQL, 1 on PGlite
   * (one connection: everything waits its turn anyway). Under bench:api's 50 clients, 2 answered
   * 1,260–1,535 commands/s at p99 74–95 ms, against 1,110–1,190 at p99 90–124 ms with 4 (mostly one
   * append per commit) on the same machine.
   */
  static async open(sql: SqlClient, options: { clock?: () => Date; appendConcurrency?: number; migrate?: boolean } = {}): Promise<PostgresEventStore> {
    if (options.migrate ?? true) await migrate(sql, 'event-store', EVENT_STORE_MIGRATIONS);
    else await assertMigrated(sql);
    return new PostgresEventStore(sql, options.clock ?? (() => new Date()), options.appendConcurrency ?? (sql.dialect === 'pglite' ? 1 : 2));
  }

  /**
   * Migrates the event store as its owner and grants `runtimeRole` (the role the processes run as)
   * no more than it needs: SELECT on events and stream heads, EXECUTE on the two append functions,
   * and the migration ledger, which the read models' migrations write too. Never INSERT, UPDATE,
   * DELETE or TRUNCATE on events or heads.
   */
  static async migrateAsOwner(owner: SqlClient, runtimeRole: string): Promise<void> {
    await migrate(owner, 'event-store', EVENT_STORE_MIGRATIONS);
    const role = quotedIdentifier(runtimeRole);
    await owner.exec(`
      GRANT SELECT ON lrr_events, lrr_streams TO ${role};
      GRANT SELECT, INSERT ON lrr_schema_migrations TO ${role};
      GRANT EXECUTE ON FUNCTION lrr_append(text, text, text, bigint, uuid[], text[], text[], timestamptz[]) TO ${role};
      GRANT EXECUTE ON FUNCTION lrr_append_batch(text[], text[], text[], bigint[], int[], uuid[], text[], text[], timestamptz[]) TO ${role};`);
  }

  async append(stream: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append needs at least one event');
    const expected = options.expectedRevision;
    const kind = typeof expected === 'number' ? 'exact' : expected;
    const now = this.clock().toISOString();
    const recordedAt = events.map((e) => e.recordedAt ?? now);
    const envelopes = events.map((e, i) => envelopeOf(stream, e, recordedAt[i]!));
    const canonical = envelopes.map(canonicalize);
    let row;
    try {
      row = await this.appends.submit({
        stream,
        category: streamCategory(stream),
        kind,
        expected: typeof expected === 'number' ? expected : null,
        eventIds: events.map((e) => e.eventId),
        types: events.map((e) => e.type),
        canonical,
        recordedAt,
      });
    } catch (error) {
      // Two retries of one append racing each other: the loser hits the event id constraint.
      if ((error as { constraint?: string }).constraint === 'lrr_events_event_id') return this.replayedAppend(stream, events);
      throw error;
    }
    if (row.outcome === 'duplicate') return this.replayedAppend(stream, events);
    if (row.outcome === 'conflict') {
      const actual = Number(row.actual);
      throw new WrongExpectedRevision(stream, expected, actual < 0 ? 'no_stream' : actual);
    }
    const last = Number(row.actual);
    const first = last - events.length + 1;
    const chain = chainOf(row, events.length);
    // Built on the envelopes in hand (made for this append and held by nothing else): parsing the
    // text just produced, or copying each envelope, would cost as much again.
    const recorded = envelopes.map((envelope, i) =>
      Object.assign(envelope, {
        revision: first + i,
        position: checkpointOf(row.tx!, chain.positions[i]!),
        canonical: canonical[i]!,
        prevHash: chain.prevHashes[i]!,
        hash: chain.hashes[i]!,
      }) satisfies RecordedEvent,
    );
    this.appended();
    return { nextExpectedRevision: last, position: recorded[recorded.length - 1]!.position, events: recorded };
  }

  /** An append whose event ids are stored already: a retry if they are this batch, in order, in this stream. */
  private async replayedAppend(stream: string, events: readonly NewEvent[]): Promise<AppendResult> {
    const ids = events.map((e) => e.eventId);
    const { rows } = await this.sql.query<EventRow & { stream: string; event_id: string }>(
      `SELECT stream, event_id::text AS event_id, ${COLUMNS} FROM lrr_events WHERE event_id = ANY ($1::uuid[]) ORDER BY revision`,
      [ids],
    );
    const sameBatch =
      rows.length === ids.length &&
      rows.every((r, i) => r.stream === stream && r.event_id === ids[i]!.toLowerCase() && Number(r.revision) === Number(rows[0]!.revision) + i);
    if (!sameBatch) throw new DuplicateEventId(stream, rows.find((r) => r.stream !== stream)?.event_id ?? ids[0]!);
    const recorded = rows.map(toRecorded);
    return { nextExpectedRevision: recorded[recorded.length - 1]!.revision, position: recorded[recorded.length - 1]!.position, events: recorded };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const order = backwards ? 'DESC' : 'ASC';
    // One round trip: no row at all is a stream that does not exist; one row of nulls, no events in range.
    const { rows } = await this.sql.query<(EventRow | { [K in keyof EventRow]: null }) & { head_revision: string; head_hash: string }>(
      `SELECT e.*, s.revision AS head_revision, s.head_hash FROM lrr_streams s LEFT JOIN LATERAL (
         SELECT ${COLUMNS} FROM lrr_events WHERE stream = s.stream AND revision ${backwards ? '<=' : '>='} $2 ORDER BY revision ${order} LIMIT $3
       ) e ON true
       WHERE s.stream = $1 AND s.revision >= 0
       ORDER BY e.revision ${order}`,
      [stream, from, options.maxCount ?? null],
    );
    if (rows.length === 0) throw new StreamNotFound(stream);
    const headRevision = Number(rows[0]!.head_revision);
    const events = rows[0]!.revision === null ? [] : (rows as (EventRow & { stream?: string })[]).map((row) => toRecorded({ ...row, stream }));
    const ascending = backwards ? [...events].reverse() : events;
    // Whether the read reaches the stream's last revision, so it must end at the head.
    const covered = backwards ? from >= headRevision : options.maxCount === undefined || events.length < options.maxCount;
    assertChain(stream, ascending, { revision: headRevision, hash: rows[0]!.head_hash, covered, from: backwards ? 0 : from });
    return events;
  }

  /**
   * Reads in commit order. A reader going through the events page by page (a projector catching up,
   * a replay) gets its next page read while it works on this one: when a full page follows the full
   * page returned before it, the page after it is requested at once, and the next readAll from its
   * checkpoint takes that answer if it holds events. That answer is exact: it holds the first events
   * after the checkpoint below the horizon at the time it was read, and every event committed since
   * sorts after them, so it is what a fresh read returns, or the start of it. An empty one is read
   * again, so a reader that caught up never misses what was appended since. Not on PGlite: its one
   * connection runs in this thread, and reading ahead would only take turns with the reader.
   */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllResult> {
    const after = options.after ?? null;
    const maxCount = options.maxCount ?? 1000;
    const key = readKey(after, maxCount, options.category);
    const ahead = this.readAhead.get(key);
    this.readAhead.delete(key);
    let rows = ahead ? await ahead : null;
    if (!rows || rows.length === 0) rows = await this.readPage(after, maxCount, options.category);
    const events = rows.map(toRecorded);
    const checkpoint = events.length > 0 ? events[events.length - 1]!.position : after;
    if (this.kind === 'postgres' && events.length === maxCount) this.readNextAhead(key, readKey(checkpoint, maxCount, options.category), checkpoint, maxCount, options.category);
    return { events, checkpoint };
  }

  private readonly readAhead = new Map<string, Promise<EventRow[] | null>>();
  /** Keys of the pages after the last full pages returned: a read of one of them is a reader going on in order. */
  private readonly nextPages = new Set<string>();

  private readNextAhead(key: string, next: string, checkpoint: Checkpoint | null, maxCount: number, category: string | undefined): void {
    const sequential = this.nextPages.delete(key);
    this.nextPages.add(next);
    if (this.nextPages.size > READERS_TRACKED) this.nextPages.delete(this.nextPages.values().next().value!);
    if (!sequential) return;
    // A failed read ahead is read again when asked for.
    this.readAhead.set(next, this.readPage(checkpoint, maxCount, category).catch(() => null));
    if (this.readAhead.size > PAGES_AHEAD) this.readAhead.delete(this.readAhead.keys().next().value!);
  }

  private async readPage(after: Checkpoint | null, maxCount: number, category: string | undefined): Promise<EventRow[]> {
    const [tx, position] = parseCheckpoint(after);
    const params: unknown[] = [tx, position, maxCount];
    if (category) params.push(category);
    // Only transactions older than every running one that could write here are final: a lower
    // position may still commit. See READ_HORIZON.
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM lrr_events
        WHERE (tx_id, position) > ($1::xid8, $2::bigint)
          AND tx_id < ${READ_HORIZON}
          ${category ? 'AND category = $4' : ''}
        ORDER BY lrr_events.tx_id, lrr_events.position LIMIT $3`,
      params,
    );
    return rows;
  }

  /**
   * Wakes this process's subscribers at once, and other processes' through one NOTIFY per 50 ms at
   * most: a NOTIFY inside the append would serialise every commit on PostgreSQL's notify lock.
   */
  private appended(): void {
    for (const wake of this.localSubscribers) wake();
    if (this.kind !== 'postgres' || this.notifyTimer) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = null;
      this.sql.query(`SELECT pg_notify('lrr_events', '')`).catch(() => undefined);
    }, 50);
    this.notifyTimer.unref();
  }

  subscribe(options: SubscribeOptions = {}): Subscription {
    const maxCount = options.batchSize ?? 500;
    return pollingSubscription({
      read: (after) => this.readAll({ after, maxCount, category: options.category }),
      maxCount,
      after: options.after ?? null,
      wakeUp: async (onNotify) => {
        this.localSubscribers.add(onNotify);
        const unlisten = this.kind === 'postgres' ? await this.sql.listen('lrr_events', onNotify) : null;
        return async () => {
          this.localSubscribers.delete(onNotify);
          await unlisten?.();
        };
      },
    });
  }

  async countEvents(options: { category?: string; after?: Checkpoint | null } = {}): Promise<number> {
    const [tx, position] = parseCheckpoint(options.after);
    const { rows } = await this.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM lrr_events WHERE (tx_id, position) > ($1::xid8, $2::bigint) ${options.category ? 'AND category = $3' : ''}`,
      options.category ? [tx, position, options.category] : [tx, position],
    );
    return Number(rows[0]!.n);
  }

  /**
   * Refreshes the planner's statistics of the events table unless they are recent: never gathered,
   * or more than a tenth of the rows changed since (autovacuum's own threshold). ANALYZE samples
   * 30,000 rows whatever the table's size, a third of a second on 200,000 events.
   */
  async prepareFullRead(): Promise<void> {
    const { rows } = await this.sql.query<{ stale: boolean }>(
      `SELECT (last_analyze IS NULL AND last_autoanalyze IS NULL) OR n_mod_since_analyze > n_live_tup / 10 + 1000 AS stale
         FROM pg_stat_user_tables WHERE relid = 'lrr_events'::regclass`,
    );
    if (rows[0]?.stale !== false) await this.sql.exec('ANALYZE lrr_events');
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1 FROM lrr_schema_migrations LIMIT 1');
  }

  async close(): Promise<void> {
    // The SqlClient belongs to whoever opened it (it may serve the read store too).
  }
}
