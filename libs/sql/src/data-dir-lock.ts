import { execFileSync } from 'node:child_process';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';

export class DataDirectoryLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`data directory ${dataDir} is in use by process ${pid}; stop it or set DATA_DIR to another directory`);
    this.name = 'DataDirectoryLocked';
  }
}

/**
 * Who holds a lock, beyond the PID: PIDs are reused (after a crash and a container restart the
 * new process is often PID 1 again, as the old one was), so the holder is also identified by when
 * its process started and by the boot it ran in. A live process with the holder's PID but another
 * start time or boot is not the holder.
 */
export interface LockHolder {
  readonly pid: number;
  /** The process's start time as the system reports it ("proc:<clock ticks since boot>" or "ps:<date>"); null when unknown. */
  readonly started: string | null;
  /** The kernel's id of the current boot; null where the system does not say. */
  readonly bootId: string | null;
  /** Where it ran; for the operator's eyes (a container's host name changes when it is recreated). */
  readonly host: string;
}

/** What the system answers about processes and the boot: the real one, or a test's. */
export interface ProcessTable {
  isAlive(pid: number): boolean;
  startTime(pid: number): string | null;
  bootId(): string | null;
}

export const systemProcessTable: ProcessTable = {
  isAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  startTime(pid) {
    try {
      // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces and parentheses, so count after its last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ticks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      return ticks ? `proc:${ticks}` : null;
    } catch {
      // Without /proc (macOS, the BSDs): ps reports the start time to the second.
      try {
        const started = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2_000 }).trim();
        return started.length > 0 ? `ps:${started}` : null;
      } catch {
        return null;
      }
    }
  },
  bootId() {
    try {
      return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      return null;
    }
  },
};

export function currentHolder(table: ProcessTable = systemProcessTable): LockHolder {
  return { pid: process.pid, started: table.startTime(process.pid), bootId: table.bootId(), host: hostname() };
}

/** A lockfile's text: JSON, or a bare PID as older versions wrote it. Null when it says nothing usable. */
export function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed === 'number') return Number.isInteger(parsed) && parsed > 0 ? { pid: parsed, started: null, bootId: null, host: hostname() } : null;
    if (!Number.isInteger(parsed.pid) || parsed.pid! <= 0) return null;
    return { pid: parsed.pid!, started: parsed.started ?? null, bootId: parsed.bootId ?? null, host: parsed.host ?? hostname() };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's holder still runs: no process with its PID, another boot, or a process that
 * started at another time than the holder did all mean it is gone. When a start time cannot be
 * compared (not recorded, or read another way), a live PID counts as the holder.
 */
export function holderIsAlive(holder: LockHolder, table: ProcessTable = systemProcessTable): boolean {
  const bootId = table.bootId();
  if (holder.bootId !== null && bootId !== null && holder.bootId !== bootId) return false;
  if (!table.isAlive(holder.pid)) return false;
  const started = table.startTime(holder.pid);
  const comparable = holder.started !== null && started !== null && holder.started.split(':')[0] === started.split(':')[0];
  return comparable ? holder.started === started : true;
}

/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt it.
 * An exclusive-create lockfile naming its holder (see LockHolder); a lock whose holder is gone is
 * stale and taken over. Taking over renames the stale file aside first, so of two processes that
 * both found it stale only one gets it.
 */
export function lockDataDirectory(dataDir: string, table: ProcessTable = systemProcessTable): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lrr.lock');
  const me = JSON.stringify(currentHolder(table));
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, me);
      } finally {
        closeSync(fd);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        // Only our own lock: a lock another process took over (it judged ours stale) is not ours to remove.
        if (readText(path) === me) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const text = readText(path);
      if (text === null) continue; // removed meanwhile: try again
      const holder = parseHolder(text);
      if (holder && holderIsAlive(holder, table)) throw new DataDirectoryLocked(dir, holder.pid);
      takeOverStale(path, text);
    }
  }
  throw new Error(`could not lock data directory ${dir}`);
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Moves the stale lock aside; if what was moved is not the lock judged stale (another process took it over meanwhile), puts it back. */
function takeOverStale(path: string, staleText: string): void {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (readText(aside) !== staleText) {
    try {
      linkSync(aside, path); // fails if yet another lock appeared: then that one stands
    } catch {
      // the newer lock stands
    }
  }
  rmSync(aside, { force: true });
}
