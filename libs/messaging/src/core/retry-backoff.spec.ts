import { retryDelayMs } from './retry-backoff';

describe(retryDelayMs.name, () => {
  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [6, 3_200],
    [7, 5_000],
    [40, 5_000],
  ])('after %i failures waits up to %i ms, at least 80 %% of it', (failures, nominal) => {
    const delay = retryDelayMs(failures);

    expect(delay).toBeLessThanOrEqual(nominal);
    expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * 0.8));
  });

  it('follows the given bounds', () => {
    expect(retryDelayMs(10, { initialDelayMs: 10, maxDelayMs: 50 })).toBeLessThanOrEqual(50);
    expect(retryDelayMs(1, { initialDelayMs: 10, maxDelayMs: 50 })).toBeLessThanOrEqual(10);
  });
});
