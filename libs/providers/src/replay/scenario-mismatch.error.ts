/** Thrown by runScenario at the first step whose outcome differs from the scenario. */
export class ScenarioMismatchError extends Error {
  override readonly name = 'ScenarioMismatchError';

  constructor(
    readonly scenarioId: string,
    /** Zero-based index of the failing step. */
    readonly stepIndex: number,
    readonly stepName: string,
    readonly detail: string,
  ) {
    super(`[${scenarioId}] step ${stepIndex + 1} "${stepName}": ${detail}`);
  }
}
