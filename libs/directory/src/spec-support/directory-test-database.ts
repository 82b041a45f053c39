import { createDataSource } from '@scimflow/persistence';
import { dropTestDatabase, testDatabase } from '@scimflow/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DIRECTORY_ENTITIES } from '../entities';
import { DirectoryEntity } from '../entities/directory.entity';
import { DIRECTORY_MIGRATIONS } from '../migrations';
import { DIRECTORY_SESSION_SETTINGS } from '../scim/scim-query.service';

/** A database of its own with directory-service's schema, for one spec file. */
export interface DirectoryTestDatabase {
  dataSource: DataSource;
  /** An organization with a pending directory, straight into the tables. */
  createDirectory(): Promise<DirectoryEntity>;
  close(): Promise<void>;
}

export async function openDirectoryTestDatabase(
  prefix: string,
  { poolSize = 12 }: { poolSize?: number } = {},
): Promise<DirectoryTestDatabase> {
  const url = await testDatabase(prefix);
  const dataSource = await createDataSource({
    schema: 'directory',
    entities: DIRECTORY_ENTITIES,
    migrations: DIRECTORY_MIGRATIONS,
    connection: { kind: 'postgres', url, poolSize, applicationName: `${prefix}-int-spec` },
    sessionSettings: DIRECTORY_SESSION_SETTINGS,
  });
  return {
    dataSource,
    async createDirectory() {
      const organizationId = randomUUID();
      const id = randomUUID();
      await dataSource.query(`INSERT INTO directory.organizations (id, name) VALUES ($1, $2)`, [
        organizationId,
        `Org ${organizationId}`,
      ]);
      await dataSource.query(
        `INSERT INTO directory.directories (id, organization_id, provider, name, token_hash) VALUES ($1, $2, 'generic-scim', 'Test', $3)`,
        [id, organizationId, randomBytes(16).toString('hex')],
      );
      return dataSource.manager.findOneByOrFail(DirectoryEntity, { id });
    },
    async close() {
      await dataSource.destroy();
      await dropTestDatabase(url);
    },
  };
}
