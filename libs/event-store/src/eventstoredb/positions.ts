import type { Checkpoint } from '../event-store.port.js';

/**
 * Positions in EventStoreDB's `$all`: a (commit, prepare) pair of unsigned 64-bit log positions,
 * totally ordered by commit then prepare. The port carries them as an opaque checkpoint string
 * `"<commit>/<prepare>"` in decimal (bigint-safe; never a JS number).
 */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

const UINT64_MAX = (1n << 64n) - 1n;

export function formatPosition(position: LogPosition): Checkpoint {
  return `${position.commit.toString(10)}/${position.prepare.toString(10)}`;
}

/** Null or absent: from the start of `$all`. Anything that is not `"<commit>/<prepare>"` is refused. */
export function parseCheckpoint(checkpoint: Checkpoint | null | undefined): LogPosition | null {
  if (checkpoint === null || checkpoint === undefined || checkpoint === '') return null;
  const match = /^(0|[1-9]\d{0,19})\/(0|[1-9]\d{0,19})$/.exec(checkpoint);
  if (!match) throw new Error(`not an EventStoreDB checkpoint (expected "<commit>/<prepare>"): ${checkpoint}`);
  const commit = BigInt(match[1]!);
  const prepare = BigInt(match[2]!);
  if (commit > UINT64_MAX || prepare > UINT64_MAX) throw new Error(`EventStoreDB checkpoint out of range: ${checkpoint}`);
  return { commit, prepare };
}

/** Negative, zero or positive as a is before, at or after b in `$all`. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/** True when `position` comes strictly after `after` (a null `after` is the start of `$all`). */
export function isAfter(position: LogPosition, after: LogPosition | null): boolean {
  return after === null || comparePositions(position, after) > 0;
}
