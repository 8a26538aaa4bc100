import type { ShopifyMoneyBag } from './money';
import type {
  NodeConnection,
  ShopifyLineNode,
  ShopifyOrderNode,
  ShopifyRefundNode,
  ShopifyReturnNode,
} from './order-nodes';

// Real-shaped order nodes for the specs, as the list query returns them (Shopify writes
// decimals as it likes: "20.0", "5", "2.75"). A shop in EUR, the customer paying in USD.

export const bag = (shop: string, presentment: string): ShopifyMoneyBag => ({
  shopMoney: { amount: shop },
  presentmentMoney: { amount: presentment },
});

export function connection<T>(nodes: T[], endCursor: string | null = null): NodeConnection<T> {
  return { nodes, pageInfo: { hasNextPage: endCursor !== null, endCursor } };
}

export function lineNode(over: Partial<ShopifyLineNode> & { id: string }): ShopifyLineNode {
  return {
    sku: `SKU-${over.id}`,
    title: 'Item',
    variantTitle: null,
    quantity: 1,
    currentQuantity: 1,
    isGiftCard: false,
    taxable: true,
    requiresShipping: true,
    variant: null,
    product: null,
    originalUnitPriceSet: bag('10.0', '11.0'),
    discountedTotalSet: bag('10.0', '11.0'),
    discountAllocations: [],
    taxLines: [],
    ...over,
  };
}

// A plain order: one line, nothing else, complete in the list query.
export function orderNode(over: Partial<ShopifyOrderNode> = {}): ShopifyOrderNode {
  return {
    id: 'gid://shopify/Order/1',
    name: '#1001',
    email: null,
    phone: null,
    createdAt: '2026-04-01T10:00:00Z',
    updatedAt: '2026-04-02T10:00:00Z',
    closed: false,
    cancelledAt: null,
    currencyCode: 'EUR',
    presentmentCurrencyCode: 'EUR',
    taxesIncluded: false,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    note: null,
    tags: [],
    edited: false,
    discountCodes: [],
    customAttributes: [],
    risk: { recommendation: 'NONE' },
    purchasingEntity: null,
    customer: null,
    shippingAddress: null,
    billingAddress: null,
    subtotalPriceSet: bag('10.0', '10.0'),
    totalShippingPriceSet: bag('0.0', '0.0'),
    totalTaxSet: bag('0.0', '0.0'),
    totalPriceSet: bag('10.0', '10.0'),
    totalDiscountsSet: bag('0.0', '0.0'),
    totalTipReceivedSet: bag('0.0', '0.0'),
    currentSubtotalPriceSet: bag('10.0', '10.0'),
    currentTotalTaxSet: bag('0.0', '0.0'),
    currentTotalPriceSet: bag('10.0', '10.0'),
    taxLines: [],
    lineItems: connection([lineNode({ id: 'gid://shopify/LineItem/1' })]),
    shippingLines: connection([]),
    discountApplications: connection([]),
    fulfillmentOrders: connection([]),
    transactions: [],
    refunds: [],
    returns: { nodes: [] },
    ...over,
  };
}

const vat = (shop: string, presentment: string) => ({
  title: 'State tax',
  rate: 0.04,
  priceSet: bag(shop, presentment),
});
const cityTax = (shop: string, presentment: string) => ({
  title: 'City tax',
  rate: 0.045,
  priceSet: bag(shop, presentment),
});

// The rich order: a discount code of 10 % across all lines (application 0), an automatic 50 %
// off shipping (application 1); two tax lines on the item and on shipping; a gift card sold; a
// tip; paid partly with a gift card; one T-shirt refunded with half the shipping, and returned.
//   T-shirt 3 × 20.00 EUR (22.00 USD) = 60.00, −6.00 code → 54.00; tax 2.16 + 2.43
//   Gift card 1 × 25.00 (27.50), untaxed, undiscounted
//   Shipping 5.00 (5.50) −2.50 → 2.50; tax 0.10 + 0.11
//   Tip 2.00 (2.20)
export const TSHIRT = 'gid://shopify/LineItem/11';
export const GIFT_CARD = 'gid://shopify/LineItem/12';

export const richLines: ShopifyLineNode[] = [
  lineNode({
    id: TSHIRT,
    sku: 'TSHIRT-M',
    title: 'T-shirt',
    variantTitle: 'M',
    quantity: 3,
    currentQuantity: 2,
    variant: { id: 'gid://shopify/ProductVariant/21' },
    product: { id: 'gid://shopify/Product/31' },
    originalUnitPriceSet: bag('20.0', '22.0'),
    discountedTotalSet: bag('60.0', '66.0'),
    discountAllocations: [
      { allocatedAmountSet: bag('6.0', '6.6'), discountApplication: { index: 0 } },
    ],
    taxLines: [vat('2.16', '2.38'), cityTax('2.43', '2.67')],
  }),
  lineNode({
    id: GIFT_CARD,
    sku: null,
    title: 'Gift card',
    quantity: 1,
    currentQuantity: 1,
    isGiftCard: true,
    taxable: false,
    requiresShipping: false,
    originalUnitPriceSet: bag('25.0', '27.5'),
    discountedTotalSet: bag('25.0', '27.5'),
  }),
];

