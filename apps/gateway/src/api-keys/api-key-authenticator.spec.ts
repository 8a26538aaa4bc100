import { randomBytes } from 'node:crypto';
import { type ApiKeyEntity, ManualClock } from '@shopsync/shared';
import { ApiKeyRegistry, hashKey } from '../auth/api-keys';
import { ApiKeyHasher, managedKeyId, newApiKey } from './api-key-hasher';
import { ApiKeyAuthenticator, LAST_USED_EVERY_MS } from './api-key-authenticator';
import type { ApiKeysRepository } from './api-keys.repository';

// The repository is a map here; the database side runs in test/api-keys.e2e-spec.ts.
class MemoryKeys {
  readonly rows = new Map<string, ApiKeyEntity>();
  reads = 0;
  touches: Array<{ id: string; at: Date }> = [];

  findById(id: string): Promise<ApiKeyEntity | null> {
    this.reads++;
    const row = this.rows.get(id);
    return Promise.resolve(row ? { ...row } : null);
  }

  touch(id: string, at: Date): Promise<void> {
    this.touches.push({ id, at });
    return Promise.resolve();
  }
}

describe('ApiKeyAuthenticator', () => {
  const hasher = new ApiKeyHasher(randomBytes(32));
  const bootstrap = `sk_${randomBytes(24).toString('base64url')}`;
  let clock: ManualClock;
  let keys: MemoryKeys;

  const authenticator = (cacheMs = 5000) =>
    new ApiKeyAuthenticator(
      new ApiKeyRegistry([{ name: 'boot', sha256: hashKey(bootstrap), scopes: ['admin'] }]),
      keys as unknown as ApiKeysRepository,
      hasher,
      clock,
      { cacheMs },
    );

  function stored(overrides: Partial<ApiKeyEntity> = {}): string {
    const { id, key } = newApiKey();
    keys.rows.set(id, {
      id,
      name: 'ops',
      scopes: 'read,write',
      shops: JSON.stringify(['eu-store']),
      keyHash: hasher.hash(key),
      createdBy: 'admin',
      createdAt: clock.now(),
      expiresAt: null,
      revokedAt: null,
      lastUsedAt: null,
      ...overrides,
    });
    return key;
  }

  beforeEach(() => {
    clock = new ManualClock(new Date('2026-12-01T10:00:00Z'));
    keys = new MemoryKeys();
  });

  it('knows a managed key by its id and HMAC, and a configured key by its SHA-256', async () => {
    const auth = authenticator();
    const key = stored();
    await expect(auth.authenticate(key)).resolves.toEqual({
      ok: true,
      principal: {
        id: managedKeyId(key),
        name: 'ops',
        keyId: managedKeyId(key),
        scopes: ['read', 'write'],
        shops: ['eu-store'],
      },
    });
    await expect(auth.authenticate(bootstrap)).resolves.toMatchObject({
      ok: true,
      principal: { id: null, name: 'boot', scopes: ['admin'], shops: null },
    });
  });

  it('refuses a key whose secret part differs, and an unknown id', async () => {
    const auth = authenticator();
    const key = stored();
    const forged = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    await expect(auth.authenticate(forged)).resolves.toEqual({
      ok: false,
      reason: 'the API key is not valid',
    });
    await expect(auth.authenticate(newApiKey().key)).resolves.toMatchObject({ ok: false });
    await expect(auth.authenticate('sk_nothing')).resolves.toMatchObject({ ok: false });
  });

  it('refuses an expired key from the instant it expires, whatever the cache holds', async () => {
    const auth = authenticator();
    const key = stored({ expiresAt: new Date('2026-12-01T10:00:01Z') });
    await expect(auth.authenticate(key)).resolves.toMatchObject({ ok: true });
    clock.advance(1000);
    await expect(auth.authenticate(key)).resolves.toEqual({
      ok: false,
      reason: 'the API key has expired',
    });
  });

  it('sees a revocation elsewhere once the cache time passes, and at once after forget', async () => {
    const auth = authenticator(5000);
    const key = stored();
    const id = managedKeyId(key)!;
    await expect(auth.authenticate(key)).resolves.toMatchObject({ ok: true });
    keys.rows.get(id)!.revokedAt = clock.now();
    // Within the cache time the row is not read again: the bound the README states.
    clock.advance(4999);
    await expect(auth.authenticate(key)).resolves.toMatchObject({ ok: true });
    expect(keys.reads).toBe(1);
    clock.advance(1);
    await expect(auth.authenticate(key)).resolves.toEqual({
      ok: false,
      reason: 'the API key has been revoked',
    });

    const other = stored();
    await expect(auth.authenticate(other)).resolves.toMatchObject({ ok: true });
    keys.rows.get(managedKeyId(other)!)!.revokedAt = clock.now();
    auth.forget(managedKeyId(other)!);
    await expect(auth.authenticate(other)).resolves.toMatchObject({ ok: false });
  });

  it('reads the row on every request with a cache time of 0', async () => {
    const auth = authenticator(0);
    const key = stored();
    for (let i = 0; i < 3; i++) await auth.authenticate(key);
    expect(keys.reads).toBe(3);
  });

  it('records the last use at most once a minute per key', async () => {
    const auth = authenticator();
    const key = stored();
    await auth.authenticate(key);
    clock.advance(LAST_USED_EVERY_MS - 1);
    await auth.authenticate(key);
    expect(keys.touches).toHaveLength(1);
    clock.advance(1);
    await auth.authenticate(key);
    expect(keys.touches.map((t) => t.at.toISOString())).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:01:00.000Z',
    ]);
  });
});
