import { randomBytes } from 'node:crypto';

/** `prefix` and 10 random characters [a-z0-9]: a schema name with '_', a topic or group name with '-'. */
export function uniqueName(prefix: string, separator: '_' | '-' = '-'): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `${prefix}${separator}${Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}
