import { Controller, Get, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Public } from '#auth';
import { type EventStore, type SqlClient, StoreUnavailable } from '#event-store';
import { EVENT_STORE, SQL_CLIENT } from '../tokens.js';
import { ApiProblem } from '../openapi/problem.js';
import { ApiOkSchema, OperationId, freeObject, obj, oneOfValues } from '../openapi/schemas.js';

/** A store that does not answer within this time is as good as down, for a readiness probe. */
const PING_TIMEOUT_MS = 3_000;

function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Optional() @Inject(SQL_CLIENT) private readonly readModels: SqlClient | null,
  ) {}

  @Public()
  @Get('live')
  @OperationId('liveness')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP (it does while its database is away).' })
  @ApiOkSchema('Liveness', { Liveness: obj({ status: oneOfValues(['ok']) }) })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @OperationId('readiness')
  @ApiOperation({
    summary: 'Readiness: the event store (and, when they live elsewhere, the read models) answer. 503 with Retry-After while one does not. Needs a token, like everything but liveness and docs.',
  })
  @ApiOkSchema('Readiness', {
    Readiness: obj({ status: oneOfValues(['ok']), info: freeObject({ description: 'Each store checked, up' }), error: freeObject(), details: freeObject() }, { description: 'The checks, as @nestjs/terminus reports them' }),
  })
  @ApiProblem(503, 'A store does not answer (STORE_UNAVAILABLE), with Retry-After')
  async ready() {
    const checks = [() => this.reachable('eventStore', this.events.kind, () => this.events.ping())];
    // With EventStoreDB the read models are in PostgreSQL, a second store to reach.
    const readModels = this.readModels;
    if (this.events.kind === 'eventstoredb' && readModels) checks.push(() => this.reachable('readModels', readModels.dialect, () => readModels.query('SELECT 1')));
    try {
      return await this.health.check(checks);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const down = Object.keys((error.getResponse() as { error?: Record<string, unknown> }).error ?? {});
      throw new StoreUnavailable(down.join(' and ') || 'store', { cause: error });
    }
  }

  private async reachable(key: string, store: string, ping: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await within(PING_TIMEOUT_MS, ping());
      return indicator.up({ store });
    } catch (error) {
      return indicator.down({ store, message: error instanceof Error ? error.message : String(error) });
    }
  }
}
