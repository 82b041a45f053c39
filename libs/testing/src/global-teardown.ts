import { dropRunDatabases } from './lib/test-database';
import { report, takeRun } from './environment/test-run';

/**
 * Jest global teardown of the `integration` project: drops the databases this run made on a server it did not
 * start, then stops (and deletes) only the servers that the global setup started.
 */
export default async function globalTeardown(): Promise<void> {
  const run = takeRun();
  if (!run) return;
  const url = process.env['DATABASE_URL'];
  if (url && !run.started.some((service) => service.kind === 'postgres')) {
    try {
      await dropRunDatabases(url, run.runId);
    } catch (error) {
      report(`could not drop the databases of run ${run.runId}: ${String(error)}`);
    }
  }
  const failures: unknown[] = [];
  for (const service of [...run.started].reverse()) {
    try {
      await service.stop();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, 'could not stop every test service');
}
