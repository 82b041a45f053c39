import { RetryPolicy } from './retry-policy';

describe(RetryPolicy.name, () => {
  const schedule = [0, 5_000, 300_000, 1_800_000];

  it.each([
    [1, 5_000],
    [2, 300_000],
    [3, 1_800_000],
  ])(
    'after attempt %i waits the next entry (%i ms) without jitter at the midpoint',
    (attemptsMade, delayMs) => {
      expect(new RetryPolicy(schedule, () => 0.5).afterFailure(attemptsMade)).toEqual({
        dead: false,
        delayMs,
      });
    },
  );

  it.each([
    [0, 0.8],
    [0.999999, 1.2],
  ])('keeps the jitter within ±20%% (random %p → ×%p)', (random, factor) => {
    const policy = new RetryPolicy(schedule, () => random);
    expect(policy.afterFailure(2)).toEqual({ dead: false, delayMs: Math.round(300_000 * factor) });
  });

  it('spreads retries that fail together', () => {
    const policy = new RetryPolicy(schedule);
    const delays = Array.from({ length: 200 }, () => policy.afterFailure(1)).map((decision) =>
      decision.dead ? Number.NaN : decision.delayMs,
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(6_000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });

  it('gives up after as many attempts as the schedule has entries', () => {
    const policy = new RetryPolicy(schedule);
    expect(policy.attempts).toBe(4);
    expect(policy.afterFailure(4)).toEqual({ dead: true });
    expect(policy.afterFailure(9)).toEqual({ dead: true });
  });

  it('delays the first attempt by the first entry', () => {
    expect(new RetryPolicy([0, 200]).firstDelayMs()).toBe(0);
    expect(new RetryPolicy([1_000, 200], () => 0.5).firstDelayMs()).toBe(1_000);
  });

  it('refuses an empty schedule', () => {
    expect(() => new RetryPolicy([])).toThrow('at least one entry');
  });
});
