import { randomBytes } from 'node:crypto';

/**
 * A name no other test, worker or run will pick: `prefix`, then the separator, then 10 random characters
 * [a-z0-9]. With the default separator '-' it is a valid Kafka topic, consumer group and client id; with '_'
 * (and a lowercase prefix) a valid unquoted Postgres identifier.
 */
export function uniqueName(prefix: string, separator: '-' | '_' | '.' = '-'): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const suffix = Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('');
  return `${prefix}${separator}${suffix}`;
}
