import { gid } from '../gid';
import { filterBySearch } from '../query-filter';
import { createFulfillment, FulfillmentInput } from '../state/fulfillments';
import { displayFulfillmentStatus, orderTotals, updateOrder } from '../state/orders';
import {
  FulfillmentOrderRecord,
  FulfillmentRecord,
  LineItemRecord,
  OrderRecord,
  TransactionRecord,
} from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { exactCount, firstOf, idNumber, legacyId, moneyBag, moneyV2, page } from './helpers';

// Orders with line items, addresses, transactions, fulfillment orders and fulfillments.

function isOpen(o: OrderRecord): boolean {
  return !o.closedAt && !o.cancelledAt;
}

const FULFILLMENT_FILTER: Record<string, (o: OrderRecord) => boolean> = {
  shipped: (o) => displayFulfillmentStatus(o) === 'FULFILLED',
  fulfilled: (o) => displayFulfillmentStatus(o) === 'FULFILLED',
  partial: (o) => displayFulfillmentStatus(o) === 'PARTIALLY_FULFILLED',
  unshipped: (o) => displayFulfillmentStatus(o) === 'UNFULFILLED',
  unfulfilled: (o) => displayFulfillmentStatus(o) !== 'FULFILLED',
};

const sortOrders = {
  ID: (o: OrderRecord) => idNumber(o.id),
  UPDATED_AT: (o: OrderRecord) => o.updatedAt,
  CREATED_AT: (o: OrderRecord) => o.createdAt,
  PROCESSED_AT: (o: OrderRecord) => o.processedAt,
  ORDER_NUMBER: (o: OrderRecord) => o.number,
  TOTAL_PRICE: (o: OrderRecord) => Number(orderTotals(o).total),
  FINANCIAL_STATUS: (o: OrderRecord) => o.financialStatus,
  FULFILLMENT_STATUS: (o: OrderRecord) => displayFulfillmentStatus(o),
};

export function ordersQuery(_: unknown, args: Args, ctx: SimContext) {
  const shop = ctx.shop;
  const found = filterBySearch(
    [...shop.orders.values()],
    args.query as string | null,
    {
      id: (o) => idNumber(o.id),
      name: (o) => [o.name, o.name.replace('#', '')],
      email: (o) => o.email,
      customer_id: (o) => (o.customerId ? idNumber(o.customerId) : null),
      // status:open / closed / cancelled / any
      status: (o) =>
        o.cancelledAt
          ? ['cancelled', 'closed', 'any']
          : o.closedAt
            ? ['closed', 'any']
            : ['open', 'any'],
      financial_status: (o) => o.financialStatus.toLowerCase(),
      fulfillment_status: (o) =>
        Object.keys(FULFILLMENT_FILTER)
          .filter((k) => FULFILLMENT_FILTER[k](o))
          .concat('any'),
      sku: (o) => o.lineItems.map((li) => li.sku ?? ''),
      tag: (o) => o.tags,
      test: (o) => o.test,
      created_at: (o) => o.createdAt,
      updated_at: (o) => o.updatedAt,
      processed_at: (o) => o.processedAt,
    },
    (o) => `${o.name} ${o.email ?? ''}`,
  );
  return page(found, args, ctx, sortOrders);
}

function orderOf(shop: ShopState, orderId: string): OrderRecord | undefined {
  return shop.orders.get(orderId);
}

function lineItemOf(
  shop: ShopState,
  orderId: string,
  lineItemId: string,
): LineItemRecord | undefined {
  return orderOf(shop, orderId)?.lineItems.find((li) => li.id === lineItemId);
}

function fulfilledQuantity(order: OrderRecord, lineItemId: string): number {
  return order.fulfillments
    .flatMap((f) => f.lineItems)
    .filter((l) => l.lineItemId === lineItemId)
    .reduce((s, l) => s + l.quantity, 0);
}

