import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';
import type { ErpAddress } from './erp-customer.entity';
import type {
  MoneyPair,
  StagedDiscountAllocation,
  StagedOrderExtras,
  StagedTaxLine,
} from './staged-order.types';

// `unitPrice` (original unit price) and `amount` (Shopify's discountedTotal: the line after its
// line-level discounts, before order-level ones) are shop money. The optional fields came with
// issue 16; a line staged before has none of them and is read as untaxed, undiscounted.
export interface StagedOrderLine {
  shopifyLineItemId: string;
  sku: string | null;
  title: string;
  quantity: number;
  unitPrice: string;
  amount: string;
  // Quantity after order edits and refunds (LineItem.currentQuantity).
  currentQuantity?: number;
  variantTitle?: string | null;
  shopifyProductId?: string | null;
  shopifyVariantId?: string | null;
  presentment?: { unitPrice: string; amount: string };
  // Original unit price in both currencies (unitPrice above is its shop side).
  price?: MoneyPair;
  discounts?: StagedDiscountAllocation[];
  taxLines?: StagedTaxLine[];
  taxable?: boolean;
  giftCard?: boolean;
  requiresShipping?: boolean;
}

export interface StagedCustomer {
  shopifyCustomerId: string | null;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
}

// Order staging: a Shopify order as last read, refreshed on every change, until the sales-orders
// task turns it into an ERP sales order (`processed`). A failed conversion keeps its `error`.
@Entity('shopify_orders')
@Index('ux_shopify_orders_shop_order', ['shopId', 'shopifyOrderId'], { unique: true })
@Index('ix_shopify_orders_unprocessed', ['shopId', 'processed'])
@Index('ix_shopify_orders_refunds_pending', ['shopId', 'refundsPending'])
export class ShopifyOrderEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 100 })
  shopifyOrderId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'simple-json' })
  customer: StagedCustomer;

  @Column({ type: 'varchar', length: 8 })
  currency: string;

  @Column({ type: 'varchar', length: 32, nullable: true })
  financialStatus: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  fulfillmentStatus: string | null;

  @Column({ type: 'boolean', default: false })
  closed: boolean;

  @DateTimeColumn({ nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'varchar', length: 32 })
  subtotal: string;

  @Column({ type: 'varchar', length: 32 })
  shipping: string;

  @Column({ type: 'varchar', length: 32 })
  tax: string;

  @Column({ type: 'varchar', length: 32 })
  total: string;

  @Column({ type: 'simple-json' })
  lines: StagedOrderLine[];

  @Column({ type: 'simple-json', nullable: true })
  shippingAddress: ErpAddress | null;

  @Column({ type: 'simple-json', nullable: true })
  billingAddress: ErpAddress | null;

  // Everything else of the order (issue 16): shipping, discount and tax lines, both currencies,
  // transactions, refunds, returns. Null for orders staged before.
  @Column({ type: 'simple-json', nullable: true })
  extras: StagedOrderExtras | null;

  // A processed order with refunds that have neither been netted into its document nor made
  // into credit memos yet (settings.orders.refunds 'credit-memo'); set by order staging.
  @Column({ type: 'boolean', default: false })
  refundsPending: boolean;

  @DateTimeColumn()
  shopifyCreatedAt: Date;

  @DateTimeColumn()
  shopifyUpdatedAt: Date;

  @Column({ type: 'boolean', default: false })
  processed: boolean;

  @DateTimeColumn({ nullable: true })
  processedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  salesOrderId: string | null;

  @DateTimeColumn()
  importedAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
