import { ExportBusy } from '#records';
import { totalmem } from 'node:os';
import { ExportRunner, heapFor, recordsMb } from '../src/export/export-runner.js';

describe('ExportRunner: files built one at a time', () => {
  it('runs one file at a time, lets eight wait, and refuses the next as busy with a retry delay', async () => {
    const runner = new ExportRunner(256);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let running = 0;
    let most = 0;
    const work = async () => {
      running += 1;
      most = Math.max(most, running);
      await gate;
      running -= 1;
      return 'built';
    };
    const accepted = Array.from({ length: 9 }, () => runner.schedule(work));
    await expect(runner.schedule(work)).rejects.toBeInstanceOf(ExportBusy);
    await expect(runner.schedule(work)).rejects.toMatchObject({ code: 'EXPORT_BUSY', retryAfterSeconds: 10 });
    release();
    await expect(Promise.all(accepted)).resolves.toEqual(Array(9).fill('built'));
    expect(most).toBe(1);
    // Once the queue drained, files are accepted again.
    await expect(runner.schedule(work)).resolves.toBe('built');
    runner.close();
  });
});

describe('ExportRunner: the heap a file is built with', () => {
  const MB_OF_TEXT = 'x'.repeat(1024 * 1024);
  const job = (format: 'json' | 'pdf', mb: number) =>
    ({ format, streams: { negotiationId: 'n', negotiation: Array.from({ length: mb }, () => ({ canonical: MB_OF_TEXT })), accessLog: [] } }) as unknown as Parameters<typeof heapFor>[0];

  it('is EXPORT_MEMORY_MB when it is set, whatever the file', () => {
    expect(heapFor(job('pdf', 32), 64)).toBe(64);
    expect(heapFor(job('json', 1), 2048)).toBe(2048);
  });

  it('is sized by the records when it is not set: at least 1024 MB, more for a larger file and for its PDF, at most three quarters of the machine', () => {
    expect(recordsMb(job('json', 2).streams)).toBeCloseTo(2, 5);
    expect(heapFor(job('json', 2), null)).toBe(1024);
    expect(heapFor(job('json', 32), null)).toBe(Math.min(1280, Math.floor((totalmem() / 2 ** 20) * 0.75)));
    expect(heapFor(job('pdf', 32), null)).toBe(Math.min(3200, Math.floor((totalmem() / 2 ** 20) * 0.75)));
    expect(heapFor(job('pdf', 100_000), null)).toBe(Math.floor((totalmem() / 2 ** 20) * 0.75));
  });
});
