const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Milliseconds of a duration written as a number and a unit (`200ms`, `5s`, `30m`, `2h`, `5d`, `1.5h`), as in
 * WEBHOOK_RETRY_SCHEDULE and WEBHOOK_DISABLE_AFTER. Throws on anything else, so a typo fails start-up.
 */
export function parseDuration(value: string): number {
  const match = DURATION.exec(value.trim());
  if (!match) throw new Error(`"${value}" is not a duration (a number and one of ms, s, m, h, d: "5m")`);
  const [, amount, unit] = match as unknown as [string, string, string];
  return Math.round(Number(amount) * (UNIT_MS[unit] ?? Number.NaN));
}

/** The durations of a comma-separated list (`0s,5s,5m`), in order; at least one. */
export function parseDurationList(value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part.length === 0)) {
    throw new Error(`"${value}" is not a comma-separated list of durations`);
  }
  return parts.map(parseDuration);
}

/** Whether `value` is a duration that parseDuration accepts. */
export function isDuration(value: unknown): boolean {
  return typeof value === 'string' && DURATION.test(value.trim());
}

/** Whether `value` is a list that parseDurationList accepts. */
export function isDurationList(value: unknown): boolean {
  return typeof value === 'string' && value.split(',').every((part) => isDuration(part));
}
