import { ConsoleLogger, type LogLevel, type LoggerService } from '@nestjs/common';
import type { AppConfig } from '#config';

const SEVERITY: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** One JSON object per line (or coloured text for a terminal); tokens and secrets are masked. */
export function createLogger(settings: AppConfig['log']): ConsoleLogger {
  return new ConsoleLogger({
    json: settings.format === 'json',
    colors: settings.format === 'pretty',
    logLevels: SEVERITY.slice(0, SEVERITY.indexOf(settings.level) + 1),
    flattenParams: true,
    redact: ['authorization', 'token', 'password', 'cookie', 'databaseUrl', 'eventStoreDbConnectionString'],
  });
}

/** For tests that want no output. */
export const silentLogger: LoggerService = { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} };
