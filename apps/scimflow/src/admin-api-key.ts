import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The admin API key of the embedded default: ADMIN_API_KEY when set; else the one generated on an earlier
 * start (DATA_DIR/admin-api-key, readable by its owner only); else a new one, stored there.
 */
export function resolveAdminApiKey(
  dataDir: string,
  configured: string | undefined,
): Promise<{ key: string; generated: boolean; file: string }> {
  return resolveStoredSecret(
    dataDir,
    'admin-api-key',
    configured,
    () => `sk_admin_${randomBytes(32).toString('base64url')}`,
  );
}

/**
 * The key that encrypts webhook signing secrets at rest: WEBHOOK_SECRET_KEY when set; else one generated on
 * first start and kept beside the data (32 random bytes, base64).
 */
export function resolveWebhookSecretKey(
  dataDir: string,
  configured: string | undefined,
): Promise<{ key: string; generated: boolean; file: string }> {
  return resolveStoredSecret(dataDir, 'webhook-secret-key', configured, () =>
    randomBytes(32).toString('base64'),
  );
}

async function resolveStoredSecret(
  dataDir: string,
  name: string,
  configured: string | undefined,
  generate: () => string,
): Promise<{ key: string; generated: boolean; file: string }> {
  const file = path.join(dataDir, name);
  if (configured) return { key: configured, generated: false, file };
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return { key: stored, generated: false, file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generate();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key}\n`, { mode: 0o600 });
  return { key, generated: true, file };
}
