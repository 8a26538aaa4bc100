import { filterBySearch } from '../query-filter';
import { acceptFulfillmentRequest, supportedActions } from '../state/fulfillment-services';
import { createFulfillment, FulfillmentInput } from '../state/fulfillments';
import { minus, MoneyPair, perSide, toCents } from '../state/money';
import {
  currentQuantity,
  LineMoney,
  lineMoney,
  OrderMoney,
  orderMoney,
} from '../state/order-money';
import { displayFulfillmentStatus, orderTotals, updateOrder } from '../state/orders';
import {
  FulfillmentOrderRecord,
  FulfillmentRecord,
  LineItemRecord,
  OrderRecord,
} from '../state/records';
import { ShopState } from '../state/shop-state';
import { ownerMetafieldFields } from './metafields.resolvers';
import { Args, ResolverMap, SimContext, TypeResolvers } from './context';
import { exactCount, firstOf, idNumber, legacyId, moneyBag, moneyV2, page } from './helpers';
import {
  allocationViews,
  applicationView,
  fulfillmentLineItemView,
  LineItemView,
  lineItemView,
  orderTaxLines,
  refundView,
  returnView,
  shippingLineView,
  taxLineView,
  TransactionView,
  transactionView,
} from './order-views';

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

const bag = (o: OrderRecord, pick: (m: OrderMoney) => MoneyPair) =>
  moneyBag(pick(orderMoney(o)), o);

const Order: TypeResolvers<OrderRecord> = {
  legacyResourceId: (o) => legacyId(o.id),
  closed: (o) => Boolean(o.closedAt),
  confirmed: () => true,
  customer: (o, _a, ctx) => (o.customerId ? (ctx.shop.customers.get(o.customerId) ?? null) : null),
  displayFinancialStatus: (o) => o.financialStatus,
  displayFulfillmentStatus: (o) => displayFulfillmentStatus(o),
  lineItems: (o, args, ctx) =>
    page(
      o.lineItems.map((li) => lineItemView(o, li)),
      args,
      ctx,
    ),
  subtotalLineItemsQuantity: (o) => orderMoney(o).quantity,
  currentSubtotalLineItemsQuantity: (o) => orderMoney(o).currentQuantity,
  subtotalPriceSet: (o) => bag(o, (m) => m.subtotal),
  currentSubtotalPriceSet: (o) => bag(o, (m) => m.currentSubtotal),
  totalPriceSet: (o) => bag(o, (m) => m.total),
  currentTotalPriceSet: (o) => bag(o, (m) => m.currentTotal),
  originalTotalPriceSet: (o) => moneyBag(o.originalTotal, o),
  totalTaxSet: (o) => bag(o, (m) => m.tax),
  currentTotalTaxSet: (o) => bag(o, (m) => m.currentTax),
  totalDiscountsSet: (o) => bag(o, (m) => m.discounts),
  currentTotalDiscountsSet: (o) => bag(o, (m) => m.currentDiscounts),
  totalShippingPriceSet: (o) => bag(o, (m) => m.shipping),
  currentShippingPriceSet: (o) => bag(o, (m) => m.currentShipping),
  totalTipReceivedSet: (o) => bag(o, (m) => m.tip),
  totalReceivedSet: (o) => bag(o, (m) => m.received),
  totalRefundedSet: (o) => bag(o, (m) => m.refunded),
  totalRefundedShippingSet: (o) => bag(o, (m) => m.refundedShipping),
  totalOutstandingSet: (o) => bag(o, (m) => m.outstanding),
  netPaymentSet: (o) => bag(o, (m) => m.netPayment),
  fullyPaid: (o) => orderMoney(o).outstanding.shop === 0,
  unpaid: (o) => orderMoney(o).received.shop === 0,
  refundable: (o) => orderMoney(o).netPayment.shop > 0,
  fulfillable: (o) => isOpen(o) && displayFulfillmentStatus(o) !== 'FULFILLED',
  requiresShipping: (o) => o.lineItems.some((li) => li.requiresShipping),
  shippingLine: (o) => (o.shippingLines[0] ? shippingLineView(o, o.shippingLines[0]) : null),
  shippingLines: (o, args, ctx) =>
    page(
      o.shippingLines.map((sl) => shippingLineView(o, sl)),
      args,
      ctx,
    ),
  taxLines: (o) => orderTaxLines(o),
  discountApplications: (o, args, ctx) =>
    page(
      o.discountApplications.map((a) => applicationView(o, a)),
      args,
      ctx,
    ),
  discountCodes: (o) => o.discountApplications.filter((a) => a.code).map((a) => a.code),
  discountCode: (o) => o.discountApplications.find((a) => a.code)?.code ?? null,
  risk: (o) => ({ recommendation: o.risk }),
  refunds: (o, args, ctx) => firstOf(o.refunds, args).map((r) => refundView(ctx.shop, o, r)),
  returns: (o, args, ctx) =>
    page(
      o.returns.map((r) => returnView(ctx.shop, o, r)),
      args,
      ctx,
    ),
  ...ownerMetafieldFields,
  transactions: (o, args) => firstOf(o.transactions, args).map((t) => transactionView(o, t)),
  transactionsCount: (o) => exactCount(o.transactions.length),
  fulfillmentOrders: (o, args, ctx) => page(o.fulfillmentOrders, args, ctx),
  // `query` filters by created_at / updated_at, as Shopify documents for this field.
  fulfillments: (o, args) =>
    firstOf(
      filterBySearch(o.fulfillments, args.query as string | null, {
        created_at: (f) => f.createdAt,
        updated_at: (f) => f.updatedAt,
      }),
      args,
    ),
  fulfillmentsCount: (o) => exactCount(o.fulfillments.length),
  paymentGatewayNames: (o) => [...new Set(o.transactions.map((t) => t.gateway))],
  statusPageUrl: (o, _a, ctx) => `https://${ctx.shop.domain}/orders/${legacyId(o.id)}/status`,
};

