import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ShopEntity,
  ShopWebhookSubscriptionEntity,
  ShopWebhookSyncEntity,
} from '../database/entities';

export interface ShopWebhooksState {
  sync: ShopWebhookSyncEntity | null;
  subscriptions: ShopWebhookSubscriptionEntity[];
}

// The gateway's side of the webhook subscriptions: it asks for work in the transaction of the
// shop change (the scheduler does the Shopify calls) and reads what the scheduler recorded.
@Injectable()
export class ShopWebhooksRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The shop's subscriptions are to be made what its settings want, as soon as possible.
  async requestSync(manager: EntityManager, shopId: string, now: Date): Promise<void> {
    const repo = manager.getRepository(ShopWebhookSyncEntity);
    const updated = await repo.update({ id: shopId }, { requestedAt: now, attempts: 0 });
    if (updated.affected) return;
    await repo.insert({ id: shopId, kind: 'sync', shopId, requestedAt: now, attempts: 0 });
  }

  // The shop is removed: its sync and records go with it, and the deletion of its Shopify
  // subscriptions is queued with what the scheduler needs to reach the store afterwards.
  async requestRemoval(manager: EntityManager, shop: ShopEntity, now: Date): Promise<void> {
    await manager.getRepository(ShopWebhookSubscriptionEntity).delete({ shopId: shop.id });
    await manager.getRepository(ShopWebhookSyncEntity).delete({ id: shop.id });
    if (!shop.accessTokenEnc) return;
    await manager.getRepository(ShopWebhookSyncEntity).insert({
      id: randomUUID(),
      kind: 'remove',
      shopId: shop.id,
      requestedAt: now,
      attempts: 0,
      domain: shop.domain,
      apiVersion: shop.apiVersion,
      shopCode: shop.code,
      accessTokenEnc: shop.accessTokenEnc,
    });
  }

  async statesOf(shopIds: string[]): Promise<Map<string, ShopWebhooksState>> {
    const states = new Map<string, ShopWebhooksState>(
      shopIds.map((id) => [id, { sync: null, subscriptions: [] }]),
    );
    if (!shopIds.length) return states;
    const [syncs, subscriptions] = await Promise.all([
      this.ds.getRepository(ShopWebhookSyncEntity).find({ where: { id: In(shopIds) } }),
      this.ds
        .getRepository(ShopWebhookSubscriptionEntity)
        .find({ where: { shopId: In(shopIds) }, order: { topic: 'ASC' } }),
    ]);
    for (const sync of syncs) states.get(sync.id)!.sync = sync;
    for (const s of subscriptions) states.get(s.shopId)?.subscriptions.push(s);
    return states;
  }
}
