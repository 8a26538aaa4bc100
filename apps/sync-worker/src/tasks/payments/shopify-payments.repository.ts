import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, ObjectLiteral } from 'typeorm';
import {
  balanceTransactionDocument,
  disputeDocument,
  ErpBalanceTransactionEntity,
  ErpDisputeEntity,
  ErpOutboundV1,
  erpOutboundKey,
  ErpPayoutEntity,
  OutboxPublisher,
  payoutDocument,
  TOPICS,
} from '@shopsync/shared';
import { changedFields } from './shopify-payments.mapping';

export interface UpsertCounts {
  created: number;
  changed: number;
  unchanged: number;
}

// Shopify Payments storage: payouts and disputes (unique per shop and Shopify id, rewritten and
// published again, same key, when something the ERP sees changed) and balance transactions
// (unique per shop and id, recorded and published once). Rows and outbox messages commit in one
// transaction.
@Injectable()
export class ShopifyPaymentsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  highestBalanceTransaction(shopId: string): Promise<string | null> {
    return this.highest(ErpBalanceTransactionEntity, 'transactionNumber', shopId);
  }

  highestPayout(shopId: string): Promise<string | null> {
    return this.highest(ErpPayoutEntity, 'legacyId', shopId);
  }

  highestDispute(shopId: string): Promise<string | null> {
    return this.highest(ErpDisputeEntity, 'legacyId', shopId);
  }

  async openPayoutIds(shopId: string): Promise<string[]> {
    const rows = await this.ds.getRepository(ErpPayoutEntity).find({
      where: { shopId, final: false },
      select: { payoutId: true },
      order: { payoutId: 'ASC' },
    });
    return rows.map((r) => r.payoutId);
  }

  async openDisputeIds(shopId: string): Promise<string[]> {
    const rows = await this.ds.getRepository(ErpDisputeEntity).find({
      where: { shopId, final: false },
      select: { disputeId: true },
      order: { disputeId: 'ASC' },
    });
    return rows.map((r) => r.disputeId);
  }

  async knownPayouts(shopId: string, payoutIds: string[]): Promise<ErpPayoutEntity[]> {
    if (!payoutIds.length) return [];
    return this.ds
      .getRepository(ErpPayoutEntity)
      .find({ where: { shopId, payoutId: In(payoutIds) } });
  }

  async knownDisputes(shopId: string, disputeIds: string[]): Promise<ErpDisputeEntity[]> {
    if (!disputeIds.length) return [];
    return this.ds
      .getRepository(ErpDisputeEntity)
      .find({ where: { shopId, disputeId: In(disputeIds) } });
  }

  upsertPayouts(shopId: string, rows: ErpPayoutEntity[], now: Date): Promise<UpsertCounts> {
    return this.upsert(shopId, rows, now, {
      entity: ErpPayoutEntity,
      key: 'payoutId',
      message: (row) => ({ docType: 'payout', shopId, document: payoutDocument(row) }),
    });
  }

  upsertDisputes(shopId: string, rows: ErpDisputeEntity[], now: Date): Promise<UpsertCounts> {
    return this.upsert(shopId, rows, now, {
      entity: ErpDisputeEntity,
      key: 'disputeId',
      message: (row) => ({ docType: 'dispute', shopId, document: disputeDocument(row) }),
    });
  }

  // Records the transactions not recorded yet for the shop; returns how many were new.
  async recordBalanceTransactions(
    shopId: string,
    rows: ErpBalanceTransactionEntity[],
    now: Date,
  ): Promise<number> {
    if (!rows.length) return 0;
    const recorded = await this.ds.transaction(async (em) => {
      const repo = em.getRepository(ErpBalanceTransactionEntity);
      const known = new Set(
        (
          await repo.find({
            where: { shopId, transactionId: In(rows.map((r) => r.transactionId)) },
            select: { transactionId: true },
          })
        ).map((r) => r.transactionId),
      );
      const fresh = rows.filter((r) => !known.has(r.transactionId));
      for (let i = 0; i < fresh.length; i += 100) await repo.insert(fresh.slice(i, i + 100));
      await this.publish(
        em,
        fresh.map((row) => ({
          docType: 'balance-transaction' as const,
          shopId,
          document: balanceTransactionDocument(row),
        })),
        now,
      );
      return fresh.length;
    });
    if (recorded) this.outbox.kick();
    return recorded;
  }

  private async upsert<T extends ObjectLiteral & { id: string; createdAt: Date; updatedAt: Date }>(
    shopId: string,
    rows: T[],
    now: Date,
    o: {
      entity: new () => T;
      key: keyof T & string;
      message: (row: T) => ErpOutboundV1;
    },
  ): Promise<UpsertCounts> {
    const counts: UpsertCounts = { created: 0, changed: 0, unchanged: 0 };
    if (!rows.length) return counts;
    await this.ds.transaction(async (em) => {
      const repo = em.getRepository<T>(o.entity);
      const existing = new Map(
        (
          await repo.find({
            where: { shopId, [o.key]: In(rows.map((r) => r[o.key])) } as never,
          })
        ).map((r) => [r[o.key] as string, r]),
      );
      const publish: T[] = [];
      for (const row of rows) {
        const before = existing.get(row[o.key] as string);
        if (!before) {
          await repo.insert(row as never);
          counts.created++;
          publish.push(row);
        } else if (changedFields(before, row, ['id', 'createdAt', 'updatedAt']).length) {
          const next = { ...row, id: before.id, createdAt: before.createdAt };
          await repo.update({ id: before.id } as never, next as never);
          counts.changed++;
          publish.push(next);
        } else counts.unchanged++;
      }
      await this.publish(em, publish.map(o.message), now);
    });
    if (counts.created + counts.changed) this.outbox.kick();
    return counts;
  }

  private async publish(em: EntityManager, messages: ErpOutboundV1[], now: Date): Promise<void> {
    if (!messages.length) return;
    await this.outbox.add(
      em,
      messages.map((m) => ({ topic: TOPICS.erpOutbound, key: erpOutboundKey(m), payload: m })),
      now,
    );
  }

  private async highest(
    entity: new () => ObjectLiteral,
    column: string,
    shopId: string,
  ): Promise<string | null> {
    const row = await this.ds
      .getRepository(entity)
      .createQueryBuilder('t')
      .select(`MAX(CAST(t.${column} AS BIGINT))`, 'highest')
      .where('t.shopId = :shopId', { shopId })
      .getRawOne<{ highest: string | number | null }>();
    return row?.highest === null || row?.highest === undefined ? null : String(row.highest);
  }
}
