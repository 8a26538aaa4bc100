import { formatCents, minus, MoneyPair, perSide, prorate, Side, sum, times, ZERO } from './money';
import { LineItemRecord, OrderRecord, ShippingLineRecord, TransactionRecord } from './records';

// What an order's lines, shipping and payments come to, on both sides. Shopify's rules:
// subtotal = line items after all discounts; total = subtotal + discounted shipping
// + (taxesIncluded ? 0 : tax) + tip. "current" amounts leave out refunded and removed units;
// the non-current ones leave out removed units only (an edit changes the order; a refund is
// money given back on it).

export interface LineMoney {
  original: MoneyPair;
  discounts: MoneyPair;
  lineLevelDiscounts: MoneyPair;
  amount: MoneyPair;
  tax: MoneyPair;
  refundedQuantity: number;
  currentQuantity: number;
  refunded: { subtotal: MoneyPair; tax: MoneyPair; discount: MoneyPair };
  kept: { amount: MoneyPair; tax: MoneyPair; discounts: MoneyPair };
  current: { amount: MoneyPair; tax: MoneyPair; discounts: MoneyPair };
}

export function refundedQuantity(order: OrderRecord, lineItemId: string): number {
  return order.refunds
    .flatMap((r) => r.lines)
    .filter((l) => l.lineItemId === lineItemId)
    .reduce((s, l) => s + l.quantity, 0);
}

export function currentQuantity(order: OrderRecord, li: LineItemRecord): number {
  return li.quantity - li.removedQuantity - refundedQuantity(order, li.id);
}

export function lineMoney(order: OrderRecord, li: LineItemRecord): LineMoney {
  const explicit = new Set(
    order.discountApplications.filter((a) => a.targetSelection === 'EXPLICIT').map((a) => a.index),
  );
  const original = times(li.unitPrice, li.quantity);
  const discounts = sum(li.discountAllocations.map((a) => a.amount));
  const lineLevelDiscounts = sum(
    li.discountAllocations.filter((a) => explicit.has(a.applicationIndex)).map((a) => a.amount),
  );
  const amount = minus(original, discounts);
  const tax = sum(li.taxLines.map((t) => t.price));
  const refundLines = order.refunds.flatMap((r) => r.lines).filter((l) => l.lineItemId === li.id);
  const refunded = {
    subtotal: sum(refundLines.map((l) => l.subtotal)),
    tax: sum(refundLines.map((l) => l.totalTax)),
    discount: sum(refundLines.map((l) => l.discount)),
  };
  const refundedQty = refundLines.reduce((s, l) => s + l.quantity, 0);
  const currentQty = li.quantity - li.removedQuantity - refundedQty;
  // Removed units take their share; when nothing is left, everything not refunded is removed.
  const removedShare = (total: MoneyPair, refundedPart: MoneyPair): MoneyPair =>
    currentQty === 0
      ? minus(total, refundedPart)
      : perSide((s) => prorate(total[s], li.removedQuantity, li.quantity));
  const kept = {
    amount: minus(amount, removedShare(amount, refunded.subtotal)),
    tax: minus(tax, removedShare(tax, refunded.tax)),
    discounts: minus(discounts, removedShare(discounts, refunded.discount)),
  };
  return {
    original,
    discounts,
    lineLevelDiscounts,
    amount,
    tax,
    refundedQuantity: refundedQty,
    currentQuantity: currentQty,
    refunded,
    kept,
    current: {
      amount: minus(kept.amount, refunded.subtotal),
      tax: minus(kept.tax, refunded.tax),
      discounts: minus(kept.discounts, refunded.discount),
    },
  };
}

export interface ShippingMoney {
  original: MoneyPair;
  discounts: MoneyPair;
  discounted: MoneyPair;
  tax: MoneyPair;
  refunded: { subtotal: MoneyPair; tax: MoneyPair };
}

export function shippingMoney(order: OrderRecord, sl: ShippingLineRecord): ShippingMoney {
  const discounts = sum(sl.discountAllocations.map((a) => a.amount));
  const refunds = order.refunds
    .flatMap((r) => r.shipping)
    .filter((s) => s.shippingLineId === sl.id);
  return {
    original: sl.originalPrice,
    discounts,
    discounted: minus(sl.originalPrice, discounts),
    tax: sum(sl.taxLines.map((t) => t.price)),
    refunded: {
      subtotal: sum(refunds.map((r) => r.subtotal)),
      tax: sum(refunds.map((r) => r.tax)),
    },
  };
}

