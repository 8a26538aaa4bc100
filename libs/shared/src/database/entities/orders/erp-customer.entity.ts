import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../../columns';

export interface ErpAddress {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  zip?: string | null;
  city?: string | null;
  province?: string | null;
  countryCode?: string | null;
  phone?: string | null;
}

export type ErpCustomerSource = 'erp' | 'shopify';

// An ERP customer: posted by the ERP (PUT /v1/erp/customers) or imported from a shop. `email` is
// kept lower-cased and `phone` without spaces or dashes, so matching is a plain comparison.
@Entity('erp_customers')
@Index('ux_erp_customers_number', ['number'], { unique: true })
@Index('ix_erp_customers_email', ['email'])
@Index('ix_erp_customers_phone', ['phone'])
@Index('ix_erp_customers_feed', ['updatedAt', 'id'])
@Index('ux_erp_customers_identity', ['identityKey'], { unique: true })
@Index('ix_erp_customers_bill_to', ['billToKey'])
export class ErpCustomerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  number: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  email: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phone: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  firstName: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  lastName: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  company: string | null;

  @Column({ type: 'simple-json', nullable: true })
  address: ErpAddress | null;

  @Column({ type: 'varchar', length: 16 })
  source: ErpCustomerSource;

  // The contact (or bill-to) a customer was created for from Shopify, unique: one ERP customer
  // however many shops import the same person at once (customer-identity.ts). Null for the ERP's
  // own customers posted after issue 17; set once, never changed.
  @Column({ type: 'varchar', length: 320, nullable: true })
  identityKey?: string | null;

  // billToKey(company or name, address): what the 'bill-to' mapping compares.
  @Column({ type: 'varchar', length: 320, nullable: true })
  billToKey?: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}

// The fields both sides hold: what a push back to Shopify compares. `address` (the default
// address) and `addressId` (Shopify's id of it) are known once the customers task has read it.
export interface CustomerFields {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  address?: ErpAddress | null;
  addressId?: string | null;
}

// One Shopify customer of one shop mapped to an ERP customer, with what Shopify last held.
@Entity('shop_customers')
@Index('ix_shop_customers_erp', ['shopId', 'erpCustomerId'])
export class ShopCustomerEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  shopifyCustomerId: string;

  @Column({ type: 'varchar', length: 36 })
  erpCustomerId: string;

  @Column({ type: 'simple-json' })
  shopify: CustomerFields;

  @DateTimeColumn({ nullable: true })
  shopifyUpdatedAt: Date | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;
}
