import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan } from 'typeorm';
import {
  creditMemoDocument,
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
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

  // Processed orders with refunds order staging flagged, in id order after `afterId`.
  refundsPending(shopId: string, afterId: string, limit: number): Promise<ShopifyOrderEntity[]> {
    return this.ds.getRepository(ShopifyOrderEntity).find({
      where: { shopId, refundsPending: true, id: MoreThan(afterId) },
      order: { id: 'ASC' },
      take: limit,
    });
  }

  salesOrder(id: string): Promise<ErpSalesOrderEntity | null> {
    return this.ds.getRepository(ErpSalesOrderEntity).findOne({ where: { id } });
  }

  async creditedRefundIds(shopId: string, shopifyOrderId: string): Promise<Set<string>> {
    const rows = await this.ds.getRepository(ErpCreditMemoEntity).find({
      where: { shopId, shopifyOrderId },
      select: { shopifyRefundId: true },
    });
    return new Set(rows.map((r) => r.shopifyRefundId));
  }

  // The credit memo, its lines and its outbound message in one transaction; the unique key
  // (shop, refund) turns a second attempt into 'existing'.
  async createCreditMemo(
    memo: ErpCreditMemoEntity,
    lines: ErpCreditMemoLineEntity[],
    now: Date,
  ): Promise<CreateOutcome> {
    try {
      await this.ds.transaction(async (em) => {
        await em.getRepository(ErpCreditMemoEntity).insert(memo);
        if (lines.length) await em.getRepository(ErpCreditMemoLineEntity).insert(lines);
        const message = {
          docType: 'credit-memo' as const,
          shopId: memo.shopId,
          document: creditMemoDocument(memo, lines),
        };
        await this.outbox.add(
          em,
          [{ topic: TOPICS.erpOutbound, key: erpOutboundKey(message), payload: message }],
          now,
        );
      });
      return 'created';
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return 'existing';
    }
  }

  async clearRefundsPending(staged: ShopifyOrderEntity): Promise<void> {
    await this.ds
      .getRepository(ShopifyOrderEntity)
      .update({ id: staged.id }, { refundsPending: false });
  }

  // Documents of the shop whose number is still to be written to Shopify or whose order is
  // still to be closed there, in id order after `afterId`.
  awaitingShopify(
    shopId: string,
    want: { documentNumber: boolean; close: boolean },
    afterId: string,
    limit: number,
  ): Promise<ErpSalesOrderEntity[]> {
    const where = [
      ...(want.documentNumber
        ? [{ shopId, documentNumberSentAt: IsNull(), id: MoreThan(afterId) }]
        : []),
      ...(want.close ? [{ shopId, shopifyClosedAt: IsNull(), id: MoreThan(afterId) }] : []),
    ];
    if (!where.length) return Promise.resolve([]);
    return this.ds
      .getRepository(ErpSalesOrderEntity)
      .find({ where, order: { id: 'ASC' }, take: limit });
  }

  async markShopifyDone(
    salesOrderId: string,
    done: { documentNumberSentAt?: Date; shopifyClosedAt?: Date },
  ): Promise<void> {
    await this.ds.getRepository(ErpSalesOrderEntity).update({ id: salesOrderId }, done);
  }
}
