import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';
import type { DocumentLineKind, DocumentLineType } from './erp-sales-order.entity';

// An ERP credit memo made from one Shopify refund of an order whose sales document already
// exists (issue 16). Unique by shop + Shopify refund id: a re-run never makes a second one.
@Entity('erp_credit_memos')
@Index('ux_erp_credit_memos_shop_refund', ['shopId', 'shopifyRefundId'], { unique: true })
@Index('ix_erp_credit_memos_feed', ['createdAt', 'id'])
export class ErpCreditMemoEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  shopifyOrderId: string;

  @Column({ type: 'varchar', length: 100 })
  shopifyRefundId: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shopifyReturnId: string | null;

  // The sales document it credits.
  @Column({ type: 'varchar', length: 36 })
  salesOrderId: string;

  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'varchar', length: 64 })
  orderName: string;

  @Column({ type: 'varchar', length: 36 })
  erpCustomerId: string;

  @Column({ type: 'varchar', length: 64 })
  customerNumber: string;

  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  exchangeRate: string | null;

  @Column({ type: 'boolean', default: false })
  pricesIncludeTax: boolean;

  @Column({ type: 'varchar', length: 32 })
  subtotal: string;

  @Column({ type: 'varchar', length: 32 })
  tax: string;

  @Column({ type: 'varchar', length: 32 })
  total: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @DateTimeColumn()
  refundedAt: Date;

  @DateTimeColumn()
  createdAt: Date;
}

@Entity('erp_credit_memo_lines')
export class ErpCreditMemoLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  creditMemoId: string;

  @PrimaryColumn({ type: 'integer' })
  lineNo: number;

  @Column({ type: 'varchar', length: 16 })
  kind: DocumentLineKind;

  @Column({ type: 'varchar', length: 16 })
  type: DocumentLineType;

  // SKU for an item line, account or charge number otherwise.
  @Column({ type: 'varchar', length: 100 })
  no: string;

  @Column({ type: 'varchar', length: 255 })
  description: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar', length: 32 })
  unitPrice: string;

  @Column({ type: 'varchar', length: 32 })
  amount: string;

  @Column({ type: 'varchar', length: 32 })
  taxAmount: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shopifyLineItemId: string | null;
}
