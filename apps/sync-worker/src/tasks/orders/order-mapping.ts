import type { ErpAddress, StagedOrderLine } from '@shopsync/shared';
import type { ShopifyCustomerSnapshot } from '../../order-side/customer-matching';

interface Money {
  shopMoney: { amount: string };
}

export interface ShopifyAddress {
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  zip: string | null;
  city: string | null;
  province: string | null;
  countryCodeV2: string | null;
  phone: string | null;
}

export interface ShopifyLineNode {
  id: string;
  sku: string | null;
  title: string;
  quantity: number;
  originalUnitPriceSet: Money;
  discountedTotalSet: Money;
}

export interface ShopifyOrderNode {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  createdAt: string;
  updatedAt: string;
  closed: boolean;
  cancelledAt: string | null;
  currencyCode: string;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  customer: ShopifyCustomerSnapshot | null;
  shippingAddress: ShopifyAddress | null;
  billingAddress: ShopifyAddress | null;
  subtotalPriceSet: Money;
  totalShippingPriceSet: Money;
  totalTaxSet: Money;
  totalPriceSet: Money;
  lineItems: {
    nodes: ShopifyLineNode[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

export interface StagedOrderFields {
  shopifyOrderId: string;
  name: string;
  customer: {
    shopifyCustomerId: string | null;
    email: string | null;
    phone: string | null;
    firstName: string | null;
    lastName: string | null;
  };
  currency: string;
  financialStatus: string | null;
  fulfillmentStatus: string | null;
  closed: boolean;
  cancelledAt: Date | null;
  subtotal: string;
  shipping: string;
  tax: string;
  total: string;
  lines: StagedOrderLine[];
  shippingAddress: ErpAddress | null;
  billingAddress: ErpAddress | null;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
}

const amount = (m: Money | null | undefined): string => Number(m?.shopMoney.amount ?? 0).toFixed(2);

export function toAddress(a: ShopifyAddress | null): ErpAddress | null {
  if (!a) return null;
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.company,
    address1: a.address1,
    address2: a.address2,
    zip: a.zip,
    city: a.city,
    province: a.province,
    countryCode: a.countryCodeV2,
    phone: a.phone,
  };
}

export function toLine(l: ShopifyLineNode): StagedOrderLine {
  return {
    shopifyLineItemId: l.id,
    sku: l.sku ? l.sku : null,
    title: l.title,
    quantity: l.quantity,
    unitPrice: amount(l.originalUnitPriceSet),
    amount: amount(l.discountedTotalSet),
  };
}

// A Shopify order as order staging holds it; `lines` are all of the order's lines (the caller
// fetches those beyond the first page).
export function toStagedOrder(o: ShopifyOrderNode, lines: ShopifyLineNode[]): StagedOrderFields {
  const shipping = o.shippingAddress;
  return {
    shopifyOrderId: o.id,
    name: o.name,
    customer: {
      shopifyCustomerId: o.customer?.id ?? null,
      email: o.email ?? o.customer?.email ?? null,
      phone: o.phone ?? o.customer?.phone ?? null,
      firstName: o.customer?.firstName ?? shipping?.firstName ?? null,
      lastName: o.customer?.lastName ?? shipping?.lastName ?? null,
    },
    currency: o.currencyCode,
    financialStatus: o.displayFinancialStatus,
    fulfillmentStatus: o.displayFulfillmentStatus,
    closed: o.closed,
    cancelledAt: o.cancelledAt ? new Date(o.cancelledAt) : null,
    subtotal: amount(o.subtotalPriceSet),
    shipping: amount(o.totalShippingPriceSet),
    tax: amount(o.totalTaxSet),
    total: amount(o.totalPriceSet),
    lines: lines.map(toLine),
    shippingAddress: toAddress(o.shippingAddress),
    billingAddress: toAddress(o.billingAddress),
    shopifyCreatedAt: new Date(o.createdAt),
    shopifyUpdatedAt: new Date(o.updatedAt),
  };
}
