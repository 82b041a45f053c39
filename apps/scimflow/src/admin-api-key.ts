import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The admin API key of the embedded default: ADMIN_API_KEY when set; else the one generated on an earlier
 * start (DATA_DIR/admin-api-key, readable by its owner only); else a new one, stored there.
 */
export async function resolveAdminApiKey(
  dataDir: string,
  configured: string | undefined,
): Promise<{ key: string; generated: boolean; file: string }> {
  const file = path.join(dataDir, 'admin-api-key');
  if (configured) return { key: configured, generated: false, file };
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return { key: stored, generated: false, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = `sk_admin_${randomBytes(32).toString('base64url')}`;
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true, file };
}
