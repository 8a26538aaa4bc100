import type { OrderBasis, OrderConflict, ShopifyOrderEntity } from '@shopsync/shared';
import { formatCents, toCents } from './money';

type Change = OrderConflict['changes'][number];

// Units of each line refunded so far (all refunds, whatever the refund setting).
export function refundedQuantities(order: ShopifyOrderEntity): Map<string, number> {
  const refunded = new Map<string, number>();
  for (const refund of order.extras?.refunds ?? [])
    for (const line of refund.lines)
      refunded.set(
        line.shopifyLineItemId,
        (refunded.get(line.shopifyLineItemId) ?? 0) + line.quantity,
      );
  return refunded;
}

const money = (value: string): string => formatCents(toCents(value));

// The document-relevant facts of an order. A line's quantity counts edits but not refunds
// (currentQuantity + refunded), so a refund alone leaves the basis as it was: refunds are credit
// memos, not conflicts.
export function orderBasis(order: ShopifyOrderEntity): OrderBasis {
  const refunded = refundedQuantities(order);
  const extras = order.extras;
  return {
    cancelled: order.cancelledAt !== null && order.cancelledAt !== undefined,
    currency: order.currency,
    lines: order.lines.map((line) => ({
      id: line.shopifyLineItemId,
      sku: line.sku,
      quantity:
        line.currentQuantity === undefined
          ? line.quantity
          : line.currentQuantity + (refunded.get(line.shopifyLineItemId) ?? 0),
      unitPrice: money(line.price?.shop ?? line.unitPrice),
    })),
    shipping: extras
      ? extras.shippingLines.map((s) => ({ title: s.title, price: money(s.price.shop) }))
      : toCents(order.shipping) > 0
        ? [{ title: 'Shipping', price: money(order.shipping) }]
        : [],
    discounts: money(extras?.discounts.shop ?? '0.00'),
    total: money(order.total),
  };
}

const describeLine = (l: OrderBasis['lines'][number]): string =>
  `${l.quantity} × ${l.sku ?? '(no SKU)'} at ${l.unitPrice}`;
const describeShipping = (s: OrderBasis['shipping']): string =>
  s.length ? s.map((x) => `${x.title} ${money(x.price)}`).join('; ') : '(none)';

// What changed between the basis a document was made from and the order now; [] when nothing
// that matters to the document did. Field names are stable: the page and the API show them.
export function basisChanges(before: OrderBasis, after: OrderBasis): Change[] {
  const changes: Change[] = [];
  const differs = (field: string, a: Change['before'], b: Change['after']) => {
    if (a !== b) changes.push({ field, before: a, after: b });
  };
  differs('cancelled', before.cancelled, after.cancelled);
  differs('currency', before.currency, after.currency);

  const was = new Map(before.lines.map((l) => [l.id, l]));
  const now = new Set(after.lines.map((l) => l.id));
  for (const line of after.lines) {
    const old = was.get(line.id);
    const field = `lines[${line.id}]`;
    if (!old) {
      changes.push({ field, before: null, after: describeLine(line) });
      continue;
    }
    differs(`${field}.sku`, old.sku, line.sku);
    differs(`${field}.quantity`, old.quantity, line.quantity);
    differs(`${field}.unitPrice`, money(old.unitPrice), money(line.unitPrice));
  }
  for (const old of before.lines)
    if (!now.has(old.id))
      changes.push({ field: `lines[${old.id}]`, before: describeLine(old), after: null });

  differs('shipping', describeShipping(before.shipping), describeShipping(after.shipping));
  differs('discounts', money(before.discounts), money(after.discounts));
  differs('total', money(before.total), money(after.total));
  return changes;
}