export const richRefund: ShopifyRefundNode = {
  id: 'gid://shopify/Refund/41',
  createdAt: '2026-04-03T09:00:00Z',
  processedAt: '2026-04-03T09:00:01Z',
  note: 'too small',
  return: { id: 'gid://shopify/Return/51' },
  totalRefundedSet: bag('21.15', '23.27'),
  refundLineItems: connection([
    {
      lineItem: { id: TSHIRT },
      quantity: 1,
      restockType: 'RETURN',
      subtotalSet: bag('18.0', '19.8'),
      totalTaxSet: bag('1.53', '1.68'),
    },
  ]),
  refundShippingLines: connection([
    { subtotalAmountSet: bag('1.25', '1.38'), taxAmountSet: bag('0.11', '0.12') },
    { subtotalAmountSet: bag('0.25', '0.27'), taxAmountSet: bag('0.01', '0.02') },
  ]),
};

export const richReturn: ShopifyReturnNode = {
  id: 'gid://shopify/Return/51',
  name: '#1001-R1',
  status: 'CLOSED',
  returnLineItems: connection([
    {
      id: 'gid://shopify/ReturnLineItem/61',
      quantity: 1,
      returnReason: 'SIZE_TOO_SMALL',
      returnReasonNote: '',
      fulfillmentLineItem: { lineItem: { id: TSHIRT } },
    },
    {
      id: 'gid://shopify/UnverifiedReturnLineItem/62',
      quantity: 1,
      returnReason: 'OTHER',
      returnReasonNote: 'not from this shop',
    },
  ]),
};

export const richOrder: ShopifyOrderNode = orderNode({
  id: 'gid://shopify/Order/2',
  name: '#1002',
  email: 'anna@example.com',
  edited: true,
  presentmentCurrencyCode: 'USD',
  note: 'leave at the door',
  tags: ['vip', 'b2b'],
  discountCodes: ['SAVE10'],
  customAttributes: [
    { key: 'gift-wrap', value: 'yes' },
    { key: 'po', value: null },
  ],
  risk: { recommendation: 'INVESTIGATE' },
  displayFinancialStatus: 'PARTIALLY_REFUNDED',
  subtotalPriceSet: bag('79.0', '86.9'),
  totalShippingPriceSet: bag('2.5', '2.75'),
  totalTaxSet: bag('4.79', '5.27'),
  totalPriceSet: bag('88.29', '97.12'),
  totalDiscountsSet: bag('8.5', '9.35'),
  totalTipReceivedSet: bag('2.0', '2.2'),
  currentSubtotalPriceSet: bag('61.0', '67.1'),
  currentTotalTaxSet: bag('3.14', '3.46'),
  currentTotalPriceSet: bag('67.14', '73.85'),
  taxLines: [vat('2.26', '2.49'), cityTax('2.53', '2.78')],
  lineItems: connection(richLines),
  shippingLines: connection([
    {
      id: 'gid://shopify/ShippingLine/71',
      title: 'Standard',
      code: 'STD',
      source: 'shopify',
      originalPriceSet: bag('5.0', '5.5'),
      discountedPriceSet: bag('2.5', '2.75'),
      discountAllocations: [
        { allocatedAmountSet: bag('2.5', '2.75'), discountApplication: { index: 1 } },
      ],
      taxLines: [vat('0.1', '0.11'), cityTax('0.1', '0.12')],
    },
  ]),
  discountApplications: connection([
    {
      __typename: 'DiscountCodeApplication',
      index: 0,
      allocationMethod: 'ACROSS',
      targetSelection: 'ALL',
      targetType: 'LINE_ITEM',
      value: { __typename: 'PricingPercentageValue', percentage: 10 },
      code: 'SAVE10',
    },
    {
      __typename: 'AutomaticDiscountApplication',
      index: 1,
      allocationMethod: 'EACH',
      targetSelection: 'ENTITLED',
      targetType: 'SHIPPING_LINE',
      value: { __typename: 'MoneyV2', amount: '2.5', currencyCode: 'EUR' },
      title: 'Half-price shipping',
    },
  ]),
  fulfillmentOrders: connection([
    {
      id: 'gid://shopify/FulfillmentOrder/81',
      status: 'CLOSED',
      assignedLocation: { location: { id: 'gid://shopify/Location/91' } },
    },
  ]),
  transactions: [
    tx('101', 'SALE', 'SUCCESS', 'gift_card', '10.0', '11.0'),
    tx('102', 'AUTHORIZATION', 'SUCCESS', 'shopify_payments', '78.29', '86.12'),
    tx('103', 'CAPTURE', 'SUCCESS', 'shopify_payments', '78.29', '86.12'),
    tx('104', 'SALE', 'FAILURE', 'paypal', '78.29', '86.12'),
    tx('105', 'REFUND', 'SUCCESS', 'shopify_payments', '21.15', '23.27'),
  ],
  refunds: [{ id: richRefund.id }],
  returns: { nodes: [{ id: richReturn.id }] },
});

function tx(
  id: string,
  kind: string,
  status: string,
  gateway: string,
  shop: string,
  presentment: string,
) {
  return {
    id: `gid://shopify/OrderTransaction/${id}`,
    kind,
    status,
    gateway,
    processedAt: '2026-04-01T10:00:00Z',
    amountSet: bag(shop, presentment),
  };
}
