import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { ShopifyOrderEntity } from '@shopsync/shared';
import type { StagedOrderFields } from './order-mapping';

export interface StageCounts {
  created: number;
  updated: number;
  unchanged: number;
}

// A processed order (already made into a document) that this stage() refreshed: the row as it
// was and the order as Shopify has it now.
export interface RefreshedProcessedOrder {
  before: ShopifyOrderEntity;
  after: StagedOrderFields;
}

export interface StageResult extends StageCounts {
  refreshedProcessed: RefreshedProcessedOrder[];
}

// Order staging: insert new orders, refresh changed ones (a refreshed unprocessed order loses
// its old error, so the next sales-orders run tries it again), leave unchanged ones alone. A row
// staged before issue 16 (no `extras`) counts as changed, so reading it again fills them in.
// `refundsPending` is not order staging's to set here: a refresh leaves it as it is.
@Injectable()
export class OrderStagingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async stage(shopId: string, orders: StagedOrderFields[], now: Date): Promise<StageResult> {
    const result: StageResult = { created: 0, updated: 0, unchanged: 0, refreshedProcessed: [] };
    if (!orders.length) return result;
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
          inserts.push(newRow(shopId, order, now));
          result.created++;
        } else if (!changed(existing, order)) {
          result.unchanged++;
        } else {
          await this.refresh(em, existing, order, now);
          if (existing.processed)
            result.refreshedProcessed.push({ before: existing, after: order });
          result.updated++;
        }
      }
      for (let i = 0; i < inserts.length; i += 100) await repo.insert(inserts.slice(i, i + 100));
    });
    return result;
  }

  // One changed order, inside stage()'s transaction. A processed order keeps its error (its
  // document exists; the error is about something else).
  private async refresh(
    em: EntityManager,
    existing: ShopifyOrderEntity,
    order: StagedOrderFields,
    now: Date,
  ): Promise<void> {
    await em
      .getRepository(ShopifyOrderEntity)
      .update(
        { id: existing.id },
        { ...order, error: existing.processed ? existing.error : null, updatedAt: now },
      );
  }
}

function changed(existing: ShopifyOrderEntity, order: StagedOrderFields): boolean {
  return (
    existing.extras === null ||
    existing.shopifyUpdatedAt.getTime() !== order.shopifyUpdatedAt.getTime()
  );
}

function newRow(shopId: string, order: StagedOrderFields, now: Date): ShopifyOrderEntity {
  return {
    ...order,
    refundsPending: false,
    id: randomUUID(),
    shopId,
    processed: false,
    processedAt: null,
    error: null,
    salesOrderId: null,
    importedAt: now,
    updatedAt: now,
  };
}
