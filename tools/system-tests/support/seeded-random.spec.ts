import { SeededRandom } from './seeded-random';

describe(SeededRandom.name, () => {
  it('makes the same choices for the same seed, other choices for another', () => {
    const draw = (seed: number) => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => random.int(0, 1000));
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it.each([
    [0, 1],
    [5, 6],
    [-3, 4],
    [10, 1000],
  ])('draws integers in [%i, %i)', (min, max) => {
    const random = new SeededRandom(7);
    for (let draw = 0; draw < 500; draw += 1) {
      const value = random.int(min, max);
      expect(Number.isInteger(value) && value >= min && value < max).toBe(true);
    }
  });

  it('refuses an empty range and an empty list', () => {
    const random = new SeededRandom(1);
    expect(() => random.int(3, 3)).toThrow('empty range');
    expect(() => random.pick([])).toThrow('empty list');
  });

  it('samples distinct items, at most as many as there are', () => {
    const random = new SeededRandom(9);
    const sample = random.sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(random.sample(['a', 'b'], 5).sort()).toEqual(['a', 'b']);
  });

  it('forks generators that do not depend on how the parent was used', () => {
    const used = new SeededRandom(11);
    used.next();
    used.next();
    const fresh = new SeededRandom(11);
    expect(used.fork('lane-1').int(0, 1e9)).toBe(fresh.fork('lane-1').int(0, 1e9));
    expect(fresh.fork('lane-1').int(0, 1e9)).not.toBe(fresh.fork('lane-2').int(0, 1e9));
  });

  it.each([[{}], [{ SYSTEM_TEST_SEED: '' }]])(
    'picks a random seed when SYSTEM_TEST_SEED is unset (%p)',
    (env) => {
      const seed = SeededRandom.fromEnvironment(env).seed;
      expect(Number.isInteger(seed) && seed > 0).toBe(true);
    },
  );

  it.each([['12'], ['4294967295']])('replays SYSTEM_TEST_SEED=%s', (given) => {
    expect(SeededRandom.fromEnvironment({ SYSTEM_TEST_SEED: given }).seed).toBe(Number(given));
  });

  it.each([['abc'], ['-1'], ['1.5'], ['4294967296']])('refuses SYSTEM_TEST_SEED=%s', (given) => {
    expect(() => SeededRandom.fromEnvironment({ SYSTEM_TEST_SEED: given })).toThrow('SYSTEM_TEST_SEED');
  });

  it('names the seed in the message of a failure, and lets a success through', async () => {
    const random = new SeededRandom(1234);
    await expect(random.reportingSeed(async () => 'ok')).resolves.toBe('ok');
    await expect(
      random.reportingSeed(async () => {
        throw new Error('3 findings');
      }),
    ).rejects.toThrow('[seed 1234: rerun with SYSTEM_TEST_SEED=1234] 3 findings');
    const failure = await random
      .reportingSeed(async () => {
        throw new Error('boom');
      })
      .catch((error: Error) => error);
    expect(failure.stack!.split('[seed 1234').length - 1).toBe(1);
  });
});
