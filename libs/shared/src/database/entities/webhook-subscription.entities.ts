import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// pending: wanted, not made yet; active: Shopify has it (as of the last check); failed: Shopify
// refused it (error says why); removing: no longer wanted, its deletion not done yet.
export const WEBHOOK_SUBSCRIPTION_STATES = ['pending', 'active', 'failed', 'removing'] as const;
export type WebhookSubscriptionState = (typeof WEBHOOK_SUBSCRIPTION_STATES)[number];

// One Shopify webhook subscription shopsync manages for a shop, per topic, as the scheduler
// last saw or made it.
@Entity('shop_webhook_subscriptions')
export class ShopWebhookSubscriptionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  topic: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  subscriptionId: string | null;

  @Column({ type: 'varchar', length: 2048 })
  uri: string;

  @Column({ type: 'varchar', length: 16 })
  state: WebhookSubscriptionState;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @DateTimeColumn()
  updatedAt: Date;
}

export const WEBHOOK_SYNC_KINDS = ['sync', 'remove'] as const;
export type WebhookSyncKind = (typeof WEBHOOK_SYNC_KINDS)[number];

// The work the scheduler owes Shopify's subscriptions, committed with the shop change that asks
// for it (so a crash loses nothing). `sync` (id = the shop id): make the shop's subscriptions
// what its settings want, when requested and again every check interval. `remove` (a new id
// each): a removed shop's subscriptions are deleted, with the store and the sealed token
// copied from the shop row (still bound to the shop id, so only this shop's key opens it).
@Entity('shop_webhook_syncs')
@Index('ix_shop_webhook_syncs_requested', ['requestedAt'])
export class ShopWebhookSyncEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  kind: WebhookSyncKind;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  // Due at this time; null: nothing asked (a sync is still checked every interval).
  @DateTimeColumn({ nullable: true })
  requestedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  checkedAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  claimedBy: string | null;

  @DateTimeColumn({ nullable: true })
  claimedUntil: Date | null;

  // Failed attempts in a row (the backoff grows with them).
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  // `remove` only: the store, version, shop code, sealed token and callback URI.
  @Column({ type: 'varchar', length: 255, nullable: true })
  domain: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  apiVersion: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  shopCode: string | null;

  @Column({ type: 'text', nullable: true })
  accessTokenEnc: string | null;
}
