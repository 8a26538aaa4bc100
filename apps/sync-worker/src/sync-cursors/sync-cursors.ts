import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SyncCursorEntity } from '@shopsync/shared';

// Named per-shop positions of the tasks that read changes since their last run
// (`orders.lastSyncAt`, `products.from-shopify`, …), one row each in `sync_cursors`.
@Injectable()
export class SyncCursors {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async get(shopId: string, name: string): Promise<string | null> {
    const row = await this.ds.getRepository(SyncCursorEntity).findOne({ where: { shopId, name } });
    return row?.value ?? null;
  }

  async set(shopId: string, name: string, value: string, now: Date, em?: EntityManager) {
    await (em ?? this.ds.manager)
      .getRepository(SyncCursorEntity)
      .upsert({ shopId, name, value, updatedAt: now }, ['shopId', 'name']);
  }
}
