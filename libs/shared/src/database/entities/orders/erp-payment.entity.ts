import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';

// One Shopify order transaction (sale, capture, refund, …) recorded for the ERP; unique by
// transaction id, so it is recorded once however often the payments task runs.
@Entity('erp_payments')
@Index('ux_erp_payments_transaction', ['transactionId'], { unique: true })
@Index('ix_erp_payments_feed', ['createdAt', 'id'])
export class ErpPaymentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  transactionId: string;

  @Column({ type: 'varchar', length: 100 })
  shopifyOrderId: string;

  @Column({ type: 'varchar', length: 64 })
  orderName: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  gateway: string | null;

  @Column({ type: 'varchar', length: 32 })
  amount: string;

  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  parentTransactionId: string | null;

  @DateTimeColumn({ nullable: true })
  processedAt: Date | null;

  @DateTimeColumn()
  createdAt: Date;
}
