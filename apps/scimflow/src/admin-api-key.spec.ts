import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resolveAdminApiKey } from './admin-api-key';

describe(resolveAdminApiKey.name, () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scimflow-key-'));
  });
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('generates a key once, stores it privately, and reuses it on the next start', async () => {
    const first = await resolveAdminApiKey(dataDir, undefined);
    expect(first.generated).toBe(true);
    expect(first.key).toMatch(/^sk_admin_[A-Za-z0-9_-]{43}$/);
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    const second = await resolveAdminApiKey(dataDir, undefined);
    expect(second).toEqual({ ...first, generated: false });
  });

  it('prefers the configured key and stores nothing', async () => {
    const configured = await resolveAdminApiKey(dataDir, 'configured-key-0123456789');
    expect(configured).toMatchObject({ key: 'configured-key-0123456789', generated: false });
    await expect(readFile(configured.file)).rejects.toThrow(/ENOENT/);
  });
});