function transactionSum(order: OrderRecord, kinds: TransactionRecord['kind'][]): MoneyPair {
  const hits = order.transactions.filter((t) => kinds.includes(t.kind) && t.status === 'SUCCESS');
  return {
    shop: hits.reduce((s, t) => s + Math.round(Number(t.amount) * 100), 0),
    presentment: hits.reduce((s, t) => s + Math.round(Number(t.presentmentAmount) * 100), 0),
  };
}

export interface OrderMoney {
  quantity: number;
  currentQuantity: number;
  subtotal: MoneyPair;
  currentSubtotal: MoneyPair;
  shipping: MoneyPair;
  currentShipping: MoneyPair;
  tax: MoneyPair;
  currentTax: MoneyPair;
  discounts: MoneyPair;
  currentDiscounts: MoneyPair;
  tip: MoneyPair;
  total: MoneyPair;
  currentTotal: MoneyPair;
  received: MoneyPair;
  refunded: MoneyPair;
  refundedShipping: MoneyPair;
  netPayment: MoneyPair;
  outstanding: MoneyPair;
}

export function orderMoney(order: OrderRecord): OrderMoney {
  const lines = order.lineItems.map((li) => lineMoney(order, li));
  const ships = order.shippingLines.map((sl) => shippingMoney(order, sl));
  const subtotal = sum(lines.map((l) => l.kept.amount));
  const currentSubtotal = sum(lines.map((l) => l.current.amount));
  const shipping = sum(ships.map((s) => s.discounted));
  const refundedShipping = sum(ships.map((s) => s.refunded.subtotal));
  const currentShipping = minus(shipping, refundedShipping);
  const shippingTax = sum(ships.map((s) => s.tax));
  const tax = sum([...lines.map((l) => l.kept.tax), shippingTax]);
  const currentTax = sum([
    ...lines.map((l) => l.current.tax),
    minus(shippingTax, sum(ships.map((s) => s.refunded.tax))),
  ]);
  const shippingDiscounts = sum(ships.map((s) => s.discounts));
  const exclusive = (t: MoneyPair) => (order.taxesIncluded ? ZERO : t);
  const total = sum([subtotal, shipping, exclusive(tax), order.tip]);
  const currentTotal = sum([currentSubtotal, currentShipping, exclusive(currentTax), order.tip]);
  const received = transactionSum(order, ['SALE', 'CAPTURE']);
  const refunded = transactionSum(order, ['REFUND']);
  const netPayment = minus(received, refunded);
  return {
    quantity: order.lineItems.reduce((s, li) => s + li.quantity - li.removedQuantity, 0),
    currentQuantity: lines.reduce((s, l) => s + l.currentQuantity, 0),
    subtotal,
    currentSubtotal,
    shipping,
    currentShipping,
    tax,
    currentTax,
    discounts: sum([...lines.map((l) => l.kept.discounts), shippingDiscounts]),
    currentDiscounts: sum([...lines.map((l) => l.current.discounts), shippingDiscounts]),
    tip: order.tip,
    total,
    currentTotal,
    received,
    refunded,
    refundedShipping,
    netPayment,
    outstanding: perSide((s: Side) => Math.max(0, currentTotal[s] - netPayment[s])),
  };
}

// Shop-money strings, for webhooks, sorting and the customer's amount spent.
export function orderTotals(
  order: OrderRecord,
): Record<
  'subtotal' | 'discounts' | 'shipping' | 'tax' | 'total' | 'received' | 'refunded' | 'outstanding',
  string
> {
  const m = orderMoney(order);
  return {
    subtotal: formatCents(m.subtotal.shop),
    discounts: formatCents(m.discounts.shop),
    shipping: formatCents(m.shipping.shop),
    tax: formatCents(m.tax.shop),
    total: formatCents(m.total.shop),
    received: formatCents(m.received.shop),
    refunded: formatCents(m.refunded.shop),
    outstanding: formatCents(m.outstanding.shop),
  };
}