const Order: TypeResolvers<OrderRecord> = {
  legacyResourceId: (o) => legacyId(o.id),
  closed: (o) => Boolean(o.closedAt),
  confirmed: () => true,
  customer: (o, _a, ctx) => (o.customerId ? (ctx.shop.customers.get(o.customerId) ?? null) : null),
  presentmentCurrencyCode: (o) => o.currencyCode,
  displayFinancialStatus: (o) => o.financialStatus,
  displayFulfillmentStatus: (o) => displayFulfillmentStatus(o),
  lineItems: (o, args, ctx) =>
    page(
      o.lineItems.map((li) => ({ ...li, orderId: o.id })),
      args,
      ctx,
    ),
  subtotalLineItemsQuantity: (o) => o.lineItems.reduce((s, li) => s + li.quantity, 0),
  currentSubtotalLineItemsQuantity: (o) => o.lineItems.reduce((s, li) => s + li.quantity, 0),
  subtotalPriceSet: (o) => moneyBag(orderTotals(o).subtotal, o.currencyCode),
  currentSubtotalPriceSet: (o) => moneyBag(orderTotals(o).subtotal, o.currencyCode),
  totalPriceSet: (o) => moneyBag(orderTotals(o).total, o.currencyCode),
  currentTotalPriceSet: (o) => moneyBag(orderTotals(o).total, o.currencyCode),
  originalTotalPriceSet: (o) => moneyBag(orderTotals(o).total, o.currencyCode),
  totalTaxSet: (o) => moneyBag(orderTotals(o).tax, o.currencyCode),
  currentTotalTaxSet: (o) => moneyBag(orderTotals(o).tax, o.currencyCode),
  totalDiscountsSet: (o) => moneyBag(orderTotals(o).discounts, o.currencyCode),
  currentTotalDiscountsSet: (o) => moneyBag(orderTotals(o).discounts, o.currencyCode),
  totalShippingPriceSet: (o) => moneyBag(orderTotals(o).shipping, o.currencyCode),
  currentShippingPriceSet: (o) => moneyBag(orderTotals(o).shipping, o.currencyCode),
  totalReceivedSet: (o) => moneyBag(orderTotals(o).received, o.currencyCode),
  totalRefundedSet: (o) => moneyBag(orderTotals(o).refunded, o.currencyCode),
  totalOutstandingSet: (o) => moneyBag(orderTotals(o).outstanding, o.currencyCode),
  netPaymentSet: (o) =>
    moneyBag(
      (Number(orderTotals(o).received) - Number(orderTotals(o).refunded)).toFixed(2),
      o.currencyCode,
    ),
  fullyPaid: (o) => Number(orderTotals(o).outstanding) === 0,
  unpaid: (o) => Number(orderTotals(o).received) === 0,
  fulfillable: (o) => isOpen(o) && displayFulfillmentStatus(o) !== 'FULFILLED',
  requiresShipping: (o) => o.lineItems.some((li) => li.requiresShipping),
  shippingLine: (o) => ({
    id: gid('ShippingLine', idNumber(o.id)),
    title: 'Standard',
    code: 'standard',
    source: 'shopify',
    originalPriceSet: moneyBag(o.shippingPrice, o.currencyCode),
    discountedPriceSet: moneyBag(o.shippingPrice, o.currencyCode),
  }),
  transactions: (o, args) =>
    firstOf(o.transactions, args).map((t) => ({
      ...t,
      orderId: o.id,
      currencyCode: o.currencyCode,
    })),
  transactionsCount: (o) => exactCount(o.transactions.length),
  fulfillmentOrders: (o, args, ctx) => page(o.fulfillmentOrders, args, ctx),
  fulfillments: (o, args) => firstOf(o.fulfillments, args),
  fulfillmentsCount: (o) => exactCount(o.fulfillments.length),
  paymentGatewayNames: (o) => [...new Set(o.transactions.map((t) => t.gateway))],
  statusPageUrl: (o, _a, ctx) => `https://${ctx.shop.domain}/orders/${legacyId(o.id)}/status`,
};

type LineItemView = LineItemRecord & { orderId: string };

const LineItem: TypeResolvers<LineItemView> = {
  name: (li) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
  currentQuantity: (li) => li.quantity,
  variant: (li, _a, ctx) => (li.variantId ? (ctx.shop.variants.get(li.variantId) ?? null) : null),
  product: (li, _a, ctx) => (li.productId ? (ctx.shop.products.get(li.productId) ?? null) : null),
  originalUnitPriceSet: (li, _a, ctx) => moneyBag(li.price, ctx.shop.currencyCode),
  discountedUnitPriceSet: (li, _a, ctx) =>
    moneyBag(
      (Number(li.price) - Number(li.discount) / li.quantity).toFixed(2),
      ctx.shop.currencyCode,
    ),
  discountedUnitPriceAfterAllDiscountsSet: (li, _a, ctx) =>
    moneyBag(
      (Number(li.price) - Number(li.discount) / li.quantity).toFixed(2),
      ctx.shop.currencyCode,
    ),
  originalTotalSet: (li, _a, ctx) =>
    moneyBag((Number(li.price) * li.quantity).toFixed(2), ctx.shop.currencyCode),
  discountedTotalSet: (li, _a, ctx) =>
    moneyBag(
      (Number(li.price) * li.quantity - Number(li.discount)).toFixed(2),
      ctx.shop.currencyCode,
    ),
  totalDiscountSet: (li, _a, ctx) => moneyBag(li.discount, ctx.shop.currencyCode),
  unfulfilledQuantity: (li, _a, ctx) => {
    const order = orderOf(ctx.shop, li.orderId);
    return order ? li.quantity - fulfilledQuantity(order, li.id) : li.quantity;
  },
  fulfillableQuantity: (li, _a, ctx) => {
    const order = orderOf(ctx.shop, li.orderId);
    return order ? li.quantity - fulfilledQuantity(order, li.id) : li.quantity;
  },
  refundableQuantity: (li) => li.quantity,
  restockable: () => true,
  isGiftCard: () => false,
  merchantEditable: () => true,
};