function unfulfilled(order: OrderRecord | undefined, li: LineItemView): number {
  return (order?.fulfillmentOrders ?? [])
    .flatMap((fo) => fo.lineItems)
    .filter((l) => l.lineItemId === li.id)
    .reduce((s, l) => s + l.remainingQuantity, 0);
}

const lineBag = (li: LineItemView, ctx: SimContext, pick: (m: LineMoney) => MoneyPair) => {
  const order = orderOf(ctx.shop, li.orderId)!;
  return moneyBag(pick(lineMoney(order, li)), order);
};

const LineItem: TypeResolvers<LineItemView> = {
  name: (li) => (li.variantTitle ? `${li.title} - ${li.variantTitle}` : li.title),
  currentQuantity: (li, _a, ctx) => currentQuantity(orderOf(ctx.shop, li.orderId)!, li),
  refundableQuantity: (li, _a, ctx) => currentQuantity(orderOf(ctx.shop, li.orderId)!, li),
  variant: (li, _a, ctx) => (li.variantId ? (ctx.shop.variants.get(li.variantId) ?? null) : null),
  product: (li, _a, ctx) => (li.productId ? (ctx.shop.products.get(li.productId) ?? null) : null),
  originalUnitPriceSet: (li, _a, ctx) => lineBag(li, ctx, () => li.unitPrice),
  discountedUnitPriceSet: (li, _a, ctx) =>
    lineBag(li, ctx, (m) =>
      perSide((s) => Math.round((m.original[s] - m.lineLevelDiscounts[s]) / li.quantity)),
    ),
  discountedUnitPriceAfterAllDiscountsSet: (li, _a, ctx) =>
    lineBag(li, ctx, (m) => perSide((s) => Math.round(m.amount[s] / li.quantity))),
  originalTotalSet: (li, _a, ctx) => lineBag(li, ctx, (m) => m.original),
  // Line-level discounts only, unless asked for the code discounts too.
  discountedTotalSet: (li, args, ctx) =>
    lineBag(li, ctx, (m) =>
      args.withCodeDiscounts ? m.amount : minus(m.original, m.lineLevelDiscounts),
    ),
  totalDiscountSet: (li, _a, ctx) => lineBag(li, ctx, (m) => m.discounts),
  discountAllocations: (li, _a, ctx) =>
    allocationViews(orderOf(ctx.shop, li.orderId)!, li.discountAllocations),
  taxLines: (li, args, ctx) => {
    const order = orderOf(ctx.shop, li.orderId)!;
    return firstOf(li.taxLines, args).map((t) => taxLineView(order, t));
  },
  unfulfilledQuantity: (li, _a, ctx) => unfulfilled(orderOf(ctx.shop, li.orderId), li),
  fulfillableQuantity: (li, _a, ctx) => unfulfilled(orderOf(ctx.shop, li.orderId), li),
  restockable: () => true,
  merchantEditable: () => true,
};

