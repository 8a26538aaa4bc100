import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';

// Shopify Payments for the ERP's cash reconciliation (issue 17): payouts, balance transactions
// and disputes, each unique per shop and Shopify id. Payouts and disputes change status until
// final, so they carry updatedAt (the feed's order); balance transactions never change.

export interface PayoutSummaryAmounts {
  chargesGross: string;
  chargesFee: string;
  refundsFeeGross: string;
  refundsFee: string;
  adjustmentsGross: string;
  adjustmentsFee: string;
}

@Entity('erp_payouts')
@Index('ux_erp_payouts_shop_payout', ['shopId', 'payoutId'], { unique: true })
@Index('ix_erp_payouts_feed', ['updatedAt', 'id'])
@Index('ix_erp_payouts_open', ['shopId', 'final'])
export class ErpPayoutEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  payoutId: string;

  @Column({ type: 'varchar', length: 32 })
  legacyId: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'boolean', default: false })
  final: boolean;

  @Column({ type: 'varchar', length: 16 })
  transactionType: string;

  @DateTimeColumn()
  issuedAt: Date;

  @Column({ type: 'varchar', length: 32 })
  net: string;

  @Column({ type: 'varchar', length: 32 })
  gross: string;

  // The payout's currency, and the shop's currency at the time it was read.
  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 8 })
  shopCurrency: string;

  @Column({ type: 'simple-json', nullable: true })
  summary: PayoutSummaryAmounts | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}

@Entity('erp_balance_transactions')
@Index('ux_erp_balance_transactions_shop_tx', ['shopId', 'transactionId'], { unique: true })
@Index('ix_erp_balance_transactions_feed', ['createdAt', 'id'])
export class ErpBalanceTransactionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  transactionId: string;

  // The numeric part of the id: "since the highest stored" compares numbers, not text.
  @Column({ type: 'bigint' })
  transactionNumber: string;

  @Column({ type: 'varchar', length: 64 })
  type: string;

  @Column({ type: 'varchar', length: 32 })
  amount: string;

  @Column({ type: 'varchar', length: 32 })
  fee: string;

  @Column({ type: 'varchar', length: 32 })
  net: string;

  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 8 })
  shopCurrency: string;

  @DateTimeColumn()
  transactionDate: Date;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shopifyOrderId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  orderName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  payoutId: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  payoutStatus: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  sourceType: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  sourceOrderTransactionId: string | null;

  @Column({ type: 'boolean', default: false })
  test: boolean;

  @DateTimeColumn()
  createdAt: Date;
}

@Entity('erp_disputes')
@Index('ux_erp_disputes_shop_dispute', ['shopId', 'disputeId'], { unique: true })
@Index('ix_erp_disputes_feed', ['updatedAt', 'id'])
@Index('ix_erp_disputes_open', ['shopId', 'final'])
export class ErpDisputeEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  disputeId: string;

  @Column({ type: 'varchar', length: 32 })
  legacyId: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'boolean', default: false })
  final: boolean;

  @Column({ type: 'varchar', length: 16 })
  kind: string;

  @Column({ type: 'varchar', length: 32 })
  amount: string;

  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 8 })
  shopCurrency: string;

  @Column({ type: 'varchar', length: 32 })
  reason: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shopifyOrderId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  orderName: string | null;

  @DateTimeColumn()
  initiatedAt: Date;

  @DateTimeColumn({ nullable: true })
  evidenceDueBy: Date | null;

  @DateTimeColumn({ nullable: true })
  finalizedOn: Date | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
