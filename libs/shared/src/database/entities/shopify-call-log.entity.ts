import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

export const SHOPIFY_CALL_STATUSES = [
  'ok',
  'throttled',
  'graphql-error',
  'http-error',
  'network-error',
] as const;
export type ShopifyCallStatus = (typeof SHOPIFY_CALL_STATUSES)[number];

// One HTTP exchange with a shop's Admin API (each retry is its own row), kept per the shop's
// API log mode and deleted after the retention period.
@Entity('shopify_call_logs')
@Index('ix_shopify_call_logs_shop_at', ['shopId', 'at'])
@Index('ix_shopify_call_logs_job', ['jobId'])
@Index('ix_shopify_call_logs_at', ['at'])
export class ShopifyCallLogEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @DateTimeColumn()
  at: Date;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  jobId: string | null;

  @Column({ type: 'varchar', length: 100 })
  operation: string;

  @Column({ type: 'varchar', length: 16 })
  status: ShopifyCallStatus;

  @Column({ type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ type: 'integer', nullable: true })
  requestedCost: number | null;

  @Column({ type: 'integer', nullable: true })
  actualCost: number | null;

  @Column({ type: 'integer' })
  durationMs: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}
