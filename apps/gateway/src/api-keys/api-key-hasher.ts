import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type EncryptionKeySettings,
  type LoadedEncryptionKey,
  loadLocalSecret,
} from '@shopsync/shared';

export const KEY_SECRET_FILE = 'api-key.secret';

// A managed key is `sk_<id>_<secret>`: the id (16 hex digits) finds the row, the secret (32
// random bytes, base64url) is what the stored HMAC proves. Configured keys (API_KEYS) never have
// this shape.
const MANAGED_KEY = /^sk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
export const KEY_ID = /^[0-9a-f]{16}$/;

export function newApiKey(): { id: string; key: string } {
  const id = randomBytes(8).toString('hex');
  return { id, key: `sk_${id}_${randomBytes(32).toString('base64url')}` };
}

export function managedKeyId(presented: string): string | null {
  return MANAGED_KEY.exec(presented)?.[1] ?? null;
}

// SHOPSYNC_KEY_SECRET, else `api-key.secret` generated once into SHOPSYNC_HOME (mode 0600), like
// the credentials encryption key. The gateway and the key CLI must see the same one.
export function loadKeySecret(settings: EncryptionKeySettings): LoadedEncryptionKey {
  return loadLocalSecret({ variable: 'SHOPSYNC_KEY_SECRET', file: KEY_SECRET_FILE }, settings);
}

// Keys are long random strings, so HMAC-SHA256 under a server secret is enough (no slow hash):
// a copy of the table alone does not let anyone test guesses offline.
export class ApiKeyHasher {
  constructor(private readonly secret: Buffer) {}

  hash(key: string): string {
    return createHmac('sha256', this.secret).update(key, 'utf8').digest('hex');
  }

  matches(key: string, storedHex: string): boolean {
    const a = Buffer.from(this.hash(key), 'hex');
    const b = Buffer.from(storedHex, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
