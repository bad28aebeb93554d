import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DataDirectoryLocked extends Error {
  constructor(readonly dataDir: string, readonly pid: number) {
    super(`data directory ${dataDir} is in use by process ${pid}; stop it or set DATA_DIR to another directory`);
    this.name = 'DataDirectoryLocked';
  }
}

/**
 * PGlite does not lock its data directory, and two processes writing one directory corrupt it.
 * An exclusive-create lockfile holding our pid; a lock whose process is gone is stale and taken over.
 */
export function lockDataDirectory(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'lrr.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) throw new DataDirectoryLocked(dir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock data directory ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
