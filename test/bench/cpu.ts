import { readFileSync } from 'node:fs';
import pg from 'pg';

/**
 * CPU time spent per phase, in the client (this process) and in the PostgreSQL backends serving
 * the scratch database. On a shared 2-core machine throughput swings with whatever else runs;
 * CPU time per event barely does, so it is the figure to compare stores and changes by.
 *
 * Server CPU is read from /proc/<pid>/stat of the backends, so it exists only when the server runs
 * on this machine and its processes are visible; otherwise it is reported as unknown. Background
 * processes (WAL writer, checkpointer) are not counted.
 */
export interface CpuSample {
  readonly clientMicros: number;
  /** Per backend pid: user + system CPU in microseconds. Null when not measurable. */
  readonly server: ReadonlyMap<number, number> | null;
}

/** Linux reports /proc times in USER_HZ, which is 100 on every ABI Node supports. */
const USER_HZ = 100;

function processCpuMicros(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name, which may itself contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? ((utime + stime) * 1_000_000) / USER_HZ : null;
  } catch {
    return null;
  }
}

export class CpuMeter {
  /** `serverUrl`/`database`: where to find the backends; null for an in-process store (PGlite). */
  constructor(
    private readonly serverUrl: string | null,
    private readonly database: string | null,
  ) {}

  async sample(): Promise<CpuSample> {
    const usage = process.cpuUsage();
    const clientMicros = usage.user + usage.system;
    if (!this.serverUrl || !this.database) return { clientMicros, server: null };
    const client = new pg.Client({ connectionString: this.serverUrl, application_name: 'lrr-bench-cpu' });
    try {
      await client.connect();
      const { rows } = await client.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend' AND pid <> pg_backend_pid()",
        [this.database],
      );
      const server = new Map<number, number>();
      for (const { pid } of rows) {
        const micros = processCpuMicros(pid);
        if (micros === null) return { clientMicros, server: null };
        server.set(pid, micros);
      }
      return { clientMicros, server };
    } catch {
      return { clientMicros, server: null };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

export interface CpuUse {
  readonly clientMicros: number;
  readonly serverMicros: number | null;
}

/**
 * CPU used between two samples. A backend that appears only in `end` started during the phase
 * and counts from zero; one that exited during the phase is lost (pg's pool keeps busy clients,
 * so that only happens to idle ones, which used nothing).
 */
export function cpuBetween(start: CpuSample, end: CpuSample): CpuUse {
  let serverMicros: number | null = null;
  if (start.server && end.server) {
    serverMicros = 0;
    for (const [pid, micros] of end.server) serverMicros += micros - (start.server.get(pid) ?? 0);
  }
  return { clientMicros: end.clientMicros - start.clientMicros, serverMicros };
}
