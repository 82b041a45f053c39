import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';

const heldInThisProcess = new Set<string>();

/**
 * Keeps a second process from opening the same embedded data directory. PostgreSQL's own postmaster.pid would
 * refuse a second server, but `EmbeddedPostgres.start()` stops a server it finds running on the directory (one
 * left behind by a process that died): that is safe only while no live process owns the directory, which this lock
 * tells. The lock is a file beside the directory holding the pid of its owner; a lock left by a process that is
 * gone (or by an earlier run that had this same pid, as a container restart does) is taken over.
 */
export class DataDirLock {
  private constructor(private readonly path: string) {}

  /** Takes the lock of `dataDir`, or throws when a live process (or this one) holds it. */
  static acquire(dataDir: string): DataDirLock {
    const path = `${dataDir.replace(/[/\\]+$/, '')}.lock`;
    if (heldInThisProcess.has(path)) {
      throw new Error(`the embedded database ${dataDir} is already open in this process`);
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        writeFileSync(path, `${process.pid}\n`, { flag: 'wx' });
        break;
      } catch (error) {
        if (!isCode(error, 'EEXIST') || attempt > 0) throw error;
        const owner = Number.parseInt(readIfPresent(path), 10);
        if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
          throw new Error(
            `the embedded database ${dataDir} is in use by process ${owner} (lock file ${path}); ` +
              'stop that process, or delete the lock file if it is not running',
          );
        }
        unlinkIfPresent(path);
      }
    }
    heldInThisProcess.add(path);
    return new DataDirLock(path);
  }

  release(): void {
    if (!heldInThisProcess.delete(this.path)) return;
    if (readIfPresent(this.path).trim() === String(process.pid)) unlinkIfPresent(this.path);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else
    return isCode(error, 'EPERM');
  }
}

function readIfPresent(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return '';
    throw error;
  }
}

function unlinkIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isCode(error, 'ENOENT')) throw error;
  }
}

function isCode(error: unknown, code: string): boolean {
  // duck-typed: errors of node's fs may come from another realm (Jest's sandbox) than this module's Error
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
