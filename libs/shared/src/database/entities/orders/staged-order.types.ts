import type { ErpAddress } from './erp-customer.entity';

// The parts of a Shopify order that order staging keeps besides its header (issue 16). Every
// amount is a decimal string with two places, in both of Shopify's currencies: `shop` is the
// shop's currency (Order.currencyCode), `presentment` the customer's (presentmentCurrencyCode).
// Shopify computes each side separately (rounding included), so neither is derived from the other.

export interface MoneyPair {
  shop: string;
  presentment: string;
}

// One tax on a line or a shipping line: "VAT 21%", rate 0.21, amount.
export interface StagedTaxLine {
  title: string;
  // Decimal fraction as Shopify gives it (0.21 for 21 %); null when Shopify gives none.
  rate: number | null;
  amount: MoneyPair;
}

// A share of one discount application on a line or shipping line.
export interface StagedDiscountAllocation {
  // Index into StagedOrderExtras.discountApplications.
  applicationIndex: number;
  amount: MoneyPair;
}

export type DiscountApplicationKind = 'DISCOUNT_CODE' | 'AUTOMATIC' | 'MANUAL' | 'SCRIPT';

export interface StagedDiscountApplication {
  index: number;
  kind: DiscountApplicationKind;
  // The code for DISCOUNT_CODE, the title otherwise.
  label: string;
  allocationMethod: 'ACROSS' | 'EACH' | 'ONE';
  targetSelection: 'ALL' | 'ENTITLED' | 'EXPLICIT';
  targetType: 'LINE_ITEM' | 'SHIPPING_LINE';
  // Percentage (e.g. 10 for 10 %) or a fixed amount in the shop's currency.
  value: { percentage: number } | { amount: string; currency: string };
}

export interface StagedShippingLine {
  shopifyShippingLineId: string | null;
  title: string;
  code: string | null;
  source: string | null;
  // Before discounts.
  price: MoneyPair;
  // After this line's discounts.
  discountedPrice: MoneyPair;
  discounts: StagedDiscountAllocation[];
  taxLines: StagedTaxLine[];
}

export interface StagedTransaction {
  shopifyTransactionId: string;
  kind: string;
  status: string;
  gateway: string | null;
  amount: MoneyPair;
  processedAt: string | null;
}

export interface StagedRefundLine {
  shopifyLineItemId: string;
  quantity: number;
  restockType: string | null;
  // The refunded line amount before tax, and its tax.
  subtotal: MoneyPair;
  tax: MoneyPair;
}

export interface StagedRefund {
  shopifyRefundId: string;
  createdAt: string;
  note: string | null;
  // The return this refund settles, if any.
  shopifyReturnId: string | null;
  lines: StagedRefundLine[];
  // Shipping refunded (before tax) and its tax.
  shipping: MoneyPair;
  shippingTax: MoneyPair;
  // What the refund paid back (its successful REFUND transactions).
  total: MoneyPair;
}

export interface StagedReturnLine {
  shopifyLineItemId: string;
  quantity: number;
  reason: string | null;
}

export interface StagedReturn {
  shopifyReturnId: string;
  name: string;
  status: string;
  lines: StagedReturnLine[];
}

export interface StagedFulfillmentOrder {
  shopifyFulfillmentOrderId: string;
  status: string;
  locationId: string | null;
}

// Header facts staged beside the totals.
// A B2B order's purchasing company (Order.purchasingEntity → PurchasingCompany): the company,
// the location it was placed for (with the location's addresses) and the contact who placed it.
export interface StagedCompany {
  shopifyCompanyId: string;
  name: string;
  externalId: string | null;
  location: {
    shopifyLocationId: string;
    name: string;
    externalId: string | null;
    billingAddress: ErpAddress | null;
    shippingAddress: ErpAddress | null;
  };
  shopifyContactId: string | null;
}

export interface StagedOrderExtras {
  presentmentCurrency: string;
  taxesIncluded: boolean;
  // Presentment money of the header totals (the shop money is in the entity's own columns).
  presentmentTotals: { subtotal: string; shipping: string; tax: string; total: string };
  // Order-level totals of discounts and tips, both currencies.
  discounts: MoneyPair;
  tip: MoneyPair;
  // What Shopify says the order is worth now, after refunds and edits (current* fields).
  current: { subtotal: MoneyPair; tax: MoneyPair; total: MoneyPair };
  discountApplications: StagedDiscountApplication[];
  discountCodes: string[];
  shippingLines: StagedShippingLine[];
  taxLines: StagedTaxLine[];
  transactions: StagedTransaction[];
  // Gateways of successful payments; a gift card is a payment method here ('gift_card').
  paymentMethods: string[];
  refunds: StagedRefund[];
  returns: StagedReturn[];
  fulfillmentOrders: StagedFulfillmentOrder[];
  note: string | null;
  customAttributes: Array<{ key: string; value: string | null }>;
  tags: string[];
  // Shopify's risk recommendation mapped to LOW / MEDIUM / HIGH; null when it gives none.
  riskLevel: 'LOW' | 'MEDIUM' | 'HIGH' | null;
  // True once Shopify reports the order edited (Order.edited).
  edited: boolean;
  // Issue 17: the purchasing company of a B2B order; absent (or null) for a consumer's order.
  company?: StagedCompany | null;
}
