import { ConfigError, loadConfig } from '#config';
import { openStores } from '#event-store';
import { readModelModules } from '#read-models';
import { createApp, createLogger } from '#platform';

/**
 * The projector process (production): feeds every read model from the event store, and serves only
 * liveness, readiness, /metrics and /projections. The API then runs with RUN_PROJECTOR=false.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.log);
  const stores = await openStores(config.storage);
  const app = await createApp({ config, stores, logger, imports: readModelModules({ run: true, serveQueries: false }) });
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  await app.listen(config.http.port, config.http.host);
  process.stdout.write(`Projector running (store: ${stores.events.kind}); metrics on http://${config.http.host}:${config.http.port}/metrics\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`projector failed to start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(1);
});
