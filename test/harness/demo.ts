/**
 * `npm run demo`: records the synthetic Bayview scenario of DOMAIN.md and a few generated
 * negotiations into the configured store (the embedded one in ./data unless told otherwise), so a
 * newcomer who then opens the app sees a populated dashboard. Every event passes through the real
 * deciders (RecordSimulator). A store that already holds the demo is left as it is; a store that
 * holds anything else is refused, so the demo is never mixed into real records.
 */
import { ConfigError, loadConfig } from '#config';
import { openStores, readStreamOrEmpty } from '#event-store';
import { negotiationStream } from '#bargaining';
import { RecordSimulator, appendSimulated } from './record-simulator.js';

/** Generated negotiations start in spring 2026, so their days at the table read like a current docket. */
const GENERATED_FROM = '2026-03-02';
const GENERATED_EVENTS = 1_200;

async function main(): Promise<void> {
  const config = loadConfig();
  const stores = await openStores(config.storage);
  try {
    if ((await readStreamOrEmpty(stores.events, negotiationStream('bayview_2025'))).length > 0) {
      process.stdout.write('The demo records are already in the store; nothing to load.\n');
      return;
    }
    if ((await stores.events.readAll({ maxCount: 1 })).events.length > 0) {
      process.stderr.write(
        `demo: the store (${config.storage.databaseUrl ? 'DATABASE_URL' : config.storage.dataDir}) already holds other records; the demo loads only into an empty store (try DATA_DIR=./demo-data npm run demo)\n`,
      );
      process.exitCode = 1;
      return;
    }
    const simulator = new RecordSimulator(2025, { startDay: GENERATED_FROM, spanDays: 90 });
    simulator.bayview();
    const batches = simulator.generate(GENERATED_EVENTS);
    await appendSimulated(stores.events, batches);
    process.stdout.write(`Loaded the Bayview scenario and generated negotiations: ${simulator.events} events.\n`);
  } finally {
    await stores.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo: ${error instanceof ConfigError || error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  process.exit(1);
});
