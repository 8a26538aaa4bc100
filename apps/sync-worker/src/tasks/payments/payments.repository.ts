import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  ErpPaymentEntity,
  erpOutboundKey,
  OutboxPublisher,
  paymentDocument,
  ShopifyOrderEntity,
  TOPICS,
} from '@shopsync/shared';

// The payments task's storage: ERP payments, unique by transaction id, each published on
// shopsync.erp.outbound.v1 in the transaction that records it.
@Injectable()
export class PaymentsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  // Which of these Shopify orders are imported (staged) for the shop.
  async importedOrderIds(shopId: string, shopifyOrderIds: string[]): Promise<Set<string>> {
    const rows = await this.ds.getRepository(ShopifyOrderEntity).find({
      where: { shopId, shopifyOrderId: In(shopifyOrderIds) },
      select: { shopifyOrderId: true },
    });
    return new Set(rows.map((o) => o.shopifyOrderId));
  }

  // Records the payments whose transaction is not recorded yet; returns how many were new.
  async recordNew(shopId: string, payments: ErpPaymentEntity[], now: Date): Promise<number> {
    const recorded = await this.ds.transaction(async (em) => {
      const known = new Set(
        (
          await em.getRepository(ErpPaymentEntity).find({
            where: { transactionId: In(payments.map((p) => p.transactionId)) },
            select: { transactionId: true },
          })
        ).map((p) => p.transactionId),
      );
      const rows = payments.filter((p) => !known.has(p.transactionId));
      for (let i = 0; i < rows.length; i += 100)
        await em.getRepository(ErpPaymentEntity).insert(rows.slice(i, i + 100));
      await this.outbox.add(
        em,
        rows.map((row) => {
          const message = { docType: 'payment' as const, shopId, document: paymentDocument(row) };
          return { topic: TOPICS.erpOutbound, key: erpOutboundKey(message), payload: message };
        }),
        now,
      );
      return rows.length;
    });
    if (recorded) this.outbox.kick();
    return recorded;
  }
}
