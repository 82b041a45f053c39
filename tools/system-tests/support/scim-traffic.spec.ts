import { ScimTraffic, type ScimExchange } from './scim-traffic';

function exchange(status: number, retryAfter: string | null, at = 0, write = true): ScimExchange {
  return { write, method: 'POST', path: '/Users', status, startedAt: at, endedAt: at + 10, retryAfter };
}

describe(ScimTraffic.name, () => {
  it.each<[string, ScimExchange, boolean]>([
    ['a 201', exchange(201, null), false],
    ['a 409', exchange(409, null), false],
    ['a 503 with Retry-After', exchange(503, '5'), false],
    ['no answer', exchange(0, null), false],
    ['a 503 without Retry-After', exchange(503, null), true],
    ['a 503 with a date as Retry-After', exchange(503, 'Wed, 21 Oct 2026 07:28:00 GMT'), true],
    ['a 500', exchange(500, null), true],
    ['a 502', exchange(502, '5'), true],
  ])('counts %s as unexpected: %p', (_label, given, unexpected) => {
    const traffic = new ScimTraffic();
    traffic.record(given);
    expect(traffic.unexpected()).toEqual(unexpected ? [given] : []);
  });

  it('selects the writes sent and answered within a window', () => {
    const traffic = new ScimTraffic();
    const inside = exchange(503, '5', 100);
    [exchange(201, null, 50), inside, exchange(503, '5', 195), exchange(200, null, 120, false)].forEach(
      (item) => traffic.record(item),
    );
    expect(traffic.writesWithin(100, 200)).toEqual([inside]);
  });

  it('summarises the answers by status', () => {
    const traffic = new ScimTraffic();
    [exchange(201, null), exchange(201, null), exchange(503, '5'), exchange(0, null)].forEach((item) =>
      traffic.record(item),
    );
    expect(traffic.summary()).toBe('201×2 503×1 none×1');
  });
});
