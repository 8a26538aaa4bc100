import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';
import type { ErpAddress } from './erp-customer.entity';

export type SalesDocumentType = 'order' | 'invoice';

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

  @DateTimeColumn()
  orderDate: Date;

  @DateTimeColumn()
  createdAt: Date;
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

  @Column({ type: 'varchar', length: 100 })
  shopifyLineItemId: string;
}
