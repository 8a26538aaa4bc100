import { MailingAddressInput } from './customers';
import { FinancialStatus, RiskRecommendation } from './records';

// What the control API and the seed give to create an order (amounts in shop money).

export interface SimAttributeInput {
  key: string;
  value: string | null;
}

// A tax on a line or shipping line; rate is a fraction (0.21 for 21 %).
export interface SimTaxInput {
  title: string;
  rate: number;
  channelLiable?: boolean | null;
}

// A discount on one line only: a manual discount (EXPLICIT), a percentage (10 = 10 %) or a
// fixed amount for the line in shop money.
export interface SimLineDiscountInput {
  percentage?: number;
  amount?: string | number;
  title?: string;
  description?: string;
}

export interface SimOrderLineInput {
  variantId?: string;
  sku?: string;
  quantity: number;
  // Unit price in shop money; default the variant's price.
  price?: string | number;
  title?: string;
  // Default: one tax line `VAT` at the order's taxRate; gift cards and untaxable lines: none.
  taxes?: SimTaxInput[];
  discount?: SimLineDiscountInput;
  giftCard?: boolean;
  requiresShipping?: boolean;
  customAttributes?: SimAttributeInput[];
}

// An order-level discount. target 'order' (default): every non-gift-card line (ALL, ACROSS);
// 'lines': the lines at `lines` (indexes into lineItems; ENTITLED; a fixed amount is split
// ACROSS them or taken off EACH unit); 'shipping': the shipping lines (SHIPPING_LINE, EACH).
export interface SimDiscountInput {
  type?: 'code' | 'automatic' | 'manual';
  code?: string;
  title?: string;
  percentage?: number;
  amount?: string | number;
  target?: 'order' | 'lines' | 'shipping';
  lines?: number[];
  allocation?: 'ACROSS' | 'EACH';
}

export interface SimShippingLineInput {
  title?: string;
  code?: string | null;
  source?: string | null;
  price: string | number;
  taxes?: SimTaxInput[];
}

export interface SimOrderInput {
  lineItems: SimOrderLineInput[];
  customerId?: string;
  // A B2B order for this company location, placed by this contact (whose customer it becomes).
  purchasingCompany?: { locationId: string; contactId?: string | null };
  email?: string;
  phone?: string;
  financialStatus?: FinancialStatus;
  shippingAddress?: MailingAddressInput;
  billingAddress?: MailingAddressInput;
  // One untaxed "Standard" shipping line; ignored when shippingLines is given.
  shippingPrice?: string | number;
  shippingLines?: SimShippingLineInput[];
  // The default line tax rate (0.21).
  taxRate?: number;
  // Default true: prices include tax.
  taxesIncluded?: boolean;
  // The buyer's currency and presentment units per shop unit (default: the shop currency, 1).
  presentmentCurrency?: string;
  exchangeRate?: number;
  discounts?: SimDiscountInput[];
  // Shop money.
  tip?: string | number;
  // Paid with a gift card (gateway 'gift_card'), shop money; the rest is paid by 'bogus'.
  giftCardPayment?: string | number;
  customAttributes?: SimAttributeInput[];
  risk?: RiskRecommendation;
  note?: string;
  tags?: string[];
  test?: boolean;
  locationId?: string;
  processedAt?: string;
}
