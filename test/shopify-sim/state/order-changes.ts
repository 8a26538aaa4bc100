import { gid } from '../gid';
import {
  converted,
  formatCents,
  minus,
  MoneyPair,
  perSide,
  prorate,
  sum,
  toCents,
  ZERO,
} from './money';
import { currentQuantity, lineMoney, orderMoney, shippingMoney } from './order-money';
import { SimOrderLineInput, SimTaxInput } from './order-inputs';
import { applyLineTaxes, defaultTaxes } from './order-pricing';
import { buildLineItem, commitStock } from './orders';
import {
  OrderRecord,
  RefundLineRecord,
  RefundRecord,
  RefundShippingRecord,
  ReturnLineRecord,
  ReturnRecord,
  TransactionRecord,
} from './records';
import { ShopState } from './shop-state';

// What happens to an order after it is placed: refunds, returns and edits. Each answers
// Shopify-style user errors instead of throwing, so the mutations and the control API share it.

export interface ChangeError {
  field: string[];
  message: string;
}

export interface SimRefundInput {
  lineItems?: {
    lineItemId: string;
    quantity: number;
    restockType?: RefundLineRecord['restockType'];
  }[];
  // fullRefund: what is left of every shipping line; amount: that much (shop money) of the first.
  shipping?: { fullRefund?: boolean; amount?: string | number };
  note?: string;
  returnId?: string;
  // The money given back, shop money; default what the lines and shipping come to (nothing
  // when nothing was paid).
  amount?: string | number;
  gateway?: string;
  processedAt?: string;
}

// The refund's money on both sides when the caller names it (refundCreate: presentment).
export interface RefundMoney {
  amount: MoneyPair;
  gateway: string | null;
}

// Shopify prorates a line's after-discount amount and tax by quantity; cumulative rounding
// makes all refunds of a line add up to the line exactly.
function share(total: MoneyPair, before: number, quantity: number, whole: number): MoneyPair {
  return perSide(
    (s) => prorate(total[s], before + quantity, whole) - prorate(total[s], before, whole),
  );
}

