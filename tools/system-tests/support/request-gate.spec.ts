import { RequestGate } from './request-gate';

describe(RequestGate.name, () => {
  it('runs at most `capacity` pieces of work at once, the others in arrival order', async () => {
    const gate = new RequestGate(2);
    const releases: Array<() => void> = [];
    const started: number[] = [];
    const runs = [0, 1, 2, 3].map((index) =>
      gate.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(index);
            releases.push(() => resolve(index));
          }),
      ),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    releases[1]!();
    await runs[1];
    expect(started).toEqual([0, 1, 2]);
    releases[0]!();
    releases[2]!();
    await Promise.all([runs[0], runs[2]]);
    releases[3]!();
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of work that failed', async () => {
    const gate = new RequestGate(1);
    await expect(gate.run(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it.each([[0], [1.5], [-1]])('refuses a capacity of %p', (capacity) => {
    expect(() => new RequestGate(capacity)).toThrow('capacity');
  });
});
