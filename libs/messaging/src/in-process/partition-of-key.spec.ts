import { partitionOfKey } from './partition-of-key';

describe(partitionOfKey.name, () => {
  it.each([
    ['0b6f1c2e-6a43-4a8e-9d7e-3c1f0a2b4c5d', 12],
    ['dir-1', 12],
    ['dir-1', 3],
    ['', 5],
  ])('puts key %p on one partition of %i, every time', (key, partitions) => {
    const partition = partitionOfKey(key, partitions);

    expect(partition).toBeGreaterThanOrEqual(0);
    expect(partition).toBeLessThan(partitions);
    expect(partitionOfKey(key, partitions)).toBe(partition);
  });

  it('spreads keys over every partition', () => {
    const used = new Set(
      Array.from({ length: 1_000 }, (_, index) => partitionOfKey(`directory-${index}`, 12)),
    );

    expect(used.size).toBe(12);
  });
});
