/**
 * The database cannot be reached, dropped the connection mid-way, or has no room left to write:
 * nothing the caller sent was wrong, and the same request may succeed once the database is back (HTTP 503 with Retry-After).
 * A write that met this may or may not have been stored: retrying it with the same command id
 * (Idempotency-Key) stores it at most once.
 */
export class StoreUnavailable extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  /** What a 503 tells the client to wait before sending the request again. */
  readonly retryAfterSeconds: number;

  constructor(
    readonly store: string,
    options: { cause?: unknown; retryAfterSeconds?: number } = {},
  ) {
    super(`the ${store} is unavailable: ${describe(options.cause)}`, { cause: options.cause });
    this.name = 'StoreUnavailable';
    this.retryAfterSeconds = options.retryAfterSeconds ?? 2;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message || (cause as { code?: string }).code || cause.name;
  return cause === undefined ? 'no connection' : String(cause);
}

/** Network errors of Node and connection-level SQLSTATEs that mean "the server is gone", not "the statement is wrong". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// 08: connection exception; 57P01-57P03: terminated by an administrator, crash, server starting or
// stopping; 53300: too many connections; 53100: disk full (writes fail until space is freed).
const SERVER_GONE = /^(08...|57P0[1-3]|53300|53100)$/;
// What pg says when the socket closes under it or a connection cannot be had in time.
const CLIENT_MESSAGES = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection ended unexpectedly/i;

/** Whether a database client's error means the database is away for now (connection lost or refused, disk full), not that the statement is wrong. */
export function isStoreUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailable) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_GONE.test(code))) return true;
  if (error instanceof AggregateError) return error.errors.some(isStoreUnavailable);
  return typeof message === 'string' && CLIENT_MESSAGES.test(message);
}

/** The error as callers handle it: StoreUnavailable (503) when the database is away, else as it is. */
export function asStoreUnavailable(error: unknown): unknown {
  return isStoreUnavailable(error) && !(error instanceof StoreUnavailable) ? new StoreUnavailable('database', { cause: error }) : error;
}

/**
 * How long to wait before the `attempt`-th reconnection (1-based): doubling from `baseMs`, capped at
 * `capMs`, with jitter so that many clients dropped at once do not come back in step.
 */
export function reconnectDelay(attempt: number, options: { baseMs?: number; capMs?: number } = {}): number {
  const ceiling = Math.min(options.capMs ?? 10_000, (options.baseMs ?? 200) * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}
