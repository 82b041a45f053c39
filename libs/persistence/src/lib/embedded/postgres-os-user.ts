import { execFileSync } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { dirname, parse } from 'node:path';

/** An operating-system account the server runs as. */
export interface OsUser {
  name: string;
  uid: number;
  gid: number;
}

/**
 * The account the embedded server runs as when this process runs as root, which PostgreSQL refuses: the
 * EMBEDDED_POSTGRES_USER account (default `postgres`), created as a system account when missing. Undefined when
 * this process is not root (the server then runs as this process's own user).
 */
export function postgresOsUser(env: NodeJS.ProcessEnv = process.env): OsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const name = env['EMBEDDED_POSTGRES_USER'] || 'postgres';
  let ids = lookup(name);
  if (!ids) {
    try {
      execFileSync(
        'useradd',
        ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name],
        {
          stdio: 'pipe',
        },
      );
    } catch (error) {
      throw new Error(
        `running as root, the embedded PostgreSQL server needs an unprivileged account: creating "${name}" failed; ` +
          'create it, or set EMBEDDED_POSTGRES_USER to an existing one',
        { cause: error },
      );
    }
    ids = lookup(name);
    if (!ids) throw new Error(`the account "${name}" was created but cannot be found`);
  }
  return { name, ...ids };
}

/**
 * The server's account must be able to reach its data directory: give "others" search (x, not read) permission on
 * each parent that lacks it, such as a 0700 temporary directory. Only when running as root.
 */
export function grantSearchToOthers(path: string): void {
  const root = parse(path).root;
  for (let dir = dirname(path); dir !== root; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
  }
}

function lookup(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { stdio: 'pipe' }).toString().trim());
    const gid = Number(execFileSync('id', ['-g', name], { stdio: 'pipe' }).toString().trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}
