import { parse as parseQuery } from 'node:querystring';
import { BadRequestException, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastify, { type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppConfig } from '#config';
import { AppModule, type AppDeps, type AppStores } from './app.module.js';
import { mountDocs } from './docs.js';
import { readJsonBodies, refuseUnstorableText } from './http/body.js';
import { correlate, correlateAndLog, resumeRequestContext } from './http/correlation.js';
import { etagAndConditionalGet } from './http/etag.js';
import type { EdgeRequest } from './http/http-types.js';
import { createLogger } from './logging.js';
import { mountWebApp, type WebAppOptions } from './http/web-app.js';

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
  /** The built web app to serve at `/` (apps/web); absent: the API alone. The issuer's origin is added from the configuration. */
  readonly webApp?: Omit<WebAppOptions, 'connectOrigins'>;
}

/** Full article texts run long; the DTOs bound each field, this bounds the whole body. */
const JSON_BODY_LIMIT = 5 * 1024 * 1024;

/**
 * The Fastify instance, with the edge in front of everything Nest adds: a correlation id and an
 * access-log line for every request, JSON bodies (anything else 415), the guard on unstorable text, and ETags. Routing, query strings and
 * connection timeouts as the API has always had them (Express's rules and Node's defaults).
 */
function edge(logger: LoggerService) {
  const instance = fastify({
    routerOptions: {
      // Paths match whatever their case and with or without a trailing slash; parameters of any length.
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: 65_536,
      querystringParser: (query) => parseQuery(query),
    },
    // Node's own defaults, which Fastify would change.
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // Requests arriving while the application closes are still answered, not refused with 503.
    return503OnClosing: false,
    // A malformed URL is refused by the router before any hook runs: it still gets a correlation id,
    // an access-log line and a problem document (from the exception filter, through Nest's error handler).
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      correlate(logger, request as EdgeRequest, reply);
      const mapped = error.code === 'FST_ERR_BAD_URL' ? new BadRequestException(badUrlDetail(request.raw.url ?? '')) : error;
      instance.errorHandler.call(instance, mapped, request, reply);
    },
  });
  // What the edge and the guard put on a request, declared so every request has one shape.
  for (const property of ['correlationId', 'actor', 'commandId', 'receivedAt']) instance.decorateRequest(property, null);
  // Before any route, so every response (docs and 404s included) carries a correlation id and an access-log line.
  instance.addHook('onRequest', correlateAndLog(logger));
  readJsonBodies(instance, { bodyLimit: JSON_BODY_LIMIT });
  instance.addHook('preValidation', refuseUnstorableText);
  instance.addHook('preHandler', resumeRequestContext);
  instance.addHook('onSend', etagAndConditionalGet);
  return instance;
}

/** The detail for a path with a percent-encoding that does not decode: its first such segment. */
function badUrlDetail(url: string): string {
  const segment = url.split('?')[0]!.split('/').find((part) => {
    try {
      decodeURIComponent(part);
      return false;
    } catch {
      return true;
    }
  });
  return `Failed to decode param '${segment ?? url}'`;
}

/** Builds and initialises the HTTP application, ready for requests but not yet listening. Used by main and by tests. */
export async function createApp(options: CreateAppOptions): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createLogger(options.config.log);
  const instance = edge(logger);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...options, logger }), new FastifyAdapter(instance), {
    logger,
    // Fail with an exception the caller can report, instead of exiting the process.
    abortOnError: false,
    // The edge reads bodies (see readJsonBodies).
    bodyParser: false,
  });
  mountDocs(app);
  // The page talks to the issuer whose tokens the API accepts (discovery, token endpoint, silent renew frame).
  const { auth } = options.config;
  if (options.webApp) await mountWebApp(instance, { ...options.webApp, connectOrigins: auth.mode === 'oidc' ? [new URL(auth.issuer).origin] : [] });
  await app.init();
  // Routes and plugins loaded, so tests can send requests to app.getHttpServer() straight away.
  await instance.ready();
  return app;
}
