import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { type Observable, tap } from 'rxjs';

export const METRICS = Symbol.for('lrr.Metrics');

/** The process's Prometheus metrics: commands at the edge, projections in the projector. */
export class Metrics {
  readonly registry = new Registry();
  readonly commands = new Counter({ name: 'lrr_commands_total', help: 'Commands received, by route and outcome', labelNames: ['route', 'status'], registers: [this.registry] });
  readonly commandSeconds = new Histogram({
    name: 'lrr_command_duration_seconds',
    help: 'Time to decide and record a command, by route',
    labelNames: ['route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly projectedEvents = new Counter({ name: 'lrr_projection_events_total', help: 'Events applied by each projection', labelNames: ['projection'], registers: [this.registry] });
  readonly projectionLagSeconds = new Histogram({
    name: 'lrr_projection_lag_seconds',
    help: 'Time from an event being recorded to its projection committing',
    labelNames: ['projection'],
    // Fine around the 500 ms target, so a p99 read from the buckets is not a guess across half a second.
    buckets: [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10, 60],
    registers: [this.registry],
  });
  readonly projectionFailed = new Gauge({ name: 'lrr_projection_failed', help: '1 while a projection is stopped on an event it cannot apply', labelNames: ['projection'], registers: [this.registry] });
  readonly projectionCheckpointAge = new Gauge({
    name: 'lrr_projection_last_event_age_seconds',
    help: 'Age of the last event each projection applied (grows while it lags or the store is quiet)',
    labelNames: ['projection'],
    registers: [this.registry],
  });

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'lrr_' });
  }
}

interface RoutedRequest {
  method: string;
  /** Fastify's route options: `url` is the route template, such as `/negotiations/:id/proposals`. */
  routeOptions?: { url?: string };
}

/** Counts and times every write (POST/PUT/PATCH/DELETE) by its route template, never by its ids. */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(@Inject(METRICS) private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<RoutedRequest>();
    if (request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const route = `${request.method} ${request.routeOptions?.url ?? 'unknown'}`;
    const stop = this.metrics.commandSeconds.startTimer({ route });
    const response = context.switchToHttp().getResponse<{ statusCode: number }>();
    return next.handle().pipe(
      tap({
        next: () => {
          stop();
          this.metrics.commands.inc({ route, status: String(response.statusCode) });
        },
        error: (error: { getStatus?: () => number; kind?: string }) => {
          stop();
          const status = error.getStatus?.() ?? (error.kind === 'rule' ? 422 : error.kind === 'not-found' ? 404 : error.kind === 'conflict' ? 409 : 500);
          this.metrics.commands.inc({ route, status: String(status) });
        },
      }),
    );
  }
}
