import { Inject, Injectable, Logger } from '@nestjs/common';
import { type ApiKeyEntity, CLOCK, type Clock } from '@shopsync/shared';
import { ApiKeyRegistry, type Principal } from '../auth/api-keys';
import { ApiKeyHasher, managedKeyId } from './api-key-hasher';
import { ApiKeysRepository } from './api-keys.repository';
import { keyScopes, keyShops } from './dto/api-key.dto';

export const API_KEY_AUTH_SETTINGS = Symbol('API_KEY_AUTH_SETTINGS');

export interface ApiKeyAuthSettings {
  // How long a key's row is reused before it is read again: the longest a key revoked on
  // another gateway (or by the CLI) still works here. 0: read on every request.
  cacheMs: number;
}

export type Authentication = { ok: true; principal: Principal } | { ok: false; reason: string };

// A key's last use is written at most this often per key and gateway.
export const LAST_USED_EVERY_MS = 60_000;
// Rows (and unknown ids) held at most; the oldest go first.
const CACHE_LIMIT = 10_000;

interface Cached {
  row: ApiKeyEntity | null;
  at: number;
}

// Who a presented key is: a configured key (API_KEYS, the bootstrap list) or a managed key,
// found by the id in it and proved by the HMAC in constant time. Expiry is checked on every
// request against the clock; revocation is seen within `cacheMs`, at once on the gateway that
// revoked it (forget).
@Injectable()
export class ApiKeyAuthenticator {
  private readonly log = new Logger('ApiKeys');
  private readonly cache = new Map<string, Cached>();
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly configured: ApiKeyRegistry,
    private readonly repo: ApiKeysRepository,
    private readonly hasher: ApiKeyHasher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(API_KEY_AUTH_SETTINGS) private readonly settings: ApiKeyAuthSettings,
  ) {}

  async authenticate(presented: string): Promise<Authentication> {
    const principal = this.configured.authenticate(presented);
    if (principal) return { ok: true, principal };
    const invalid = { ok: false, reason: 'the API key is not valid' } as const;
    const id = managedKeyId(presented);
    if (!id) return invalid;
    const row = await this.row(id);
    if (!row || !this.hasher.matches(presented, row.keyHash)) return invalid;
    const now = this.clock.now();
    if (row.revokedAt) return { ok: false, reason: 'the API key has been revoked' };
    if (row.expiresAt && row.expiresAt <= now)
      return { ok: false, reason: 'the API key has expired' };
    this.noteUse(row, now);
    return {
      ok: true,
      principal: {
        id: row.id,
        name: row.name,
        keyId: row.id,
        scopes: keyScopes(row),
        shops: keyShops(row),
      },
    };
  }

  // Drops what is known of a key, so a change made here applies to the next request.
  forget(id: string): void {
    this.cache.delete(id);
  }

  private async row(id: string): Promise<ApiKeyEntity | null> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(id);
    if (cached && now - cached.at < this.settings.cacheMs) return cached.row;
    const row = await this.repo.findById(id);
    if (this.settings.cacheMs > 0) remember(this.cache, id, { row, at: now });
    return row;
  }

  // Cheap: one UPDATE per key and gateway a minute at most, not awaited by the request.
  private noteUse(row: ApiKeyEntity, now: Date): void {
    const last = this.touched.get(row.id) ?? row.lastUsedAt?.getTime() ?? 0;
    if (now.getTime() - last < LAST_USED_EVERY_MS) return;
    remember(this.touched, row.id, now.getTime());
    this.repo.touch(row.id, now).catch((error: unknown) =>
      this.log.warn({
        msg: 'could not record the last use of an API key',
        keyId: row.id,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

function remember<T>(map: Map<string, T>, id: string, value: T): void {
  map.delete(id);
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value!);
  map.set(id, value);
}
