import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiKeyEntity } from '@shopsync/shared';
import { DataSource, IsNull } from 'typeorm';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async insert(row: ApiKeyEntity): Promise<void> {
    await this.ds.getRepository(ApiKeyEntity).insert(row);
  }

  // Inserts `row` only when the table is empty (the first admin key): one at a time on
  // PostgreSQL (a transaction lock), and SQLite has one writer anyway.
  insertIfNone(row: ApiKeyEntity): Promise<boolean> {
    return this.ds.transaction(async (manager) => {
      if (this.ds.options.type === 'postgres')
        await manager.query('SELECT pg_advisory_xact_lock(7364922)');
      if (await manager.getRepository(ApiKeyEntity).exists()) return false;
      await manager.getRepository(ApiKeyEntity).insert(row);
      return true;
    });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.ds.getRepository(ApiKeyEntity).findOne({ where: { id } });
  }

  list(limit: number, offset: number): Promise<[ApiKeyEntity[], number]> {
    return this.ds
      .getRepository(ApiKeyEntity)
      .findAndCount({ order: { createdAt: 'DESC', id: 'ASC' }, take: limit, skip: offset });
  }

  // True when this call revoked it (false: already revoked, or no such key).
  async revoke(id: string, at: Date): Promise<boolean> {
    const result = await this.ds
      .getRepository(ApiKeyEntity)
      .update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.ds.getRepository(ApiKeyEntity).update({ id }, { lastUsedAt: at });
  }
}
