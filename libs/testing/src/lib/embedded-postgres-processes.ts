import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The processes of the embedded PostgreSQL server of the product whose DATA_DIR is `dataDir`: its postmaster
 * (found by its data directory, `<dataDir>/pgdata`) first, then the postmaster's children (the backends and
 * workers). Empty when no such server runs. For specs that stop, resume or kill the database under the product.
 */
export async function embeddedPostgresProcesses(dataDir: string): Promise<number[]> {
  const parents = new Map<number, number>();
  let postmaster: number | undefined;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      const [program, ...args] = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).split('\0');
      if (program?.endsWith('/postgres') && args.includes(path.join(dataDir, 'pgdata')))
        postmaster = Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  if (postmaster === undefined) return [];
  return [postmaster, ...[...parents].filter(([, parent]) => parent === postmaster).map(([pid]) => pid)];
}