export function createRefund(
  shop: ShopState,
  order: OrderRecord,
  input: SimRefundInput,
  money?: RefundMoney | null,
): { refund: RefundRecord | null; userErrors: ChangeError[] } {
  const errors: ChangeError[] = [];
  const at = input.processedAt ?? shop.now();
  const lines: RefundLineRecord[] = [];
  (input.lineItems ?? []).forEach((l, i) => {
    const li = order.lineItems.find((x) => x.id === l.lineItemId);
    if (!li) {
      errors.push({
        field: ['refundLineItems', String(i), 'lineItemId'],
        message: 'Line item does not exist.',
      });
      return;
    }
    const refundable =
      currentQuantity(order, li) -
      lines.filter((x) => x.lineItemId === li.id).reduce((s, x) => s + x.quantity, 0);
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > refundable) {
      errors.push({
        field: ['refundLineItems', String(i), 'quantity'],
        message: `Quantity cannot refund more items than were purchased (${refundable} refundable).`,
      });
      return;
    }
    const m = lineMoney(order, li);
    const before =
      m.refundedQuantity +
      lines.filter((x) => x.lineItemId === li.id).reduce((s, x) => s + x.quantity, 0);
    const taxes = li.taxLines.map((t) => share(t.price, before, l.quantity, li.quantity));
    lines.push({
      id: gid('RefundLineItem', shop.nextId()),
      lineItemId: li.id,
      quantity: l.quantity,
      restockType: l.restockType ?? 'NO_RESTOCK',
      price: perSide((s) => Math.round(m.amount[s] / li.quantity)),
      subtotal: share(m.amount, before, l.quantity, li.quantity),
      totalTax: sum(taxes),
      discount: share(m.discounts, before, l.quantity, li.quantity),
    });
  });
  const shipping: RefundShippingRecord[] = [];
  if (input.shipping?.fullRefund || input.shipping?.amount !== undefined) {
    const left = order.shippingLines.map((sl) => {
      const m = shippingMoney(order, sl);
      return {
        sl,
        subtotal: minus(m.discounted, m.refunded.subtotal),
        tax: minus(m.tax, m.refunded.tax),
      };
    });
    if (input.shipping.fullRefund) {
      for (const l of left.filter((x) => x.subtotal.shop > 0))
        shipping.push({
          id: gid('RefundShippingLine', shop.nextId()),
          shippingLineId: l.sl.id,
          subtotal: l.subtotal,
          tax: l.tax,
        });
    } else {
      const cents = toCents(input.shipping.amount ?? 0);
      const first = left.find((x) => x.subtotal.shop > 0);
      if (!first || cents <= 0 || cents > first.subtotal.shop)
        errors.push({
          field: ['shipping', 'amount'],
          message: 'Shipping amount is more than what is left to refund.',
        });
      else {
        const subtotal =
          cents === first.subtotal.shop ? first.subtotal : converted(cents, order.exchangeRate);
        shipping.push({
          id: gid('RefundShippingLine', shop.nextId()),
          shippingLineId: first.sl.id,
          subtotal,
          tax: perSide((s) => prorate(first.tax[s], subtotal[s], first.subtotal[s])),
        });
      }
    }
  }
  if (input.returnId && !order.returns.some((r) => r.id === input.returnId))
    errors.push({ field: ['returnId'], message: 'Return does not exist.' });
  if (errors.length) return { refund: null, userErrors: errors };

  const exclusive = (t: MoneyPair) => (order.taxesIncluded ? ZERO : t);
  const computed = sum([
    ...lines.map((l) => sum([l.subtotal, exclusive(l.totalTax)])),
    ...shipping.map((s) => sum([s.subtotal, exclusive(s.tax)])),
  ]);
  const net = orderMoney(order).netPayment;
  // Nothing paid, nothing to give back: the refund only takes the units off the order.
  const amount =
    money?.amount ??
    (input.amount !== undefined
      ? converted(toCents(input.amount), order.exchangeRate)
      : net.shop > 0
        ? computed
        : ZERO);
  if (amount.shop > net.shop)
    return {
      refund: null,
      userErrors: [
        {
          field: ['transactions'],
          message: `Refund amount ${formatCents(amount.shop)} is more than the ${formatCents(net.shop)} available to refund.`,
        },
      ],
    };

  const refund: RefundRecord = {
    id: gid('Refund', shop.nextId()),
    orderId: order.id,
    note: input.note ?? null,
    createdAt: at,
    lines,
    shipping,
    total: amount,
    transactionIds: [],
    returnId: input.returnId ?? null,
  };
  if (amount.shop > 0) {
    const sale = order.transactions.find(
      (t) =>
        (t.kind === 'SALE' || t.kind === 'CAPTURE') &&
        t.status === 'SUCCESS' &&
        t.gateway !== 'gift_card',
    );
    const tx: TransactionRecord = {
      id: gid('OrderTransaction', shop.nextId()),
      kind: 'REFUND',
      status: 'SUCCESS',
      gateway: money?.gateway ?? input.gateway ?? sale?.gateway ?? 'bogus',
      amount: formatCents(amount.shop),
      presentmentAmount: formatCents(amount.presentment),
      parentId: sale?.id ?? null,
      authorizationCode: null,
      test: true,
      createdAt: at,
      processedAt: at,
    };
    order.transactions.push(tx);
    refund.transactionIds.push(tx.id);
  }
  order.refunds.push(refund);
  restock(shop, order, lines, at);
  const after = orderMoney(order);
  if (after.refunded.shop > 0)
    order.financialStatus =
      after.refunded.shop >= after.received.shop ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
  order.updatedAt = at;
  return { refund, userErrors: [] };
}

