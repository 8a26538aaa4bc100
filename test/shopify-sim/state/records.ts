import { MoneyPair } from './money';

// The simulator's own data model: plain records, one per Shopify object, with GIDs as ids and
// ISO-8601 timestamps. Resolvers map them onto the Admin schema.

export type ProductStatus = 'ACTIVE' | 'ARCHIVED' | 'DRAFT' | 'UNLISTED';

export interface AddressRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  company: string | null;
  address1: string | null;
  address2: string | null;
  city: string | null;
  province: string | null;
  provinceCode: string | null;
  country: string | null;
  countryCode: string | null;
  zip: string | null;
  phone: string | null;
}

export interface LocationRecord {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  // Set on the location a fulfillment service operates.
  fulfillmentServiceId?: string | null;
  address: Omit<AddressRecord, 'id' | 'firstName' | 'lastName' | 'company'>;
  createdAt: string;
  updatedAt: string;
}

export interface ProductOptionRecord {
  id: string;
  name: string;
  position: number;
  values: string[];
}

export interface ProductRecord {
  id: string;
  handle: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  status: ProductStatus;
  tags: string[];
  options: ProductOptionRecord[];
  variantIds: string[];
  mediaIds: string[];
  metafields: MetafieldRecord[];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

export interface VariantRecord {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  position: number;
  taxable: boolean;
  inventoryPolicy: 'DENY' | 'CONTINUE';
  selectedOptions: { name: string; value: string }[];
  inventoryItemId: string;
  mediaIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface InventoryItemRecord {
  id: string;
  variantId: string;
  sku: string | null;
  tracked: boolean;
  requiresShipping: boolean;
  unitCost: string | null;
  createdAt: string;
  updatedAt: string;
}

// Quantity names Shopify knows; inventorySetQuantities may set `available` or `on_hand`.
export const QUANTITY_NAMES = [
  'available',
  'committed',
  'damaged',
  'incoming',
  'on_hand',
  'quality_control',
  'reserved',
  'safety_stock',
] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];

export interface InventoryLevelRecord {
  id: string;
  inventoryItemId: string;
  locationId: string;
  quantities: Record<QuantityName, number>;
  createdAt: string;
  updatedAt: string;
}

export interface MediaRecord {
  id: string;
  productId: string | null;
  alt: string | null;
  originalSource: string;
  mediaContentType: 'IMAGE' | 'VIDEO' | 'EXTERNAL_VIDEO' | 'MODEL_3D';
  status: 'UPLOADED' | 'PROCESSING' | 'READY' | 'FAILED';
  createdAt: string;
  updatedAt: string;
}

export interface MarketingConsentRecord {
  marketingState: string;
  marketingOptInLevel: string | null;
  consentUpdatedAt: string | null;
}

export interface CustomerRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  taxExempt: boolean;
  // TaxExemption enum values.
  taxExemptions: string[];
  // Null while the customer has no email (phone for SMS), as Shopify answers.
  emailMarketingConsent: MarketingConsentRecord | null;
  smsMarketingConsent: MarketingConsentRecord | null;
  locale: string;
  state: 'DISABLED' | 'INVITED' | 'ENABLED' | 'DECLINED';
  verifiedEmail: boolean;
  addresses: AddressRecord[];
  defaultAddressId: string | null;
  createdAt: string;
  updatedAt: string;
}

export type FinancialStatus =
  | 'PENDING'
  | 'AUTHORIZED'
  | 'PARTIALLY_PAID'
  | 'PARTIALLY_REFUNDED'
  | 'VOIDED'
  | 'PAID'
  | 'REFUNDED'
  | 'EXPIRED';

export interface AttributeRecord {
  key: string;
  value: string | null;
}

export interface TaxLineRecord {
  title: string;
  rate: number;
  price: MoneyPair;
  channelLiable: boolean | null;
}

export interface DiscountAllocationRecord {
  applicationIndex: number;
  amount: MoneyPair;
}

