import { gid } from '../gid';
import { formatCents, minus, MoneyPair, perSide, sum } from '../state/money';
import { lineMoney, shippingMoney } from '../state/order-money';
import {
  DiscountAllocationRecord,
  DiscountApplicationRecord,
  LineItemRecord,
  OrderRecord,
  RefundRecord,
  ReturnRecord,
  ShippingLineRecord,
  TaxLineRecord,
  TransactionRecord,
} from '../state/records';
import { ShopState } from '../state/shop-state';
import { Args, SimContext } from './context';
import { legacyId, moneyBag, moneyV2, page } from './helpers';

// Plain objects for the order's nested types. Function-valued fields are resolved lazily by
// the default field resolver (with the field's args and the context).

export type LineItemView = LineItemRecord & { orderId: string };

export function lineItemView(order: OrderRecord, li: LineItemRecord): LineItemView {
  return { ...li, orderId: order.id };
}

const APPLICATION_TYPES: Record<DiscountApplicationRecord['kind'], string> = {
  code: 'DiscountCodeApplication',
  automatic: 'AutomaticDiscountApplication',
  manual: 'ManualDiscountApplication',
};

export function applicationView(order: OrderRecord, a: DiscountApplicationRecord) {
  const value =
    'percentage' in a.value
      ? { __typename: 'PricingPercentageValue', percentage: a.value.percentage }
      : {
          __typename: 'MoneyV2',
          ...moneyV2(formatCents(a.value.amount.presentment), order.presentmentCurrencyCode),
        };
  return {
    __typename: APPLICATION_TYPES[a.kind],
    // Only for cursors: DiscountApplication has no id field.
    id: gid('DiscountApplication', a.index),
    index: a.index,
    allocationMethod: a.allocationMethod,
    targetSelection: a.targetSelection,
    targetType: a.targetType,
    value,
    ...(a.kind === 'code' ? { code: a.code } : { title: a.title }),
    ...(a.kind === 'manual' ? { description: a.description } : {}),
  };
}

export function allocationViews(order: OrderRecord, allocations: DiscountAllocationRecord[]) {
  return allocations.map((al) => {
    const application = order.discountApplications.find((a) => a.index === al.applicationIndex);
    return {
      allocatedAmountSet: moneyBag(al.amount, order),
      allocatedAmount: moneyV2(formatCents(al.amount.presentment), order.presentmentCurrencyCode),
      discountApplication: application ? applicationView(order, application) : null,
    };
  });
}

export function taxLineView(
  order: OrderRecord,
  t: { title: string; rate: number; price: MoneyPair; channelLiable: boolean | null },
) {
  return {
    title: t.title,
    rate: t.rate,
    ratePercentage: Math.round(t.rate * 1_000_000) / 10_000,
    priceSet: moneyBag(t.price, order),
    price: formatCents(t.price.shop),
    channelLiable: t.channelLiable,
  };
}

// Order.taxLines: the lines' and shipping lines' taxes summed per title and rate.
export function orderTaxLines(order: OrderRecord) {
  const all: TaxLineRecord[] = [
    ...order.lineItems.flatMap((li) => li.taxLines),
    ...order.shippingLines.flatMap((sl) => sl.taxLines),
  ];
  const byKey = new Map<string, TaxLineRecord>();
  for (const t of all) {
    const key = `${t.title}|${t.rate}`;
    const seen = byKey.get(key);
    byKey.set(key, seen ? { ...seen, price: sum([seen.price, t.price]) } : { ...t });
  }
  return [...byKey.values()].map((t) => taxLineView(order, t));
}

export function shippingLineView(order: OrderRecord, sl: ShippingLineRecord) {
  const m = shippingMoney(order, sl);
  return {
    id: sl.id,
    title: sl.title,
    code: sl.code,
    source: sl.source,
    isRemoved: false,
    originalPriceSet: moneyBag(m.original, order),
    originalPrice: moneyV2(formatCents(m.original.shop), order.currencyCode),
    price: formatCents(m.original.shop),
    discountedPriceSet: moneyBag(m.discounted, order),
    discountedPrice: moneyV2(formatCents(m.discounted.shop), order.currencyCode),
    currentDiscountedPriceSet: moneyBag(minus(m.discounted, m.refunded.subtotal), order),
    discountAllocations: allocationViews(order, sl.discountAllocations),
    taxLines: sl.taxLines.map((t) => taxLineView(order, t)),
  };
}

