import { waitFor } from './wait-for';

describe(waitFor.name, () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it.each([
    ['a plain value', () => 42],
    ['a resolved promise', async () => 42],
  ])('returns %s as soon as the assertion passes', async (_label, assertion) => {
    await expect(waitFor(assertion)).resolves.toBe(42);
  });

  it('retries a failing assertion every intervalMs until it passes', async () => {
    const started = Date.now();
    const calls: number[] = [];
    const result = waitFor(
      () => {
        calls.push(Date.now() - started);
        if (calls.length < 4) throw new Error(`not yet (${calls.length})`);
        return 'done';
      },
      { timeoutMs: 1_000, intervalMs: 100 },
    );

    await jest.advanceTimersByTimeAsync(300);

    await expect(result).resolves.toBe('done');
    expect(calls).toEqual([0, 100, 200, 300]);
  });

  it('rejects at the deadline with the last error of the assertion as cause', async () => {
    let call = 0;
    const lastError = new Error('expected 3 rows, got 2');
    const result = waitFor(
      () => {
        call += 1;
        throw call < 3 ? new Error('connection refused') : lastError;
      },
      { timeoutMs: 500, intervalMs: 100 },
    );
    const settled = result.catch((error: unknown) => error);

    await jest.advanceTimersByTimeAsync(500);

    const error = await settled;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'waitFor: still failing after 500 ms (6 attempts): expected 3 rows, got 2',
    );
    expect((error as Error).cause).toBe(lastError);
  });

  it('does not wait past the deadline for an attempt that never settles', async () => {
    const result = waitFor(() => new Promise<never>(() => undefined), { timeoutMs: 200 });
    const settled = result.catch((error: unknown) => error);

    await jest.advanceTimersByTimeAsync(200);

    expect(await settled).toEqual(
      expect.objectContaining({
        message: 'waitFor: still failing after 200 ms (1 attempts): the assertion never completed',
      }),
    );
  });

  it('keeps the error of an earlier attempt when the last one is still pending at the deadline', async () => {
    let call = 0;
    const result = waitFor(
      () => {
        call += 1;
        if (call === 1) throw new Error('not ready');
        return new Promise<never>(() => undefined);
      },
      { timeoutMs: 300, intervalMs: 100 },
    );
    const settled = result.catch((error: unknown) => error);

    await jest.advanceTimersByTimeAsync(300);

    expect(await settled).toEqual(
      expect.objectContaining({ message: 'waitFor: still failing after 300 ms (2 attempts): not ready' }),
    );
  });
});
