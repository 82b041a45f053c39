import type { EmbeddedPostgres } from '../embedded/embedded-postgres';
import type { RelayLeadership } from './relay-leadership';

const embeddedLeaders = new WeakMap<EmbeddedPostgres, Set<string>>();

/**
 * Leadership on the embedded database, which only this process can open: a name taken in memory. An advisory lock
 * would work too, but would hold a connection per relay and LISTEN for commits that can only come from this
 * process, whose own commits already wake its relay.
 */
export class EmbeddedRelayLeadership implements RelayLeadership {
  private holding = false;

  constructor(
    private readonly database: EmbeddedPostgres,
    private readonly lockName: string,
  ) {}

  get held(): boolean {
    return this.holding;
  }

  async tryAcquire(): Promise<boolean> {
    const leaders = embeddedLeaders.get(this.database) ?? new Set<string>();
    embeddedLeaders.set(this.database, leaders);
    if (leaders.has(this.lockName)) return false;
    leaders.add(this.lockName);
    this.holding = true;
    return true;
  }

  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    embeddedLeaders.get(this.database)?.delete(this.lockName);
  }
}
