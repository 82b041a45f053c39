import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => Promise<boolean>;

/**
 * Each module that holds a dependency (database, broker) registers a check here at start-up; /health/ready
 * answers 200 only when all of them pass.
 */
@Injectable()
export class ReadinessService {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Called at the start of a graceful shutdown, so the load balancer stops sending work. */
  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  async evaluate(timeoutMs = 2000): Promise<{ ready: boolean; checks: Record<string, 'up' | 'down'> }> {
    const names = [...this.checks.keys()];
    const results = await Promise.all(names.map((name) => this.run(this.checks.get(name)!, timeoutMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, results[i] ? 'up' : 'down'] as const));
    if (this.shuttingDown) checks['shutdown'] = 'down';
    return { ready: !this.shuttingDown && results.every(Boolean), checks };
  }

  private async run(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      return await Promise.race([check().catch(() => false), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
