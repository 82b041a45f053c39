import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { testEntities, testMigrations } from '../../spec-support/test-schema';
import { EmbeddedPostgres } from '../embedded/embedded-postgres';
import { InjectDataSource } from './data-source.token';
import { PersistenceModule } from './persistence.module';

// Starting the embedded server takes a few seconds on an empty directory (initdb).
jest.setTimeout(120_000);

const schema = 'nest_spec';

@Injectable()
class WidgetCounter {
  constructor(@InjectDataSource(schema) readonly dataSource: DataSource) {}

  async count(): Promise<number> {
    const [row] = await this.dataSource.query<{ count: string }[]>('SELECT count(*) FROM widgets');
    return Number(row?.count);
  }
}

describe(PersistenceModule.name, () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'persistence-module-'));
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('provides a migrated data source on the embedded database and closes both on shutdown', async () => {
    const dataDir = join(root, 'pgdata');

    @Module({
      imports: [
        PersistenceModule.forEmbeddedDatabase({ useFactory: () => ({ dataDir }) }),
        PersistenceModule.forDataSource({
          schema,
          inject: [EmbeddedPostgres],
          useFactory: (database: EmbeddedPostgres) => ({
            entities: testEntities,
            migrations: testMigrations(schema),
            connection: { kind: 'embedded', database },
          }),
        }),
      ],
      providers: [WidgetCounter],
    })
    class AppModule {}

    const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
    const counter = app.get(WidgetCounter);
    const database = app.get(EmbeddedPostgres);
    await expect(counter.count()).resolves.toBe(0);
    expect(existsSync(`${dataDir}.lock`)).toBe(true);

    await app.close();

    expect(counter.dataSource.isInitialized).toBe(false);
    expect(database.stopped).toBe(true);
    expect(existsSync(`${dataDir}.lock`)).toBe(false);
  });
});
