import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CODES } from '../domain/errors';
import { CredentialCipher, CredentialsUnreadable } from './credential-cipher';
import { loadEncryptionKey } from './encryption-key';
import { ShopCredentials } from './shop-credentials';

const TOKEN = 'shpat_0123456789abcdef0123456789abcdef';

describe('credentials encryption (AES-256-GCM)', () => {
  const cipher = new CredentialCipher(randomBytes(32));

  it('round-trips a token, and the sealed form does not contain it', () => {
    const sealed = cipher.encrypt(TOKEN, 'shop:1:accessToken');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(TOKEN);
    expect(sealed).not.toContain(Buffer.from(TOKEN).toString('base64url'));
    expect(cipher.decrypt(sealed, 'shop:1:accessToken')).toBe(TOKEN);
  });

  it('uses a fresh IV each time', () => {
    expect(cipher.encrypt(TOKEN, 'c')).not.toBe(cipher.encrypt(TOKEN, 'c'));
  });

  it('refuses a value moved to another shop or field, or altered', () => {
    const sealed = cipher.encrypt(TOKEN, 'shop:1:accessToken');
    expect(() => cipher.decrypt(sealed, 'shop:2:accessToken')).toThrow(CredentialsUnreadable);
    expect(() => cipher.decrypt(sealed, 'shop:1:appSecret')).toThrow(CredentialsUnreadable);
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[4], 'base64url');
    ct[0] ^= 1;
    parts[4] = ct.toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'shop:1:accessToken')).toThrow(
      /altered or belongs to another record/,
    );
  });

  it('names a key mix-up without revealing either key', () => {
    const other = new CredentialCipher(randomBytes(32));
    const sealed = other.encrypt(TOKEN, 'c');
    let error: unknown;
    try {
      cipher.decrypt(sealed, 'c');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CredentialsUnreadable);
    expect((error as CredentialsUnreadable).code).toBe(ERROR_CODES.credentialsUnreadable);
    expect((error as Error).message).toContain(other.keyId);
    expect((error as Error).message).toContain(cipher.keyId);
  });

  it('seals shop fields bound to the shop', () => {
    const credentials = new ShopCredentials(cipher);
    const shop = {
      id: 's1',
      code: 'a',
      accessTokenEnc: credentials.seal('s1', 'accessToken', TOKEN),
      appSecretEnc: null,
    };
    expect(credentials.accessToken(shop)).toBe(TOKEN);
    expect(credentials.appSecret(shop)).toBeNull();
    expect(() => credentials.accessToken({ ...shop, id: 's2' })).toThrow(CredentialsUnreadable);
    expect(() => credentials.accessToken({ ...shop, accessTokenEnc: null })).toThrow(
      expect.objectContaining({ code: ERROR_CODES.shopifyCredentialsMissing }) as Error,
    );
  });
});

describe('encryption key', () => {
  it('takes the configured key, refusing one that is not 32 bytes', () => {
    const key = randomBytes(32).toString('base64');
    const loaded = loadEncryptionKey({ key, home: '/nonexistent' });
    expect(loaded).toMatchObject({ source: 'environment', created: false });
    expect(loaded.key.toString('base64')).toBe(key);
    expect(() =>
      loadEncryptionKey({ key: randomBytes(16).toString('base64'), home: '/x' }),
    ).toThrow(/32 bytes/);
  });

  it('generates a key file once, mode 0600, and reuses it', () => {
    const home = join(mkdtempSync(join(tmpdir(), 'shopsync-key-')), 'home');
    const first = loadEncryptionKey({ home });
    expect(first).toMatchObject({ source: 'file', created: true });
    expect(statSync(first.path!).mode & 0o777).toBe(0o600);
    const again = loadEncryptionKey({ home });
    expect(again.created).toBe(false);
    expect(again.key.equals(first.key)).toBe(true);
    expect(readFileSync(first.path!, 'utf8').trim()).toBe(first.key.toString('base64'));
  });

  it('rejects a damaged key file', () => {
    const home = mkdtempSync(join(tmpdir(), 'shopsync-key-'));
    writeFileSync(join(home, 'encryption.key'), 'not a key\n', { mode: 0o600 });
    expect(() => loadEncryptionKey({ home })).toThrow(/32 bytes in base64/);
  });
});