export interface DiscountApplicationRecord {
  index: number;
  kind: 'code' | 'automatic' | 'manual';
  code: string | null;
  title: string | null;
  description: string | null;
  allocationMethod: 'ACROSS' | 'EACH' | 'ONE';
  targetSelection: 'ALL' | 'ENTITLED' | 'EXPLICIT';
  targetType: 'LINE_ITEM' | 'SHIPPING_LINE';
  value: { percentage: number } | { amount: MoneyPair };
}

export interface LineItemRecord {
  id: string;
  variantId: string | null;
  productId: string | null;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  vendor: string | null;
  // Ordered units, including refunded and removed (edited away) ones, as Shopify counts them.
  quantity: number;
  removedQuantity: number;
  // The shop-money unit price ("12.50"); unitPrice holds it in cents on both sides.
  price: string;
  unitPrice: MoneyPair;
  taxable: boolean;
  requiresShipping: boolean;
  isGiftCard: boolean;
  customAttributes: AttributeRecord[];
  // Over all `quantity` units (refunded and removed ones included), as Shopify reports them.
  discountAllocations: DiscountAllocationRecord[];
  taxLines: TaxLineRecord[];
}

export interface ShippingLineRecord {
  id: string;
  title: string;
  code: string | null;
  source: string | null;
  originalPrice: MoneyPair;
  discountAllocations: DiscountAllocationRecord[];
  taxLines: TaxLineRecord[];
}

export interface RefundLineRecord {
  id: string;
  lineItemId: string;
  quantity: number;
  restockType: 'RETURN' | 'CANCEL' | 'LEGACY_RESTOCK' | 'NO_RESTOCK';
  price: MoneyPair;
  subtotal: MoneyPair;
  totalTax: MoneyPair;
  discount: MoneyPair;
}

export interface RefundShippingRecord {
  id: string;
  shippingLineId: string;
  subtotal: MoneyPair;
  tax: MoneyPair;
}

export interface RefundRecord {
  id: string;
  orderId: string;
  note: string | null;
  createdAt: string;
  lines: RefundLineRecord[];
  shipping: RefundShippingRecord[];
  total: MoneyPair;
  transactionIds: string[];
  returnId: string | null;
}

export interface ReturnLineRecord {
  id: string;
  fulfillmentLineItemId: string;
  lineItemId: string;
  quantity: number;
  returnReason: string;
  returnReasonNote: string;
  customerNote: string | null;
}

export interface ReturnRecord {
  id: string;
  orderId: string;
  name: string;
  status: 'OPEN' | 'CLOSED' | 'CANCELED' | 'REQUESTED' | 'DECLINED';
  createdAt: string;
  closedAt: string | null;
  lines: ReturnLineRecord[];
}

export interface MetafieldRecord {
  id: string;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: string;
  updatedAt: string;
}

export type RiskRecommendation = 'ACCEPT' | 'INVESTIGATE' | 'CANCEL' | 'NONE';

export interface TransactionRecord {
  id: string;
  kind:
    | 'SALE'
    | 'CAPTURE'
    | 'AUTHORIZATION'
    | 'VOID'
    | 'REFUND'
    | 'CHANGE'
    | 'EMV_AUTHORIZATION'
    | 'SUGGESTED_REFUND';
  status: 'SUCCESS' | 'FAILURE' | 'PENDING' | 'ERROR' | 'AWAITING_RESPONSE' | 'UNKNOWN';
  gateway: string;
  amount: string;
  presentmentAmount: string;
  parentId: string | null;
  authorizationCode: string | null;
  test: boolean;
  createdAt: string;
  processedAt: string;
}

