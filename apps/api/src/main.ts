import { ConfigError, loadConfig, type AppConfig } from '#config';
import { openStores } from '#event-store';
import { createApp, createLogger, DOCS_PATH } from '#platform';
import { featureModules } from './features.js';

let logger: ReturnType<typeof createLogger> | undefined;

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  logger = createLogger(config.log);
  const stores = await openStores(config.storage);
  let app;
  try {
    app = await createApp({ config, stores, logger, imports: featureModules(config) });
  } catch (error) {
    await stores.close();
    throw error;
  }
  // Nest closes the application (and with it the stores) on these signals, then re-raises them.
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  try {
    await app.listen(config.http.port, config.http.host);
  } catch (error) {
    await app.close(); // releases the stores and the data directory lock
    throw error;
  }

  const host = config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host;
  const url = `http://${host}:${config.http.port}`;
  const tokenHint =
    config.auth.mode === 'embedded'
      ? '; get a token with: npm run token -- --role negotiator --sub you@example.org'
      : `; tokens come from ${config.auth.issuer}`;
  process.stdout.write(`Labor relations record listening on ${url} (store: ${stores.events.kind}); API docs at ${url}/${DOCS_PATH}${tokenHint}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  logger?.error('failed to start', { error: error instanceof Error ? error.stack : message }, 'Main');
  process.stderr.write(`failed to start: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
