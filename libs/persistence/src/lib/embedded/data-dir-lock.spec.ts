import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirLock } from './data-dir-lock';

describe(DataDirLock.name, () => {
  let root: string;
  let dataDir: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'data-dir-lock-'));
    dataDir = join(root, 'pgdata');
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the pid beside the data directory and removes it on release', () => {
    const lock = DataDirLock.acquire(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it('refuses a second lock in the same process until the first is released', () => {
    const lock = DataDirLock.acquire(dataDir);
    expect(() => DataDirLock.acquire(`${dataDir}/`)).toThrow(/already open in this process/);
    lock.release();
    DataDirLock.acquire(dataDir).release();
  });

  it('refuses a lock held by another live process', () => {
    writeFileSync(`${dataDir}.lock`, `${process.ppid}\n`);
    expect(() => DataDirLock.acquire(dataDir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
  });

  it.each([
    ['a process that has exited', () => String(exitedPid())],
    ['an earlier run with this same pid', () => String(process.pid)],
    ['garbage', () => 'not a pid'],
  ])('takes over a lock left by %s', (_, owner) => {
    writeFileSync(`${dataDir}.lock`, `${owner()}\n`);
    const lock = DataDirLock.acquire(dataDir);
    expect(readFileSync(`${dataDir}.lock`, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });
});

function exitedPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}
