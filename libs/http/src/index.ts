export { EVENT_STORE, SQL_CLIENT, CLOCK, systemClock, type Clock } from './tokens.js';
export { CommandCtx, type CommandContext, type CommandRequest } from './command-context.js';
export { IdempotencyInterceptor, IdempotencyKeys, commandIdFor, requestHash } from './idempotency.js';
export { BusinessTimeDto } from './business-time.dto.js';
export { Metrics, METRICS, CommandMetricsInterceptor } from './metrics.js';
export { IsCalendarDate, IsRecordId, RECORD_ID_PATTERN, Text, rememberValidationMetadata } from './validation.js';
