import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import pLimit from 'p-limit';
import { BundleExportFailed, ExportBusy, ExportTooLarge } from '../bundle/errors.js';
import type { ExportJob, ExportOutcome } from './export-job.js';

/** Files waiting for the worker beyond the one it builds; one more is refused as busy. */
const MAX_WAITING = 8;
/** The end of the worker's standard error kept to tell an exhausted heap from another end. */
const STDERR_KEPT = 4096;

/**
 * The worker's script: beside this module in the build. From the sources (Jest runs TypeScript) it is
 * the build of the same file, which `npm test` compiles first: the worker runs JavaScript.
 */
function workerScript(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return join(dirname(here), 'export-worker.js');
  const root = here.slice(0, here.lastIndexOf('/libs/'));
  const built = join(root, 'dist', relative(root, dirname(here)), 'export-worker.js');
  if (!existsSync(built)) throw new Error(`the export worker is not built: ${built} is missing (npm run build)`);
  return built;
}

type Built = ExportOutcome & { ok: true };

/**
 * Builds exported files in one child process, one at a time, under a heap limit of its own (a child
 * process, not a worker thread: V8's heap flags apply to every thread of a process, so the API's own
 * limit would bind a thread too). A file too large for `memoryMb` ends the worker (ExportTooLarge) and
 * the next file starts a new one; the API's heap holds only the streams read for the file being built
 * and the finished bytes.
 */
export class ExportRunner {
  private readonly queue = pLimit(1);
  private worker: ChildProcess | null = null;
  private stderr = '';

  constructor(private readonly memoryMb: number) {}

  /** Runs `work` (reading the file, building it through `build`) when the worker is free; ExportBusy when too many wait. */
  schedule<T>(work: (build: (job: ExportJob) => Promise<Built>) => Promise<T>): Promise<T> {
    if (this.queue.pendingCount >= MAX_WAITING) return Promise.reject(new ExportBusy(this.queue.pendingCount));
    return this.queue(() => work((job) => this.build(job)));
  }

  close(): void {
    const worker = this.worker;
    this.worker = null;
    worker?.kill();
  }

  private build(job: ExportJob): Promise<Built> {
    const worker = this.started();
    return new Promise((resolve, reject) => {
      const settle = () => {
        worker.off('message', onMessage);
        worker.off('exit', onExit);
      };
      const onMessage = (outcome: ExportOutcome) => {
        settle();
        if (outcome.ok) resolve(outcome);
        else if (outcome.exportFailed) {
          const { code, message, section, record } = outcome.exportFailed;
          reject(new BundleExportFailed(code, message, section, record));
        } else reject(Object.assign(new Error(outcome.message), { name: outcome.name }));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        settle();
        if (/heap out of memory|Reached heap limit/i.test(this.stderr)) reject(new ExportTooLarge(this.memoryMb, job.format));
        else reject(new Error(`the export worker stopped (${signal ?? `exit code ${code}`}) while building a file: ${this.stderr.trim().split('\n').at(-1) ?? ''}`));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.send(job);
    });
  }

  private started(): ChildProcess {
    if (this.worker && this.worker.exitCode === null && this.worker.signalCode === null) return this.worker;
    this.stderr = '';
    const worker = fork(workerScript(), [], {
      execArgv: [`--max-old-space-size=${this.memoryMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    worker.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr = (this.stderr + chunk).slice(-STDERR_KEPT);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
    });
    // An idle worker does not keep the API's process alive.
    worker.unref();
    worker.channel?.unref();
    (worker.stderr as Socket).unref();
    this.worker = worker;
    return worker;
  }
}
