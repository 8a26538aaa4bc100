import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsString,
  Matches,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';

// The order side's sections of a shop's settings (issue 7, widened by issue 16). Versioned like
// the contracts; field initializers are the defaults.

export const CUSTOMER_IMPORT_MODES = ['none', 'with-order-import', 'all'] as const;
export type CustomerImportMode = (typeof CUSTOMER_IMPORT_MODES)[number];

const BOOLEAN = { message: 'must be a boolean' };
const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
// An ERP number (item, account, charge): 1–64 printable characters, no spaces at either end.
const ERP_NO = /^\S(?:[\x20-\x7e]{0,62}\S)?$/;
const erpNo = () => Matches(ERP_NO, { message: 'must be 1-64 printable characters' });

// How an order's Shopify customer becomes an ERP customer (the reference's "customer mapping
// type"): by email, then phone; by the bill-to (billing) name and address; or never: every order
// goes to the default customer.
export const CUSTOMER_MAPPINGS = ['email-phone', 'bill-to', 'default-customer'] as const;
export type CustomerMapping = (typeof CUSTOMER_MAPPINGS)[number];
// An order whose customer cannot be mapped: fails (with the contact named), or goes to the
// default customer.
export const UNMAPPED_CUSTOMER_MODES = ['fail', 'default-customer'] as const;
export const MAX_COUNTRY_CUSTOMERS = 250;
// A mapped customer changed in the ERP and in Shopify since the last sync, with updates on in
// both directions: whose values stay.
export const CUSTOMER_CONFLICT_WINNERS = ['erp', 'shopify'] as const;
const COUNTRY = /^[A-Z]{2}$/;

const usesDefault = (o: CustomersSettingsV1) =>
  o.mapping === 'default-customer' || o.unmapped === 'default-customer';

function countryCustomers(value: unknown): boolean {
  if (value === null) return true;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= MAX_COUNTRY_CUSTOMERS &&
    entries.every(([k, v]) => COUNTRY.test(k) && typeof v === 'string' && ERP_NO.test(v))
  );
}

export class CustomersSettingsV1 {
  @IsIn(CUSTOMER_IMPORT_MODES, oneOf(CUSTOMER_IMPORT_MODES))
  import: CustomerImportMode = 'with-order-import';

  @IsBoolean(BOOLEAN)
  canUpdateShopifyCustomer = false;

  @IsIn(CUSTOMER_MAPPINGS, oneOf(CUSTOMER_MAPPINGS))
  mapping: CustomerMapping = 'email-phone';

  // A Shopify customer no ERP customer matches becomes a new ERP customer; off, it stays unmapped.
  @IsBoolean(BOOLEAN)
  autoCreateUnknown = true;

  // The ERP customer number orders go to with mapping or unmapped 'default-customer' (after the
  // per-country one); required then unless every country is listed.
  @ValidateBy({
    name: 'defaultCustomerNo',
    validator: {
      validate: (v: unknown, args?: ValidationArguments) =>
        v === null
          ? !usesDefault(args?.object as CustomersSettingsV1) ||
            countryCount(args?.object as CustomersSettingsV1) > 0
          : typeof v === 'string' && ERP_NO.test(v),
      defaultMessage: (args?: ValidationArguments) =>
        args?.value === null
          ? "is required when mapping or unmapped is 'default-customer'"
          : 'must be null or 1-64 printable characters',
    },
  })
  defaultCustomerNo: string | null = null;

  // Per bill-to (else ship-to) country, the default customer: {"BE": "C-BE"}; null: none.
  @ValidateBy({
    name: 'defaultCustomerByCountry',
    validator: {
      validate: countryCustomers,
      defaultMessage: () =>
        `must be null or an object of at most ${MAX_COUNTRY_CUSTOMERS} country codes (NL) to customer numbers`,
    },
  })
  defaultCustomerByCountry: Record<string, string> | null = null;

  @IsIn(UNMAPPED_CUSTOMER_MODES, oneOf(UNMAPPED_CUSTOMER_MODES))
  unmapped: (typeof UNMAPPED_CUSTOMER_MODES)[number] = 'fail';

  // Shopify's changes of a mapped customer (name, email, phone, address, company) update the
  // ERP customer.
  @IsBoolean(BOOLEAN)
  shopifyCanUpdateCustomer = false;

  @IsIn(CUSTOMER_CONFLICT_WINNERS, oneOf(CUSTOMER_CONFLICT_WINNERS))
  conflictWinner: (typeof CUSTOMER_CONFLICT_WINNERS)[number] = 'erp';
}

const countryCount = (o: CustomersSettingsV1 | undefined): number =>
  o?.defaultCustomerByCountry && typeof o.defaultCustomerByCountry === 'object'
    ? Object.keys(o.defaultCustomerByCountry).length
    : 0;

