import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type AppConfig } from '#config';
import { openStores } from '#event-store';
import { announceApiEndpoint, createApp, createLogger, DOCS_PATH, endpointUrl, resolvedLogFormat } from '#platform';
import { standaloneVerifiers } from '#records';
import { featureModules } from './features.js';
import { startUp, startUpMessage } from './start-up-message.js';

/** The package root (dist/apps/api/src/main.js is four levels below it), where `npm run` runs scripts. */
const PROJECT_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

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
  const opened = await openStores(config.storage);
  // On the embedded store the API holds the data directory: it says where it listens, so operator
  // commands (cli export) go through it; the note goes when the stores close.
  let unannounce = () => {};
  const stores = { ...opened, close: async () => { unannounce(); await opened.close(); } };
  let app;
  try {
    // apps/web's build (npm run build:web) is served at `/` (createApp lets the page reach the OIDC issuer).
    // The standalone verifier page is served as it is shipped with every export (/verify.html).
    const webApp = {
      dir: join(PROJECT_ROOT, 'dist', 'web'),
      standalonePages: { '/verify.html': standaloneVerifiers()['verify.html'] },
    };
    app = await createApp({ config, stores, logger, imports: featureModules(config), webApp });
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

  if (opened.events.kind === 'pglite') unannounce = announceApiEndpoint(config.storage.dataDir, endpointUrl(app.getHttpServer().address()));
  const facts = startUp({ config, store: stores.events.kind, docsPath: DOCS_PATH, projectRoot: PROJECT_ROOT });
  if (resolvedLogFormat(config.log.format) === 'pretty') {
    process.stdout.write(`\n${startUpMessage(facts, config.auth.mode === 'oidc' ? config.auth.issuer : undefined)}\n`);
  } else {
    // One JSON line among the others, whatever LOG_LEVEL: supervisors and benchmarks wait for it.
    logger.announce(`Labor relations record listening on ${facts.url}`, { ...facts }, 'Main');
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  logger?.error('failed to start', { error: error instanceof Error ? error.stack : message }, 'Main');
  process.stderr.write(`failed to start: ${message.split('\n')[0]}\n`);
  process.exit(1);
});
