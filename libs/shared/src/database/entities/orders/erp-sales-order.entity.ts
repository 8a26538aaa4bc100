import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';
import type { ErpAddress } from './erp-customer.entity';
import type { StagedCompany } from './staged-order.types';

export type SalesDocumentType = 'order' | 'invoice';

// What a document line posts to: an item (by SKU), a G/L account, or an item charge.
export type DocumentLineType = 'item' | 'account' | 'item-charge';
// Where a document line comes from.
export type DocumentLineKind = 'item' | 'shipping' | 'tip' | 'gift-card' | 'refund';

export interface DocumentTax {
  title: string;
  rate: number | null;
  amount: string;
}

// The document-relevant facts of the Shopify order when its document was made; a later version
// of the order that differs from it raises a conflict (issue 16).
export interface OrderBasis {
  cancelled: boolean;
  currency: string;
  lines: Array<{ id: string; sku: string | null; quantity: number; unitPrice: string }>;
  shipping: Array<{ title: string; price: string }>;
  discounts: string;
  total: string;
}

export interface OrderConflict {
  detectedAt: string;
  shopifyUpdatedAt: string;
  changes: Array<{
    field: string;
    before: string | number | boolean | null;
    after: string | number | boolean | null;
  }>;
}

// An ERP sales order (or invoice, for an order already fulfilled) made from one Shopify order.
// Unique by shop + Shopify order id: a duplicated or redelivered job cannot make a second one.
@Entity('erp_sales_orders')
@Index('ux_erp_sales_orders_shop_order', ['shopId', 'shopifyOrderId'], { unique: true })
@Index('ix_erp_sales_orders_feed', ['createdAt', 'id'])
export class ErpSalesOrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  shopifyOrderId: string;

  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  documentType: SalesDocumentType;

  @Column({ type: 'varchar', length: 64 })
  orderName: string;

  @Column({ type: 'varchar', length: 36 })
  erpCustomerId: string;

  @Column({ type: 'varchar', length: 64 })
  customerNumber: string;

  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 32 })
  subtotal: string;

  @Column({ type: 'varchar', length: 32 })
  shipping: string;

  @Column({ type: 'varchar', length: 32 })
  tax: string;

  @Column({ type: 'varchar', length: 32 })
  total: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  financialStatus: string | null;

  @Column({ type: 'simple-json', nullable: true })
  sellToAddress: ErpAddress | null;

  @Column({ type: 'simple-json', nullable: true })
  shipToAddress: ErpAddress | null;

  // Issue 17: a B2B order's company and company location (null for a consumer's order).
  @Column({ type: 'simple-json', nullable: true })
  company?: StagedCompany | null;

  @DateTimeColumn()
  orderDate: Date;

  @DateTimeColumn()
  createdAt: Date;

  // Issue 16. `currency` above is the document's currency: the shop's, or the customer's with
  // currencyMode 'presentment'; `exchangeRate` is shop-currency units per document-currency unit.
  @Column({ type: 'varchar', length: 16, default: 'shop' })
  currencyMode: 'shop' | 'presentment';

  @Column({ type: 'varchar', length: 32, nullable: true })
  exchangeRate: string | null;

  @Column({ type: 'boolean', default: false })
  pricesIncludeTax: boolean;

  // Order-level discount kept on the header (settings.orders.discounts 'invoice').
  @Column({ type: 'varchar', length: 32, default: '0.00' })
  invoiceDiscount: string;

  @Column({ type: 'simple-json', nullable: true })
  paymentMethods: string[] | null;

  // Refunds already netted into this document's lines: they never become credit memos.
  @Column({ type: 'simple-json', nullable: true })
  nettedRefundIds: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  basis: OrderBasis | null;

  @Column({ type: 'simple-json', nullable: true })
  conflict: OrderConflict | null;

  @DateTimeColumn({ nullable: true })
  conflictAcknowledgedAt: Date | null;

  // When the document number was written back to the Shopify order, and the order closed there.
  @DateTimeColumn({ nullable: true })
  documentNumberSentAt: Date | null;

  @DateTimeColumn({ nullable: true })
  shopifyClosedAt: Date | null;
}

@Entity('erp_sales_order_lines')
export class ErpSalesOrderLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  salesOrderId: string;

  @PrimaryColumn({ type: 'integer' })
  lineNo: number;

  @Column({ type: 'varchar', length: 100 })
  sku: string;

  @Column({ type: 'varchar', length: 255 })
  description: string;

  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'varchar', length: 32 })
  unitPrice: string;

  @Column({ type: 'varchar', length: 32 })
  amount: string;

  // The Shopify line item or shipping line; '' for lines with no Shopify counterpart (tips).
  @Column({ type: 'varchar', length: 100 })
  shopifyLineItemId: string;

  // Issue 16; the defaults are what a line made before means.
  @Column({ type: 'varchar', length: 16, default: 'item' })
  kind: DocumentLineKind;

  @Column({ type: 'varchar', length: 16, default: 'item' })
  type: DocumentLineType;

  @Column({ type: 'varchar', length: 32, default: '0.00' })
  lineDiscount: string;

  @Column({ type: 'varchar', length: 32, default: '0.00' })
  taxAmount: string;

  @Column({ type: 'simple-json', nullable: true })
  taxes: DocumentTax[] | null;
}
