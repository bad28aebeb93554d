import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLocked, type LockHolder, type ProcessTable, lockDataDirectory, parseHolder, systemProcessTable } from './data-dir-lock.js';

/** Issue 11, item 7: the lock names its holder beyond the PID, so a reused PID never keeps a stale lock. */
describe('data directory lock', () => {
  let dir: string;
  const lockfile = () => join(dir, 'lrr.lock');
  const holderOf = (): LockHolder => JSON.parse(readFileSync(lockfile(), 'utf8')) as LockHolder;
  const stale = (holder: Partial<LockHolder>) => writeFileSync(lockfile(), JSON.stringify({ ...holderOfThisProcess(), ...holder }));
  const holderOfThisProcess = (): LockHolder => ({ pid: process.pid, started: systemProcessTable.startTime(process.pid), bootId: systemProcessTable.bootId(), host: hostname() });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lrr-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('records the PID, the process start time and the boot id, and removes the lock on release', () => {
    const release = lockDataDirectory(dir);
    const holder = holderOf();
    expect(holder.pid).toBe(process.pid);
    if (existsSync('/proc/self/stat')) expect(holder.started).toMatch(/^proc:\d+$/);
    if (existsSync('/proc/sys/kernel/random/boot_id')) expect(holder.bootId).toMatch(/^[0-9a-f-]{36}$/);
    release();
    expect(existsSync(lockfile())).toBe(false);
  });

  it('refuses a live holder: this very process, holding it already', () => {
    const release = lockDataDirectory(dir);
    try {
      expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryLocked);
    } finally {
      release();
    }
  });

  it('refuses a live holder: another running process', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => child.once('spawn', resolve));
      stale({ pid: child.pid!, started: systemProcessTable.startTime(child.pid!) });
      expect(() => lockDataDirectory(dir)).toThrow(new DataDirectoryLocked(dir, child.pid!).message);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('takes over a lock whose PID now belongs to a live unrelated process (our own PID, as PID 1 after a container restart)', () => {
    const started = systemProcessTable.startTime(process.pid);
    stale({ pid: process.pid, started: started?.startsWith('proc:') ? 'proc:1' : 'ps:Thu Jan  1 00:00:00 1970' });
    const release = lockDataDirectory(dir);
    expect(holderOf().started).toBe(started);
    release();
  });

  it('takes over a lock from an earlier boot, even when the PID and start time match again', () => {
    const table: ProcessTable = { ...systemProcessTable, bootId: () => 'boot-now' };
    stale({ bootId: 'boot-before', started: table.startTime(process.pid) });
    const release = lockDataDirectory(dir, table);
    expect(holderOf().bootId).toBe('boot-now');
    release();
  });

  it('takes over a lock whose process is gone', () => {
    stale({ pid: 2 ** 22 + 12345 });
    lockDataDirectory(dir)();
  });

  it('reads a bare-PID lockfile: refused while that PID runs, taken over once it does not', () => {
    writeFileSync(lockfile(), String(process.pid));
    expect(() => lockDataDirectory(dir)).toThrow(DataDirectoryLocked);
    writeFileSync(lockfile(), String(2 ** 22 + 12345));
    lockDataDirectory(dir)();
    expect(parseHolder('not a lock')).toBeNull();
  });

  it('without /proc (portable fallback): compares start times as ps reports them; an unknown start time keeps the PID check', () => {
    let psStart = 'ps:Mon Dec  1 09:00:00 2025';
    const table: ProcessTable = { isAlive: (pid) => pid === 4242, startTime: () => psStart, bootId: () => null };
    stale({ pid: 4242, started: 'ps:Mon Dec  1 09:00:00 2025', bootId: null });
    expect(() => lockDataDirectory(dir, table)).toThrow(DataDirectoryLocked);
    psStart = 'ps:Mon Dec  1 10:30:00 2025';
    stale({ pid: 4242, started: 'ps:Mon Dec  1 09:00:00 2025', bootId: null });
    lockDataDirectory(dir, table)();
    const unknown: ProcessTable = { ...table, startTime: () => null };
    stale({ pid: 4242, started: null, bootId: null });
    expect(() => lockDataDirectory(dir, unknown)).toThrow(DataDirectoryLocked);
  });

  it('releases only its own lock, not one another process took over', () => {
    const release = lockDataDirectory(dir);
    stale({ pid: process.pid, started: 'proc:1' });
    release();
    expect(existsSync(lockfile())).toBe(true);
  });
});
