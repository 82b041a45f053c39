import { uniqueName } from './unique-name';

describe(uniqueName.name, () => {
  it.each([
    ['-', /^orders-[a-z0-9]{10}$/],
    ['_', /^orders_[a-z0-9]{10}$/],
    ['.', /^orders\.[a-z0-9]{10}$/],
  ] as const)('joins the prefix and a random suffix with %s', (separator, pattern) => {
    expect(uniqueName('orders', separator)).toMatch(pattern);
  });

  it('does not repeat itself', () => {
    const names = new Set(Array.from({ length: 1_000 }, () => uniqueName('topic')));
    expect(names.size).toBe(1_000);
  });
});
