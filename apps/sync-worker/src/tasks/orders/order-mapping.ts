import type {
  DiscountApplicationKind,
  ErpAddress,
  OrderImportFilterV1,
  StagedCompany,
  StagedDiscountAllocation,
  StagedDiscountApplication,
  StagedFulfillmentOrder,
  StagedOrderExtras,
  StagedOrderLine,
  StagedRefund,
  StagedReturn,
  StagedShippingLine,
  StagedTaxLine,
  StagedTransaction,
} from '@shopsync/shared';
import { toErpAddress } from '../../order-side/customer-matching';
import { decimal2, moneyPair, ShopifyMoneyBag, sumPairs } from './money';
import type {
  OrderMore,
  ShopifyCompanyAddress,
  ShopifyDiscountAllocation,
  ShopifyDiscountApplicationNode,
  ShopifyFulfillmentOrderNode,
  ShopifyLineNode,
  ShopifyOrderNode,
  ShopifyRefundNode,
  ShopifyReturnNode,
  ShopifyShippingLineNode,
  ShopifyTaxLine,
  ShopifyTransactionNode,
} from './order-nodes';

// ---- what order staging holds ---------------------------------------------------------------

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
  // Shop money, two places.
  subtotal: string;
  shipping: string;
  tax: string;
  total: string;
  lines: StagedOrderLine[];
  shippingAddress: ErpAddress | null;
  billingAddress: ErpAddress | null;
  extras: StagedOrderExtras;
  shopifyCreatedAt: Date;
  shopifyUpdatedAt: Date;
}

function toCompanyAddress(a: ShopifyCompanyAddress | null): ErpAddress | null {
  if (!a) return null;
  return {
    firstName: a.firstName,
    lastName: a.lastName,
    company: a.companyName,
    address1: a.address1,
    address2: a.address2,
    zip: a.zip,
    city: a.city,
    province: a.province,
    countryCode: a.countryCode,
    phone: a.phone,
  };
}

// A B2B order's purchasing company, once its location has been read (COMPANY_LOCATIONS).
export function toCompany(o: ShopifyOrderNode, more: OrderMore): StagedCompany | null {
  const p = o.purchasingEntity;
  if (p?.__typename !== 'PurchasingCompany') return null;
  const l = more.companyLocation;
  if (!l || l.id !== p.location.id)
    throw new Error(`order ${o.id} has a company location the caller did not read`);
  return {
    shopifyCompanyId: l.company.id,
    name: l.company.name,
    externalId: l.company.externalId,
    location: {
      shopifyLocationId: l.id,
      name: l.name,
      externalId: l.externalId,
      billingAddress: toCompanyAddress(l.billingAddress),
      shippingAddress: toCompanyAddress(l.shippingAddress),
    },
    shopifyContactId: p.contact?.id ?? null,
  };
}

const toTaxLine = (t: ShopifyTaxLine): StagedTaxLine => ({
  title: t.title,
  rate: t.rate ?? null,
  amount: moneyPair(t.priceSet),
});

const toAllocation = (a: ShopifyDiscountAllocation): StagedDiscountAllocation => ({
  applicationIndex: a.discountApplication.index,
  amount: moneyPair(a.allocatedAmountSet),
});

export function toLine(l: ShopifyLineNode): StagedOrderLine {
  const price = moneyPair(l.originalUnitPriceSet);
  const total = moneyPair(l.discountedTotalSet);
  return {
    shopifyLineItemId: l.id,
    sku: l.sku ? l.sku : null,
    title: l.title,
    quantity: l.quantity,
    unitPrice: price.shop,
    amount: total.shop,
    currentQuantity: l.currentQuantity,
    variantTitle: l.variantTitle,
    shopifyProductId: l.product?.id ?? null,
    shopifyVariantId: l.variant?.id ?? null,
    presentment: { unitPrice: price.presentment, amount: total.presentment },
    price,
    discounts: l.discountAllocations.map(toAllocation),
    taxLines: l.taxLines.map(toTaxLine),
    taxable: l.taxable,
    giftCard: l.isGiftCard,
    requiresShipping: l.requiresShipping,
  };
}

