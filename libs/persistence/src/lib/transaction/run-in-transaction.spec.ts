import type { DataSource, EntityManager } from 'typeorm';
import { isRetryableTransactionError, runInTransaction, sqlState } from './run-in-transaction';

type Work = (manager: EntityManager) => Promise<unknown>;

describe(runInTransaction.name, () => {
  /** A data source double whose transactions fail with the given errors, in turn, then succeed. */
  function failingDataSource(failures: unknown[]) {
    const isolationLevels: (string | undefined)[] = [];
    const dataSource = {
      transaction: async (...args: [string, Work] | [Work]) => {
        const [isolationLevel, work] = args.length === 2 ? args : [undefined, args[0]];
        isolationLevels.push(isolationLevel);
        const failure = failures.shift();
        if (failure) throw failure;
        return work({ queryRunner: undefined } as unknown as EntityManager);
      },
    } as unknown as DataSource;
    return { dataSource, isolationLevels };
  }

  it("runs the work in a transaction at the server's isolation level by default and returns its result", async () => {
    const { dataSource, isolationLevels } = failingDataSource([]);
    await expect(runInTransaction(dataSource, async () => 42)).resolves.toBe(42);
    expect(isolationLevels).toEqual([undefined]);
  });

  it.each([
    ['a serialization failure', '40001'],
    ['a deadlock', '40P01'],
  ])('runs the transaction again after %s when retries are allowed', async (_, code) => {
    const { dataSource, isolationLevels } = failingDataSource([{ code }, { code }]);
    const result = await runInTransaction(dataSource, async () => 'done', {
      isolationLevel: 'SERIALIZABLE',
      retries: 2,
    });
    expect(result).toBe('done');
    expect(isolationLevels).toEqual(['SERIALIZABLE', 'SERIALIZABLE', 'SERIALIZABLE']);
  });

  it('gives up once the retries are spent', async () => {
    const { dataSource } = failingDataSource([{ code: '40001' }, { code: '40001' }]);
    await expect(runInTransaction(dataSource, async () => 'done', { retries: 1 })).rejects.toEqual({
      code: '40001',
    });
  });

  it.each([
    ['a unique violation', { code: '23505' }],
    ['an error without a code', new Error('boom')],
  ])('never retries %s', async (_, failure) => {
    const { dataSource, isolationLevels } = failingDataSource([failure]);
    await expect(runInTransaction(dataSource, async () => 'done', { retries: 3 })).rejects.toBe(failure);
    expect(isolationLevels).toHaveLength(1);
  });
});

describe(isRetryableTransactionError.name, () => {
  it.each([
    [{ code: '40001' }, true],
    [{ code: '40P01' }, true],
    [{ code: '23505' }, false],
    [{ code: 40001 }, false],
    [new Error('40001'), false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isRetryableTransactionError(error)).toBe(expected);
  });
});

describe(sqlState.name, () => {
  it.each([
    [{ code: '23505', constraint: 'users_pkey' }, '23505'],
    [{ code: 7 }, undefined],
    ['23505', undefined],
  ])('%j → %s', (error, expected) => {
    expect(sqlState(error)).toBe(expected);
  });
});