const OrderTransaction: TypeResolvers<
  TransactionRecord & { orderId: string; currencyCode: string }
> = {
  amountSet: (t) => moneyBag(t.amount, t.currencyCode),
  amountV2: (t) => moneyV2(t.amount, t.currencyCode),
  amount: (t) => t.amount,
  order: (t, _a, ctx) => orderOf(ctx.shop, t.orderId) ?? null,
  parentTransaction: (t, _a, ctx) => {
    const parent = orderOf(ctx.shop, t.orderId)?.transactions.find((x) => x.id === t.parentId);
    return parent ? { ...parent, orderId: t.orderId, currencyCode: t.currencyCode } : null;
  },
  formattedGateway: (t) => t.gateway,
  manualPaymentGateway: () => false,
  paymentId: (t) => `sim-${idNumber(t.id)}`,
};

const FulfillmentOrder: TypeResolvers<FulfillmentOrderRecord> = {
  order: (fo, _a, ctx) => orderOf(ctx.shop, fo.orderId),
  orderName: (fo, _a, ctx) => orderOf(ctx.shop, fo.orderId)?.name ?? '',
  orderProcessedAt: (fo, _a, ctx) => orderOf(ctx.shop, fo.orderId)?.processedAt,
  requestStatus: () => 'UNSUBMITTED',
  assignedLocation: (fo, _a, ctx) => {
    const location = ctx.shop.locations.get(fo.locationId);
    return {
      ...location?.address,
      countryCode: location?.address.countryCode ?? 'NL',
      name: location?.name ?? '',
      location,
    };
  },
  destination: (fo, _a, ctx) => {
    const order = orderOf(ctx.shop, fo.orderId);
    return order?.shippingAddress ? { ...order.shippingAddress, email: order.email } : null;
  },
  supportedActions: (fo) =>
    fo.status === 'OPEN' || fo.status === 'IN_PROGRESS'
      ? [{ action: 'CREATE_FULFILLMENT' }, { action: 'HOLD' }, { action: 'MOVE' }]
      : [],
  fulfillmentHolds: () => [],
  lineItems: (fo, args, ctx) => {
    const views = fo.lineItems.map((l) => {
      const li = lineItemOf(ctx.shop, fo.orderId, l.lineItemId);
      const variant = li?.variantId ? ctx.shop.variants.get(li.variantId) : undefined;
      return {
        ...l,
        lineItem: li ? { ...li, orderId: fo.orderId } : null,
        sku: li?.sku ?? null,
        inventoryItemId: variant?.inventoryItemId ?? null,
        variant: variant ?? null,
        productTitle: li?.title ?? '',
        variantTitle: li?.variantTitle ?? null,
        vendor: li?.vendor ?? null,
        requiresShipping: li?.requiresShipping ?? true,
        warnings: [],
        financialSummaries: [],
      };
    });
    return page(views, args, ctx);
  },
  fulfillments: (fo, args, ctx) =>
    page(
      (orderOf(ctx.shop, fo.orderId)?.fulfillments ?? []).filter((f) =>
        f.fulfillmentOrderIds.includes(fo.id),
      ),
      args,
      ctx,
    ),
};

