import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '#config';
import { NegotiationExports, type RecordCheckpoint, checkCheckpoint, inclusionProof, merkleRoot, recordsOptions, verifyCheckpointSection, verifyInclusion } from '#records';
import { verifyRecord, writeCheckpoint } from '../../apps/cli/src/commands/checkpoint.command.js';
import { verifyBundleFile } from '../../apps/cli/src/commands/verify.command.js';
import { NEGOTIATION_ID, recordBayview } from '../../libs/records/test/fixtures.js';
import { withEmbeddedStores } from '#testing';

/*
 * A per-stream hash chain cannot show that the newest events of a stream were removed: what is
 * left still chains. A signed checkpoint kept outside the database remembers every stream's head;
 * `verify-record --checkpoint` then names the stream and the revisions that are gone. The tail is
 * removed here as a database superuser would: the immutability triggers disabled, the rows deleted
 * and the stream's head moved back.
 */
describe('checkpoints of the whole record catch a truncated stream', () => {
  let dataDir: string;
  let out: string;
  const stream = `negotiation-${NEGOTIATION_ID}`;

  /** The negotiation's audit file as the CLI exports it, with the checkpoints written to `out`, saved to a file. */
  const exportAuditFile = async (name: string) => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error', CHECKPOINT_DIR: out });
    return withEmbeddedStores(dataDir, async (stores) => {
      const { bundle } = await NegotiationExports.over(stores.events, recordsOptions(config)).export(NEGOTIATION_ID, 'audit', {
        actor: { subject: 'records@bayviewusd.example', role: 'records-officer' },
        purpose: 'checkpoint test',
        resource: 'test',
      });
      const path = join(dataDir, `${name}.json`);
      await writeFile(path, JSON.stringify(bundle));
      return { bundle, path };
    });
  };

  beforeAll(async () => {
    [dataDir, out] = await Promise.all([mkdtemp(join(tmpdir(), 'lrr-checkpoint-')), mkdtemp(join(tmpdir(), 'lrr-checkpoint-out-'))]);
    await withEmbeddedStores(dataDir, (stores) => recordBayview(stores.events));
  }, 120_000);

  afterAll(async () => {
    await Promise.all([dataDir, out].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('signs a checkpoint whose Merkle root proves each stream head (RFC 6962 inclusion proofs), and refuses one that was altered', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const { path, checkpoint } = await writeCheckpoint(out, config, new Date('2026-02-02T17:30:00.000Z'));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual(checkpoint);
    expect(checkpoint.streams.map((s) => s.stream)).toContain(stream);
    expect(await checkCheckpoint(checkpoint)).toEqual([]);
    for (const [i, head] of checkpoint.streams.entries()) {
      const proof = inclusionProof(checkpoint.streams, i);
      expect(await verifyInclusion(head, i, checkpoint.streams.length, proof, checkpoint.merkleRoot)).toBe(true);
      expect(await verifyInclusion({ ...head, revision: head.revision - 1 }, i, checkpoint.streams.length, proof, checkpoint.merkleRoot)).toBe(false);
    }
    const shortened: RecordCheckpoint = { ...checkpoint, streams: checkpoint.streams.map((s) => (s.stream === stream ? { ...s, revision: s.revision - 1 } : s)) };
    // The signature covers the tree head (root, size, position, time); the heads are bound to it through the root.
    expect((await checkCheckpoint(shortened)).map((p) => p.kind)).toEqual(['merkle-root-mismatch']);
    expect((await checkCheckpoint({ ...shortened, merkleRoot: merkleRoot(shortened.streams) })).map((p) => p.kind)).toEqual(['signature-invalid']);
    let text = '';
    const intact = await verifyRecord(path, {}, config, (t) => (text += t));
    expect(intact).toEqual({ exitCode: 0, problems: [] });
    expect(text).toContain('Result     INTACT');

    // An audit file exported after it carries its tree head and its streams' proofs, and holds every head.
    const exported = await exportAuditFile('intact');
    const report = await verifyCheckpointSection(exported.bundle);
    expect(report).toMatchObject({ present: true, at: checkpoint.at, problems: [] });
    expect(report.proven).toBe(exported.bundle.manifest.streams.filter((s) => checkpoint.streams.some((h) => h.stream === s.stream)).length);
    expect(report.proven).toBeGreaterThan(0);
    let verified = '';
    expect((await verifyBundleFile(exported.path, {}, (t) => (verified += t))).exitCode).toBe(0);
    expect(verified).toMatch(/Checkpoint checkpoint-20260202T173000Z\.json of 2026-02-02T17:30:00\.000Z: (\d+) of \1 stream head\(s\) proven and held by the file\n/);
  });

  it('names the stream and the missing revisions after a superuser removed the tail of a stream', async () => {
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'error' });
    const { path, checkpoint } = await writeCheckpoint(out, config, new Date('2026-02-02T17:31:00.000Z'));
    const head = checkpoint.streams.find((s) => s.stream === stream)!;
    const keep = head.revision - 3;
    await withEmbeddedStores(dataDir, async (stores) => {
      const kept = (await stores.events.readStream(stream)).find((e) => e.revision === keep)!;
      await stores.sql.exec('ALTER TABLE lrr_events DISABLE TRIGGER USER; ALTER TABLE lrr_streams DISABLE TRIGGER USER');
      await stores.sql.query('DELETE FROM lrr_events WHERE stream = $1 AND revision > $2', [stream, keep]);
      await stores.sql.query('UPDATE lrr_streams SET revision = $2, head_hash = $3 WHERE stream = $1', [stream, keep, kept.hash]);
      await stores.sql.exec('ALTER TABLE lrr_events ENABLE TRIGGER USER; ALTER TABLE lrr_streams ENABLE TRIGGER USER');
      // What is left still chains: the per-stream check alone sees nothing wrong.
      expect((await stores.events.readStream(stream)).at(-1)!.revision).toBe(keep);
    });
    let text = '';
    const result = await verifyRecord(path, {}, config, (t) => (text += t));
    expect(result.exitCode).toBe(1);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'revisions-missing', stream, missing: { from: keep + 1, to: head.revision } })]);
    expect(text).toContain(`stream ${stream} is missing revisions ${keep + 1}–${head.revision}`);
    expect(text).toContain('Result     NOT INTACT');

    // A file exported from the truncated record is intact as a chain, but not against the checkpoint it carries.
    const exported = await exportAuditFile('truncated');
    expect((await verifyCheckpointSection(exported.bundle)).problems).toEqual([
      expect.objectContaining({
        kind: 'checkpoint-revisions-missing',
        stream,
        missing: { from: keep + 1, to: head.revision },
        message: `${stream} is missing revisions ${keep + 1}–${head.revision}: the file ends at revision ${keep}, the checkpoint of ${checkpoint.at} committed to revision ${head.revision}`,
      }),
    ]);
    let verified = '';
    expect((await verifyBundleFile(exported.path, {}, (t) => (verified += t))).exitCode).toBe(1);
    expect(verified).toContain('NOT INTACT against the checkpoint');
    expect(verified).toContain(`  - [checkpoint-revisions-missing] ${stream} is missing revisions ${keep + 1}–${head.revision}`);
    await writeFile(join(out, 'not-a-checkpoint.json'), '{}');
    await expect(verifyRecord(join(out, 'not-a-checkpoint.json'), {}, config)).rejects.toThrow(/is not a lrr-checkpoint\/2 checkpoint/);
  });
});