// The default customer's number for an order billed (or shipped) to `countryCode`.
export function defaultCustomerNumber(
  settings: CustomersSettingsV1,
  countryCode: string | null | undefined,
): string | null {
  const table = settings.defaultCustomerByCountry;
  const byCountry =
    countryCode && table && Object.hasOwn(table, countryCode) ? table[countryCode] : null;
  return byCountry ?? settings.defaultCustomerNo;
}

// Shopify's order search values the import filters may name (lower case, as in the query syntax).
export const ORDER_FINANCIAL_STATUSES = [
  'authorized',
  'pending',
  'paid',
  'partially_paid',
  'partially_refunded',
  'refunded',
  'voided',
  'expired',
] as const;
export const ORDER_FULFILLMENT_STATUSES = [
  'unshipped',
  'shipped',
  'partial',
  'unfulfilled',
  'fulfilled',
] as const;
export const ORDER_RISK_LEVELS = ['low', 'medium', 'high'] as const;
// A Shopify tag as the filter takes it: no quotes, backslashes or commas.
const TAG = /^[^"'\\,]{1,255}$/;

const stringsIn = (values: readonly string[], field: string) => [
  IsArray({ message: 'must be an array' }),
  ArrayMaxSize(values.length, { message: `must have at most ${values.length} values` }),
  IsIn(values, { each: true, message: `${field} values must be among ${values.join(', ')}` }),
];

function apply(decorators: PropertyDecorator[]): PropertyDecorator {
  return (target, key) => decorators.forEach((d) => d(target, key));
}

// settings.orders.importFilter: which orders the orders task reads, as Shopify order-search
// terms (empty list = no condition). Values within one list are alternatives (OR).
export class OrderImportFilterV1 {
  @apply(stringsIn(ORDER_FINANCIAL_STATUSES, 'financialStatus'))
  financialStatus: string[] = [];

  @apply(stringsIn(ORDER_FULFILLMENT_STATUSES, 'fulfillmentStatus'))
  fulfillmentStatus: string[] = [];

  @apply(stringsIn(ORDER_RISK_LEVELS, 'riskLevel'))
  riskLevel: string[] = [];

  // Orders with any of these tags, and none of excludeTags.
  @IsArray({ message: 'must be an array' })
  @ArrayMaxSize(20, { message: 'must have at most 20 tags' })
  @Matches(TAG, { each: true, message: 'tags must be 1-255 characters without quotes, \\ or ,' })
  tags: string[] = [];

  @IsArray({ message: 'must be an array' })
  @ArrayMaxSize(20, { message: 'must have at most 20 tags' })
  @Matches(TAG, { each: true, message: 'tags must be 1-255 characters without quotes, \\ or ,' })
  excludeTags: string[] = [];

  // Leave out Shopify's test orders.
  @IsBoolean(BOOLEAN)
  excludeTest = false;
}

export const CURRENCY_MODES = ['shop', 'presentment'] as const;
export const SHIPPING_CHARGE_TYPES = ['account', 'item', 'item-charge'] as const;
export const DISCOUNT_MODES = ['line', 'invoice'] as const;
export const DOCUMENT_NUMBER_TARGETS = ['off', 'attribute', 'metafield'] as const;
export const UNKNOWN_SKU_MODES = ['fail', 'create-item'] as const;
export const REFUND_MODES = ['off', 'import', 'credit-memo'] as const;

export class OrdersSettingsV1 {
  @IsBoolean(BOOLEAN)
  autoCreateSalesOrders = false;

  @IsBoolean(BOOLEAN)
  invoiceWhenFulfilled = false;

  importFilter = new OrderImportFilterV1();

  // The document's currency: the shop's, or the one the customer paid in (with the rate).
  @IsIn(CURRENCY_MODES, oneOf(CURRENCY_MODES))
  currency: (typeof CURRENCY_MODES)[number] = 'shop';

  // Shipping becomes one line per Shopify shipping line, posted to this account / item / charge.
  @IsIn(SHIPPING_CHARGE_TYPES, oneOf(SHIPPING_CHARGE_TYPES))
  shippingChargeType: (typeof SHIPPING_CHARGE_TYPES)[number] = 'account';

  @IsString({ message: 'must be a string' })
  @erpNo()
  shippingChargeNo = 'SHIPPING';

  @IsString({ message: 'must be a string' })
  @erpNo()
  tipAccount = 'TIP';

  // Sold gift cards (gift-card line items) post here; a gift card used to pay is a payment method.
  @IsString({ message: 'must be a string' })
  @erpNo()
  giftCardAccount = 'GIFTCARD';

  // A credit memo's refunded amount not explained by its lines, shipping and tax posts here.
  @IsString({ message: 'must be a string' })
  @erpNo()
  refundAccount = 'REFUND';

  // line: every discount is a line discount on the line it was allocated to; invoice: discounts
  // on the whole order (all lines, spread across) are one invoice discount on the header.
  // Shipping discounts always reduce the shipping line.
  @IsIn(DISCOUNT_MODES, oneOf(DISCOUNT_MODES))
  discounts: (typeof DISCOUNT_MODES)[number] = 'line';

  // The Shopify order number (1001) as the document number instead of `<shop code>-1001`.
  @IsBoolean(BOOLEAN)
  useShopifyOrderNumber = false;

  // Write the ERP document number back to the Shopify order: as the order attribute
  // 'ERP document number', or as the metafield shopsync.erp_document_number.
  @IsIn(DOCUMENT_NUMBER_TARGETS, oneOf(DOCUMENT_NUMBER_TARGETS))
  documentNumberToShopify: (typeof DOCUMENT_NUMBER_TARGETS)[number] = 'off';

  // A line whose SKU is no ERP item: fail the order, or import the product and create the item.
  @IsIn(UNKNOWN_SKU_MODES, oneOf(UNKNOWN_SKU_MODES))
  unknownSku: (typeof UNKNOWN_SKU_MODES)[number] = 'fail';

  // Refunds: off (ignored), import (netted into documents not yet made, kept on the order),
  // credit-memo (also: a refund of an order already made into a document becomes a credit memo).
  @IsIn(REFUND_MODES, oneOf(REFUND_MODES))
  refunds: (typeof REFUND_MODES)[number] = 'off';

  // Close (archive) the Shopify order once its document is made.
  @IsBoolean(BOOLEAN)
  archiveProcessedOrders = false;
}

// settings.shipments.shippingAgents: ERP shipping agent code → the tracking company Shopify
// shows and, optionally, a tracking URL template in which {trackingNumber} is replaced by the
// shipment's tracking number (URL-encoded).
export interface ShippingAgentMapping {
  trackingCompany: string;
  trackingUrl?: string | null;
}

export const TRACKING_NUMBER_PLACEHOLDER = '{trackingNumber}';
export const MAX_SHIPPING_AGENTS = 100;
const AGENT_CODE = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const AGENT_FIELDS = new Set(['trackingCompany', 'trackingUrl']);

// The tracking URL of a template for one tracking number.
export function trackingUrlFor(template: string, trackingNumber: string): string {
  return template.split(TRACKING_NUMBER_PLACEHOLDER).join(encodeURIComponent(trackingNumber));
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

// What is wrong with the table, naming the entry: null when it is fine.
function shippingAgentsProblem(value: unknown): string | null {
  if (value === null) return null;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return 'must be null or an object of shipping agent codes to {trackingCompany, trackingUrl?}';
  const entries = Object.entries(value);
  if (entries.length > MAX_SHIPPING_AGENTS)
    return `must have at most ${MAX_SHIPPING_AGENTS} shipping agents`;
  for (const [code, entry] of entries) {
    if (!AGENT_CODE.test(code))
      return `'${code}': a shipping agent code must be 1-64 letters, digits, ".", "_", "/" or "-"`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      return `${code} must be an object {trackingCompany, trackingUrl?}`;
    const unknown = Object.keys(entry).find((k) => !AGENT_FIELDS.has(k));
    if (unknown) return `${code}.${unknown} is not a field (trackingCompany, trackingUrl)`;
    const { trackingCompany, trackingUrl } = entry as Record<string, unknown>;
    if (typeof trackingCompany !== 'string' || !/^\S(?:.{0,98}\S)?$/.test(trackingCompany))
      return `${code}.trackingCompany must be 1-100 characters, no spaces at either end`;
    if (trackingUrl === undefined || trackingUrl === null) continue;
    if (typeof trackingUrl !== 'string' || !trackingUrl.includes(TRACKING_NUMBER_PLACEHOLDER))
      return `${code}.trackingUrl must be a URL template containing ${TRACKING_NUMBER_PLACEHOLDER}`;
    if (trackingUrl.length > 400 || !isHttpUrl(trackingUrlFor(trackingUrl, 'X')))
      return `${code}.trackingUrl must be an http(s) URL of at most 400 characters`;
  }
  return null;
}

export class ShipmentsSettingsV1 {
  @IsBoolean(BOOLEAN)
  notifyCustomer = false;

  // Fulfillment orders assigned to a fulfillment-service location whose request is pending
  // (SUBMITTED) are accepted (fulfillmentOrderAcceptFulfillmentRequest) before they are
  // fulfilled; off, they wait (the shipment is skipped and tried again on the next run).
  @IsBoolean(BOOLEAN)
  acceptFulfillmentRequests = false;

  @ValidateBy({
    name: 'shippingAgents',
    validator: {
      validate: (v: unknown) => shippingAgentsProblem(v) === null,
      defaultMessage: (args?: ValidationArguments) =>
        shippingAgentsProblem(args?.value) ?? 'is not valid',
    },
  })
  shippingAgents: Record<string, ShippingAgentMapping> | null = null;
}
