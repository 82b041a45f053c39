import { DirectoryRateLimiter } from './directory-rate-limiter';

describe(DirectoryRateLimiter.name, () => {
  it('allows a burst, then asks to wait, then refills over time', () => {
    let now = 0;
    const limiter = new DirectoryRateLimiter(2, 3, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
  });

  it('keeps directories apart', () => {
    const limiter = new DirectoryRateLimiter(1, 1, () => 0);
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBeGreaterThan(0);
    expect(limiter.take('b')).toBe(0);
  });
});
