import { createHash } from 'node:crypto';
import { BadRequestException, type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { type Observable, catchError, from, mergeMap, of, throwError } from 'rxjs';
import { v5 as uuidv5 } from 'uuid';
import { DomainError } from '#kernel';
import { type Migration, type SqlClient, migrate } from '#sql';
import type { CommandRequest } from './command-context.js';
import { CLOCK, type Clock, SQL_CLIENT } from '../tokens.js';

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'idempotency keys',
    sql: `CREATE TABLE lrr_idempotency_keys (
      subject text NOT NULL, key text NOT NULL, request_hash char(64) NOT NULL,
      status integer NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (subject, key))`,
  },
];

const COMMAND_ID_NAMESPACE = '0b8f9d6e-7c41-5a3e-b2d9-4f6a1c3e8d20';
const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

export interface StoredResponse {
  readonly requestHash: string;
  readonly status: number;
  readonly body: unknown;
}

/** A claimed key whose command has not answered yet: status 0 (no HTTP status is 0), no body. */
const PENDING = 0;
/**
 * A claim older than this was left by a process that died mid-command (commands take well under a
 * second, seconds on a saturated machine): another request with the same key and body takes it over.
 * Taking over a claim that was still alive costs only repeated work: the command runs under the same
 * command id, whose derived event ids make its append store nothing new. A client retrying after a
 * crash gets its answer once the API is back, rather than minutes later.
 */
const ABANDONED_AFTER_SECONDS = 15;

/** What claiming a key found: this request now runs the command, or an earlier request's claim or answer. */
export type Claim = { readonly owned: true } | { readonly owned: false; readonly requestHash: string; readonly answer: StoredResponse | null };

/**
 * Responses to commands sent with an Idempotency-Key, per caller, in the read-model database. A
 * request claims its key atomically (one INSERT … ON CONFLICT DO NOTHING) before its command runs,
 * so across any number of processes on one database exactly one request runs the command.
 */
@Injectable()
export class IdempotencyKeys {
  private ready: Promise<unknown> | null = null;
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  private migrated() {
    this.ready ??= migrate(this.sql, 'http', MIGRATIONS);
    return this.ready;
  }

  /** Claims the key for a request with this hash, or says who holds it (and their answer, once given). */
  async claim(subject: string, key: string, requestHash: string): Promise<Claim> {
    await this.migrated();
    const inserted = await this.sql.query(
      `INSERT INTO lrr_idempotency_keys (subject, key, request_hash, status, body) VALUES ($1, $2, $3, ${PENDING}, '') ON CONFLICT DO NOTHING RETURNING 1 AS claimed`,
      [subject, key, requestHash],
    );
    if (inserted.rows.length > 0) return { owned: true };
    const takenOver = await this.sql.query(
      `UPDATE lrr_idempotency_keys SET created_at = now() WHERE subject = $1 AND key = $2 AND request_hash = $3 AND status = ${PENDING}
         AND created_at < now() - make_interval(secs => ${ABANDONED_AFTER_SECONDS}) RETURNING 1 AS claimed`,
      [subject, key, requestHash],
    );
    if (takenOver.rows.length > 0) return { owned: true };
    const { rows } = await this.sql.query<{ request_hash: string; status: number; body: string }>(
      'SELECT request_hash, status, body FROM lrr_idempotency_keys WHERE subject = $1 AND key = $2',
      [subject, key],
    );
    const row = rows[0];
    // Released between the INSERT and the SELECT: claim again.
    if (!row) return this.claim(subject, key, requestHash);
    const answer = row.status === PENDING ? null : { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) as unknown };
    return { owned: false, requestHash: row.request_hash, answer };
  }

  /** The answer of a request that held the claim: the one every later request with the key gets. */
  async remember(subject: string, key: string, response: StoredResponse): Promise<void> {
    await this.migrated();
    await this.sql.query(`UPDATE lrr_idempotency_keys SET status = $4, body = $5 WHERE subject = $1 AND key = $2 AND request_hash = $3 AND status = ${PENDING}`, [
      subject,
      key,
      response.requestHash,
      response.status,
      JSON.stringify(response.body),
    ]);
  }

  /** A command that failed gives its claim up, so the request may be sent again. */
  async release(subject: string, key: string, requestHash: string): Promise<void> {
    await this.migrated();
    await this.sql.query(`DELETE FROM lrr_idempotency_keys WHERE subject = $1 AND key = $2 AND request_hash = $3 AND status = ${PENDING}`, [subject, key, requestHash]);
  }
}