const OrderTransaction: TypeResolvers<TransactionView> = {
  amountSet: (t) =>
    moneyBag({ shop: toCents(t.amount), presentment: toCents(t.presentmentAmount) }, t),
  amountV2: (t) => moneyV2(t.amount, t.currencyCode),
  amount: (t) => t.amount,
  order: (t, _a, ctx) => orderOf(ctx.shop, t.orderId) ?? null,
  parentTransaction: (t, _a, ctx) => {
    const order = orderOf(ctx.shop, t.orderId);
    const parent = order?.transactions.find((x) => x.id === t.parentId);
    return order && parent ? transactionView(order, parent) : null;
  },
  formattedGateway: (t) => (t.gateway === 'gift_card' ? 'Gift card' : t.gateway),
  manualPaymentGateway: () => false,
  paymentId: (t) => `sim-${idNumber(t.id)}`,
};

const FulfillmentOrder: TypeResolvers<FulfillmentOrderRecord> = {
  order: (fo, _a, ctx) => orderOf(ctx.shop, fo.orderId),
  orderName: (fo, _a, ctx) => orderOf(ctx.shop, fo.orderId)?.name ?? '',
  orderProcessedAt: (fo, _a, ctx) => orderOf(ctx.shop, fo.orderId)?.processedAt,
  requestStatus: (fo) => fo.requestStatus,
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
  supportedActions: (fo, _a, ctx) => supportedActions(ctx.shop, fo).map((action) => ({ action })),
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
  fulfillmentLineItems: (f, args, ctx) => {
    const order = orderOf(ctx.shop, f.orderId)!;
    return page(
      f.lineItems.map((l) => fulfillmentLineItemView(order, l)),
      args,
      ctx,
    );
  },
  fulfillmentOrders: (f, args, ctx) =>
    page(
      (orderOf(ctx.shop, f.orderId)?.fulfillmentOrders ?? []).filter((fo) =>
        f.fulfillmentOrderIds.includes(fo.id),
      ),
      args,
      ctx,
    ),
};

function orderPayload(
  ctx: SimContext,
  mutation: string,
  id: unknown,
  change: (o: OrderRecord) => void,
) {
  const order = typeof id === 'string' ? ctx.shop.orders.get(id) : undefined;
  if (!order)
    return { order: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
  change(order);
  ctx.shop.mutationCalls.push({ mutation, targetId: order.id, at: ctx.shop.now() });
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
      if (order) {
        ctx.shop.mutationCalls.push({
          mutation: 'fulfillmentCreate',
          targetId: order.id,
          at: ctx.shop.now(),
          lineItems: result.fulfillment?.lineItems.length,
        });
        ctx.services.events.orderUpdated(ctx.shop, order);
      }
      return {
        fulfillment: result.fulfillment,
        userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message })),
      };
    },
    fulfillmentOrderAcceptFulfillmentRequest: (_: unknown, args: Args, ctx: SimContext) => {
      const result = acceptFulfillmentRequest(ctx.shop, String(args.id));
      if (result.fulfillmentOrder)
        ctx.shop.mutationCalls.push({
          mutation: 'fulfillmentOrderAcceptFulfillmentRequest',
          targetId: result.fulfillmentOrder.id,
          at: ctx.shop.now(),
        });
      return {
        fulfillmentOrder: result.fulfillmentOrder,
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
        customAttributes?: { key: string; value: string }[] | null;
      };
      return orderPayload(ctx, 'orderUpdate', input.id, (o) =>
        updateOrder(ctx.shop, o, {
          note: input.note,
          tags: input.tags ?? undefined,
          email: input.email,
          customAttributes: input.customAttributes ?? undefined,
        }),
      );
    },
    orderMarkAsPaid: (_: unknown, args: Args, ctx: SimContext) =>
      orderPayload(ctx, 'orderMarkAsPaid', (args.input as { id: string }).id, (o) =>
        updateOrder(ctx.shop, o, { financialStatus: 'PAID' }),
      ),
    orderClose: (_: unknown, args: Args, ctx: SimContext) =>
      orderPayload(ctx, 'orderClose', (args.input as { id: string }).id, (o) =>
        updateOrder(ctx.shop, o, { close: true }),
      ),
  },
  Order,
  LineItem,
  OrderTransaction,
  FulfillmentOrder,
  Fulfillment,
};
