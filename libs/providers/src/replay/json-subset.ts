import { isJsonObject } from '../normalization/json';

/**
 * Where `actual` fails to contain `expected`, or null when it does. Objects may carry more keys; lists must
 * have the same length and match one to one in any order; everything else must be strictly equal.
 */
export function subsetMismatch(expected: unknown, actual: unknown, path = '$'): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected a list, got ${describe(actual)}`;
    if (actual.length !== expected.length)
      return `${path}: expected ${expected.length} items, got ${actual.length}`;
    return matchUnordered(expected, actual, path);
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return `${path}: expected an object, got ${describe(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return `${path}.${key}: missing`;
      const mismatch = subsetMismatch(value, actual[key], `${path}.${key}`);
      if (mismatch !== null) return mismatch;
    }
    return null;
  }
  return Object.is(expected, actual)
    ? null
    : `${path}: expected ${JSON.stringify(expected)}, got ${describe(actual)}`;
}

function matchUnordered(
  expected: readonly unknown[],
  actual: readonly unknown[],
  path: string,
): string | null {
  const used = new Set<number>();
  // Backtracking keeps a loose early match from stealing the only candidate of a later item.
  const assign = (index: number): boolean => {
    if (index === expected.length) return true;
    for (let candidate = 0; candidate < actual.length; candidate += 1) {
      if (used.has(candidate) || subsetMismatch(expected[index], actual[candidate]) !== null) continue;
      used.add(candidate);
      if (assign(index + 1)) return true;
      used.delete(candidate);
    }
    return false;
  };
  if (assign(0)) return null;
  const unmatched = expected.findIndex((item) =>
    actual.every((candidate) => subsetMismatch(item, candidate) !== null),
  );
  return unmatched >= 0
    ? `${path}[${unmatched}]: no item matches ${JSON.stringify(expected[unmatched])} in ${describe(actual)}`
    : `${path}: items cannot be matched one to one with ${describe(actual)}`;
}

/** The value at a dotted path (`Resources.0.id`), or undefined. */
export function valueAtPath(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, segment) => {
    if (Array.isArray(current)) return /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    if (isJsonObject(current) && Object.prototype.hasOwnProperty.call(current, segment))
      return current[segment];
    return undefined;
  }, value);
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
