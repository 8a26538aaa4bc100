import { Inject, Injectable } from '@nestjs/common';
import { type ApiKeyEntity, CLOCK, type Clock, ValidationFailed } from '@shopsync/shared';
import { SCOPES } from '../auth/api-keys';
import { ApiKeyHasher, KEY_ID, newApiKey } from './api-key-hasher';
import { ApiKeyNotFound } from './api-keys.errors';
import { ApiKeysRepository } from './api-keys.repository';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';

export interface CreatedKey {
  row: ApiKeyEntity;
  // The key itself, to show once.
  key: string;
}

// Creating, listing and revoking managed keys: for the API and the key CLI alike.
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly repo: ApiKeysRepository,
    private readonly hasher: ApiKeyHasher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(input: CreateApiKeyDto, createdBy: string): Promise<CreatedKey> {
    const created = this.prepare(input, createdBy);
    await this.repo.insert(created.row);
    return created;
  }

  // A new key and its row, not stored yet.
  prepare(input: CreateApiKeyDto, createdBy: string): CreatedKey {
    const now = this.clock.now();
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt <= now)
      throw new ValidationFailed([{ field: 'expiresAt', message: 'must be in the future' }]);
    const { id, key } = newApiKey();
    const row: ApiKeyEntity = {
      id,
      name: input.name,
      // Stored in rank order, once each.
      scopes: SCOPES.filter((s) => input.scopes.includes(s)).join(','),
      shops: input.shops ? JSON.stringify([...new Set(input.shops)]) : null,
      keyHash: this.hasher.hash(key),
      createdBy,
      createdAt: now,
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
    };
    return { row, key };
  }

  list(limit = 50, offset = 0): Promise<[ApiKeyEntity[], number]> {
    return this.repo.list(limit, offset);
  }

  async get(id: string): Promise<ApiKeyEntity> {
    const row = KEY_ID.test(id) ? await this.repo.findById(id) : null;
    if (!row) throw new ApiKeyNotFound(id);
    return row;
  }

  // Idempotent: revoking a revoked key answers it as it is.
  async revoke(id: string): Promise<ApiKeyEntity> {
    await this.get(id);
    await this.repo.revoke(id, this.clock.now());
    return this.get(id);
  }
}
