import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { loadConfig } from '#config';
import { openStores, type Stores } from '#event-store';
import { ReadStore, projectionId, rebuildProjection } from '#read-store';
import { ProgressBar } from '../progress-bar.js';
import { UsageError } from '../usage-error.js';

/** `projections status`, `projections rebuild [name]` and `projections skip`, against the configured stores. */
export function registerProjectionsCommand(program: Command): void {
  const projections = program.command('projections').description('inspect and rebuild read models');

  projections
    .command('status')
    .description('each projection build: state, checkpoint, events applied, lag in events and seconds, failure, skipped events')
    .option('--json', 'print JSON instead of a table')
    .action(async (options: { json?: boolean }) => {
      const { ALL_PROJECTIONS, projectionStatus } = await loadProjections();
      await withStores(async (stores) => {
        const rows = await projectionStatus(stores.events, await ReadStore.open(stores.sql), ALL_PROJECTIONS);
        if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else printTable(rows.map((r) => ({ ...r, skipped: r.skipped.length > 0 ? r.skipped.map((s) => s.eventId).join(',') : null })));
      });
    });

  projections
    .command('rebuild [name]')
    .description('rebuild one projection (or all) into fresh tables and swap them in when caught up')
    .action(async (name: string | undefined) => {
      const { ALL_PROJECTIONS, projectionSkips, skippedEventIds } = await loadProjections();
      const chosen = name ? ALL_PROJECTIONS.filter((p) => p.name === name || projectionId(p) === name) : ALL_PROJECTIONS;
      if (name && chosen.length === 0) throw new UsageError(`projections rebuild: no projection named ${name} (known: ${ALL_PROJECTIONS.map((p) => p.name).join(', ') || 'none'})`);
      await withStores(async (stores) => {
        const readStore = await ReadStore.open(stores.sql);
        const skips = await projectionSkips(stores.events);
        for (const projection of chosen) {
          const category = projection.categories.length === 1 ? projection.categories[0] : undefined;
          const total = stores.events.countEvents ? await stores.events.countEvents({ category }) : 0;
          const bar = new ProgressBar(`${projectionId(projection).padEnd(32)} {bar} {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`);
          const started = Date.now();
          bar.start(Math.max(total, 1), 0, { rate: 0 });
          let build;
          try {
            build = await rebuildProjection(stores.events, readStore, projection, {
              skipped: skippedEventIds(skips, projection),
              onProgress: ({ events }) => {
                bar.setTotal(Math.max(total, events));
                bar.update(events, { rate: Math.round(events / Math.max((Date.now() - started) / 1000, 0.001)) });
              },
            });
          } finally {
            // The bar redraws on a timer: left running, it keeps the process alive after a failure.
            bar.stop();
          }
          const seconds = (Date.now() - started) / 1000;
          process.stdout.write(`${projectionId(projection)}: rebuilt ${build.events} events into ${build.tableName} in ${seconds.toFixed(1)} s and swapped it in\n`);
        }
      });
    });

  projections
    .command('skip <name> <eventId>')
    .description('record (as an event, never by editing the store) that a projection skips an event it cannot apply')
    .requiredOption('--reason <text>', 'why the projection skips the event (kept in the record)')
    .option('--by <subject>', 'who decides (default: cli:<your user name>)')
    .action(async (name: string, eventId: string, options: { reason: string; by?: string }) => {
      const { ALL_PROJECTIONS, recordProjectionSkip } = await loadProjections();
      await withStores(async (stores) => {
        const now = new Date().toISOString();
        const skip = await recordProjectionSkip(stores.events, ALL_PROJECTIONS, { projection: name, eventId, reason: options.reason }, {
          now,
          occurredAt: { at: now, precision: 'instant' },
          actor: { subject: options.by ?? `cli:${userInfo().username}`, role: 'admin' },
          commandId: randomUUID(),
          correlationId: randomUUID(),
        });
        process.stdout.write(`${skip.projection} skips event ${skip.eventId} (recorded by ${skip.skippedBy.subject} at ${skip.recordedAt}); a running projector goes on past it within seconds, a rebuild leaves it out\n`);
      });
    });
}

async function withStores(work: (stores: Stores) => Promise<void>): Promise<void> {
  const stores = await openStores(loadConfig().storage);
  try {
    await work(stores);
  } finally {
    await stores.close();
  }
}

function printTable(rows: Record<string, unknown>[]): void {
  const columns = ['projection', 'state', 'events', 'lagEvents', 'lagSeconds', 'checkpoint', 'failedEvent', 'skipped'];
  const cell = (v: unknown) => (v === null || v === undefined ? '–' : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  process.stdout.write(`${line(columns)}\n${rows.map((r) => line(columns.map((c) => cell(r[c])))).join('\n')}\n`);
}

/** Every read model pulls in the whole application: loaded only when a projections command runs. */
async function loadProjections() {
  const [{ ALL_PROJECTIONS }, operations] = await Promise.all([import('#read-models'), import('#projector')]);
  return { ALL_PROJECTIONS, ...operations };
}