export interface FulfillmentOrderLineItemRecord {
  id: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export type FulfillmentOrderRequestStatus =
  | 'UNSUBMITTED'
  | 'SUBMITTED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'CANCELLATION_REQUESTED'
  | 'CANCELLATION_ACCEPTED'
  | 'CANCELLATION_REJECTED'
  | 'CLOSED';

// A fulfillment service (FulfillmentService): the location it operates is created with it.
export interface FulfillmentServiceRecord {
  id: string;
  handle: string;
  serviceName: string;
  locationId: string;
}

export interface FulfillmentOrderRecord {
  id: string;
  orderId: string;
  locationId: string;
  status: 'OPEN' | 'IN_PROGRESS' | 'CANCELLED' | 'INCOMPLETE' | 'CLOSED' | 'SCHEDULED' | 'ON_HOLD';
  // UNSUBMITTED is the only status of a fulfillment order at a merchant-managed location.
  requestStatus: FulfillmentOrderRequestStatus;
  lineItems: FulfillmentOrderLineItemRecord[];
  createdAt: string;
  updatedAt: string;
}

export interface FulfillmentRecord {
  id: string;
  orderId: string;
  name: string;
  locationId: string;
  status: 'PENDING' | 'OPEN' | 'SUCCESS' | 'CANCELLED' | 'ERROR' | 'FAILURE';
  trackingInfo: { company: string | null; number: string | null; url: string | null }[];
  lineItems: { id: string; lineItemId: string; quantity: number }[];
  fulfillmentOrderIds: string[];
  notifyCustomer: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface OrderRecord {
  id: string;
  number: number;
  name: string;
  email: string | null;
  phone: string | null;
  customerId: string | null;
  // A B2B order's company, location and contact (Order.purchasingEntity); null otherwise.
  purchasingCompany: { companyId: string; locationId: string; contactId: string | null } | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  // Presentment units per shop unit (1 when both are the same currency).
  exchangeRate: number;
  financialStatus: FinancialStatus;
  lineItems: LineItemRecord[];
  shippingLines: ShippingLineRecord[];
  discountApplications: DiscountApplicationRecord[];
  shippingAddress: AddressRecord | null;
  billingAddress: AddressRecord | null;
  tip: MoneyPair;
  taxesIncluded: boolean;
  // totalPriceSet when the order was placed (before edits and refunds).
  originalTotal: MoneyPair;
  note: string | null;
  tags: string[];
  customAttributes: AttributeRecord[];
  risk: RiskRecommendation;
  edited: boolean;
  refunds: RefundRecord[];
  returns: ReturnRecord[];
  metafields: MetafieldRecord[];
  test: boolean;
  sourceName: string;
  transactions: TransactionRecord[];
  fulfillmentOrders: FulfillmentOrderRecord[];
  fulfillments: FulfillmentRecord[];
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  closedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
}

export interface WebhookSubscriptionRecord {
  id: string;
  topic: string;
  uri: string;
  format: 'JSON' | 'XML';
  filter: string | null;
  includeFields: string[];
  createdAt: string;
  updatedAt: string;
}

export type BulkOperationStatus =
  'CANCELED' | 'CANCELING' | 'COMPLETED' | 'CREATED' | 'EXPIRED' | 'FAILED' | 'RUNNING';

export interface BulkOperationRecord {
  id: string;
  type: 'QUERY' | 'MUTATION';
  status: BulkOperationStatus;
  query: string;
  groupObjects: boolean;
  stagedUploadPath: string | null;
  clientIdentifier: string | null;
  errorCode: 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT' | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface ProductOperationRecord {
  id: string;
  productId: string | null;
  status: 'CREATED' | 'ACTIVE' | 'COMPLETE';
  userErrors: { field: string[] | null; message: string; code: string | null }[];
}

// One applied inventory change, for assertions: what changed, by which call, under which key.
export interface LedgerEntry {
  sequence: number;
  at: string;
  mutation: string;
  idempotencyKey: string;
  adjustmentGroupId: string;
  reason: string;
  name: string;
  inventoryItemId: string;
  locationId: string;
  delta: number;
  quantityAfterChange: number;
  changeFromQuantity: number | null;
  referenceDocumentUri: string | null;
}

// The outcome remembered for an idempotency key, replayed on a repeated call.
export interface IdempotencyRecord {
  key: string;
  mutation: string;
  inputHash: string;
  firstSeenAt: string;
  replays: number;
  mismatches: number;
  payload: unknown;
}

export interface AdjustmentGroupRecord {
  id: string;
  reason: string;
  referenceDocumentUri: string | null;
  createdAt: string;
  changes: {
    name: string;
    delta: number;
    quantityAfterChange: number | null;
    inventoryItemId: string;
    locationId: string;
    ledgerDocumentUri: string | null;
  }[];
}
