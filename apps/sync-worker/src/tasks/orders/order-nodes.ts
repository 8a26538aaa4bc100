import type { StagedDiscountApplication } from '@shopsync/shared';
import type { ShopifyCustomerSnapshot } from '../../order-side/customer-matching';
import type { PageInfo } from '../../shopify/pagination';
import type { ShopifyMoneyBag } from './money';

// The order nodes orders.graphql.ts reads, as Shopify answers them.

export interface NodeConnection<T> {
  nodes: T[];
  pageInfo: PageInfo;
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

export interface ShopifyTaxLine {
  title: string;
  rate: number | null;
  priceSet: ShopifyMoneyBag;
}

export interface ShopifyDiscountAllocation {
  allocatedAmountSet: ShopifyMoneyBag;
  discountApplication: { index: number };
}

export interface ShopifyLineNode {
  id: string;
  sku: string | null;
  title: string;
  variantTitle: string | null;
  quantity: number;
  currentQuantity: number;
  isGiftCard: boolean;
  taxable: boolean;
  requiresShipping: boolean;
  variant: { id: string } | null;
  product: { id: string } | null;
  originalUnitPriceSet: ShopifyMoneyBag;
  discountedTotalSet: ShopifyMoneyBag;
  discountAllocations: ShopifyDiscountAllocation[];
  taxLines: ShopifyTaxLine[];
}

export interface ShopifyShippingLineNode {
  id: string | null;
  title: string;
  code: string | null;
  source: string | null;
  originalPriceSet: ShopifyMoneyBag;
  discountedPriceSet: ShopifyMoneyBag;
  discountAllocations: ShopifyDiscountAllocation[];
  taxLines: ShopifyTaxLine[];
}

export interface ShopifyDiscountApplicationNode {
  __typename: string;
  index: number;
  allocationMethod: StagedDiscountApplication['allocationMethod'];
  targetSelection: StagedDiscountApplication['targetSelection'];
  targetType: StagedDiscountApplication['targetType'];
  value:
    | { __typename: 'MoneyV2'; amount: string; currencyCode: string }
    | { __typename: 'PricingPercentageValue'; percentage: number };
  code?: string;
  title?: string;
}

export interface ShopifyTransactionNode {
  id: string;
  kind: string;
  status: string;
  gateway: string | null;
  processedAt: string | null;
  amountSet: ShopifyMoneyBag;
}

export interface ShopifyFulfillmentOrderNode {
  id: string;
  status: string;
  assignedLocation: { location: { id: string } | null };
}

export interface ShopifyRefundLineNode {
  lineItem: { id: string };
  quantity: number;
  restockType: string | null;
  subtotalSet: ShopifyMoneyBag;
  totalTaxSet: ShopifyMoneyBag;
}

export interface ShopifyRefundShippingLineNode {
  subtotalAmountSet: ShopifyMoneyBag;
  taxAmountSet: ShopifyMoneyBag;
}

export interface ShopifyRefundNode {
  id: string;
  createdAt: string | null;
  processedAt: string;
  note: string | null;
  return: { id: string } | null;
  totalRefundedSet: ShopifyMoneyBag;
  refundLineItems: NodeConnection<ShopifyRefundLineNode>;
  refundShippingLines: NodeConnection<ShopifyRefundShippingLineNode>;
}

export interface ShopifyReturnLineNode {
  id: string;
  quantity: number;
  returnReason: string | null;
  returnReasonNote: string | null;
  // Only on a ReturnLineItem (an UnverifiedReturnLineItem points at no order line).
  fulfillmentLineItem?: { lineItem: { id: string } };
}

export interface ShopifyReturnNode {
  id: string;
  name: string;
  status: string;
  returnLineItems: NodeConnection<ShopifyReturnLineNode>;
}

// One order of the list query (ORDERS_UPDATED_SINCE): refunds and returns only probed.
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
  presentmentCurrencyCode: string;
  taxesIncluded: boolean;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string | null;
  note: string | null;
  tags: string[];
  edited: boolean;
  discountCodes: string[];
  customAttributes: Array<{ key: string; value: string | null }>;
  risk: { recommendation: string } | null;
  // A B2B order's company, location and contact (ids; COMPANY_LOCATIONS reads the rest).
  purchasingEntity:
    | { __typename: 'Customer' }
    | {
        __typename: 'PurchasingCompany';
        company: { id: string };
        location: { id: string };
        contact: { id: string } | null;
      }
    | null;
  customer: ShopifyCustomerSnapshot | null;
  shippingAddress: ShopifyAddress | null;
  billingAddress: ShopifyAddress | null;
  subtotalPriceSet: ShopifyMoneyBag | null;
  totalShippingPriceSet: ShopifyMoneyBag;
  totalTaxSet: ShopifyMoneyBag | null;
  totalPriceSet: ShopifyMoneyBag;
  totalDiscountsSet: ShopifyMoneyBag | null;
  totalTipReceivedSet: ShopifyMoneyBag;
  currentSubtotalPriceSet: ShopifyMoneyBag;
  currentTotalTaxSet: ShopifyMoneyBag;
  currentTotalPriceSet: ShopifyMoneyBag;
  taxLines: ShopifyTaxLine[];
  lineItems: NodeConnection<ShopifyLineNode>;
  shippingLines: NodeConnection<ShopifyShippingLineNode>;
  discountApplications: NodeConnection<ShopifyDiscountApplicationNode>;
  fulfillmentOrders: NodeConnection<ShopifyFulfillmentOrderNode>;
  transactions: ShopifyTransactionNode[];
  refunds: Array<{ id: string }>;
  returns: { nodes: Array<{ id: string }> };
}

export interface ShopifyCompanyAddress {
  companyName: string;
  firstName: string | null;
  lastName: string | null;
  address1: string | null;
  address2: string | null;
  zip: string | null;
  city: string | null;
  province: string | null;
  countryCode: string;
  phone: string | null;
}

export interface ShopifyCompanyLocationNode {
  id: string;
  name: string;
  externalId: string | null;
  billingAddress: ShopifyCompanyAddress | null;
  shippingAddress: ShopifyCompanyAddress | null;
  company: { id: string; name: string; externalId: string | null };
}

// The parts of an order read beyond the list query (order-detail.reader.ts), each complete.
export interface OrderMore {
  // A B2B order's company location (COMPANY_LOCATIONS), with its company.
  companyLocation?: ShopifyCompanyLocationNode;
  shippingLines?: ShopifyShippingLineNode[];
  discountApplications?: ShopifyDiscountApplicationNode[];
  fulfillmentOrders?: ShopifyFulfillmentOrderNode[];
  transactions?: ShopifyTransactionNode[];
  refunds?: ShopifyRefundNode[];
  returns?: ShopifyReturnNode[];
}