const toShippingLine = (s: ShopifyShippingLineNode): StagedShippingLine => ({
  shopifyShippingLineId: s.id,
  title: s.title,
  code: s.code,
  source: s.source,
  price: moneyPair(s.originalPriceSet),
  discountedPrice: moneyPair(s.discountedPriceSet),
  discounts: s.discountAllocations.map(toAllocation),
  taxLines: s.taxLines.map(toTaxLine),
});

const DISCOUNT_KINDS: Record<string, DiscountApplicationKind> = {
  DiscountCodeApplication: 'DISCOUNT_CODE',
  AutomaticDiscountApplication: 'AUTOMATIC',
  ManualDiscountApplication: 'MANUAL',
  ScriptDiscountApplication: 'SCRIPT',
};

function toDiscountApplication(d: ShopifyDiscountApplicationNode): StagedDiscountApplication {
  const kind = DISCOUNT_KINDS[d.__typename];
  if (!kind) throw new Error(`unknown discount application type ${d.__typename}`);
  const value =
    d.value.__typename === 'PricingPercentageValue'
      ? { percentage: d.value.percentage }
      : { amount: decimal2(d.value.amount), currency: d.value.currencyCode };
  return {
    index: d.index,
    kind,
    label: (kind === 'DISCOUNT_CODE' ? d.code : d.title) ?? '',
    allocationMethod: d.allocationMethod,
    targetSelection: d.targetSelection,
    targetType: d.targetType,
    value,
  };
}

const toTransaction = (t: ShopifyTransactionNode): StagedTransaction => ({
  shopifyTransactionId: t.id,
  kind: t.kind,
  status: t.status,
  gateway: t.gateway,
  amount: moneyPair(t.amountSet),
  processedAt: t.processedAt,
});

