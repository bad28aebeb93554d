import type { SqlQueryable } from '#sql';

/** One append as lrr_append takes it. */
export interface AppendCall {
  readonly stream: string;
  readonly category: string;
  readonly kind: string;
  readonly expected: number | null;
  readonly eventIds: readonly string[];
  readonly types: readonly string[];
  readonly canonical: readonly string[];
  readonly recordedAt: readonly string[];
}

/**
 * What lrr_append answers for one append, in flat text rather than arrays, which pg would parse
 * character by character: the positions joined by commas, the hashes (64 hex digits each) run
 * together, and the link of the first event only, since each later event links to the hash before it.
 */
export interface AppendRow {
  readonly outcome: string;
  readonly actual: string | null;
  readonly tx: string | null;
  readonly positions: string | null;
  readonly first_prev_hash: string | null;
  readonly hashes: string | null;
}

/** The hashes and links of an appended batch, out of its AppendRow. */
export function chainOf(row: AppendRow, count: number): { positions: string[]; prevHashes: string[]; hashes: string[] } {
  const positions = row.positions!.split(',');
  const hashes: string[] = [];
  for (let i = 0; i < count; i++) hashes.push(row.hashes!.slice(i * 64, i * 64 + 64));
  const prevHashes = [row.first_prev_hash!, ...hashes.slice(0, count - 1)];
  if (positions.length !== count || hashes[count - 1]!.length !== 64) throw new Error(`the store answered ${positions.length} positions for an append of ${count} events`);
  return { positions, prevHashes, hashes };
}

/**
 * Canonical texts go to the server as one text, separated by U+001E, and are split there: no array
 * literal to escape (every quote of the JSON) in this process and to unescape in the server. RFC
 * 8785 text never holds a raw control character (JSON escapes them), so the separator cannot occur.
 */
const SEPARATOR = '\x1e';
function joinedCanonical(texts: readonly string[]): string {
  for (const text of texts) if (text.includes(SEPARATOR)) throw new Error('a canonical envelope holds a raw U+001E');
  return texts.join(SEPARATOR);
}
/** The flat answer columns, from lrr_append's or lrr_append_batch's. */
const ANSWER = "outcome, actual, tx, array_to_string(positions, ',') AS positions, prev_hashes[1] AS first_prev_hash, array_to_string(hashes, '') AS hashes";

interface Waiting {
  readonly call: AppendCall;
  resolve(row: AppendRow): void;
  reject(error: unknown): void;
}

const ONE = `SELECT ${ANSWER} FROM lrr_append($1, $2, $3, $4, $5::uuid[], $6::text[], string_to_array($7, chr(30)), $8::timestamptz[])`;
/** At most this many appends go in one transaction. */
const MAX_BATCH = 200;
const MANY = `SELECT item, ${ANSWER} FROM lrr_append_batch($1::text[], $2::text[], $3::text[], $4::bigint[], $5::int[], $6::uuid[], $7::text[], string_to_array($8, chr(30)), $9::timestamptz[])`;

/**
 * Group commit. An append goes to the server at once while fewer than `concurrency` writes are under
 * way; otherwise it waits, and the appends that waited go together in the next write: one round
 * trip and one commit (one WAL flush) for all of them, each checked against its own expected
 * revision exactly as alone. Idle, nothing waits; busy, commits carry more appends instead of
 * queueing behind one another.
 *
 * A batch is one transaction, so when it fails nothing of it was stored: each of its appends is then
 * sent again alone, in order, so that one append's failure (an event id stored already, by a retry
 * racing its original) answers only that append.
 */
export class AppendQueue {
  private readonly waiting: Waiting[] = [];
  private writing = 0;

  constructor(
    private readonly sql: SqlQueryable,
    private readonly concurrency: number,
  ) {}

  submit(call: AppendCall): Promise<AppendRow> {
    return new Promise<AppendRow>((resolve, reject) => {
      this.waiting.push({ call, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.writing < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.writing += 1;
      void this.write(batch).finally(() => {
        this.writing -= 1;
        this.pump();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    // Stream heads are locked in stream order in every batch, so two batches never wait on each
    // other in a cycle; the sort is stable, so appends to one stream keep their order.
    const ordered = [...batch].sort((a, b) => (a.call.stream < b.call.stream ? -1 : a.call.stream > b.call.stream ? 1 : 0));
    let rows: (AppendRow & { item: number })[];
    try {
      rows = (await this.sql.query<AppendRow & { item: number }>(MANY, manyParams(ordered.map((w) => w.call)))).rows;
    } catch {
      for (const waiting of ordered) await this.alone(waiting);
      return;
    }
    const byItem = new Map(rows.map((row) => [Number(row.item), row]));
    ordered.forEach((waiting, index) => {
      const row = byItem.get(index + 1);
      if (row) waiting.resolve(row);
      else waiting.reject(new Error(`lrr_append_batch answered nothing for the append to ${waiting.call.stream}`));
    });
  }

  private async alone(waiting: Waiting): Promise<void> {
    const c = waiting.call;
    try {
      const { rows } = await this.sql.query<AppendRow>(ONE, [c.stream, c.category, c.kind, c.expected, c.eventIds, c.types, joinedCanonical(c.canonical), c.recordedAt]);
      waiting.resolve(rows[0]!);
    } catch (error) {
      waiting.reject(error);
    }
  }
}

function manyParams(calls: readonly AppendCall[]): unknown[] {
  const events = <K extends 'eventIds' | 'types' | 'canonical' | 'recordedAt'>(key: K) => calls.flatMap((c) => c[key]);
  return [
    calls.map((c) => c.stream),
    calls.map((c) => c.category),
    calls.map((c) => c.kind),
    calls.map((c) => c.expected),
    calls.map((c) => c.eventIds.length),
    events('eventIds'),
    events('types'),
    joinedCanonical(events('canonical')),
    events('recordedAt'),
  ];
}
