import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ShopWebhookSubscriptionEntity, ShopWebhookSyncEntity } from '@shopsync/shared';
import { Brackets, DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export interface SyncDone {
  // Set when Shopify was asked and answered (or nothing had to be asked).
  checkedAt?: Date;
  error: string | null;
  attempts: number;
  // When to try again; null: at the next check interval.
  retryAt: Date | null;
}

// The scheduler's side of shop_webhook_syncs: due rows, claims (several schedulers may run:
// a row is worked by the one whose conditional update took it), and the outcome.
@Injectable()
export class WebhookSyncsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Requested and due, or syncs not checked since `checkedBefore`; claimed ones left out.
  due(now: Date, checkedBefore: Date, limit: number): Promise<ShopWebhookSyncEntity[]> {
    return this.ds
      .getRepository(ShopWebhookSyncEntity)
      .createQueryBuilder('s')
      .where(
        new Brackets((free) =>
          free.where('s."claimedUntil" IS NULL').orWhere('s."claimedUntil" < :now', { now }),
        ),
      )
      .andWhere(
        new Brackets((due) =>
          due.where('s."requestedAt" <= :now', { now }).orWhere(
            new Brackets((stale) =>
              stale
                .where(`s.kind = 'sync'`)
                .andWhere('s."requestedAt" IS NULL')
                .andWhere(
                  new Brackets((c) =>
                    c
                      .where('s."checkedAt" IS NULL')
                      .orWhere('s."checkedAt" <= :checkedBefore', { checkedBefore }),
                  ),
                ),
            ),
          ),
        ),
      )
      .orderBy('s."requestedAt"', 'ASC')
      .limit(limit)
      .getMany();
  }

  // True when this scheduler took the row (nobody holds it, or the holder's claim expired).
  async claim(
    row: ShopWebhookSyncEntity,
    holder: string,
    now: Date,
    until: Date,
  ): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(ShopWebhookSyncEntity)
      .set({ claimedBy: holder, claimedUntil: until })
      .where('id = :id', { id: row.id })
      .andWhere(
        new Brackets((free) =>
          free.where('"claimedUntil" IS NULL').orWhere('"claimedUntil" < :now', { now }),
        ),
      )
      .execute();
    return (result.affected ?? 0) === 1;
  }

  // Releases the claim with the outcome. A request made while the work ran (requestedAt moved)
  // stays due, with a fresh attempt count: its change may not have been seen.
  async finish(row: ShopWebhookSyncEntity, done: SyncDone): Promise<void> {
    const patch: QueryDeepPartialEntity<ShopWebhookSyncEntity> = {
      claimedBy: null,
      claimedUntil: null,
      error: done.error,
    };
    if (done.checkedAt) patch.checkedAt = done.checkedAt;
    await this.ds.transaction(async (m) => {
      const seen = m
        .createQueryBuilder()
        .update(ShopWebhookSyncEntity)
        .set({ requestedAt: done.retryAt, attempts: done.attempts })
        .where('id = :id', { id: row.id });
      if (row.requestedAt) seen.andWhere('"requestedAt" = :seen', { seen: row.requestedAt });
      else seen.andWhere('"requestedAt" IS NULL');
      await seen.execute();
      await m.getRepository(ShopWebhookSyncEntity).update({ id: row.id }, patch);
    });
  }

  async remove(id: string): Promise<void> {
    await this.ds.getRepository(ShopWebhookSyncEntity).delete({ id });
  }

  // The shop is gone: its sync row and records too.
  async forgetShop(shopId: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.getRepository(ShopWebhookSubscriptionEntity).delete({ shopId });
      await m.getRepository(ShopWebhookSyncEntity).delete({ id: shopId });
    });
  }

  async replaceSubscriptions(shopId: string, rows: ShopWebhookSubscriptionEntity[]): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(ShopWebhookSubscriptionEntity);
      await repo.delete({ shopId });
      if (rows.length)
        await repo.insert(rows as QueryDeepPartialEntity<ShopWebhookSubscriptionEntity>[]);
    });
  }
}
