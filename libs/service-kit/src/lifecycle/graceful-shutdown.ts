import type { INestApplication, LoggerService } from '@nestjs/common';
import { ReadinessService } from '../health/readiness.service';

/**
 * SIGTERM/SIGINT: report not-ready, stop taking work (HTTP server and consumers close through Nest's
 * shutdown hooks: consumers finish in-flight messages and commit), close connections, exit 0. If that takes
 * longer than `timeoutMs`, exit 1 so an orchestrator never waits on a stuck process.
 */
export function installGracefulShutdown(
  app: INestApplication,
  logger: LoggerService,
  timeoutMs: number,
): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received: shutting down (bound ${timeoutMs} ms)`, 'Shutdown');
    app.get(ReadinessService, { strict: false }).markShuttingDown();
    const timer = setTimeout(() => {
      logger.error(`shutdown did not finish within ${timeoutMs} ms: exiting`, undefined, 'Shutdown');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    app
      .close()
      .then(() => {
        clearTimeout(timer);
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`, undefined, 'Shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
