import type { LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AppConfig } from '#config';
import { AppModule, type AppDeps, type AppStores } from './app.module.js';
import { mountDocs } from './docs.js';
import { correlateAndLog } from './http/correlation.js';
import { createLogger } from './logging.js';

export interface CreateAppOptions {
  readonly config: AppConfig;
  /** Owned by the application from here on: closing the application closes them. */
  readonly stores: AppStores;
  /** Default: JSON (or pretty) console logging at the configured level. */
  readonly logger?: LoggerService;
  /** Feature modules, the embedded projector, or a test's own controllers. */
  readonly imports?: AppDeps['imports'];
  /** System time; tests pass a fixed clock to record a scenario as it was. */
  readonly clock?: AppDeps['clock'];
}

/** Builds and initialises the HTTP application, not yet listening. Used by main and by tests. */
export async function createApp(options: CreateAppOptions): Promise<NestExpressApplication> {
  const logger = options.logger ?? createLogger(options.config.log);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ ...options, logger }), {
    logger,
    // Fail with an exception the caller can report, instead of exiting the process.
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // Full article texts run long; the DTOs bound each field, this bounds the whole body.
  app.useBodyParser('json', { limit: '5mb' });
  // Before any route, so every response (docs and 404s included) carries a correlation id and an access-log line.
  app.use(correlateAndLog(logger));
  mountDocs(app);
  await app.init();
  return app;
}
