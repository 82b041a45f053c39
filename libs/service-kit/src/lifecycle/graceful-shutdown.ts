import type { INestApplication, LoggerService } from '@nestjs/common';
import { ReadinessService } from '../health/readiness.service';

/** Shuts the process down as SIGTERM does, for `reason`, then exits with `exitCode`. */
export type Shutdown = (reason: string, exitCode?: number) => void;

/**
 * SIGTERM/SIGINT: report not-ready, stop taking work (HTTP server and consumers close through Nest's
 * shutdown hooks: consumers finish in-flight messages and commit), close connections, exit 0. If that takes
 * longer than `timeoutMs`, exit 1 so an orchestrator never waits on a stuck process. Returns the same shutdown
 * for the process's own reasons (a dependency it cannot live without is gone).
 */
export function installGracefulShutdown(
  app: INestApplication,
  logger: LoggerService,
  timeoutMs: number,
): Shutdown {
  let closing = false;
  const shutdown: Shutdown = (reason, exitCode = 0) => {
    if (closing) return;
    closing = true;
    logger.log(`${reason}: shutting down (bound ${timeoutMs} ms)`, 'Shutdown');
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
        process.exit(exitCode);
      })
      .catch((error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`, undefined, 'Shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM received'));
  process.once('SIGINT', () => shutdown('SIGINT received'));
  return shutdown;
}
