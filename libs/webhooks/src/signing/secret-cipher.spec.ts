import { randomBytes, randomUUID } from 'node:crypto';
import { SecretCipher } from './secret-cipher';
import { generateWebhookSecret } from './webhook-signer';

describe(SecretCipher.name, () => {
  const cipher = new SecretCipher(randomBytes(32));
  const endpointId = randomUUID();
  const secret = generateWebhookSecret();

  it('gives the secret back', () => {
    expect(cipher.decrypt(cipher.encrypt(secret, endpointId), endpointId)).toBe(secret);
  });

  it('never stores the secret in clear and never encrypts it the same way twice', () => {
    const first = cipher.encrypt(secret, endpointId);
    const second = cipher.encrypt(secret, endpointId);
    expect(first).not.toContain(secret.slice('whsec_'.length, 20));
    expect(first).not.toBe(second);
  });

  it.each([
    ['another endpoint', (stored: string) => ({ stored, endpointId: randomUUID(), cipher })],
    ['another key', (stored: string) => ({ stored, endpointId, cipher: new SecretCipher(randomBytes(32)) })],
    [
      'an altered ciphertext',
      (stored: string) => {
        const bytes = Buffer.from(stored.slice(3), 'base64');
        bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
        return { stored: `v1.${bytes.toString('base64')}`, endpointId, cipher };
      },
    ],
    ['another format', (stored: string) => ({ stored: `v2${stored.slice(2)}`, endpointId, cipher })],
    ['a truncated value', () => ({ stored: 'v1.AAAA', endpointId, cipher })],
  ])('refuses to decrypt with %s', (_label, alter) => {
    const attempt = alter(cipher.encrypt(secret, endpointId));
    expect(() => attempt.cipher.decrypt(attempt.stored, attempt.endpointId)).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new SecretCipher(randomBytes(16))).toThrow('32-byte key');
  });
});
