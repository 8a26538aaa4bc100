import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ShopifyOrderEntity } from '@shopsync/shared';
import type { StagedOrderFields } from './order-mapping';

export interface StageCounts {
  created: number;
  updated: number;
  unchanged: number;
}

// Order staging: insert new orders, refresh changed ones (a refreshed unprocessed order loses
// its old error, so the next sales-orders run tries it again), leave unchanged ones alone.
@Injectable()
export class OrderStagingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async stage(shopId: string, orders: StagedOrderFields[], now: Date): Promise<StageCounts> {
    const counts: StageCounts = { created: 0, updated: 0, unchanged: 0 };
    if (!orders.length) return counts;
    await this.ds.transaction(async (em) => {
      const repo = em.getRepository(ShopifyOrderEntity);
      const known = new Map(
        (
          await repo.find({
            where: { shopId, shopifyOrderId: In(orders.map((o) => o.shopifyOrderId)) },
          })
        ).map((o) => [o.shopifyOrderId, o]),
      );
      const inserts: ShopifyOrderEntity[] = [];
      for (const order of orders) {
        const existing = known.get(order.shopifyOrderId);
        if (!existing) {
          inserts.push({
            extras: null,
            refundsPending: false,
            ...order,
            id: randomUUID(),
            shopId,
            processed: false,
            processedAt: null,
            error: null,
            salesOrderId: null,
            importedAt: now,
            updatedAt: now,
          });
          counts.created++;
        } else if (existing.shopifyUpdatedAt.getTime() === order.shopifyUpdatedAt.getTime()) {
          counts.unchanged++;
        } else {
          await repo.update(
            { id: existing.id },
            { ...order, error: existing.processed ? existing.error : null, updatedAt: now },
          );
          counts.updated++;
        }
      }
      for (let i = 0; i < inserts.length; i += 100) await repo.insert(inserts.slice(i, i + 100));
    });
    return counts;
  }
}
