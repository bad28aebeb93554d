import { Global, Inject, Module, type DynamicModule, type LoggerService, type ModuleMetadata, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '#auth';
import type { AppConfig } from '#config';
import { type EventStore, RehearsableEventStore, type SqlClient } from '#event-store';
import { HealthController } from './health/health.controller.js';
import { MetricsController } from './operations/metrics.controller.js';
import { ProblemDetailsFilter } from './http/problem-details.filter.js';
import { requestValidationPipe } from './http/request-validation-failed.js';
import { IdempotencyInterceptor, IdempotencyKeys } from './commands/idempotency.js';
import { CommandMetricsInterceptor, METRICS, Metrics } from './operations/metrics.js';
import { rememberValidationMetadata } from './validation/validation.js';
import { APP_CONFIG, APP_LOGGER, CLOCK, EVENT_STORE, SQL_CLIENT, systemClock, type Clock } from './tokens.js';

/** The stores the process opened (see `openStores` in #event-store). The application closes them on shutdown. */
export interface AppStores {
  readonly events: EventStore;
  readonly sql: SqlClient;
  close(): Promise<void>;
}

export interface AppDeps {
  readonly config: AppConfig;
  readonly stores: AppStores;
  readonly logger: LoggerService;
  /** Feature modules, the embedded projector, or a test's own controllers. */
  readonly imports?: ModuleMetadata['imports'];
  /** System time; tests pass a fixed clock to record a scenario as it was. */
  readonly clock?: Clock;
}

const STORES = Symbol('Stores');

class StoresLifecycle implements OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: AppStores) {}

  // After the HTTP server has stopped taking requests and modules have stopped their work.
  async onApplicationShutdown(): Promise<void> {
    await this.stores.close();
  }
}

/** What every module may inject: configuration, the stores and the logger. */
@Global()
@Module({})
class CoreModule {
  static forRoot({ config, stores, logger, clock }: AppDeps): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // Commands may be rehearsed (an import's dry run): see RehearsableEventStore.
        { provide: EVENT_STORE, useValue: new RehearsableEventStore(stores.events) },
        { provide: SQL_CLIENT, useValue: stores.sql },
        { provide: APP_LOGGER, useValue: logger },
        { provide: STORES, useValue: stores },
        { provide: CLOCK, useValue: clock ?? systemClock },
        { provide: METRICS, useValue: new Metrics() },
        StoresLifecycle,
        IdempotencyKeys,
        IdempotencyInterceptor,
      ],
      exports: [APP_CONFIG, EVENT_STORE, SQL_CLIENT, APP_LOGGER, CLOCK, METRICS, IdempotencyKeys, IdempotencyInterceptor],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(deps: AppDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(deps), CqrsModule.forRoot(), TerminusModule.forRoot({ logger: false }), AuthModule.forRoot(deps.config.auth, deps.config.http.host), ...(deps.imports ?? [])],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_INTERCEPTOR, useClass: CommandMetricsInterceptor },
        {
          provide: APP_PIPE,
          useFactory: () => {
            rememberValidationMetadata(); // every DTO module has loaded by now
            return requestValidationPipe();
          },
        },
      ],
    };
  }
}
