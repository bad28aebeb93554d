import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '#auth';
import type { EventStore } from '#event-store';
import { EVENT_STORE } from '../tokens.js';

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
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers HTTP.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: the event store answers. Needs a token, like everything but liveness and docs.' })
  async ready(): Promise<{ status: 'ok'; store: EventStore['kind'] }> {
    try {
      await within(PING_TIMEOUT_MS, this.events.ping());
    } catch (error) {
      throw new ServiceUnavailableException(`the event store (${this.events.kind}) does not answer`, { cause: error });
    }
    return { status: 'ok', store: this.events.kind };
  }
}
