export { createApp, type CreateAppOptions } from './app.js';
export { AppModule, type AppDeps, type AppStores } from './app.module.js';
export { createLogger } from './logging.js';
export { DOCS_PATH } from './docs.js';
export { APP_CONFIG, APP_LOGGER } from './tokens.js';
export { CorrelationId } from './http/correlation.js';
