import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts endpoint signing secrets at rest with AES-256-GCM under WEBHOOK_SECRET_KEY. The endpoint id is bound
 * in as associated data, so a ciphertext copied onto another endpoint's row does not decrypt.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretCipher needs a 32-byte key');
  }

  /** `v1.<base64 of iv | tag | ciphertext>` */
  encrypt(secret: string, endpointId: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(endpointId, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${FORMAT}.${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  /** The secret; throws when the value was altered, belongs to another endpoint or another key. */
  decrypt(stored: string, endpointId: string): string {
    const [format, payload] = stored.split('.');
    if (format !== FORMAT || payload === undefined) throw new Error('not a secret this cipher encrypted');
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length <= IV_BYTES + TAG_BYTES) throw new Error('not a secret this cipher encrypted');
    const decipher = createDecipheriv(ALGORITHM, this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(endpointId, 'utf8'));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}
