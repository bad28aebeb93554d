import type { LoggerService } from '@nestjs/common';
import { NativeLogger, type PinoLogger } from 'nestjs-pino';
import { pino, stdTimeFunctions, type DestinationStream, type Level, type Logger as Pino } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '#config';
import { currentCorrelationId } from './http/correlation.js';

type Settings = AppConfig['log'];

/** Nest's levels as pino names them. */
const PINO_LEVEL: Record<Settings['level'], Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

/**
 * Nest's own start-up lines (modules initialised, each controller and every `Mapped {/x, GET}
 * route`, "application successfully started"): debug, so a normal start prints only what an
 * operator needs.
 */
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Values that never reach a log line, under these keys at the top level or one level down. */
const SECRET_KEYS = ['authorization', 'token', 'password', 'cookie', 'databaseUrl', 'eventStoreDbConnectionString'];

/** `LOG_FORMAT=auto` (the default): pretty for a person at a terminal, JSON for a collector. */
export function resolvedLogFormat(format: Settings['format'], stdoutIsTty = process.stdout.isTTY === true): 'json' | 'pretty' {
  return format === 'auto' ? (stdoutIsTty ? 'pretty' : 'json') : format;
}

/**
 * The process's pino logger: JSON lines (`level`, `time`, `msg`, `context` and the line's own
 * fields) or, for a terminal, pino-pretty's one line per entry. A line written while a request is
 * handled carries its `correlationId` (see `currentCorrelationId`).
 */
export function createPino(settings: Settings, destination: DestinationStream = process.stdout): Pino {
  const format = resolvedLogFormat(settings.format, destination === process.stdout ? undefined : false);
  const options = {
    level: PINO_LEVEL[settings.level],
    base: { pid: process.pid },
    timestamp: stdTimeFunctions.isoTime,
    redact: { paths: [...SECRET_KEYS, ...SECRET_KEYS.map((key) => `*.${key}`)], censor: '***' },
    // The request's id, unless the line names one itself (the access line does).
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId === undefined ? {} : { correlationId };
    },
  };
  if (format === 'json') return pino({ ...options, formatters: { level: (label) => ({ level: label }) } }, destination);
  const stream = pretty({
    destination,
    sync: true,
    colorize: destination === process.stdout && process.stdout.isTTY === true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}{context}: {end}{msg}',
  });
  return pino(options, stream);
}

/** Nest's logger interface over pino, with Nest's start-up chatter moved to debug. */
export class AppLogger extends NativeLogger {
  constructor(
    root: Pino,
    /** Writes at info whatever LOG_LEVEL says. */
    private readonly announcer: Pino = root.child({}, { level: 'info' }),
  ) {
    // NativeLogger calls only the level methods of nestjs-pino's PinoLogger, which a pino logger has.
    super(root as unknown as PinoLogger, { renameContext: 'context', nativeLogger: { flattenParams: true } });
  }

  /** A line every run writes whatever the level, such as where the process listens: what a supervisor waits for. */
  announce(message: string, fields: Record<string, unknown>, context: string): void {
    this.announcer.info({ ...fields, context }, message);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) super.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/**
 * The logger Nest and the application write to: `logger.log(message, { ...fields }, context)`
 * writes one entry with the fields at its top level. nestjs-pino's NativeLogger maps Nest's calls
 * (context last, stacks for errors) onto a pino logger of this application's own: its LoggerModule
 * would keep one root logger per process and run pino-http on every request through middleware,
 * while the edge already assigns the correlation id and writes the one access line.
 */
export function createLogger(settings: Settings, destination?: DestinationStream): AppLogger {
  return new AppLogger(createPino(settings, destination));
}

/** For tests that want no output. */
export const silentLogger: LoggerService = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };
