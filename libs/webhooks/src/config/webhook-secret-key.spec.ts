import { randomBytes } from 'node:crypto';
import { isWebhookSecretKey, parseWebhookSecretKey } from './webhook-secret-key';

describe(parseWebhookSecretKey.name, () => {
  const key = randomBytes(32);

  it.each([
    ['hex', key.toString('hex')],
    ['upper-case hex', key.toString('hex').toUpperCase()],
    ['base64', key.toString('base64')],
    ['base64url', key.toString('base64url')],
  ])('reads a key in %s', (_label, text) => {
    expect(parseWebhookSecretKey(text).equals(key)).toBe(true);
    expect(isWebhookSecretKey(text)).toBe(true);
  });

  it.each([
    ['an empty value', ''],
    ['16 bytes in hex', randomBytes(16).toString('hex')],
    ['31 bytes in base64', randomBytes(31).toString('base64')],
    ['33 bytes in base64', randomBytes(33).toString('base64')],
    ['a passphrase', 'correct horse battery staple correct horse!!'],
  ])('refuses %s', (_label, text) => {
    expect(() => parseWebhookSecretKey(text)).toThrow('WEBHOOK_SECRET_KEY must be 32 bytes');
    expect(isWebhookSecretKey(text)).toBe(false);
  });
});
