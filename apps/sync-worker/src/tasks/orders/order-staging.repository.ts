import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ErpSalesOrderEntity,
  OrdersSettingsV1,
  recordNotification,
  ShopifyOrderEntity,
} from '@shopsync/shared';
import { processedOrderUpdate } from '../../order-side/processed-order-changes';
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
  // Documents that got a (new) conflict, and processed orders with refunds to credit.
  conflicts: number;
  refundsPending: number;
}

// Order staging: insert new orders, refresh changed ones (a refreshed unprocessed order loses
// its old error, so the next sales-orders run tries it again), leave unchanged ones alone. A row
// staged before issue 16 (no `extras`) counts as changed, so reading it again fills them in.
// A refreshed processed order is checked against its document (processed-order-changes.ts): a
// change to what the document was built on becomes the document's conflict (the document is
// not changed), and with refunds 'credit-memo' a refund it did not net sets `refundsPending`.
@Injectable()
export class OrderStagingRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async stage(
    shopId: string,
    orders: StagedOrderFields[],
    now: Date,
    refunds: OrdersSettingsV1['refunds'] = 'off',
  ): Promise<StageResult> {
    const result: StageResult = {
      created: 0,
      updated: 0,
      unchanged: 0,
      refreshedProcessed: [],
      conflicts: 0,
      refundsPending: 0,
    };
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
          const marks = await this.refresh(em, existing, order, now, refunds);
          if (existing.processed)
            result.refreshedProcessed.push({ before: existing, after: order });
          if (marks.conflict) result.conflicts++;
          if (marks.refundsPending) result.refundsPending++;
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
    refunds: OrdersSettingsV1['refunds'],
  ): Promise<{ conflict: boolean; refundsPending: boolean }> {
    const document =
      existing.processed && existing.salesOrderId
        ? await em
            .getRepository(ErpSalesOrderEntity)
            .findOne({ where: { id: existing.salesOrderId } })
        : null;
    const marks = document
      ? processedOrderUpdate({ ...existing, ...order }, document, refunds, now)
      : { conflict: null, refundsPending: false };
    if (document && marks.conflict) {
      await em
        .getRepository(ErpSalesOrderEntity)
        .update({ id: document.id }, { conflict: marks.conflict, conflictAcknowledgedAt: null });
      await recordNotification(em, {
        shopId: existing.shopId,
        type: 'conflict.flagged',
        key: `conflict.flagged/${document.id}/${marks.conflict.detectedAt}`,
        at: now,
        data: {
          salesOrderId: document.id,
          documentNumber: document.number,
          shopifyOrderId: existing.shopifyOrderId,
          orderName: document.orderName,
          conflict: { ...marks.conflict },
        },
      });
    }
    await em.getRepository(ShopifyOrderEntity).update(
      { id: existing.id },
      {
        ...order,
        error: existing.processed ? existing.error : null,
        updatedAt: now,
        ...(marks.refundsPending ? { refundsPending: true } : {}),
      },
    );
    return { conflict: Boolean(marks.conflict), refundsPending: marks.refundsPending };
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
