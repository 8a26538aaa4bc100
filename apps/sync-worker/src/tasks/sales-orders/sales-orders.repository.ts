import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import {
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  erpOutboundKey,
  OutboxPublisher,
  salesOrderDocument,
  ShopifyOrderEntity,
  TOPICS,
} from '@shopsync/shared';
import { isUniqueViolation } from '../../order-side/task-support';

export type CreateOutcome = 'created' | 'existing';

@Injectable()
export class SalesOrdersRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  // Unprocessed staged orders in id order, after `afterId`: a batch loop that never re-reads the
  // ones that just failed.
  unprocessed(shopId: string, afterId: string, limit: number): Promise<ShopifyOrderEntity[]> {
    return this.ds.getRepository(ShopifyOrderEntity).find({
      where: { shopId, processed: false, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  // The sales order, its lines, its outbound message and the staged order's `processed` flag in
  // one transaction. The unique key (shop, Shopify order id) turns a second attempt into
  // 'existing': the staged order is pointed at the sales order already there.
  async create(
    staged: ShopifyOrderEntity,
    header: ErpSalesOrderEntity,
    lines: ErpSalesOrderLineEntity[],
    now: Date,
  ): Promise<CreateOutcome> {
    try {
      await this.ds.transaction(async (em) => {
        await em.getRepository(ErpSalesOrderEntity).insert(header);
        await em.getRepository(ErpSalesOrderLineEntity).insert(lines);
        const message = {
          docType: 'sales-order' as const,
          shopId: header.shopId,
          document: salesOrderDocument(header, lines),
        };
        await this.outbox.add(
          em,
          [{ topic: TOPICS.erpOutbound, key: erpOutboundKey(message), payload: message }],
          now,
        );
        await em
          .getRepository(ShopifyOrderEntity)
          .update(
            { id: staged.id },
            { processed: true, processedAt: now, error: null, salesOrderId: header.id },
          );
      });
      return 'created';
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.ds.getRepository(ErpSalesOrderEntity).findOne({
        where: { shopId: staged.shopId, shopifyOrderId: staged.shopifyOrderId },
      });
      if (!existing) throw error;
      await this.ds
        .getRepository(ShopifyOrderEntity)
        .update(
          { id: staged.id },
          { processed: true, processedAt: now, error: null, salesOrderId: existing.id },
        );
      return 'existing';
    }
  }

  async markProcessedWithout(staged: ShopifyOrderEntity, now: Date): Promise<void> {
    await this.ds
      .getRepository(ShopifyOrderEntity)
      .update({ id: staged.id }, { processed: true, processedAt: now, error: null });
  }

  async markFailed(staged: ShopifyOrderEntity, error: string, now: Date): Promise<void> {
    await this.ds
      .getRepository(ShopifyOrderEntity)
      .update({ id: staged.id }, { error, updatedAt: now });
  }

  publishSoon(): void {
    this.outbox.kick();
  }
}
