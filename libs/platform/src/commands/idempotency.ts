import { createHash } from 'node:crypto';
import { BadRequestException, type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import canonicalize from 'canonicalize';
import { type Observable, from, mergeMap, of } from 'rxjs';
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

/** Responses to commands sent with an Idempotency-Key, per caller, in the read-model database. */
@Injectable()
export class IdempotencyKeys {
  private ready: Promise<unknown> | null = null;
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  private migrated() {
    this.ready ??= migrate(this.sql, 'http', MIGRATIONS);
    return this.ready;
  }

  async find(subject: string, key: string): Promise<StoredResponse | null> {
    await this.migrated();
    const { rows } = await this.sql.query<{ request_hash: string; status: number; body: string }>(
      'SELECT request_hash, status, body FROM lrr_idempotency_keys WHERE subject = $1 AND key = $2',
      [subject, key],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) } : null;
  }

  async remember(subject: string, key: string, response: StoredResponse): Promise<void> {
    await this.migrated();
    // Two requests racing with one key: the first stored answer stands (the events were stored once anyway).
    await this.sql.query(
      'INSERT INTO lrr_idempotency_keys (subject, key, request_hash, status, body) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [subject, key, response.requestHash, response.status, JSON.stringify(response.body)],
    );
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

/**
 * Idempotency-Key on commands: the same key with the same body returns the first response and
 * stores nothing; the same key with another body is refused (422). Without a key every request is
 * a new command. Only successful responses are remembered, so a failed command may be retried.
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
    const earlier = await this.keys.find(subject, header);
    if (earlier) {
      if (earlier.requestHash !== hash) {
        throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was already used with a different request', 'rule');
      }
      response.status(earlier.status);
      response.header('Idempotent-Replayed', 'true');
      return of(earlier.body);
    }
    request.commandId = commandIdFor(subject, header);
    return next.handle().pipe(
      mergeMap((body) => from(this.keys.remember(subject, header, { requestHash: hash, status: response.statusCode, body }).then(() => body))),
    );
  }
}
