import type {
  DocumentTax,
  ErpCustomerEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  MoneyPair,
  OrdersSettingsV1,
  SalesDocumentType,
  ShopifyOrderEntity,
  StagedOrderExtras,
  StagedOrderLine,
  StagedRefund,
  StagedTaxLine,
} from '@shopsync/shared';
import { formatCents, prorate, ratio, sumCents, toCents } from './money';
import { orderBasis, refundedQuantities } from './order-basis';

export { basisChanges, orderBasis } from './order-basis';

// The order's ERP customer, or why there is none (sales-orders.handler.ts customerOf).
export interface OrderCustomer {
  customer: ErpCustomerEntity | null;
  customerProblem?: string;
}

export interface BuildInput extends OrderCustomer {
  order: ShopifyOrderEntity;
  knownSkus: Set<string>;
  shopCode: string;
  settings: OrdersSettingsV1;
  id: string;
  now: Date;
}

export type BuildResult =
  | { ok: true; header: ErpSalesOrderEntity; lines: ErpSalesOrderLineEntity[] }
  | { ok: false; error: string };

export type Side = 'shop' | 'presentment';

interface Tax {
  title: string;
  rate: number | null;
  cents: number;
}

// A document line in cents, before it is numbered and formatted.
interface Draft {
  kind: ErpSalesOrderLineEntity['kind'];
  type: ErpSalesOrderLineEntity['type'];
  sku: string;
  description: string;
  quantity: number;
  unitPrice: number;
  lineDiscount: number;
  // The whole-order discount of this line kept for the header (discounts 'invoice').
  invoiceShare: number;
  amount: number;
  taxes: Tax[] | null;
  shopifyLineItemId: string;
}

