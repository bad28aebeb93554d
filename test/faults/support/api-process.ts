import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { testEnvironment } from '#testing';

/** A compiled entry point of this repository (npm test builds dist/ first). */
export const API_ENTRY = 'dist/apps/api/src/main.js';
export const PROJECTOR_ENTRY = 'dist/apps/projector/src/main.js';
export const built = (entry: string) => existsSync(entry);

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * One of this repository's processes (the API or the projector) run as in production: its own
 * node process, configured through the environment, watched for how it ends.
 */
export class ServiceProcess {
  output = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private readonly exited: Promise<void>;

  private constructor(
    readonly proc: ChildProcess,
    readonly url: string,
  ) {
    this.proc.stdout!.on('data', (chunk: Buffer) => this.keep(chunk));
    this.proc.stderr!.on('data', (chunk: Buffer) => this.keep(chunk));
    this.exited = new Promise((resolve) =>
      this.proc.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  /** Starts `entry` and resolves once it printed `ready` (a line it writes when listening). */
  static async start(entry: string, env: Record<string, string>, ready: RegExp, timeoutMs = 60_000, nodeArgs: readonly string[] = []): Promise<ServiceProcess> {
    const port = env.PORT ? Number(env.PORT) : await freePort();
    const proc = spawn(process.execPath, [...nodeArgs, entry], {
      env: { ...testEnvironment(), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(proc, `http://127.0.0.1:${port}`);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${entry} did not start within ${timeoutMs} ms:\n${service.output}`)), timeoutMs);
      const check = () => {
        if (ready.test(service.output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', check);
      void service.exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`${entry} exited while starting (${JSON.stringify(service.exit)}):\n${service.output}`));
      });
    });
    return service;
  }

  private keep(chunk: Buffer): void {
    // Enough to explain a death; a long run's access log would grow without bound.
    this.output = (this.output + chunk.toString()).slice(-200_000);
  }

  get alive(): boolean {
    return this.exit === null;
  }

  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.alive) return;
    this.proc.kill(signal);
    await this.exited;
  }
}
