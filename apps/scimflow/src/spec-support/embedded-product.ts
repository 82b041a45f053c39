import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bootstrap, type EmbeddedInstance } from '../bootstrap';

/** The whole product started in this process for a spec, on a data directory of its own. */
export interface EmbeddedProduct {
  instance: EmbeddedInstance;
  dataDir: string;
  /** Where it listens (a port picked at start). */
  baseUrl: string;
  /** The URL of a directory's SCIM endpoint on this process, from its endpointUrl (built from PUBLIC_URL). */
  scimUrl(endpointUrl: string): string;
  stop(): Promise<void>;
}

/**
 * Starts the product as `npm start` does, but in the spec's process (port 0, no signal handlers), with `env` on top
 * of a fresh DATA_DIR named after `name` and LOG_LEVEL warn. `stop` closes it and removes its data.
 */
export async function startEmbeddedProduct(
  name: string,
  env: Record<string, string | undefined>,
): Promise<EmbeddedProduct> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `scimflow-${name}-`));
  let instance: EmbeddedInstance;
  try {
    instance = await bootstrap(
      { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
      { handleSignals: false },
    );
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const baseUrl = `http://127.0.0.1:${(instance.app.getHttpServer().address() as AddressInfo).port}`;
  return {
    instance,
    dataDir,
    baseUrl,
    scimUrl: (endpointUrl) => `${baseUrl}${new URL(endpointUrl).pathname}`,
    async stop() {
      await instance.app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
