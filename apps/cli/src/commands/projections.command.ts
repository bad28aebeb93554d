import type { Command } from 'commander';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { ReadStore, projectionId, rebuildProjection } from '#read-store';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

/** `projections status` and `projections rebuild [name]`, against the configured stores. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('inspect and rebuild read models');

  projections
    .command('status')
    .description('each projection build: state, checkpoint, events applied, lag in events and seconds')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const { ALL_PROJECTIONS } = await loadProjections();
      const stores = await openStores(loadConfig().storage);
      try {
        const readStore = await ReadStore.open(stores.sql);
        const rows = [];
        for (const build of await readStore.builds()) {
          if (build.state === 'retired') continue;
          const projection = ALL_PROJECTIONS.find((p) => p.name === build.name);
          const category = projection?.categories.length === 1 ? projection.categories[0] : undefined;
          const behind = await stores.events.readAll({ after: build.checkpoint, maxCount: 1, category });
          const lagEvents = stores.events.countEvents ? await stores.events.countEvents({ after: build.checkpoint, category }) : behind.events.length > 0 ? null : 0;
          const oldestPending = behind.events[0]?.recordedAt;
          rows.push({
            projection: build.projection,
            build: build.buildId,
            state: build.state,
            current: projection ? projectionId(projection) === build.projection : false,
            checkpoint: build.checkpoint,
            events: build.events,
            lagEvents,
            lagSeconds: oldestPending ? Math.max(0, Math.round((Date.now() - Date.parse(oldestPending)) / 1000)) : 0,
            error: build.error,
            failedEvent: build.failedEvent,
          });
        }
        for (const p of ALL_PROJECTIONS) {
          if (!rows.some((r) => r.projection === projectionId(p))) rows.push({ projection: projectionId(p), build: null, state: 'not built', current: true, checkpoint: null, events: 0, lagEvents: null, lagSeconds: null, error: null, failedEvent: null });
        }
        if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else printTable(rows);
      } finally {
        await stores.close();
      }
    });

  projections
    .command('rebuild [name]')
    .description('rebuild one projection (or all) into fresh tables and swap them in when caught up')
    .action(async (name: string | undefined) => {
      const { ALL_PROJECTIONS } = await loadProjections();
      const chosen = name ? ALL_PROJECTIONS.filter((p) => p.name === name || projectionId(p) === name) : ALL_PROJECTIONS;
      if (name && chosen.length === 0) throw new UsageError(`projections rebuild: no projection named ${name} (known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ') || 'none'})`);
      const stores = await openStores(loadConfig().storage);
      try {
        const readStore = await ReadStore.open(stores.sql);
        for (const projection of chosen) {
          const category = projection.categories.length === 1 ? projection.categories[0] : undefined;
          const total = stores.events.countEvents ? await stores.events.countEvents({ category }) : 0;
          const bar = new ProgressBar(`${projectionId(projection).padEnd(32)} {bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`);
          const started = Date.now();
          bar.start(Math.max(total, 1), 0, { rate: 0 });
          const build = await rebuildProjection(stores.events, readStore, projection, ({ events }) => {
            bar.setTotal(Math.max(total, events));
            bar.update(events, { rate: Math.round(events / Math.max((Date.now() - started) / 1000, 0.001)) });
          });
          bar.stop();
          const seconds = (Date.now() - started) / 1000;
          process.stdout.write(`${projectionId(projection)}: rebuilt ${build.events} events into ${build.tableName} in ${seconds.toFixed(1)} s and swapped it in\n`);
        }
      } finally {
        await stores.close();
      }
    });
}

function printTable(rows: Record<string, unknown>[]): void {
  const columns = ['projection', 'state', 'events', 'lagEvents', 'lagSeconds', 'checkpoint', 'failedEvent'];
  const cell = (v: unknown) => (v === null || v === undefined ? '–' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(columns)}\n${rows.map((r) => line(columns.map((c) => cell(r[c])))).join('\n')}\n`);
}

/** Every read model pulls in the whole application: loaded only when a projections command runs. */
const loadProjections = () => import('#read-models');
