/**
 * A projector process for the crash test: projects one category into documents that list every
 * event id applied, so a lost or doubly applied event is visible. The parent kills it with SIGKILL.
 * Usage: node projection-crash-child.js <pglite-data-dir | postgres-url> <category>
 */
import { PostgresEventStore } from '#event-store';
import { ProjectionRunner, ReadStore } from '#read-store';
import { openPglite, openPostgres } from '#sql';
import { crashProjection } from './crash-projection.js';

const [target, category] = process.argv.slice(2) as [string, string];
const sql = target.startsWith('postgres') ? openPostgres(target) : await openPglite(target);
const store = await PostgresEventStore.open(sql);
const readStore = await ReadStore.open(sql);
const runner = new ProjectionRunner(store, readStore, crashProjection(category), { batchSize: 40 });
runner.start();
process.stdout.write('projecting\n');
// Stay alive until killed; say once when caught up, so the parent knows the final state is complete.
let told = false;
setInterval(() => {
  if (!told && runner.status.state === 'live') {
    told = true;
    process.stdout.write('live\n');
  }
}, 50);
