import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevelopmentToken } from '#auth';
import { openPostgres } from '#sql';
import { API_ENTRY, PROJECTOR_ENTRY, ServiceProcess, built, freePort } from './support/api-process.js';
import { recordFigures } from './support/figures.js';
import { scratchDatabase } from './support/scratch-database.js';
import { fourHundreds, writeBurst, registerFaultUnit } from './support/write-burst.js';
import { describeUnless } from '#testing';

/** How long the projections may take to catch up after the faults: the suite shares a loaded 2-core machine with the others. */
const PROJECTION_WAIT_MS = 90_000;

/**
 * The API and the projector killed with SIGKILL mid-write and started again: no acknowledged write
 * is lost, no 5xx is answered (the client meets refused connections while the API is down and
 * retries with its Idempotency-Key), and the projector goes on from its checkpoints.
 */
const databaseUrl = process.env.DATABASE_URL;
const skipReason = !databaseUrl ? 'skipped: DATABASE_URL is not set' : !built(API_ENTRY) ? `skipped: ${API_ENTRY} is missing (npm test builds it first: run npm run build)` : null;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeUnless(skipReason)('faults: the API and the projector killed mid-write', () => {
  let database: Awaited<ReturnType<typeof scratchDatabase>>;
  let dataDir: string;
  const services: ServiceProcess[] = [];

  beforeAll(async () => {
    database = await scratchDatabase(databaseUrl!);
    dataDir = mkdtempSync(join(tmpdir(), 'lrr-kill-'));
  });

  afterAll(async () => {
    for (const service of services) await service.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL of the API and of the projector during a write burst: 0 acknowledged writes lost, no 5xx, projections complete', async () => {
    const env = { DATA_DIR: dataDir, DATABASE_URL: database.url };
    const port = String(await freePort());
    const startApi = async () => {
      const api = await ServiceProcess.start(API_ENTRY, { ...env, PORT: port, RUN_PROJECTOR: 'false' }, /listening on/);
      services.push(api);
      return api;
    };
    const startProjector = async () => {
      const projector = await ServiceProcess.start(PROJECTOR_ENTRY, env, /Projector running/);
      services.push(projector);
      return projector;
    };
    let api = await startApi();
    let projector = await startProjector();
    const token = await mintDevelopmentToken({ dataDir, role: 'admin', subject: 'faults@example.org' });
    const unitId = await registerFaultUnit(api.url, token, 'Kill');

    const started = Date.now();
    let stopAt = Number.POSITIVE_INFINITY;
    const kills = (async () => {
      await sleep(1_500);
      await Promise.all([api.kill('SIGKILL'), projector.kill('SIGKILL')]);
      const down = Date.now();
      [api, projector] = await Promise.all([startApi(), startProjector()]);
      stopAt = Date.now() + 1_500;
      return Date.now() - down;
    })();
    const burst = await writeBurst({
      url: api.url,
      token,
      path: '/negotiations',
      body: () => ({ occurredAt: { at: '2025-01-15', precision: 'day' }, unitId, kind: 'successor' }),
      clients: 8,
      more: () => Date.now() < Math.min(stopAt, started + 60_000),
      deadline: started + 90_000,
    });
    const apiRestartMs = await kills;

    const admin = openPostgres(database.url, { max: 1 });
    try {
      const { rows } = await admin.query<{ n: string }>('SELECT count(*) AS n FROM lrr_events WHERE event_id = ANY ($1::uuid[])', [burst.acknowledgedEventIds]);
      const stored = Number(rows[0]!.n);
      const fiveHundreds = burst.answers.filter((a) => typeof a.status === 'number' && a.status >= 500);
      const negotiations = new Set((await admin.query<{ stream: string }>('SELECT stream FROM lrr_events WHERE event_id = ANY ($1::uuid[])', [burst.acknowledgedEventIds])).rows.map((r) => r.stream.slice('negotiation-'.length)));
      let summarized = 0;
      const caughtUpFrom = Date.now();
      for (let waited = 0; waited < PROJECTION_WAIT_MS && summarized < negotiations.size; waited += 250) {
        summarized = Number((await admin.query<{ n: string }>('SELECT count(*) AS n FROM rm_negotiation_summary WHERE key = ANY ($1::text[])', [[...negotiations]])).rows[0]!.n);
        if (summarized < negotiations.size) await sleep(250);
      }
      recordFigures('SIGKILL of the API and of the projector during a write burst (PostgreSQL)', {
        'writes attempted (one Idempotency-Key each)': burst.writes,
        'requests tried (retries included)': burst.tried,
        '2xx': burst.answers.filter((a) => typeof a.status === 'number' && a.status < 300).length,
        '5xx': fiveHundreds.length,
        '4xx (by code)': fourHundreds(burst.answers),
        'refused connections while the API was down': burst.answers.filter((a) => a.status === 'network-error').length,
        'API restart (kill to listening)': `${apiRestartMs} ms`,
        'acknowledged events': burst.acknowledgedEventIds.length,
        'acknowledged but not stored': burst.acknowledgedEventIds.length - stored,
        'negotiations projected after the restarts': `${summarized} of ${negotiations.size} (${Date.now() - caughtUpFrom} ms after the burst)`,
      });
      expect(fiveHundreds).toEqual([]);
      expect(burst.unfinished).toBe(0);
      expect(stored).toBe(burst.acknowledgedEventIds.length);
      expect(summarized).toBe(negotiations.size);
      expect([api.alive, projector.alive]).toEqual([true, true]);
    } finally {
      await admin.close();
    }
  }, 180_000);
});
