import type { StartedService } from './started-service';

/** What the global setup did, for the global teardown (both run in Jest's main process). */
export interface TestRun {
  runId: string;
  started: StartedService[];
}

const KEY = Symbol.for('scimflow.testing.run');
type Holder = { [KEY]?: TestRun };

export function rememberRun(run: TestRun): void {
  (globalThis as Holder)[KEY] = run;
}

export function takeRun(): TestRun | undefined {
  const holder = globalThis as Holder;
  const run = holder[KEY];
  delete holder[KEY];
  return run;
}

/** One line on stderr, where Jest shows the output of its global setup and teardown. */
export function report(message: string): void {
  process.stderr.write(`[testing] ${message}\n`);
}
