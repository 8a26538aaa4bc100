import type {
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
  ErpSalesOrderEntity,
  MoneyPair,
  OrdersSettingsV1,
  ShopifyOrderEntity,
  StagedRefund,
} from '@shopsync/shared';
import { divideCents, formatCents, sumCents, toCents } from './money';

export interface CreditMemoInput {
  order: ShopifyOrderEntity;
  salesOrder: ErpSalesOrderEntity;
  refund: StagedRefund;
  settings: OrdersSettingsV1;
  id: string;
  now: Date;
}

export type CreditMemoResult =
  | { ok: true; memo: ErpCreditMemoEntity; lines: ErpCreditMemoLineEntity[] }
  | { ok: false; error: string };

// The order's refunds in the order they happened (createdAt, then id): a refund's position here
// is its credit memo number.
const inOrder = (refunds: StagedRefund[]): StagedRefund[] =>
  [...refunds].sort((a, b) =>
    a.createdAt === b.createdAt
      ? a.shopifyRefundId.localeCompare(b.shopifyRefundId)
      : new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime(),
  );

// Refunds of the order that its document did not net and that have no credit memo yet.
export function pendingRefunds(
  order: ShopifyOrderEntity,
  salesOrder: ErpSalesOrderEntity,
  existingRefundIds: Set<string>,
): StagedRefund[] {
  const netted = new Set(salesOrder.nettedRefundIds ?? []);
  return inOrder(order.extras?.refunds ?? []).filter(
    (r) => !netted.has(r.shopifyRefundId) && !existingRefundIds.has(r.shopifyRefundId),
  );
}

type Draft = Omit<
  ErpCreditMemoLineEntity,
  'creditMemoId' | 'lineNo' | 'amount' | 'unitPrice' | 'taxAmount'
> & {
  unitPrice: number;
  amount: number;
  taxAmount: number;
};

// One Shopify refund of an order already made into a document → one credit memo, on the same
// currency side as the sales order. What the refund paid back beyond its lines, shipping and tax
// (a restocking fee, an amount refunded on its own) is one line on the refund account, so the
// memo's total is the refund's to the cent.
export function buildCreditMemo(input: CreditMemoInput): CreditMemoResult {
  const { order, salesOrder, refund, settings } = input;
  const side = salesOrder.currencyMode;
  const pick = (pair: MoneyPair): number => toCents(pair[side]);
  const refunds = inOrder(order.extras?.refunds ?? []);
  const position = refunds.findIndex((r) => r.shopifyRefundId === refund.shopifyRefundId);
  if (!order.extras)
    return { ok: false, error: 'the order has no refund detail (staged before refunds were read)' };
  if (position < 0)
    return { ok: false, error: `refund ${refund.shopifyRefundId} is not a refund of this order` };

  const problems: string[] = [];
  const drafts: Draft[] = [];
  refund.lines.forEach((rl, i) => {
    const line = order.lines.find((l) => l.shopifyLineItemId === rl.shopifyLineItemId);
    if (!line) {
      problems.push(`refund line ${i + 1}: line item ${rl.shopifyLineItemId} is not on the order`);
      return;
    }
    // A refund line of no units is money only: it falls into the remainder line.
    if (rl.quantity <= 0) return;
    if (!line.giftCard && !line.sku) {
      problems.push(`refund line ${i + 1} ('${line.title}') has no SKU`);
      return;
    }
    const amount = pick(rl.subtotal);
    drafts.push({
      kind: line.giftCard ? 'gift-card' : 'item',
      type: line.giftCard ? 'account' : 'item',
      no: line.giftCard ? settings.giftCardAccount : (line.sku as string),
      description: line.title.slice(0, 255),
      quantity: rl.quantity,
      unitPrice: divideCents(amount, rl.quantity),
      amount,
      taxAmount: pick(rl.tax),
      shopifyLineItemId: line.shopifyLineItemId,
    });
  });
  if (problems.length) return { ok: false, error: problems.join('; ') };

  const shipping = pick(refund.shipping);
  const shippingTax = pick(refund.shippingTax);
  if (shipping !== 0 || shippingTax !== 0) {
    const first = order.extras.shippingLines[0];
    drafts.push({
      kind: 'shipping',
      type: settings.shippingChargeType,
      no: settings.shippingChargeNo,
      description: (first?.title ?? 'Shipping').slice(0, 255),
      quantity: 1,
      unitPrice: shipping,
      amount: shipping,
      taxAmount: shippingTax,
      shopifyLineItemId: first?.shopifyShippingLineId ?? null,
    });
  }
  const total = pick(refund.total);
  const explained =
    sumCents(drafts.map((d) => d.amount)) +
    (salesOrder.pricesIncludeTax ? 0 : sumCents(drafts.map((d) => d.taxAmount)));
  if (total !== explained)
    drafts.push({
      kind: 'refund',
      type: 'account',
      no: settings.refundAccount,
      description: (refund.note ?? 'Refund not itemized').slice(0, 255),
      quantity: 1,
      unitPrice: total - explained,
      amount: total - explained,
      taxAmount: 0,
      shopifyLineItemId: null,
    });

  const memo: ErpCreditMemoEntity = {
    id: input.id,
    shopId: salesOrder.shopId,
    shopifyOrderId: salesOrder.shopifyOrderId,
    shopifyRefundId: refund.shopifyRefundId,
    shopifyReturnId: refund.shopifyReturnId,
    salesOrderId: salesOrder.id,
    number: `${salesOrder.number}-CM${position + 1}`,
    orderName: salesOrder.orderName,
    erpCustomerId: salesOrder.erpCustomerId,
    customerNumber: salesOrder.customerNumber,
    currency: salesOrder.currency,
    exchangeRate: salesOrder.exchangeRate,
    pricesIncludeTax: salesOrder.pricesIncludeTax,
    subtotal: formatCents(sumCents(drafts.map((d) => d.amount))),
    tax: formatCents(sumCents(drafts.map((d) => d.taxAmount))),
    total: formatCents(total),
    note: refund.note,
    refundedAt: new Date(refund.createdAt),
    createdAt: input.now,
  };
  const lines: ErpCreditMemoLineEntity[] = drafts.map((d, i) => ({
    ...d,
    creditMemoId: input.id,
    lineNo: (i + 1) * 10000,
    unitPrice: formatCents(d.unitPrice),
    amount: formatCents(d.amount),
    taxAmount: formatCents(d.taxAmount),
  }));
  return { ok: true, memo, lines };
}
