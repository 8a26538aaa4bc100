import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

export const WEBHOOK_OUTCOMES = [
  'received',
  'requested',
  'coalesced',
  'ignored',
  'failed',
] as const;
export type WebhookOutcome = (typeof WEBHOOK_OUTCOMES)[number];

// A verified Shopify webhook delivery. The primary key on shop and X-Shopify-Webhook-Id is what
// makes a redelivery (Shopify retries for hours) a no-op; ids are only unique within a shop.
@Entity('shopify_webhooks')
@Index('ix_shopify_webhooks_received', ['receivedAt'])
export class ShopifyWebhookEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  webhookId: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  eventId: string | null;

  @Column({ type: 'varchar', length: 100 })
  topic: string;

  @DateTimeColumn()
  receivedAt: Date;

  @Column({ type: 'varchar', length: 16 })
  outcome: WebhookOutcome;

  @Column({ type: 'varchar', length: 36, nullable: true })
  jobId: string | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;
}
