import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#config';
import { type EventStore, openStores } from '#event-store';
import { CHECKPOINT_STREAM, CheckpointSchedule, RecordCheckpointer, type RecordCheckpoint, checkCheckpoint, checkCheckpointTimestamp, loadOrCreateBundleSigningKey } from '#records';
import { verifyRecord, writeCheckpoint } from '../../apps/cli/src/commands/checkpoint.command.js';
import { recordBayview } from '../../libs/records/test/fixtures.js';
import { type TestAuthority, startTestAuthority, unreachableAuthorityUrl } from '../../libs/records/test/timestamp-authority.js';
import { embeddedTemplate, withEmbeddedStores } from '#testing';

/*
 * A checkpoint's signed tree head, time-stamped by an RFC 3161 authority (here a local one on
 * loopback that signs real tokens): a third party then vouches that the record held what the
 * checkpoint commits to by the authority's time. An authority that is away or answers badly never
 * stops a checkpoint: it is taken without a token, with the failure in the file and the event.
 */
describe('checkpoints time-stamped by an RFC 3161 time-stamp authority', () => {
  let dataDir: string;
  let out: string;
  let tsa: TestAuthority;
  let rootFile: string;
  let otherRootFile: string;

  /** A checkpointer over the record in `dataDir`, for the time of `fn`. */
  const withCheckpointer = async <T>(authority: { url: string; certificateFile?: string }, fn: (checkpointer: RecordCheckpointer, events: EventStore) => Promise<T>) => {
    return withEmbeddedStores(dataDir, (stores) => fn(new RecordCheckpointer(stores.events, () => loadOrCreateBundleSigningKey(dataDir), out, authority), stores.events));
  };
  const checkpointEvents = async () => {
    return withEmbeddedStores(dataDir, (stores) => stores.events.readStream(CHECKPOINT_STREAM));
  };
  const verify = async (path: string, tsaCertificateFiles: string[] = []) => {
    let text = '';
    const result = await verifyRecord(path, { tsaCertificateFiles }, loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' }), (t) => (text += t));
    return { ...result, text };
  };
  const saved = async (name: string, checkpoint: RecordCheckpoint) => {
    const path = join(dataDir, name);
    await writeFile(path, JSON.stringify(checkpoint));
    return path;
  };

  beforeAll(async () => {
    [dataDir, out] = await Promise.all([mkdtemp(join(tmpdir(), 'lrr-tsa-')), mkdtemp(join(tmpdir(), 'lrr-tsa-out-'))]);
    tsa = await startTestAuthority();
    [rootFile, otherRootFile] = [join(dataDir, 'tsa-root.pem'), join(dataDir, 'other-root.pem')];
    await Promise.all([writeFile(rootFile, tsa.rootPem), writeFile(otherRootFile, tsa.otherRootPem)]);
    await withEmbeddedStores(dataDir, (stores) => recordBayview(stores.events));
  }, 120_000);

  afterAll(async () => {
    await tsa?.close();
    await Promise.all([dataDir, out].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps the token in the file and the event; verify-record checks it covers this tree head and prints the time and the authority; a tampered token or one for another head is named', async () => {
    const before = Date.now();
    const [published, [event]] = await withCheckpointer({ url: tsa.url, certificateFile: rootFile }, async (checkpointer, events) => [await checkpointer.checkpoint(new Date('2026-03-01T09:00:00.000Z')), await events.readStream(CHECKPOINT_STREAM)] as const);
    const checkpoint = published!.checkpoint;
    expect(checkpoint.timestamp).toMatchObject({ authority: tsa.url, tsa: tsa.name });
    expect(checkpoint.timestampFailure).toBeUndefined();
    expect(Date.parse(checkpoint.timestamp!.genTime)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(JSON.parse(await readFile(published!.path, 'utf8'))).toEqual(checkpoint);
    expect(await checkCheckpoint(checkpoint)).toEqual([]);
    expect(event!.data['timestamp']).toEqual(checkpoint.timestamp);

    const intact = await verify(published!.path);
    expect(intact.exitCode).toBe(0);
    expect(intact.text).toContain(`  stamped   ${checkpoint.timestamp!.genTime} by ${tsa.name} (RFC 3161 token over this tree head)\n`);
    // The same check verify-record makes with --tsa-cert (the built CLI is run with it below).
    expect((await checkCheckpointTimestamp(checkpoint, [tsa.rootPem])).problems).toEqual([]);
    expect((await checkCheckpointTimestamp(checkpoint, [tsa.otherRootPem])).problems.map((p) => p.kind)).toEqual(['timestamp-untrusted']);

    // The last byte of the token is the last byte of the TSA's signature.
    const token = Buffer.from(checkpoint.timestamp!.token, 'base64');
    token[token.length - 1]! ^= 0x01;
    const tampered = await verify(await saved('tampered.json', { ...checkpoint, timestamp: { ...checkpoint.timestamp!, token: token.toString('base64') } }));
    expect(tampered.exitCode).toBe(1);
    expect(tampered.problems).toEqual([expect.objectContaining({ kind: 'timestamp-invalid', message: expect.stringMatching(/signature does not verify/) })]);
    expect(tampered.text.split('\n').filter((line) => line.includes('[timestamp-invalid]'))).toHaveLength(1);
    const garbled = await checkCheckpointTimestamp({ ...checkpoint, timestamp: { ...checkpoint.timestamp!, token: 'bm90IGEgdG9rZW4=' } });
    expect(garbled.problems).toEqual([expect.objectContaining({ kind: 'timestamp-invalid', message: expect.stringMatching(/^the time-stamp token cannot be read/) })]);

    // A later checkpoint carrying the earlier one's token: the token is genuine, but for another tree head.
    const later = await withCheckpointer({ url: tsa.url }, async (checkpointer, events) => {
      await events.append('test-stamped', [{ eventId: '00000000-0000-4000-8000-00000000aa01', type: 'Noted', data: {}, occurredAt: { at: '2026-03-01', precision: 'day' }, actor: { subject: 'tester@example.org', role: 'negotiator' }, correlationId: '00000000-0000-4000-8000-000000000000', classification: { level: 'internal', basis: 'test' } }], { expectedRevision: 'any' });
      return checkpointer.checkpoint(new Date('2026-03-01T10:00:00.000Z'));
    });
    expect(later!.checkpoint.timestamp!.token).not.toBe(checkpoint.timestamp!.token);
    const swapped = await verify(await saved('swapped.json', { ...later!.checkpoint, timestamp: checkpoint.timestamp! }));
    expect(swapped.problems).toEqual([{ kind: 'timestamp-invalid', message: "the time-stamp token covers another tree head: its message imprint is not the hash of this checkpoint's tree head" }]);
    expect(swapped.text).toContain('Result     NOT INTACT');

    // `cli checkpoint` time-stamps too when the authority is configured.
    const byHand = await writeCheckpoint(join(dataDir, 'by-hand'), loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error', CHECKPOINT_TSA_URL: tsa.url, CHECKPOINT_TSA_CERT: rootFile }), new Date('2026-03-01T11:00:00.000Z'));
    expect(byHand.checkpoint.timestamp).toMatchObject({ authority: tsa.url, tsa: tsa.name });
    expect((await checkCheckpointTimestamp(byHand.checkpoint, [tsa.rootPem])).problems).toEqual([]);
  });

  it('the built CLI prints the time-stamp, names a token not chaining to --tsa-cert, and refuses a CHECKPOINT_TSA_URL that is not a URL in one line', async () => {
    const [newest] = (await readdir(out)).filter((name) => name.startsWith('checkpoint-')).sort().reverse();
    const cli = (env: Record<string, string>, tsaCert = rootFile) => spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'verify-record', '--checkpoint', join(out, newest!), '--tsa-cert', tsaCert], { env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'error', ...env }, encoding: 'utf8', timeout: 60_000 });
    const ok = cli({});
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/ {2}stamped {3}\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z by CN=Test TSA, O=Test Time Authority \(RFC 3161 token over this tree head, chaining to the given TSA certificate\)/);
    const untrusted = cli({}, otherRootFile);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stdout.split('\n').filter((line) => line.startsWith('  ['))).toEqual(["  [timestamp-untrusted] the time-stamp token's signing certificate does not chain to a trusted TSA certificate"]);
    const bad = cli({ CHECKPOINT_TSA_URL: 'tsa.example.org' });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toEqual([expect.stringContaining('CHECKPOINT_TSA_URL: must be the http:// or https:// URL of an RFC 3161 time-stamp authority (got "tsa.example.org")')]);
  });

  it('an authority that is down or answers badly does not stop the checkpoint: it is taken with the failure recorded and logged, and the authority is asked again at the next one', async () => {
    const down = await unreachableAuthorityUrl();
    const failed = await withCheckpointer({ url: down }, async (checkpointer, events) => {
      await events.append('test-stamped', [{ eventId: '00000000-0000-4000-8000-00000000aa02', type: 'Noted', data: {}, occurredAt: { at: '2026-03-02', precision: 'day' }, actor: { subject: 'tester@example.org', role: 'negotiator' }, correlationId: '00000000-0000-4000-8000-000000000000', classification: { level: 'internal', basis: 'test' } }], { expectedRevision: 'any' });
      return checkpointer.checkpoint(new Date('2026-03-02T09:00:00.000Z'));
    });
    expect(failed!.checkpoint.timestamp).toBeUndefined();
    expect(failed!.checkpoint.timestampFailure).toEqual({ authority: down, reason: `the time-stamp authority ${down} cannot be reached: ECONNREFUSED` });
    expect(JSON.parse(await readFile(failed!.path, 'utf8'))).toEqual(failed!.checkpoint);
    expect(await checkCheckpoint(failed!.checkpoint)).toEqual([]);
    expect((await checkpointEvents()).at(-1)!.data['timestampFailure']).toEqual(failed!.checkpoint.timestampFailure);
    const unstamped = await verify(failed!.path);
    expect(unstamped.exitCode).toBe(0);
    expect(unstamped.text).toContain(`  stamped   no time-stamp token: the time-stamp authority ${down} cannot be reached: ECONNREFUSED\n`);
    expect((await checkCheckpointTimestamp(failed!.checkpoint, [tsa.rootPem])).problems.map((p) => p.kind)).toEqual(['timestamp-missing']);

    // The schedule, with an authority that answers garbage, then refuses, then errs, then grants: one
    // checkpoint each time even though nothing else is recorded, until one is time-stamped.
    const warnings: string[] = [];
    const logger = { log: () => undefined, warn: (message: string) => void warnings.push(message), error: () => undefined };
    let minute = 0;
    const clock = { now: () => new Date(Date.UTC(2026, 2, 3, 9, minute++)) };
    const stores = await openStores({ dataDir, ...embeddedTemplate() });
    const before = (await readdir(out)).length;
    try {
      const schedule = new CheckpointSchedule(stores.events, { dataDir, lateEntryDays: 7, checkpoints: { intervalMs: 3_600_000, directory: out, timestampAuthority: { url: tsa.url } } }, clock, logger);
      schedule.onApplicationBootstrap();
      for (const mode of ['garbage', 'reject', 'http-error', 'grant', 'grant'] as const) {
        tsa.mode = mode;
        await schedule.tick();
      }
      await schedule.onModuleDestroy();
    } finally {
      tsa.mode = 'grant';
      await stores.close();
    }
    expect(warnings).toEqual([
      expect.stringMatching(new RegExp(`^checkpoint .*checkpoint-20260303T090000Z\\.json has no time-stamp, asked again at the next interval: the time-stamp authority ${tsa.url} did not answer with a time-stamp response: `)),
      expect.stringMatching(/T090100Z\.json has no time-stamp, .*refused the request \(status 2: unsupported algorithm\)$/),
      expect.stringMatching(/T090200Z\.json has no time-stamp, .*answered HTTP 503$/),
    ]);
    // Four checkpoints: three without a token, the fourth stamped; the fifth tick found nothing new.
    expect((await readdir(out)).length).toBe(before + 4);
    const recorded = (await checkpointEvents()).slice(-4);
    expect(recorded.map((e) => [e.data['file'], e.data['timestamp'] !== undefined, e.data['timestampFailure'] !== undefined])).toEqual([
      ['checkpoint-20260303T090000Z.json', false, true],
      ['checkpoint-20260303T090100Z.json', false, true],
      ['checkpoint-20260303T090200Z.json', false, true],
      ['checkpoint-20260303T090300Z.json', true, false],
    ]);
    const stamped = JSON.parse(await readFile(join(out, 'checkpoint-20260303T090300Z.json'), 'utf8')) as RecordCheckpoint;
    expect((await checkCheckpointTimestamp(stamped, [tsa.rootPem])).timestamp?.tsa).toBe(tsa.name);
  });
});
