import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintDevelopmentToken } from '#auth';
import { openStores } from '#event-store';
import { RecordSimulator, appendSimulated } from '../harness/record-simulator.js';
import { describeUnless, embeddedTemplate } from '#testing';
import { API_ENTRY, ServiceProcess, built } from './support/api-process.js';

/**
 * The audit file of a long negotiation, asked of the API as production runs it (a 512 MB heap, the
 * start script's and the image's): building it in the API's own heap ended the process (heap out of
 * memory) on the PDF of a 2,000-event negotiation. Files are built in an export worker with a heap
 * of its own: the file is served, and a file too large for the worker is refused with a problem
 * while the API stays up.
 */
const skipReason = !built(API_ENTRY) ? `skipped: ${API_ENTRY} is missing (npm test builds it first: run npm run build)` : null;
const PRODUCTION_HEAP = ['--max-old-space-size=512'];
const EVENTS = 2_000;

describeUnless(skipReason)('faults: an audit file larger than the API heap', () => {
  let dataDir: string;
  let negotiationId: string;
  let token: string;
  let auditor: string;
  const services: ServiceProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const api = await ServiceProcess.start(API_ENTRY, { DATA_DIR: dataDir, RUN_PROJECTOR: 'false', ...env }, /listening on/, 60_000, PRODUCTION_HEAP);
    services.push(api);
    return api;
  };
  const auditFile = (api: ServiceProcess, format: 'json' | 'pdf', as = token) =>
    fetch(`${api.url}/negotiations/${negotiationId}/audit-file?format=${format}`, { headers: { authorization: `Bearer ${as}`, 'x-access-purpose': 'export memory test' } });
  /** How many reads of the negotiation's records the access log holds for `subject` (one page is enough to tell none from some). */
  const readsBy = async (api: ServiceProcess, subject: string) => {
    const response = await fetch(`${api.url}/access-log?negotiationId=${negotiationId}&subject=${encodeURIComponent(subject)}&limit=5`, { headers: { authorization: `Bearer ${auditor}`, 'x-access-purpose': 'export memory test' } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { entries: unknown[] }).entries.length;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'lrr-export-memory-'));
    const stores = await openStores({ dataDir, ...embeddedTemplate() });
    const simulator = new RecordSimulator(17, { startDay: '2018-01-01', spanDays: 1500 });
    negotiationId = simulator.busyNegotiation(EVENTS);
    await appendSimulated(stores.events, simulator.drain());
    await stores.close();
    token = await mintDevelopmentToken({ dataDir, role: 'records-officer', subject: 'records@example.org' });
    auditor = await mintDevelopmentToken({ dataDir, role: 'records-officer', subject: 'auditor@example.org' });
  }, 120_000);

  afterAll(async () => {
    for (const service of services) await service.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`serves the PDF and the JSON of a ${EVENTS}-event negotiation from an API with a 512 MB heap`, async () => {
    const api = await start();
    try {
      const pdf = await auditFile(api, 'pdf');
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');

      const json = await auditFile(api, 'json');
      expect(json.status).toBe(200);
      const bundle = (await json.json()) as { manifest: { negotiationId: string; streams: { stream: string; events: number }[] } };
      expect(bundle.manifest.negotiationId).toBe(negotiationId);
      expect(bundle.manifest.streams.find((s) => s.stream === `negotiation-${negotiationId}`)?.events).toBeGreaterThanOrEqual(EVENTS);
      expect(await readsBy(api, 'records@example.org')).toBeGreaterThan(0);
      expect(api.alive).toBe(true);
      expect(api.output).not.toMatch(/heap out of memory/i);
    } finally {
      await api.kill();
    }
  }, 240_000);

  it('refuses a file too large for EXPORT_MEMORY_MB with a 503 problem naming it, logs nothing as read, and stays up', async () => {
    const api = await start({ EXPORT_MEMORY_MB: '64' });
    try {
      const refused = await mintDevelopmentToken({ dataDir, role: 'records-officer', subject: 'refused@example.org' });
      const response = await auditFile(api, 'pdf', refused);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code).toBe('EXPORT_TOO_LARGE');
      expect(problem.detail).toMatch(/EXPORT_MEMORY_MB/);
      expect(api.alive).toBe(true);
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      // The next request gets a fresh worker and the same answer; nothing was logged as read for either.
      expect((await auditFile(api, 'pdf', refused)).status).toBe(503);
      expect(await readsBy(api, 'refused@example.org')).toBe(0);
      expect(api.alive).toBe(true);
    } finally {
      await api.kill();
    }
  }, 240_000);
});