const Fulfillment: TypeResolvers<FulfillmentRecord> = {
  legacyResourceId: (f) => legacyId(f.id),
  order: (f, _a, ctx) => orderOf(ctx.shop, f.orderId),
  location: (f, _a, ctx) => ctx.shop.locations.get(f.locationId) ?? null,
  trackingInfo: (f, args) => firstOf(f.trackingInfo, args),
  totalQuantity: (f) => f.lineItems.reduce((s, l) => s + l.quantity, 0),
  displayStatus: (f) => (f.status === 'SUCCESS' ? 'FULFILLED' : null),
  requiresShipping: () => true,
  fulfillmentLineItems: (f, args, ctx) =>
    page(
      f.lineItems.map((l) => {
        const li = lineItemOf(ctx.shop, f.orderId, l.lineItemId);
        const total = li ? (Number(li.price) * l.quantity).toFixed(2) : '0.00';
        return {
          id: l.id,
          quantity: l.quantity,
          lineItem: li ? { ...li, orderId: f.orderId } : null,
          originalTotalSet: moneyBag(total, ctx.shop.currencyCode),
          discountedTotalSet: moneyBag(total, ctx.shop.currencyCode),
        };
      }),
      args,
      ctx,
    ),
  fulfillmentOrders: (f, args, ctx) =>
    page(
      (orderOf(ctx.shop, f.orderId)?.fulfillmentOrders ?? []).filter((fo) =>
        f.fulfillmentOrderIds.includes(fo.id),
      ),
      args,
      ctx,
    ),
};

function orderPayload(ctx: SimContext, id: unknown, change: (o: OrderRecord) => void) {
  const order = typeof id === 'string' ? ctx.shop.orders.get(id) : undefined;
  if (!order)
    return { order: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
  change(order);
  ctx.services.events.orderUpdated(ctx.shop, order);
  return { order, userErrors: [] };
}

export const orderResolvers: ResolverMap = {
  QueryRoot: {
    orders: ordersQuery,
    order: (_p: unknown, args: Args, ctx: SimContext) =>
      ctx.shop.orders.get(String(args.id)) ?? null,
    ordersCount: (_p: unknown, args: Args, ctx: SimContext) =>
      exactCount(ordersQuery(null, args, { ...ctx, bulk: true }).nodes.length),
    fulfillmentOrder: (_p: unknown, args: Args, ctx: SimContext) =>
      [...ctx.shop.orders.values()]
        .flatMap((o) => o.fulfillmentOrders)
        .find((fo) => fo.id === args.id) ?? null,
    fulfillment: (_p: unknown, args: Args, ctx: SimContext) =>
      [...ctx.shop.orders.values()].flatMap((o) => o.fulfillments).find((f) => f.id === args.id) ??
      null,
  },
  Shop: { orders: ordersQuery },
  Mutation: {
    fulfillmentCreate: (_: unknown, args: Args, ctx: SimContext) => {
      const result = createFulfillment(ctx.shop, args.fulfillment as FulfillmentInput);
      const order = result.fulfillment
        ? ctx.shop.orders.get(result.fulfillment.orderId)
        : undefined;
      if (order) ctx.services.events.orderUpdated(ctx.shop, order);
      return {
        fulfillment: result.fulfillment,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
    fulfillmentTrackingInfoUpdate: (_: unknown, args: Args, ctx: SimContext) => {
      const fulfillment = [...ctx.shop.orders.values()]
        .flatMap((o) => o.fulfillments)
        .find((f) => f.id === args.fulfillmentId);
      if (!fulfillment)
        return {
          fulfillment: null,
          userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }],
        };
      const t = args.trackingInfoInput as {
        number?: string | null;
        url?: string | null;
        company?: string | null;
        numbers?: string[] | null;
        urls?: string[] | null;
      };
      const numbers = t.numbers ?? (t.number ? [t.number] : []);
      const urls = t.urls ?? (t.url ? [t.url] : []);
      fulfillment.trackingInfo = numbers.map((n, i) => ({
        company: t.company ?? null,
        number: n,
        url: urls[i] ?? null,
      }));
      fulfillment.updatedAt = ctx.shop.now();
      return { fulfillment, userErrors: [] };
    },
    orderUpdate: (_: unknown, args: Args, ctx: SimContext) => {
      const input = args.input as {
        id: string;
        note?: string | null;
        tags?: string[] | null;
        email?: string | null;
      };
      return orderPayload(ctx, input.id, (o) =>
        updateOrder(ctx.shop, o, {
          note: input.note,
          tags: input.tags ?? undefined,
          email: input.email,
        }),
      );
    },
    orderMarkAsPaid: (_: unknown, args: Args, ctx: SimContext) =>
      orderPayload(ctx, (args.input as { id: string }).id, (o) =>
        updateOrder(ctx.shop, o, { financialStatus: 'PAID' }),
      ),
    orderClose: (_: unknown, args: Args, ctx: SimContext) =>
      orderPayload(ctx, (args.input as { id: string }).id, (o) =>
        updateOrder(ctx.shop, o, { close: true }),
      ),
  },
  Order,
  LineItem,
  OrderTransaction,
  FulfillmentOrder,
  Fulfillment,
};