// One staged Shopify order → one ERP sales order (or invoice, when the shop says so and the order
// is already fulfilled). Every reason it cannot be converted is named, in one readable error.
export function buildSalesOrder(input: BuildInput): BuildResult {
  const { order, customer, settings } = input;
  const problems: string[] = [];
  if (!customer) {
    const contact =
      order.customer.email ?? order.customer.phone ?? order.customer.shopifyCustomerId ?? 'none';
    problems.push(
      input.customerProblem ??
        `no ERP customer for this order (contact: ${contact}); import customers or post the customer to the ERP`,
    );
  }
  const side: Side = order.extras && settings.currency === 'presentment' ? 'presentment' : 'shop';
  const netted = order.extras && settings.refunds !== 'off' ? nettableRefunds(order.extras) : [];
  const before = problems.length;
  const drafts = order.extras
    ? extrasLines(order, order.extras, side, netted, settings, problems)
    : legacyLines(order, settings);
  const unpriced = problems.length > before;
  order.lines.forEach((line, i) => {
    const onDocument = drafts.some((d) => d.shopifyLineItemId === line.shopifyLineItemId);
    if (!onDocument || line.giftCard) return;
    if (!line.sku) problems.push(`line ${i + 1} ('${line.title}') has no SKU`);
    else if (!input.knownSkus.has(line.sku))
      problems.push(`line ${i + 1}: unknown SKU '${line.sku}' (not an ERP item)`);
  });
  if (!order.lines.length) problems.push('the order has no lines');
  else if (!unpriced && !drafts.some((d) => d.kind === 'item' || d.kind === 'gift-card'))
    problems.push('the order has no lines left after its refunds and edits');
  if (problems.length || !customer) return { ok: false, error: problems.join('; ') };

  const documentType: SalesDocumentType =
    settings.invoiceWhenFulfilled && order.fulfillmentStatus === 'FULFILLED' ? 'invoice' : 'order';
  const orderNo = order.name.replace(/^#/, '');
  const header: ErpSalesOrderEntity = {
    id: input.id,
    shopId: order.shopId,
    shopifyOrderId: order.shopifyOrderId,
    number: settings.useShopifyOrderNumber ? orderNo : `${input.shopCode}-${orderNo}`,
    documentType,
    orderName: order.name,
    erpCustomerId: customer.id,
    customerNumber: customer.number,
    currency: order.currency,
    subtotal: order.subtotal,
    shipping: order.shipping,
    tax: order.tax,
    total: order.total,
    financialStatus: order.financialStatus,
    sellToAddress: order.billingAddress ?? order.shippingAddress ?? customer.address,
    shipToAddress: order.shippingAddress,
    company: order.extras?.company ?? null,
    orderDate: order.shopifyCreatedAt,
    createdAt: input.now,
    currencyMode: 'shop',
    exchangeRate: null,
    pricesIncludeTax: false,
    invoiceDiscount: '0.00',
    paymentMethods: null,
    nettedRefundIds: null,
    basis: orderBasis(order),
    conflict: null,
    conflictAcknowledgedAt: null,
    documentNumberSentAt: null,
    shopifyClosedAt: null,
  };
  if (order.extras) Object.assign(header, extrasHeader(order, order.extras, side, drafts, netted));
  const lines = drafts.map((d, i) => toLine(d, input.id, i));
  return { ok: true, header, lines };
}

// Refunds the document nets: those that took back lines or shipping. A refund of money alone
// changes no line; it is left for a credit memo.
function nettableRefunds(extras: StagedOrderExtras): StagedRefund[] {
  return extras.refunds.filter(
    (r) =>
      r.lines.length > 0 || toCents(r.shipping.shop) !== 0 || toCents(r.shipping.presentment) !== 0,
  );
}

const pick = (pair: MoneyPair, side: Side): number => toCents(pair[side]);
const taxesOf = (taxLines: StagedTaxLine[] | undefined, side: Side): Tax[] =>
  (taxLines ?? []).map((t) => ({ title: t.title, rate: t.rate, cents: pick(t.amount, side) }));
const taxTotal = (taxes: Tax[] | null): number => sumCents((taxes ?? []).map((t) => t.cents));

// Takes `cents` off taxes in proportion to their amounts; the parts taken add up exactly.
function lessTax(taxes: Tax[], cents: number): Tax[] {
  if (cents === 0) return taxes;
  const list = taxes.length ? taxes : [{ title: 'Tax', rate: null, cents: 0 }];
  const shares = prorate(
    cents,
    list.map((t) => t.cents),
  );
  return list.map((t, i) => ({ ...t, cents: t.cents - shares[i] }));
}

function extrasLines(
  order: ShopifyOrderEntity,
  extras: StagedOrderExtras,
  side: Side,
  netted: StagedRefund[],
  settings: OrdersSettingsV1,
  problems: string[],
): Draft[] {
  const wholeOrder = new Set(
    settings.discounts === 'invoice'
      ? extras.discountApplications
          .filter(
            (a) =>
              a.targetType === 'LINE_ITEM' &&
              a.targetSelection === 'ALL' &&
              a.allocationMethod === 'ACROSS',
          )
          .map((a) => a.index)
      : [],
  );
  const refundedAll = refundedQuantities(order);
  const drafts: Draft[] = [];
  order.lines.forEach((line, i) => {
    const price = unitPriceOf(line, side);
    if (price === null) {
      problems.push(`line ${i + 1} ('${line.title}') has no presentment price`);
      return;
    }
    const refundLines = netted.flatMap((r) =>
      r.lines.filter((l) => l.shopifyLineItemId === line.shopifyLineItemId),
    );
    const draft = itemLine(line, price, side, {
      refundedQty: sumCents(refundLines.map((l) => l.quantity)),
      refundedSubtotal: sumCents(refundLines.map((l) => pick(l.subtotal, side))),
      refundedTax: sumCents(refundLines.map((l) => pick(l.tax, side))),
      refundedAll: refundedAll.get(line.shopifyLineItemId) ?? 0,
      wholeOrder,
    });
    if (!draft) return;
    drafts.push(
      line.giftCard
        ? { ...draft, kind: 'gift-card', type: 'account', sku: settings.giftCardAccount }
        : draft,
    );
  });
  drafts.push(...shippingLines(extras, side, netted, settings));
  const tip = pick(extras.tip, side);
  if (tip > 0)
    drafts.push({
      kind: 'tip',
      type: 'account',
      sku: settings.tipAccount,
      description: 'Tip',
      quantity: 1,
      unitPrice: tip,
      lineDiscount: 0,
      invoiceShare: 0,
      amount: tip,
      taxes: [],
      shopifyLineItemId: '',
    });
  return drafts;
}

function unitPriceOf(line: StagedOrderLine, side: Side): number | null {
  if (side === 'shop') return toCents(line.price?.shop ?? line.unitPrice);
  const value = line.price?.presentment ?? line.presentment?.unitPrice;
  return value === undefined ? null : toCents(value);
}

interface LineNetting {
  refundedQty: number;
  refundedSubtotal: number;
  refundedTax: number;
  // Units refunded by any refund (netted or not): what tells removed units from refunded ones.
  refundedAll: number;
  wholeOrder: Set<number>;
}

// An item line net of the refunds netted into the document (Shopify's own amounts) and of the
// units order edits removed (their share of discount and tax prorated); null when no unit is left.
function itemLine(line: StagedOrderLine, price: number, side: Side, n: LineNetting): Draft | null {
  const current = line.currentQuantity ?? line.quantity - n.refundedAll;
  const removed = Math.max(0, line.quantity - current - n.refundedAll);
  const remaining = line.quantity - n.refundedQty;
  const kept = remaining - removed;
  if (kept <= 0) return null;

  const allocations = line.discounts
    ? line.discounts.map((d) => ({
        cents: pick(d.amount, side),
        invoice: n.wholeOrder.has(d.applicationIndex),
      }))
    : [{ cents: price * line.quantity - lineAmountOf(line, side), invoice: false }];
  if (!allocations.length) allocations.push({ cents: 0, invoice: false });
  // What the refunds took back beyond the refunded units' price is their share of the discounts.
  const refundedDiscount = price * n.refundedQty - n.refundedSubtotal;
  const refundShares = prorate(
    refundedDiscount,
    allocations.map((a) => a.cents),
  );
  // Allocations and tax lines cover every unit ordered: removed units take their share of each
  // (removed / quantity, rounded half up as a refund line's would be).
  const removedShare = (cents: number) =>
    removed ? prorate(cents, [removed, line.quantity - removed])[0] : 0;
  const keptAllocations = allocations.map((a, i) => ({
    ...a,
    cents: a.cents - refundShares[i] - removedShare(a.cents),
  }));
  const ordered = taxesOf(line.taxLines, side);
  const taxes = lessTax(ordered, n.refundedTax).map((t, j) => ({
    ...t,
    cents: t.cents - removedShare(ordered[j]?.cents ?? 0),
  }));
  const invoiceShare = sumCents(keptAllocations.filter((a) => a.invoice).map((a) => a.cents));
  const lineDiscount = sumCents(keptAllocations.filter((a) => !a.invoice).map((a) => a.cents));
  return {
    kind: 'item',
    type: 'item',
    sku: line.sku ?? '',
    description: line.title,
    quantity: kept,
    unitPrice: price,
    lineDiscount,
    invoiceShare,
    amount: price * kept - lineDiscount,
    taxes,
    shopifyLineItemId: line.shopifyLineItemId,
  };
}

const lineAmountOf = (line: StagedOrderLine, side: Side): number =>
  toCents(side === 'shop' ? line.amount : (line.presentment?.amount ?? line.amount));

// One line per Shopify shipping line with a price; refunded shipping comes off the first line
// (beyond its amount, off the next), and a line a refund took whole is left out.
function shippingLines(
  extras: StagedOrderExtras,
  side: Side,
  netted: StagedRefund[],
  settings: OrdersSettingsV1,
): Draft[] {
  let refund = sumCents(netted.map((r) => pick(r.shipping, side)));
  let refundTax = sumCents(netted.map((r) => pick(r.shippingTax, side)));
  const priced = extras.shippingLines.filter((s) => pick(s.price, side) > 0);
  const drafts: Draft[] = [];
  priced.forEach((s, i) => {
    const last = i === priced.length - 1;
    const price = pick(s.price, side);
    const discounted = pick(s.discountedPrice, side);
    let taxes = taxesOf(s.taxLines, side);
    const take = last ? refund : Math.min(refund, discounted);
    const takeTax = last ? refundTax : Math.min(refundTax, taxTotal(taxes));
    refund -= take;
    refundTax -= takeTax;
    taxes = lessTax(taxes, takeTax);
    const amount = discounted - take;
    if ((take !== 0 || takeTax !== 0) && amount === 0 && taxTotal(taxes) === 0) return;
    drafts.push({
      kind: 'shipping',
      type: settings.shippingChargeType,
      sku: settings.shippingChargeNo,
      description: s.title,
      quantity: 1,
      unitPrice: price,
      lineDiscount: price - amount,
      invoiceShare: 0,
      amount,
      taxes,
      shopifyLineItemId: s.shopifyShippingLineId ?? '',
    });
  });
  return drafts;
}

// Rows staged before issue 16: their lines as they are, and the header's shipping as one line.
function legacyLines(order: ShopifyOrderEntity, settings: OrdersSettingsV1): Draft[] {
  const drafts: Draft[] = order.lines.map((line) => ({
    kind: 'item',
    type: 'item',
    sku: line.sku ?? '',
    description: line.title,
    quantity: line.quantity,
    unitPrice: toCents(line.unitPrice),
    lineDiscount: 0,
    invoiceShare: 0,
    amount: toCents(line.amount),
    taxes: null,
    shopifyLineItemId: line.shopifyLineItemId,
  }));
  const shipping = toCents(order.shipping);
  if (shipping > 0)
    drafts.push({
      kind: 'shipping',
      type: settings.shippingChargeType,
      sku: settings.shippingChargeNo,
      description: 'Shipping',
      quantity: 1,
      unitPrice: shipping,
      lineDiscount: 0,
      invoiceShare: 0,
      amount: shipping,
      taxes: null,
      shopifyLineItemId: '',
    });
  return drafts;
}

function extrasHeader(
  order: ShopifyOrderEntity,
  extras: StagedOrderExtras,
  side: Side,
  drafts: Draft[],
  netted: StagedRefund[],
): Partial<ErpSalesOrderEntity> {
  const goods = drafts.filter((d) => d.kind === 'item' || d.kind === 'gift-card');
  const invoiceDiscount = sumCents(goods.map((d) => d.invoiceShare));
  const tax = sumCents(drafts.map((d) => taxTotal(d.taxes)));
  const amounts = sumCents(drafts.map((d) => d.amount));
  const total = amounts - invoiceDiscount + (extras.taxesIncluded ? 0 : tax);
  return {
    currency: side === 'shop' ? order.currency : extras.presentmentCurrency,
    subtotal: formatCents(sumCents(goods.map((d) => d.amount)) - invoiceDiscount),
    shipping: formatCents(
      sumCents(drafts.filter((d) => d.kind === 'shipping').map((d) => d.amount)),
    ),
    tax: formatCents(tax),
    total: formatCents(total),
    currencyMode: side,
    exchangeRate: side === 'shop' ? null : exchangeRate(order, extras),
    pricesIncludeTax: extras.taxesIncluded,
    invoiceDiscount: formatCents(invoiceDiscount),
    paymentMethods: [...extras.paymentMethods],
    nettedRefundIds: netted.map((r) => r.shopifyRefundId),
  };
}

// Shop-currency units per presentment unit, from the order's totals (before refunds: the rate is
// the order's, not the refunds'); from the line prices when the order totals nothing.
function exchangeRate(order: ShopifyOrderEntity, extras: StagedOrderExtras): string | null {
  if (order.currency === extras.presentmentCurrency) return '1.000000';
  const byTotal = ratio(toCents(order.total), toCents(extras.presentmentTotals.total));
  if (byTotal !== null && toCents(order.total) !== 0) return byTotal;
  const gross = (s: Side) =>
    sumCents(order.lines.map((l) => (unitPriceOf(l, s) ?? 0) * l.quantity));
  return gross('shop') ? ratio(gross('shop'), gross('presentment')) : null;
}

function toLine(d: Draft, salesOrderId: string, i: number): ErpSalesOrderLineEntity {
  const taxes: DocumentTax[] | null = d.taxes
    ? d.taxes.map((t) => ({ title: t.title, rate: t.rate, amount: formatCents(t.cents) }))
    : null;
  return {
    salesOrderId,
    lineNo: (i + 1) * 10000,
    sku: d.sku,
    description: d.description.slice(0, 255),
    quantity: d.quantity,
    unitPrice: formatCents(d.unitPrice),
    amount: formatCents(d.amount),
    shopifyLineItemId: d.shopifyLineItemId,
    kind: d.kind,
    type: d.type,
    lineDiscount: formatCents(d.lineDiscount),
    taxAmount: formatCents(taxTotal(d.taxes)),
    taxes,
  };
}
