import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';

export interface ShipmentLine {
  sku: string;
  quantity: number;
  // The Shopify order line (gid://shopify/LineItem/…) the ERP shipped, as the sales-order feed
  // gave it (issue 18). Absent: the line is matched by SKU, as before.
  shopifyOrderLineId?: string | null;
}

export type ShipmentStatus = 'pending' | 'fulfilled' | 'failed';

// A shipment posted by the ERP for a Shopify order. The shipments task turns a pending one into
// Shopify fulfillments (one per location) and stores their ids, or the reason it could not.
@Entity('erp_shipments')
@Index('ux_erp_shipments_shop_number', ['shopId', 'number'], { unique: true })
@Index('ix_erp_shipments_pending', ['shopId', 'status'])
export class ErpShipmentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ type: 'varchar', length: 100 })
  shopifyOrderId: string;

  @Column({ type: 'simple-json' })
  lines: ShipmentLine[];

  @Column({ type: 'varchar', length: 100, nullable: true })
  trackingCompany: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  trackingNumber: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  trackingUrl: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  locationId: string | null;

  // The ERP's shipping agent: settings.shipments.shippingAgents maps it to Shopify's tracking
  // company and tracking URL (issue 18).
  @Column({ type: 'varchar', length: 64, nullable: true })
  shippingAgentCode: string | null;

  // Units of each line (by index) already in a Shopify fulfillment: a shipment sent in several
  // calls that stopped part way sends only the rest on its next attempt.
  @Column({ type: 'simple-json', nullable: true })
  sentQuantities: number[] | null;

  @Column({ type: 'varchar', length: 16 })
  status: ShipmentStatus;

  @Column({ type: 'simple-json', nullable: true })
  fulfillmentIds: string[] | null;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
