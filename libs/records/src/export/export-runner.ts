import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
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

/** The heap a worker sized by the file starts with, and the least it is given, in MB. */
const BASE_HEAP_MB = 1024;
/**
 * MB of heap per MB of the file's records (their canonical texts), by format: a 20,000-event
 * negotiation (32 MB of records, a 127 MB JSON file, most of it article chains with every version's
 * text and diffs) peaked at about 0.8 GB of RSS building the JSON and 2.2 GB rendering the PDF, which
 * holds every page until the last is numbered.
 */
const HEAP_PER_RECORD_MB: Readonly<Record<ExportJob['format'], number>> = { json: 40, pdf: 100 };
/** The most a worker sized by the file is given: three quarters of the machine's memory. */
const MAX_HEAP_MB = Math.floor((totalmem() / (1024 * 1024)) * 0.75);

/** The canonical text of the file's records, in MB: what the heap it needs grows with. */
export function recordsMb(streams: ExportJob['streams']): number {
  let chars = 0;
  for (const value of Object.values(streams)) {
    if (!Array.isArray(value)) continue;
    for (const event of value as { canonical?: string }[]) chars += event.canonical?.length ?? 0;
  }
  return chars / (1024 * 1024);
}

/**
 * The heap for a file: `fixed` when EXPORT_MEMORY_MB is set; otherwise what its records suggest
 * (at least BASE_HEAP_MB, at most MAX_HEAP_MB).
 */
export function heapFor(job: ExportJob, fixed: number | null): number {
  if (fixed !== null) return fixed;
  return Math.min(MAX_HEAP_MB, Math.max(BASE_HEAP_MB, Math.ceil(recordsMb(job.streams) * HEAP_PER_RECORD_MB[job.format])));
}

/**
 * Builds exported files in one child process, one at a time, under a heap limit of its own (a child
 * process, not a worker thread: V8's heap flags apply to every thread of a process, so the API's own
 * limit would bind a thread too). With `memoryMb` set (EXPORT_MEMORY_MB) every file gets that heap; a
 * file too large for it ends the worker (ExportTooLarge) and the next file starts a new one. Unset
 * (null), each file gets the heap its records suggest (heapFor), and a file that runs out of it is
 * built once more with the most there is (MAX_HEAP_MB) before it is refused; a worker given more
 * than BASE_HEAP_MB ends once its file is built, returning that memory. The API's heap holds only the
 * streams read for the file being built and the finished bytes.
 */
export class ExportRunner {
  private readonly queue = pLimit(1);
  private worker: ChildProcess | null = null;
  private workerHeapMb = 0;
  private stderr = '';

  constructor(private readonly memoryMb: number | null) {}

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

  private async build(job: ExportJob): Promise<Built> {
    const heapMb = heapFor(job, this.memoryMb);
    try {
      return await this.buildWith(job, heapMb);
    } catch (error) {
      if (!(error instanceof ExportTooLarge) || this.memoryMb !== null || heapMb >= MAX_HEAP_MB) throw error;
      return this.buildWith(job, MAX_HEAP_MB);
    } finally {
      if (this.workerHeapMb > BASE_HEAP_MB && this.memoryMb === null) this.close();
    }
  }

  private buildWith(job: ExportJob, heapMb: number): Promise<Built> {
    const worker = this.started(heapMb);
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
        if (/heap out of memory|Reached heap limit/i.test(this.stderr)) reject(new ExportTooLarge(heapMb, job.format));
        else reject(new Error(`the export worker stopped (${signal ?? `exit code ${code}`}) while building a file: ${this.stderr.trim().split('\n').at(-1) ?? ''}`));
      };
      worker.on('message', onMessage);
      worker.once('exit', onExit);
      worker.send(job);
    });
  }

  /** The worker, started with `heapMb` (or restarted, when the running one has another heap). */
  private started(heapMb: number): ChildProcess {
    if (this.worker && this.worker.exitCode === null && this.worker.signalCode === null) {
      if (this.workerHeapMb === heapMb) return this.worker;
      this.close();
    }
    this.stderr = '';
    this.workerHeapMb = heapMb;
    const worker = fork(workerScript(), [], {
      execArgv: [`--max-old-space-size=${heapMb}`],
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