export type TransactionView = TransactionRecord & {
  orderId: string;
  currencyCode: string;
  presentmentCurrencyCode: string;
};

export function transactionView(order: OrderRecord, t: TransactionRecord): TransactionView {
  return {
    ...t,
    orderId: order.id,
    currencyCode: order.currencyCode,
    presentmentCurrencyCode: order.presentmentCurrencyCode,
  };
}

export function fulfillmentLineItemView(
  order: OrderRecord,
  fl: { id: string; lineItemId: string; quantity: number },
) {
  const li = order.lineItems.find((x) => x.id === fl.lineItemId);
  const m = li ? lineMoney(order, li) : undefined;
  const part = (total: MoneyPair) =>
    perSide((s) => (li ? Math.round((total[s] * fl.quantity) / li.quantity) : 0));
  return {
    id: fl.id,
    quantity: fl.quantity,
    lineItem: li ? lineItemView(order, li) : null,
    originalTotalSet: moneyBag(part(m?.original ?? { shop: 0, presentment: 0 }), order),
    discountedTotalSet: moneyBag(
      part(m ? minus(m.original, m.lineLevelDiscounts) : { shop: 0, presentment: 0 }),
      order,
    ),
  };
}

export function returnView(shop: ShopState, order: OrderRecord, r: ReturnRecord) {
  const fulfilled = order.fulfillments.flatMap((f) => f.lineItems);
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
    order,
    totalQuantity: r.lines.reduce((s, l) => s + l.quantity, 0),
    returnLineItems: (args: Args, ctx: SimContext) =>
      page(
        r.lines.map((l) => ({
          __typename: 'ReturnLineItem',
          id: l.id,
          quantity: l.quantity,
          returnReason: l.returnReason,
          returnReasonNote: l.returnReasonNote,
          customerNote: l.customerNote,
          returnReasonDefinition: null,
          fulfillmentLineItem: fulfillmentLineItemView(
            order,
            fulfilled.find((f) => f.id === l.fulfillmentLineItemId) ?? {
              id: l.fulfillmentLineItemId,
              lineItemId: l.lineItemId,
              quantity: l.quantity,
            },
          ),
        })),
        args,
        ctx,
      ),
    refunds: (args: Args, ctx: SimContext) =>
      page(
        order.refunds.filter((x) => x.returnId === r.id).map((x) => refundView(shop, order, x)),
        args,
        ctx,
      ),
  };
}

export function refundView(shop: ShopState, order: OrderRecord, r: RefundRecord) {
  return {
    id: r.id,
    legacyResourceId: legacyId(r.id),
    createdAt: r.createdAt,
    processedAt: r.createdAt,
    updatedAt: r.createdAt,
    note: r.note,
    order,
    totalRefundedSet: moneyBag(r.total, order),
    refundLineItems: (args: Args, ctx: SimContext) =>
      page(
        r.lines.map((l) => {
          const li = order.lineItems.find((x) => x.id === l.lineItemId);
          return {
            id: l.id,
            lineItem: li ? lineItemView(order, li) : null,
            quantity: l.quantity,
            restockType: l.restockType,
            restocked: l.restockType === 'RETURN' || l.restockType === 'CANCEL',
            priceSet: moneyBag(l.price, order),
            subtotalSet: moneyBag(l.subtotal, order),
            totalTaxSet: moneyBag(l.totalTax, order),
          };
        }),
        args,
        ctx,
      ),
    refundShippingLines: (args: Args, ctx: SimContext) =>
      page(
        r.shipping.map((s) => {
          const sl = order.shippingLines.find((x) => x.id === s.shippingLineId);
          return {
            id: s.id,
            shippingLine: sl ? shippingLineView(order, sl) : null,
            subtotalAmountSet: moneyBag(s.subtotal, order),
            taxAmountSet: moneyBag(s.tax, order),
          };
        }),
        args,
        ctx,
      ),
    transactions: (args: Args, ctx: SimContext) =>
      page(
        order.transactions
          .filter((t) => r.transactionIds.includes(t.id))
          .map((t) => transactionView(order, t)),
        args,
        ctx,
      ),
    return: (() => {
      const found = r.returnId ? order.returns.find((x) => x.id === r.returnId) : undefined;
      return found ? returnView(shop, order, found) : null;
    })(),
  };
}
