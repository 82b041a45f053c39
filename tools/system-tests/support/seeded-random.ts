import { randomInt } from 'node:crypto';

const SEED_VARIABLE = 'SYSTEM_TEST_SEED';

/**
 * A small seeded generator (mulberry32) for the choices a system test makes: names, operations, kill moments.
 * Timing under chaos cannot be replayed, but the choices can: a failure names its seed, and
 * `SYSTEM_TEST_SEED=<seed>` makes the next run choose the same.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** SYSTEM_TEST_SEED when set, else a fresh random seed. */
  static fromEnvironment(env: NodeJS.ProcessEnv = process.env): SeededRandom {
    const given = env[SEED_VARIABLE];
    if (given === undefined || given === '') return new SeededRandom(randomInt(1, 2 ** 31));
    const seed = Number(given);
    if (!Number.isSafeInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new Error(`${SEED_VARIABLE} must be an integer in [0, 2^32), got '${given}'`);
    }
    return new SeededRandom(seed);
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max). */
  int(min: number, max: number): number {
    if (!(max > min)) throw new Error(`empty range [${min}, ${max})`);
    return min + Math.floor(this.next() * (max - min));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[this.int(0, items.length)]!;
  }

  /** Up to `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const taken: T[] = [];
    while (taken.length < count && pool.length > 0) {
      const index = this.int(0, pool.length);
      taken.push(pool[index]!);
      pool[index] = pool[pool.length - 1]!;
      pool.pop();
    }
    return taken;
  }

  /**
   * An independent generator for one actor (a lane, a worker): its choices do not depend on how the
   * actors' calls interleave, which timing decides.
   */
  fork(label: string): SeededRandom {
    let hash = 2166136261;
    for (const char of `${this.seed}:${label}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 16777619);
    }
    return new SeededRandom(hash >>> 0);
  }

  /** Runs `work`; a failure is rethrown with the seed in front of its message, so that it can be replayed. */
  async reportingSeed<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const prefix = `[seed ${this.seed}: rerun with ${SEED_VARIABLE}=${this.seed}] `;
      if (error instanceof Error) {
        // The stack is formatted on first read, with the message of that moment: read it before changing it.
        const { message, stack } = error;
        error.message = `${prefix}${message}`;
        if (stack) error.stack = stack.replace(message, error.message);
        throw error;
      }
      throw new Error(`${prefix}${String(error)}`, { cause: error });
    }
  }
}
