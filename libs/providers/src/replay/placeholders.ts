import type { ReplayJson } from './replay-scenario';

const PLACEHOLDER = /\{\{([A-Za-z0-9_.-]+)\}\}/g;

/** The placeholder names a string refers to. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** Every placeholder name in a JSON-like value, strings and keys alike. */
export function placeholdersInJson(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return placeholdersIn(value);
  if (Array.isArray(value)) return value.flatMap((item: unknown) => placeholdersInJson(item));
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [
      ...placeholdersIn(key),
      ...placeholdersInJson(item),
    ]);
  }
  return [];
}

/** Replaces placeholders in a string; `encode` is applied to each substituted value (URL paths). */
export function substitute(
  text: string,
  variables: ReadonlyMap<string, string>,
  encode: (value: string) => string = (value) => value,
): string {
  return text.replace(PLACEHOLDER, (_match, name: string) => {
    const value = variables.get(name);
    if (value === undefined) throw new Error(`placeholder {{${name}}} has not been captured`);
    return encode(value);
  });
}

/** Replaces placeholders in every string and key of a JSON value. */
export function substituteJson(value: ReplayJson, variables: ReadonlyMap<string, string>): ReplayJson {
  if (typeof value === 'string') return substitute(value, variables);
  if (Array.isArray(value)) return value.map((item: ReplayJson) => substituteJson(item, variables));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        substitute(key, variables),
        substituteJson(item, variables),
      ]),
    );
  }
  return value;
}
