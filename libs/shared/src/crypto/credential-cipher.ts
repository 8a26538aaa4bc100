import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError, ERROR_CODES } from '../domain/errors';

const FORMAT = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class CredentialsUnreadable extends DomainError {
  constructor(reason: string) {
    super(ERROR_CODES.credentialsUnreadable, `stored credentials cannot be read: ${reason}`);
  }
}

// AES-256-GCM for credentials at rest. A sealed value is `v1.<keyId>.<iv>.<tag>.<ciphertext>`
// (base64url); the key id names the key without revealing it, so a key mix-up is reported as
// such. `context` (e.g. `shop:<id>:accessToken`) is authenticated too: a ciphertext copied to
// another shop or field does not open.
export class CredentialCipher {
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the encryption key must be 32 bytes');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      FORMAT,
      this.keyId,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== FORMAT)
      throw new CredentialsUnreadable('not a sealed value');
    const [, keyId, iv, tag, ciphertext] = parts;
    if (keyId !== this.keyId)
      throw new CredentialsUnreadable(
        `they were encrypted with key ${keyId}, but the configured key is ${this.keyId} ` +
          '(SHOPSYNC_ENCRYPTION_KEY or the generated key file differs)',
      );
    try {
      const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'), {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new CredentialsUnreadable('the value was altered or belongs to another record');
    }
  }
}
