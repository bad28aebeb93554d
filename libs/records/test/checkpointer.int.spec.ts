import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Stores, openStores } from '#event-store';
import { CHECKPOINT_STREAM, CheckpointSchedule, RECORD_CHECKPOINTED, RecordCheckpointer, type RecordCheckpoint, checkCheckpoint, checkRecordAgainstCheckpoint, loadOrCreateBundleSigningKey, readRecordHeads } from '#records';
import { recordBayview } from './fixtures.js';
import { embeddedTemplate } from '#testing';

const noted = (n: number) => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Noted',
  data: { n },
  occurredAt: { at: '2026-02-02', precision: 'day' as const },
  actor: { subject: 'tester@example.org', role: 'negotiator' as const },
  correlationId: '00000000-0000-4000-8000-000000000000',
  classification: { level: 'internal' as const, basis: 'test' },
});

describe('checkpoints taken while the system runs', () => {
  let dataDir: string;
  let stores: Stores;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'lrr-checkpointer-'));
    stores = await openStores({ dataDir, ...embeddedTemplate() });
    await recordBayview(stores.events);
  }, 120_000);

  afterAll(async () => {
    await stores?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('publishes a signed file and records it as an event; skips an idle record; reads only what is new, with the same heads as a full reading', async () => {
    const directory = join(dataDir, 'checkpoints');
    const checkpointer = new RecordCheckpointer(stores.events, () => loadOrCreateBundleSigningKey(dataDir), directory);

    const first = await checkpointer.checkpoint(new Date('2026-02-02T10:00:00.000Z'));
    expect(first).not.toBeNull();
    const written = JSON.parse(await readFile(first!.path, 'utf8')) as RecordCheckpoint;
    expect(written).toEqual(first!.checkpoint);
    expect(await checkCheckpoint(written)).toEqual([]);
    expect(await checkRecordAgainstCheckpoint(stores.events, written)).toEqual([]);
    const recorded = await stores.events.readStream(CHECKPOINT_STREAM);
    expect(recorded.map((e) => [e.type, e.eventId, e.data['merkleRoot'], e.data['file']])).toEqual([[RECORD_CHECKPOINTED, first!.eventId, written.merkleRoot, 'checkpoint-20260202T100000Z.json']]);

    // Nothing recorded since but the checkpoint itself: no second checkpoint.
    expect(await checkpointer.checkpoint(new Date('2026-02-02T11:00:00.000Z'))).toBeNull();

    await stores.events.append('test-checkpointed', [noted(1), noted(2)], { expectedRevision: 'any' });
    const second = await checkpointer.checkpoint(new Date('2026-02-02T12:00:00.000Z'));
    expect(second).not.toBeNull();
    // The heads read incrementally are the heads a full reading gives at that position; the first checkpoint is among them.
    const full = await readRecordHeads(stores.events);
    const covered = full.heads.map((head) => (head.stream === CHECKPOINT_STREAM ? { ...head, revision: 0, hash: recorded[0]!.hash } : head));
    expect(second!.checkpoint.streams).toEqual(covered);
    expect(second!.checkpoint.streams.find((s) => s.stream === 'test-checkpointed')).toMatchObject({ revision: 1 });
    expect(second!.checkpoint.events).toBe(full.events - 1);
    expect((await readdir(directory)).sort()).toEqual(['checkpoint-20260202T100000Z.json', 'checkpoint-20260202T120000Z.json']);
  });

  it('a scheduled checkpoint that fails is logged and does not throw', async () => {
    const warnings: string[] = [];
    const logger = { log: () => undefined, warn: (message: string) => void warnings.push(message), error: () => undefined };
    const failing = { ...stores.events, readAll: () => Promise.reject(new Error('the database is away')) } as unknown as Stores['events'];
    const schedule = new CheckpointSchedule(failing, { dataDir, lateEntryDays: 7, checkpoints: { intervalMs: 3_600_000, directory: join(dataDir, 'never') } }, { now: () => new Date('2026-02-03T00:00:00.000Z') }, logger);
    schedule.onApplicationBootstrap();
    await expect(schedule.tick()).resolves.toBeUndefined();
    await schedule.onModuleDestroy();
    expect(warnings).toEqual(['checkpoint not taken, tried again in the next interval: the database is away']);
  });
});
