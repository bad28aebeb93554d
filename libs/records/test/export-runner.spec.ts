import { ExportBusy } from '#records';
import { ExportRunner } from '../src/export/export-runner.js';

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
