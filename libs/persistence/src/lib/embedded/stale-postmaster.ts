import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Stops a server left running on `dataDir` by a process that is gone (the caller holds the data directory's lock),
 * and removes a pid file naming a process that is not that server, so the new server starts. Waits up to
 * `timeoutMs` for a fast shutdown, then kills it.
 */
export async function stopStalePostmaster(dataDir: string, timeoutMs = 30_000): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const pid = Number.parseInt(readOrEmpty(pidFile).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return;
  if (!isAlive(pid)) return; // PostgreSQL itself replaces the pid file of a dead server
  if (!readOrEmpty(`/proc/${pid}/cmdline`).split('\0').includes(dataDir)) {
    // the pid was reused by an unrelated process (a container restart, say)
    unlinkSync(pidFile);
    return;
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((done) => setTimeout(done, 50));
  }
  // a killed server leaves its children a moment to notice
  for (let tries = 0; tries < 100 && isAlive(pid); tries += 1)
    await new Promise((done) => setTimeout(done, 50));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPERM';
  }
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
