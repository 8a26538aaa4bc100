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

// One more address of a customer (the ERP's ship-to addresses), beside its default `address`.
// `code` is the ERP's key of it: what ties it to the same address in each shop (the mapping's
// `addressCodes`); addresses that came from Shopify get `S<Shopify address number>`.
export interface ErpCustomerAddress extends ErpAddress {
  code: string;
}

// A customer's marketing consent as Shopify last reported it (Shopify owns it: the ERP reads it).
export interface MarketingConsent {
  // Shopify's marketing state: SUBSCRIBED, NOT_SUBSCRIBED, PENDING, UNSUBSCRIBED, …
  state: string;
  // SINGLE_OPT_IN, CONFIRMED_OPT_IN, UNKNOWN; null when Shopify gives none.
  optInLevel: string | null;
  consentUpdatedAt: string | null;
}

// An ERP customer: posted by the ERP (PUT /v1/erp/customers) or imported from a shop. `email` is
// kept lower-cased and `phone` without spaces or dashes, so matching is a plain comparison.
@Entity('erp_customers')
@Index('ux_erp_customers_number', ['number'], { unique: true })
@Index('ix_erp_customers_email', ['email'])
@Index('ix_erp_customers_phone', ['phone'])
@Index('ix_erp_customers_feed', ['updatedAt', 'id'])
@Index('ux_erp_customers_identity', ['identityKey'], { unique: true })
@Index('ix_erp_customers_bill_to', ['billToKey'])
@Index('ix_erp_customers_company', ['companyKey'])
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

  // Issue 17 (all optional: null when not known). Tax exemption: the ERP's (pushed to Shopify)
  // or Shopify's (with shopifyCanUpdateCustomer); `taxExemptions` are Shopify's codes.
  @Column({ type: 'boolean', nullable: true })
  taxExempt?: boolean | null;

  @Column({ type: 'simple-json', nullable: true })
  taxExemptions?: string[] | null;

  @Column({ type: 'simple-json', nullable: true })
  emailMarketingConsent?: MarketingConsent | null;

  @Column({ type: 'simple-json', nullable: true })
  smsMarketingConsent?: MarketingConsent | null;

  // The customer's addresses beside the default one, each under its code.
  @Column({ type: 'simple-json', nullable: true })
  addresses?: ErpCustomerAddress[] | null;

  // companyKey(company): what a B2B order's company is matched by (no location external id).
  @Column({ type: 'varchar', length: 320, nullable: true })
  companyKey?: string | null;

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
  // Issue 17, known once the customers task has read them: the tax exemption, and the
  // customer's other addresses (not the default) by Shopify address id.
  taxExempt?: boolean;
  taxExemptions?: string[];
  addresses?: Array<{ id: string; address: ErpAddress }>;
  // Shop side of the address id mapping: ERP address code → Shopify address id.
  addressCodes?: Record<string, string>;
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