// CANCEL takes unfulfilled units off the fulfillment orders and back to available; RETURN puts
// units back on hand at the fulfilling location; NO_RESTOCK moves nothing.
function restock(shop: ShopState, order: OrderRecord, lines: RefundLineRecord[], at: string): void {
  for (const l of lines) {
    if (l.restockType !== 'CANCEL' && l.restockType !== 'RETURN') continue;
    const li = order.lineItems.find((x) => x.id === l.lineItemId);
    const itemId = li?.variantId ? shop.variants.get(li.variantId)?.inventoryItemId : undefined;
    const fo = order.fulfillmentOrders.find((f) =>
      f.lineItems.some((x) => x.lineItemId === l.lineItemId),
    );
    const foLine = fo?.lineItems.find((x) => x.lineItemId === l.lineItemId);
    const level = itemId && fo ? shop.getLevel(itemId, fo.locationId) : undefined;
    if (l.restockType === 'CANCEL' && foLine) {
      const units = Math.min(l.quantity, foLine.remainingQuantity);
      foLine.remainingQuantity -= units;
      foLine.totalQuantity -= units;
      if (level) {
        level.quantities.committed -= units;
        level.quantities.available += units;
        level.updatedAt = at;
      }
    } else if (l.restockType === 'RETURN' && level) {
      level.quantities.available += l.quantity;
      level.quantities.on_hand += l.quantity;
      level.updatedAt = at;
    }
  }
}

export interface SimReturnInput {
  lineItems: {
    // Either the fulfillment line item, or the order line (its first fulfillment with units left).
    fulfillmentLineItemId?: string;
    lineItemId?: string;
    quantity: number;
    returnReason?: string;
    returnReasonNote?: string;
    customerNote?: string;
  }[];
  status?: 'OPEN' | 'REQUESTED' | 'CLOSED';
  requestedAt?: string;
}

function returnedQuantity(order: OrderRecord, fulfillmentLineItemId: string): number {
  return order.returns
    .filter((r) => r.status !== 'CANCELED' && r.status !== 'DECLINED')
    .flatMap((r) => r.lines)
    .filter((l) => l.fulfillmentLineItemId === fulfillmentLineItemId)
    .reduce((s, l) => s + l.quantity, 0);
}

export function createReturn(
  shop: ShopState,
  order: OrderRecord,
  input: SimReturnInput,
): { return: ReturnRecord | null; userErrors: (ChangeError & { code: string })[] } {
  const errors: (ChangeError & { code: string })[] = [];
  const fulfilled = order.fulfillments
    .filter((f) => f.status === 'SUCCESS')
    .flatMap((f) => f.lineItems);
  const lines: ReturnLineRecord[] = [];
  if (!input.lineItems.length)
    errors.push({
      field: ['returnLineItems'],
      message: 'Return line items must not be empty.',
      code: 'BLANK',
    });
  input.lineItems.forEach((l, i) => {
    const left = (id: string) =>
      (fulfilled.find((f) => f.id === id)?.quantity ?? 0) -
      returnedQuantity(order, id) -
      lines.filter((x) => x.fulfillmentLineItemId === id).reduce((s, x) => s + x.quantity, 0);
    const fli = l.fulfillmentLineItemId
      ? fulfilled.find((f) => f.id === l.fulfillmentLineItemId)
      : fulfilled.find((f) => f.lineItemId === l.lineItemId && left(f.id) >= l.quantity);
    if (!fli) {
      errors.push({
        field: ['returnLineItems', String(i), 'fulfillmentLineItemId'],
        message: 'Fulfillment line item does not exist.',
        code: 'NOT_FOUND',
      });
      return;
    }
    if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > left(fli.id)) {
      errors.push({
        field: ['returnLineItems', String(i), 'quantity'],
        message: `Quantity must be between 1 and ${left(fli.id)}.`,
        code: 'INVALID',
      });
      return;
    }
    lines.push({
      id: gid('ReturnLineItem', shop.nextId()),
      fulfillmentLineItemId: fli.id,
      lineItemId: fli.lineItemId,
      quantity: l.quantity,
      returnReason: l.returnReason ?? 'UNKNOWN',
      returnReasonNote: l.returnReasonNote ?? '',
      customerNote: l.customerNote ?? null,
    });
  });
  if (errors.length) return { return: null, userErrors: errors };
  const at = input.requestedAt ?? shop.now();
  const record: ReturnRecord = {
    id: gid('Return', shop.nextId()),
    orderId: order.id,
    name: `${order.name}-R${order.returns.length + 1}`,
    status: input.status ?? 'OPEN',
    createdAt: at,
    closedAt: input.status === 'CLOSED' ? at : null,
    lines,
  };
  order.returns.push(record);
  order.updatedAt = at;
  return { return: record, userErrors: [] };
}

