import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewEvent, PostgresEventStore } from '#event-store';
import { openPostgres } from '#sql';
import { built } from './support/api-process.js';
import { scratchDatabase } from './support/scratch-database.js';
import { describeUnless, testEnvironment } from '#testing';

/**
 * Issue 11, item 2 (operator side): `projections rebuild` over an event the read model once could
 * not store, and over one a projection cannot apply: it finishes, or exits non-zero with one line
 * naming the projection, the event id, stream and revision — never hangs. An operator's recorded
 * skip lets the rebuild through, and `projections status` shows it.
 */
const CLI = 'dist/apps/cli/src/main.js';
const databaseUrl = process.env.DATABASE_URL;
const skipReason = !databaseUrl ? 'skipped: DATABASE_URL is not set' : !built(CLI) ? `skipped: ${CLI} is missing (npm test builds it first: run npm run build)` : null;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly hung: boolean;
}

function cli(args: readonly string[], env: Record<string, string>, timeoutMs = 45_000): Promise<Run> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [CLI, ...args], { env: { ...testEnvironment(), LOG_LEVEL: 'error', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      proc.kill('SIGKILL');
    }, timeoutMs);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, hung });
    });
  });
}

const recorded = (type: string, data: Record<string, unknown>): NewEvent => ({
  eventId: randomUUID(),
  type,
  data,
  occurredAt: { at: '2025-01-10', precision: 'day' },
  actor: { subject: 'faults@example.org', role: 'admin' },
  correlationId: randomUUID(),
  classification: { level: 'internal', basis: 'test' },
});

describeUnless(skipReason)('faults: projections rebuild from the CLI', () => {
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await scratchDatabase(databaseUrl!);
    dataDir = mkdtempSync(join(tmpdir(), 'lrr-cli-faults-'));
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir };
  });

  afterAll(async () => {
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rebuilds a read model fed a unit name holding U+0000 and a lone surrogate, and exits 0', async () => {
    const sql = openPostgres(database.url);
    try {
      const store = await PostgresEventStore.open(sql);
      const unitId = randomUUID();
      const name = 'Bayview \u0000 unit \ud800';
      await store.append(`unit-${unitId}`, [recorded('UnitRegistered', { unitId, name, employer: 'Bayview USD', employeeOrganization: 'BTA', statute: 'EERA', currentAgreementTerm: null, description: null })], { expectedRevision: 'no_stream' });
      const run = await cli(['projections', 'rebuild', 'unit-directory'], env);
      expect({ hung: run.hung, code: run.code, stderr: run.stderr.split('\n').filter((l) => l.startsWith('error')) }).toEqual({ hung: false, code: 0, stderr: [] });
      const { rows } = await sql.query<{ doc: { name: string } }>('SELECT doc FROM rm_unit_directory');
      expect(rows.map((r) => r.doc.name)).toEqual([name]);
    } finally {
      await sql.close();
    }
  }, 60_000);

  it('a rebuild that cannot apply an event exits 1 with one line naming it; a recorded skip lets it through and status shows the skip', async () => {
    const sql = openPostgres(database.url);
    const negotiationId = randomUUID();
    const malformed = recorded('ProposalTabled', {});
    try {
      const store = await PostgresEventStore.open(sql);
      await store.append(`negotiation-${negotiationId}`, [recorded('NegotiationNoted', {}), malformed], { expectedRevision: 'no_stream' });
    } finally {
      await sql.close();
    }
    const failed = await cli(['projections', 'rebuild', 'article-history'], env);
    expect(failed.hung).toBe(false);
    expect(failed.code).toBe(1);
    const errors = failed.stderr.split('\n').filter((line) => line.startsWith('error'));
    expect(errors).toEqual([expect.stringMatching(new RegExp(`^error: projection article-history\\.v\\d+ failed on event ${malformed.eventId} \\(stream negotiation-${negotiationId}, revision 1, ProposalTabled\\): `))]);

    const skip = await cli(['projections', 'skip', 'article-history', malformed.eventId, '--reason', 'malformed test event', '--by', 'ops@example.org'], env);
    expect({ code: skip.code, stderr: skip.stderr }).toEqual({ code: 0, stderr: '' });
    const rebuilt = await cli(['projections', 'rebuild', 'article-history'], env);
    expect({ hung: rebuilt.hung, code: rebuilt.code }).toEqual({ hung: false, code: 0 });

    const status = await cli(['projections', 'status', '--json'], env);
    expect(status.code).toBe(0);
    const rows = JSON.parse(status.stdout) as { projection: string; state: string; skipped: { eventId: string; reason: string; skippedBy: { subject: string } }[] }[];
    const history = rows.filter((r) => r.projection.startsWith('article-history.'));
    expect(history.map((r) => r.state)).toContain('active');
    expect(history.find((r) => r.state === 'active')!.skipped).toEqual([expect.objectContaining({ eventId: malformed.eventId, reason: 'malformed test event', skippedBy: { subject: 'ops@example.org', role: 'admin' } })]);
  }, 120_000);
});
