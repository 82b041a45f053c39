import type { DataSource, QueryRunner } from 'typeorm';
import type { RelayLeadership } from './relay-leadership';

interface NotifyingClient {
  on(event: 'notification', listener: (message: { channel: string }) => void): unknown;
  on(event: 'error' | 'end', listener: () => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
}

/**
 * Leadership across instances on a shared Postgres: a session advisory lock held on a connection of its own,
 * which also LISTENs to the outbox channel so that commits of other instances wake the relay. If that connection
 * breaks, Postgres drops the lock (another instance may take over) and the relay is told it lost the leadership.
 */
export class PostgresRelayLeadership implements RelayLeadership {
  private runner: QueryRunner | undefined;
  private client: NotifyingClient | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly lockName: string,
    private readonly channel: string,
    private readonly onNotification: () => void,
  ) {}

  get held(): boolean {
    return this.runner !== undefined;
  }

  async tryAcquire(): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const rows: { locked: boolean }[] = await runner.query(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [this.lockName],
      );
      if (!rows[0]?.locked) {
        await runner.release();
        return false;
      }
      const client = (await runner.connect()) as NotifyingClient;
      client.on('notification', this.notified);
      client.on('error', this.lost);
      client.on('end', this.lost);
      this.runner = runner;
      this.client = client;
      await runner.query(`LISTEN ${this.channel}`);
      return true;
    } catch (error) {
      this.detach();
      await runner.release();
      throw error;
    }
  }

  async release(): Promise<void> {
    const runner = this.runner;
    if (!runner) return;
    this.detach();
    try {
      await runner.query('UNLISTEN *');
      await runner.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [this.lockName]);
    } finally {
      await runner.release();
    }
  }

  private readonly notified = (message: { channel: string }): void => {
    if (message.channel === this.channel) this.onNotification();
  };

  private readonly lost = (): void => {
    const runner = this.runner;
    this.detach();
    void runner?.release();
  };

  private detach(): void {
    this.client?.removeListener('notification', this.notified);
    this.client?.removeListener('error', this.lost);
    this.client?.removeListener('end', this.lost);
    this.client = undefined;
    this.runner = undefined;
  }
}