export type SimOrderEditChange =
  | { type: 'set-quantity'; lineItemId: string; quantity: number }
  | { type: 'add-line'; line: SimOrderLineInput };

export interface SimOrderEditInput {
  changes: SimOrderEditChange[];
  at?: string;
}

// An order edit as Shopify commits it: a lower quantity removes units (LineItem.quantity keeps
// them, currentQuantity drops; their allocations and taxes stay on the line); a new line is
// added with its taxes (the line's own, else those of the order's first taxed line) and no
// order-level discount. Raising a quantity is not modelled (add a line instead).
export function editOrder(
  shop: ShopState,
  order: OrderRecord,
  input: SimOrderEditInput,
): { order: OrderRecord | null; userErrors: ChangeError[] } {
  const errors: ChangeError[] = [];
  if (!input.changes?.length)
    errors.push({ field: ['changes'], message: 'An edit needs at least one change.' });
  if (order.cancelledAt)
    errors.push({ field: ['id'], message: 'A cancelled order cannot be edited.' });
  input.changes?.forEach((c, i) => {
    if (c.type === 'set-quantity') {
      const li = order.lineItems.find((x) => x.id === c.lineItemId);
      if (!li)
        return errors.push({
          field: ['changes', String(i), 'lineItemId'],
          message: 'Line item does not exist.',
        });
      const current = currentQuantity(order, li);
      const unfulfilled = order.fulfillmentOrders
        .flatMap((f) => f.lineItems)
        .filter((x) => x.lineItemId === li.id)
        .reduce((s, x) => s + x.remainingQuantity, 0);
      if (
        !Number.isInteger(c.quantity) ||
        c.quantity < 0 ||
        c.quantity > current ||
        current - c.quantity > unfulfilled
      )
        errors.push({
          field: ['changes', String(i), 'quantity'],
          message: `Quantity must be between ${Math.max(0, current - unfulfilled)} and ${current} (raising a quantity is not modelled).`,
        });
    } else if (c.type !== 'add-line' || !c.line)
      errors.push({
        field: ['changes', String(i), 'type'],
        message: "A change is 'set-quantity' or 'add-line'.",
      });
  });
  if (errors.length) return { order: null, userErrors: errors };
  const at = input.at ?? shop.now();
  const taxed = order.lineItems.find((li) => li.taxLines.length);
  const fallback: SimTaxInput[] = taxed
    ? taxed.taxLines.map((t) => ({ title: t.title, rate: t.rate }))
    : defaultTaxes(0.21);
  for (const c of input.changes) {
    if (c.type === 'set-quantity') {
      const li = order.lineItems.find((x) => x.id === c.lineItemId)!;
      let removed = currentQuantity(order, li) - c.quantity;
      li.removedQuantity += removed;
      for (const fo of order.fulfillmentOrders) {
        const foLine = fo.lineItems.find((x) => x.lineItemId === li.id);
        if (!foLine || removed === 0) continue;
        const units = Math.min(removed, foLine.remainingQuantity);
        foLine.remainingQuantity -= units;
        foLine.totalQuantity -= units;
        removed -= units;
        const itemId = li.variantId ? shop.variants.get(li.variantId)?.inventoryItemId : undefined;
        const level = itemId ? shop.getLevel(itemId, fo.locationId) : undefined;
        if (level) {
          level.quantities.committed -= units;
          level.quantities.available += units;
          level.updatedAt = at;
        }
      }
    } else {
      const li = buildLineItem(shop, c.line, order.exchangeRate);
      applyLineTaxes(li, c.line.taxes ?? fallback, order.taxesIncluded, order.exchangeRate);
      order.lineItems.push(li);
      commitStock(shop, order, [li], at);
    }
  }
  order.edited = true;
  order.updatedAt = at;
  return { order, userErrors: [] };
}