// Gateways of the payments that went through, first seen first; a gift card used to pay is
// Shopify's 'gift_card' gateway, so it is a payment method like any other.
export function paymentMethods(transactions: StagedTransaction[]): string[] {
  const gateways = transactions
    .filter((t) => (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS')
    .map((t) => t.gateway)
    .filter((g): g is string => !!g);
  return [...new Set(gateways)];
}

function toRefund(r: ShopifyRefundNode): StagedRefund {
  const shipping = r.refundShippingLines.nodes;
  return {
    shopifyRefundId: r.id,
    createdAt: r.createdAt ?? r.processedAt,
    note: r.note,
    shopifyReturnId: r.return?.id ?? null,
    lines: r.refundLineItems.nodes.map((l) => ({
      shopifyLineItemId: l.lineItem.id,
      quantity: l.quantity,
      restockType: l.restockType,
      subtotal: moneyPair(l.subtotalSet),
      tax: moneyPair(l.totalTaxSet),
    })),
    shipping: sumPairs(shipping.map((s) => moneyPair(s.subtotalAmountSet))),
    shippingTax: sumPairs(shipping.map((s) => moneyPair(s.taxAmountSet))),
    total: moneyPair(r.totalRefundedSet),
  };
}

function toReturn(r: ShopifyReturnNode): StagedReturn {
  return {
    shopifyReturnId: r.id,
    name: r.name,
    status: r.status,
    lines: r.returnLineItems.nodes.flatMap((l) =>
      l.fulfillmentLineItem
        ? [
            {
              shopifyLineItemId: l.fulfillmentLineItem.lineItem.id,
              quantity: l.quantity,
              reason: [l.returnReason, l.returnReasonNote].filter(Boolean).join(': ') || null,
            },
          ]
        : [],
    ),
  };
}

const toFulfillmentOrder = (f: ShopifyFulfillmentOrderNode): StagedFulfillmentOrder => ({
  shopifyFulfillmentOrderId: f.id,
  status: f.status,
  locationId: f.assignedLocation.location?.id ?? null,
});

const RISK_LEVELS: Record<string, StagedOrderExtras['riskLevel']> = {
  ACCEPT: 'LOW',
  INVESTIGATE: 'MEDIUM',
  CANCEL: 'HIGH',
};

export const riskLevel = (
  recommendation: string | null | undefined,
): StagedOrderExtras['riskLevel'] => (recommendation && RISK_LEVELS[recommendation]) || null;

function toExtras(o: ShopifyOrderNode, more: OrderMore): StagedOrderExtras {
  if (o.refunds.length && !more.refunds)
    throw new Error(`order ${o.id} has refunds the caller did not read (OrderMore.refunds)`);
  if (o.returns.nodes.length && !more.returns)
    throw new Error(`order ${o.id} has returns the caller did not read (OrderMore.returns)`);
  const transactions = (more.transactions ?? o.transactions).map(toTransaction);
  const presentment = (bag: ShopifyMoneyBag | null) => moneyPair(bag).presentment;
  return {
    presentmentCurrency: o.presentmentCurrencyCode,
    taxesIncluded: o.taxesIncluded,
    presentmentTotals: {
      subtotal: presentment(o.subtotalPriceSet),
      shipping: presentment(o.totalShippingPriceSet),
      tax: presentment(o.totalTaxSet),
      total: presentment(o.totalPriceSet),
    },
    discounts: moneyPair(o.totalDiscountsSet),
    tip: moneyPair(o.totalTipReceivedSet),
    current: {
      subtotal: moneyPair(o.currentSubtotalPriceSet),
      tax: moneyPair(o.currentTotalTaxSet),
      total: moneyPair(o.currentTotalPriceSet),
    },
    discountApplications: (more.discountApplications ?? o.discountApplications.nodes).map(
      toDiscountApplication,
    ),
    discountCodes: o.discountCodes,
    shippingLines: (more.shippingLines ?? o.shippingLines.nodes).map(toShippingLine),
    taxLines: o.taxLines.map(toTaxLine),
    transactions,
    paymentMethods: paymentMethods(transactions),
    refunds: (more.refunds ?? []).map(toRefund),
    returns: (more.returns ?? []).map(toReturn),
    fulfillmentOrders: (more.fulfillmentOrders ?? o.fulfillmentOrders.nodes).map(
      toFulfillmentOrder,
    ),
    note: o.note,
    customAttributes: o.customAttributes.map((a) => ({ key: a.key, value: a.value })),
    tags: o.tags,
    riskLevel: riskLevel(o.risk?.recommendation),
    edited: o.edited,
    company: toCompany(o, more),
  };
}

// A Shopify order as order staging holds it. `lines` are all of the order's lines and `more`
// the other parts read beyond the list query (order-detail.reader.ts); a part missing from
// `more` is complete in the node itself.
export function toStagedOrder(
  o: ShopifyOrderNode,
  lines: ShopifyLineNode[],
  more: OrderMore = {},
): StagedOrderFields {
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
    subtotal: moneyPair(o.subtotalPriceSet).shop,
    shipping: moneyPair(o.totalShippingPriceSet).shop,
    tax: moneyPair(o.totalTaxSet).shop,
    total: moneyPair(o.totalPriceSet).shop,
    lines: lines.map(toLine),
    shippingAddress: toErpAddress(o.shippingAddress),
    billingAddress: toErpAddress(o.billingAddress),
    extras: toExtras(o, more),
    shopifyCreatedAt: new Date(o.createdAt),
    shopifyUpdatedAt: new Date(o.updatedAt),
  };
}

// ---- import filters (settings.orders.importFilter) ------------------------------------------

// One group of alternatives, in parentheses so it ANDs safely with the other terms.
const anyOf = (field: string, values: string[], quote = false): string | null =>
  values.length ? `(${values.map((v) => `${field}:${quote ? `'${v}'` : v}`).join(' OR ')})` : null;

// The filter as Shopify order-search terms ('' when it names no condition). Tags are quoted (a
// tag may hold spaces; settings refuse quotes, backslashes and commas in them).
export function importFilterQuery(filter: OrderImportFilterV1 | undefined): string {
  if (!filter) return '';
  const terms = [
    anyOf('financial_status', filter.financialStatus),
    anyOf('fulfillment_status', filter.fulfillmentStatus),
    anyOf('tag', filter.tags, true),
    ...filter.excludeTags.map((t) => `-tag:'${t}'`),
    filter.excludeTest ? 'test:false' : null,
    anyOf('risk_level', filter.riskLevel),
  ];
  return terms.filter((t): t is string => t !== null).join(' AND ');
}