/** The command id a caller's Idempotency-Key stands for; stored event ids derive from it. */
export function commandIdFor(subject: string, key: string): string {
  return uuidv5(`${subject}\n${key}`, COMMAND_ID_NAMESPACE);
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${(canonicalize as unknown as (v: unknown) => string | undefined)(body ?? null) ?? ''}`).digest('hex');
}

interface HttpRequest extends CommandRequest {
  method: string;
  originalUrl?: string;
  url?: string;
  body?: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** How long a request waits for an identical one that holds its key to answer, and how often it looks. */
const WAIT_FOR_ANSWER_MS = 30_000;
const POLL_MS = 25;

/**
 * Idempotency-Key on commands: the same key with the same body returns the first response and
 * stores nothing; the same key with another body is refused (422). Without a key every request is
 * a new command. A request claims its key before its command runs; an identical request arriving
 * meanwhile (a client's retry, another process) waits for that answer and replays it. Only
 * successful responses are remembered: a failed command releases its claim, so it may be retried.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<{ status(code: number): unknown; statusCode: number; header(name: string, value: string): unknown }>();
    request.receivedAt ??= this.clock.now().toISOString();
    const header = request.headers['idempotency-key'];
    if (header === undefined || !request.actor) return next.handle();
    if (typeof header !== 'string' || !KEY_SHAPE.test(header)) {
      throw new BadRequestException('Idempotency-Key must be 1 to 200 visible ASCII characters');
    }
    const subject = request.actor.subject;
    const hash = requestHash(request.method, (request.originalUrl ?? request.url ?? '').split('?')[0]!, request.body);
    const waitUntil = Date.now() + WAIT_FOR_ANSWER_MS;
    for (;;) {
      const claim = await this.keys.claim(subject, header, hash);
      if (claim.owned) break;
      if (claim.requestHash !== hash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request', 'rule');
      }
      if (claim.answer) {
        response.status(claim.answer.status);
        response.header('Idempotent-Replayed', 'true');
        return of(claim.answer.body);
      }
      if (Date.now() > waitUntil) {
        throw new DomainError('IDEMPOTENT_REQUEST_IN_PROGRESS', 'the same request with this Idempotency-Key is still being processed; send it again later', 'conflict');
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    request.commandId = commandIdFor(subject, header);
    return next.handle().pipe(
      catchError((error: unknown) => from(this.keys.release(subject, header, hash).catch(() => eventually(() => this.keys.release(subject, header, hash)))).pipe(mergeMap(() => throwError(() => error)))),
      mergeMap((body) => {
        const answer = { requestHash: hash, status: response.statusCode, body };
        // The command's facts are stored: an answer that cannot be remembered now is remembered as
        // soon as the database answers, so the client's retry replays it instead of deciding again.
        return from(this.keys.remember(subject, header, answer).then(() => body, (error: unknown) => {
          eventually(() => this.keys.remember(subject, header, answer));
          throw error;
        }));
      }),
    );
  }
}

/** Runs `attempt` again with back-off (0.5 s doubling, for about a minute) until it succeeds, without holding the process open. */
function eventually(attempt: () => Promise<void>): void {
  let delay = 500;
  const retry = (): void => {
    if (delay > 32_000) return;
    setTimeout(() => void attempt().catch(retry), delay).unref();
    delay *= 2;
  };
  retry();
}
