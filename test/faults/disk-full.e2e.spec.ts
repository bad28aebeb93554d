import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevelopmentToken } from '#auth';
import { openPglite } from '#sql';
import { API_ENTRY, ServiceProcess, built } from './support/api-process.js';
import { recordFigures } from './support/figures.js';
import { type Answer, fourHundreds, writeBurst, registerFaultUnit } from './support/write-burst.js';
import { describeUnless } from '#testing';

/**
 * The embedded store's data directory fills up during a write burst (a small tmpfs, filled to the
 * last byte), then space is freed: the API stays up and answers 503 (never 500) while it cannot
 * write, and every acknowledged write is stored. Whether PGlite recovers in process is recorded:
 * when it does not, the process is restarted as a supervisor would, and recovers on opening.
 */
function canMountTmpfs(): string | null {
  if (!built(API_ENTRY)) return `skipped: ${API_ENTRY} is missing (npm test builds it first: run npm run build)`;
  const probe = mkdtempSync(join(tmpdir(), 'lrr-tmpfs-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return null;
  } catch {
    return 'skipped: cannot mount a small tmpfs here (needs root with CAP_SYS_ADMIN) to fill a data directory safely';
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const skipReason = canMountTmpfs();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes zeros until the file system refuses another byte. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  try {
    for (const size of [1 << 20, 64 << 10, 4 << 10, 512]) {
      const chunk = Buffer.alloc(size);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describeUnless(skipReason)('faults: the embedded store’s disk fills up', () => {
  let mountPoint: string;
  let api: ServiceProcess | null = null;

  beforeAll(() => {
    mountPoint = mkdtempSync(join(tmpdir(), 'lrr-full-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=96m', 'tmpfs', mountPoint]);
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('answers 503 while the data directory is full, recovers once space is freed, and loses no acknowledged write', async () => {
    const dataDir = join(mountPoint, 'data');
    const filler = join(mountPoint, 'filler');
    api = await ServiceProcess.start(API_ENTRY, { DATA_DIR: dataDir }, /listening on/, 90_000);
    const token = await mintDevelopmentToken({ dataDir, role: 'admin', subject: 'faults@example.org' });
    const unitId = await registerFaultUnit(api.url, token, 'Full');

    fill(filler);
    const fullFrom = Date.now();
    let freedAt = Number.POSITIVE_INFINITY;
    let restartedAt = Number.POSITIVE_INFINITY;
    let stopAt = Number.POSITIVE_INFINITY;
    const answers: Answer[] = [];
    const okSince = (from: number) => answers.some((a) => a.at >= from && typeof a.status === 'number' && a.status < 300);
    const operator = (async () => {
      await sleep(4_000);
      rmSync(filler);
      freedAt = Date.now();
      await sleep(3_000);
      // PGlite may keep failing to extend a file after ENOSPC even once space is back: then the
      // process is restarted, as a supervisor would, and recovers its committed state on opening.
      if (!okSince(freedAt)) {
        await api!.kill('SIGKILL');
        api = await ServiceProcess.start(API_ENTRY, { DATA_DIR: dataDir, PORT: new URL(api!.url).port }, /listening on/, 90_000);
        restartedAt = Date.now();
      }
      stopAt = Date.now() + 2_000;
    })();
    const burst = await writeBurst({
      url: api.url,
      token,
      path: '/negotiations',
      body: () => ({ occurredAt: { at: '2025-01-15', precision: 'day' }, unitId, kind: 'successor' }),
      clients: 4,
      more: () => Date.now() < stopAt,
      deadline: fullFrom + 120_000,
      answers,
    });
    await operator;
    const answered = (test: (a: Answer) => boolean) => burst.answers.filter(test);
    const unavailable = answered((a) => a.status === 503);
    const other5xx = answered((a) => typeof a.status === 'number' && a.status >= 500 && a.status !== 503);
    const firstOk = answered((a) => a.at >= freedAt && typeof a.status === 'number' && a.status < 300)[0];
    const projections = (await (await fetch(`${api.url}/projections`, { headers: { authorization: `Bearer ${token}` } })).json()) as { projections: { state: string }[] };
    const alive = api.alive;
    await api.kill('SIGTERM');
    api = null;

    const sql = await openPglite(dataDir);
    let stored: number;
    try {
      const { rows } = await sql.query<{ n: string }>('SELECT count(*) AS n FROM lrr_events WHERE event_id = ANY ($1::uuid[])', [burst.acknowledgedEventIds]);
      stored = Number(rows[0]!.n);
    } finally {
      await sql.close();
    }
    recordFigures('the embedded store’s data directory full for 4 s during a write burst (PGlite on a 96 MB tmpfs)', {
      'writes attempted (one Idempotency-Key each)': burst.writes,
      'requests tried (retries included)': burst.tried,
      '2xx': answered((a) => typeof a.status === 'number' && a.status < 300).length,
      '503 while full': unavailable.length,
      'other 5xx': other5xx.length,
      '4xx (by code)': fourHundreds(burst.answers),
      'acknowledged events': burst.acknowledgedEventIds.length,
      'acknowledged but not stored': burst.acknowledgedEventIds.length - stored,
      'first 2xx after space was freed': firstOk ? `${firstOk.at - freedAt} ms` : 'never',
      'recovered without a restart': restartedAt === Number.POSITIVE_INFINITY ? 'yes' : `no: restarted ${restartedAt - freedAt} ms after space was freed`,
      'projections failed afterwards': projections.projections.filter((p) => p.state === 'failed').length,
    });
    expect(alive).toBe(true);
    expect(other5xx).toEqual([]);
    expect(unavailable.length).toBeGreaterThan(0);
    expect(firstOk).toBeDefined();
    expect(burst.unfinished).toBe(0);
    expect(stored).toBe(burst.acknowledgedEventIds.length);
    expect(projections.projections.filter((p) => p.state === 'failed')).toEqual([]);
  }, 150_000);
});
