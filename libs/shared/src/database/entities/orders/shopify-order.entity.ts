import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';
import type { ErpAddress } from './erp-customer.entity';

export interface StagedOrderLine {
  shopifyLineItemId: string;
  sku: string | null;
  title: string;
  quantity: number;
  unitPrice: string;
  amount: string;
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
