import { KeyedMutex } from './keyed-mutex';

describe(KeyedMutex.name, () => {
  it('runs the holders of one key one after the other, in order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let openFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => {
      openFirst = resolve;
    });
    const first = mutex.runExclusive('schema', async () => {
      events.push('first start');
      await firstMayEnd;
      events.push('first end');
    });
    const second = mutex.runExclusive('schema', async () => {
      events.push('second');
      return 2;
    });
    await Promise.resolve();
    openFirst();
    await expect(Promise.all([first, second])).resolves.toEqual([undefined, 2]);
    expect(events).toEqual(['first start', 'first end', 'second']);
  });

  it('lets holders of different keys run together', async () => {
    const mutex = new KeyedMutex();
    let openA!: () => void;
    const aMayEnd = new Promise<void>((resolve) => {
      openA = resolve;
    });
    const a = mutex.runExclusive('a', () => aMayEnd);
    await expect(mutex.runExclusive('b', async () => 'b ran')).resolves.toBe('b ran');
    openA();
    await a;
  });

  it('passes the key on after a holder fails', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.runExclusive('k', () => Promise.reject(new Error('failed')))).rejects.toThrow(
      'failed',
    );
    await expect(mutex.runExclusive('k', async () => 'next')).resolves.toBe('next');
  });
});
