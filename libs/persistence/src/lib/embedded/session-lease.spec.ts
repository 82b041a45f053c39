import { EmbeddedSessionError, EmbeddedSessionErrorCode } from './embedded-session.error';
import { SessionLease } from './session-lease';

describe(SessionLease.name, () => {
  const first = { name: 'first' };
  const second = { name: 'second' };
  const third = { name: 'third' };

  it('gives a free session at once and again to its holder', async () => {
    const lease = new SessionLease<object>(1_000);
    await lease.acquire(first);
    await lease.acquire(first);
    expect(lease.heldBy).toBe(first);
  });

  it('hands the session over in the order it was asked for', async () => {
    const lease = new SessionLease<object>(1_000);
    await lease.acquire(first);
    const order: string[] = [];
    const waits = [second, third].map((owner) =>
      lease.acquire(owner).then(() => {
        order.push((owner as { name: string }).name);
        lease.release(owner);
      }),
    );
    expect(lease.waiting).toBe(2);
    lease.release(first);
    await Promise.all(waits);
    expect(order).toEqual(['second', 'third']);
    expect(lease.heldBy).toBeUndefined();
  });

  it('ignores a release by a connection that does not hold the session', async () => {
    const lease = new SessionLease<object>(1_000);
    await lease.acquire(first);
    lease.release(second);
    expect(lease.heldBy).toBe(first);
  });

  it('fails at once when the caller waits inside the transaction holding the session', async () => {
    const lease = new SessionLease<object>(1_000);
    await lease.acquire(first);
    await expect(lease.acquire(second, { transactionOwner: first })).rejects.toMatchObject({
      code: EmbeddedSessionErrorCode.WouldDeadlock,
    });
    expect(lease.waiting).toBe(0);
  });

  it('lets a caller inside another transaction wait for the holder', async () => {
    const lease = new SessionLease<object>(1_000);
    await lease.acquire(first);
    const waiting = lease.acquire(second, { transactionOwner: third });
    lease.release(first);
    await waiting;
    expect(lease.heldBy).toBe(second);
  });

  it('fails a wait that outlasts the timeout and forgets the waiter', async () => {
    jest.useFakeTimers();
    try {
      const lease = new SessionLease<object>(500);
      await lease.acquire(first);
      const waiting = lease.acquire(second);
      jest.advanceTimersByTime(500);
      await expect(waiting).rejects.toMatchObject({ code: EmbeddedSessionErrorCode.WaitTimeout });
      expect(lease.waiting).toBe(0);
      lease.release(first);
      expect(lease.heldBy).toBeUndefined();
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails the waiters and every later acquire once closed', async () => {
    const lease = new SessionLease<object>(1_000);
    await lease.acquire(first);
    const waiting = lease.acquire(second);
    lease.close();
    await expect(waiting).rejects.toBeInstanceOf(EmbeddedSessionError);
    await expect(lease.acquire(third)).rejects.toMatchObject({ code: EmbeddedSessionErrorCode.Closed });
  });
});
