import type {
  MoneyPair,
  ShopifyOrderEntity,
  StagedDiscountAllocation,
  StagedDiscountApplication,
  StagedOrderLine,
  StagedRefund,
  StagedShippingLine,
  StagedTaxLine,
} from '@shopsync/shared';

// Test data only (the specs beside it): staged orders shaped the way Shopify gives them. A small
// model of Shopify's arithmetic computes every money field on each side on its own, rounded per
// field as Shopify does (presentment prices are converted and rounded, then discounts and taxes
// are computed in that currency), and states Shopify's totals from those fields. The builders
// must reach the same totals from the staged fields without seeing this model.

export interface LineSpec {
  id: string;
  sku: string | null;
  title: string;
  quantity: number;
  price: number; // shop cents, per unit
  giftCard?: boolean;
  taxes?: Array<[string, number]>;
  // A line-level automatic discount of this many shop cents per unit (EACH, entitled lines).
  perUnitOff?: number;
  // Units removed by an order edit.
  removed?: number;
  // Takes part in OrderSpec.entitledPercentOff.
  entitled?: boolean;
}

export interface ShippingSpec {
  title: string;
  price: number;
  // A shipping discount, as a fraction of the price.
  off?: number;
  taxes?: Array<[string, number]>;
}

export interface RefundSpec {
  id: string;
  createdAt: string;
  lines: Array<{ id: string; quantity: number }>;
  shipping?: number; // shop cents refunded for shipping, before tax
  // Money paid back beyond lines, shipping and tax (negative: a restocking fee kept).
  extra?: number;
  note?: string;
  returnId?: string;
}

export interface OrderSpec {
  name: string;
  currency?: string;
  presentmentCurrency?: string;
  // Presentment units per shop unit.
  rate?: number;
  taxesIncluded?: boolean;
  lines: LineSpec[];
  // A discount code of this percentage across all lines (the whole-order discount).
  orderPercentOff?: number;
  // A manual fixed discount across all lines, in shop cents.
  orderAmountOff?: number;
  // An automatic discount of this percentage across the entitled lines only (not whole-order).
  entitledPercentOff?: number;
  shipping?: ShippingSpec[];
  tip?: number;
  refunds?: RefundSpec[];
  paymentMethods?: string[];
  fulfillmentStatus?: string;
}

type Side = 'shop' | 'presentment';
const SIDES: Side[] = ['shop', 'presentment'];
const fmt = (cents: number): string => {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
const pair = (f: (s: Side) => number): MoneyPair => ({
  shop: fmt(f('shop')),
  presentment: fmt(f('presentment')),
});
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const cents = (v: string): number => Math.round(Number(v) * 100);

// Shopify's own side totals, for the assertions.
export interface ShopifyTotals {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
  discounts: number;
  // Whole-order (all lines, across) discounts, as allocated.
  orderDiscounts: number;
}

export interface ShopifyOrder {
  order: ShopifyOrderEntity;
  totals: Record<Side, ShopifyTotals>;
  // After refunds and edits (Shopify's current* fields).
  current: Record<Side, ShopifyTotals>;
  // After edits only: what the document shows when refunds are not netted.
  edited: Record<Side, ShopifyTotals>;
}

interface SideLine {
  unit: number;
  gross: number;
  allocations: Array<{ index: number; cents: number }>;
  net: number;
  taxes: number[];
}

export function shopifyOrder(spec: OrderSpec): ShopifyOrder {
  const rate = spec.rate ?? 1;
  const conv = (cents: number, s: Side) => (s === 'shop' ? cents : Math.round(cents * rate));
  const incl = spec.taxesIncluded ?? false;
  const taxOf = (net: number, rates: Array<[string, number]>, i: number) => {
    const r = rates[i][1];
    const all = sum(rates.map((x) => x[1]));
    return Math.round(incl ? (net * r) / (1 + all) : net * r);
  };
  const applications: StagedDiscountApplication[] = [
    {
      index: 0,
      kind: 'AUTOMATIC',
      label: 'Volume',
      allocationMethod: 'EACH',
      targetSelection: 'ENTITLED',
      targetType: 'LINE_ITEM',
      value: { amount: '1.00', currency: spec.currency ?? 'EUR' },
    },
    {
      index: 1,
      kind: spec.orderAmountOff ? 'MANUAL' : 'DISCOUNT_CODE',
      label: spec.orderAmountOff ? 'Goodwill' : 'SAVE',
      allocationMethod: 'ACROSS',
      targetSelection: 'ALL',
      targetType: 'LINE_ITEM',
      value: spec.orderAmountOff
        ? { amount: fmt(spec.orderAmountOff), currency: spec.currency ?? 'EUR' }
        : { percentage: spec.orderPercentOff ?? 0 },
    },
    {
      index: 2,
      kind: 'AUTOMATIC',
      label: 'Cheaper shipping',
      allocationMethod: 'EACH',
      targetSelection: 'ENTITLED',
      targetType: 'SHIPPING_LINE',
      value: { percentage: 50 },
    },
    {
      index: 3,
      kind: 'AUTOMATIC',
      label: 'Lamps on sale',
      allocationMethod: 'ACROSS',
      targetSelection: 'ENTITLED',
      targetType: 'LINE_ITEM',
      value: { percentage: spec.entitledPercentOff ?? 0 },
    },
  ];

  const sideLines = (s: Side): SideLine[] => {
    const lines = spec.lines.map((l) => {
      const unit = conv(l.price, s);
      const gross = unit * l.quantity;
      const allocations = l.perUnitOff
        ? [{ index: 0, cents: conv(l.perUnitOff, s) * l.quantity }]
        : [];
      return {
        unit,
        gross,
        allocations,
        net: gross - sum(allocations.map((a) => a.cents)),
        taxes: [] as number[],
      };
    });
    // Shopify spreads an across discount over its lines by their value; the last takes the rest.
    const across = (index: number, targets: number[], off: (base: number) => number) => {
      const base = sum(targets.map((i) => lines[i].net));
      const total = off(base);
      if (!total) return;
      let left = total;
      targets.forEach((i, k) => {
        const share = k === targets.length - 1 ? left : Math.floor((total * lines[i].net) / base);
        left -= share;
        lines[i].allocations.push({ index, cents: share });
        lines[i].net -= share;
      });
    };
    if (spec.entitledPercentOff)
      across(
        3,
        spec.lines.flatMap((l, i) => (l.entitled ? [i] : [])),
        (base) => Math.round((base * spec.entitledPercentOff!) / 100),
      );
    const base = sum(lines.map((l) => l.net));
    const orderOff = spec.orderAmountOff
      ? conv(spec.orderAmountOff, s)
      : spec.orderPercentOff
        ? Math.round((base * spec.orderPercentOff) / 100)
        : 0;
    across(
      1,
      lines.map((_, i) => i),
      () => orderOff,
    );
    lines.forEach((l, i) => {
      const rates = spec.lines[i].taxes ?? [];
      l.taxes = rates.map((_, j) => taxOf(l.net, rates, j));
    });
    return lines;
  };
  const bySide = { shop: sideLines('shop'), presentment: sideLines('presentment') };

  const shippingSide = (s: Side) =>
    (spec.shipping ?? []).map((sh) => {
      const price = conv(sh.price, s);
      const off = sh.off ? Math.round(price * sh.off) : 0;
      const discounted = price - off;
      const rates = sh.taxes ?? [];
      return { price, off, discounted, taxes: rates.map((_, j) => taxOf(discounted, rates, j)) };
    });
  const ship = { shop: shippingSide('shop'), presentment: shippingSide('presentment') };

  const lines: StagedOrderLine[] = spec.lines.map((l, i) => {
    const refunded = sum(
      (spec.refunds ?? []).flatMap((r) =>
        r.lines.filter((x) => x.id === l.id).map((x) => x.quantity),
      ),
    );
    const discounts: StagedDiscountAllocation[] = bySide.shop[i].allocations.map((a, k) => ({
      applicationIndex: a.index,
      amount: pair((s) => bySide[s][i].allocations[k].cents),
    }));
    const taxLines: StagedTaxLine[] = (l.taxes ?? []).map(([title, r], j) => ({
      title,
      rate: r,
      amount: pair((s) => bySide[s][i].taxes[j]),
    }));
    const lineLevel = (s: Side) =>
      sum(bySide[s][i].allocations.filter((a) => a.index !== 1).map((a) => a.cents));
    return {
      shopifyLineItemId: l.id,
      sku: l.sku,
      title: l.title,
      quantity: l.quantity,
      unitPrice: fmt(bySide.shop[i].unit),
      amount: fmt(bySide.shop[i].gross - lineLevel('shop')),
      currentQuantity: l.quantity - refunded - (l.removed ?? 0),
      presentment: {
        unitPrice: fmt(bySide.presentment[i].unit),
        amount: fmt(bySide.presentment[i].gross - lineLevel('presentment')),
      },
      price: pair((s) => bySide[s][i].unit),
      discounts,
      taxLines,
      taxable: taxLines.length > 0,
      giftCard: l.giftCard ?? false,
      requiresShipping: !l.giftCard,
    };
  });

  const shippingLines: StagedShippingLine[] = (spec.shipping ?? []).map((sh, i) => ({
    shopifyShippingLineId: `gid://shopify/ShippingLine/${i + 1}`,
    title: sh.title,
    code: sh.title.toLowerCase(),
    source: 'shopify',
    price: pair((s) => ship[s][i].price),
    discountedPrice: pair((s) => ship[s][i].discounted),
    discounts: sh.off ? [{ applicationIndex: 2, amount: pair((s) => ship[s][i].off) }] : [],
    taxLines: (sh.taxes ?? []).map(([title, r], j) => ({
      title,
      rate: r,
      amount: pair((s) => ship[s][i].taxes[j]),
    })),
  }));

  // A refund line takes its units' share of the line's net amount and of each tax, rounded.
  const refunds: StagedRefund[] = (spec.refunds ?? []).map((r) => {
    const lineParts = r.lines.map((x) => {
      const i = spec.lines.findIndex((l) => l.id === x.id);
      const q = spec.lines[i]?.quantity ?? 1;
      const part = (s: Side) => ({
        subtotal: i < 0 ? 0 : Math.round((bySide[s][i].net * x.quantity) / q),
        tax: i < 0 ? 0 : sum(bySide[s][i].taxes.map((t) => Math.round((t * x.quantity) / q))),
      });
      return { x, part };
    });
    const shipRates = spec.shipping?.[0]?.taxes ?? [];
    const shipPart = (s: Side) => {
      const amount = conv(r.shipping ?? 0, s);
      return { amount, tax: sum(shipRates.map((_, j) => taxOf(amount, shipRates, j))) };
    };
    const total = (s: Side) =>
      sum(lineParts.map((p) => p.part(s).subtotal + (incl ? 0 : p.part(s).tax))) +
      shipPart(s).amount +
      (incl ? 0 : shipPart(s).tax) +
      conv(r.extra ?? 0, s);
    return {
      shopifyRefundId: r.id,
      createdAt: r.createdAt,
      note: r.note ?? null,
      shopifyReturnId: r.returnId ?? null,
      lines: lineParts.map((p) => ({
        shopifyLineItemId: p.x.id,
        quantity: p.x.quantity,
        restockType: 'RETURN',
        subtotal: pair((s) => p.part(s).subtotal),
        tax: pair((s) => p.part(s).tax),
      })),
      shipping: pair((s) => shipPart(s).amount),
      shippingTax: pair((s) => shipPart(s).tax),
      total: pair(total),
    };
  });

  const totalsOf = (s: Side, withRefunds: boolean, withEdits: boolean): ShopifyTotals => {
    let subtotal = sum(bySide[s].map((l) => l.net));
    let tax = sum(bySide[s].map((l) => sum(l.taxes))) + sum(ship[s].map((x) => sum(x.taxes)));
    let shipping = sum(ship[s].map((x) => x.discounted));
    let orderDiscounts = sum(
      bySide[s].flatMap((l) => l.allocations.filter((a) => a.index === 1).map((a) => a.cents)),
    );
    if (withEdits)
      spec.lines.forEach((l, i) => {
        const removed = l.removed ?? 0;
        if (!removed) return;
        // The removed units' share of each discount and tax, rounded.
        const share = (c: number) => Math.round((c * removed) / l.quantity);
        const line = bySide[s][i];
        subtotal -= line.unit * removed - sum(line.allocations.map((a) => share(a.cents)));
        tax -= sum(line.taxes.map(share));
        orderDiscounts -= sum(
          line.allocations.filter((a) => a.index === 1).map((a) => share(a.cents)),
        );
      });
    // Refunds of lines or shipping change the current totals; a refund of money alone does not.
    if (withRefunds)
      for (const r of refunds) {
        subtotal -= sum(r.lines.map((x) => cents(x.subtotal[s])));
        tax -= sum(r.lines.map((x) => cents(x.tax[s])));
        shipping -= cents(r.shipping[s]);
        tax -= cents(r.shippingTax[s]);
      }
    const tip = conv(spec.tip ?? 0, s);
    const discounts =
      sum(bySide[s].flatMap((l) => l.allocations.map((a) => a.cents))) +
      sum(ship[s].map((x) => x.off));
    return {
      subtotal,
      shipping,
      tax,
      total: subtotal + shipping + (incl ? 0 : tax) + tip,
      discounts,
      orderDiscounts,
    };
  };
  const record = (r: boolean, e: boolean) => ({
    shop: totalsOf('shop', r, e),
    presentment: totalsOf('presentment', r, e),
  });
  const totals = record(false, false);
  const current = record(true, true);
  const edited = record(false, true);

  const transactions = (spec.paymentMethods ?? ['shopify_payments']).map((gateway, i) => ({
    shopifyTransactionId: `gid://shopify/OrderTransaction/${i + 1}`,
    kind: 'SALE',
    status: 'SUCCESS',
    gateway,
    amount: pair((s) => (i === 0 ? totals[s].total : 0)),
    processedAt: '2026-05-01T09:00:00Z',
  }));
  const tipPair = pair((s) => conv(spec.tip ?? 0, s));
  const order = {
    id: `staged-${spec.name}`,
    shopId: 'shop',
    shopifyOrderId: `gid://shopify/Order/${spec.name.replace('#', '')}`,
    name: spec.name,
    customer: {
      shopifyCustomerId: 'gid://shopify/Customer/1',
      email: 'a@x.nl',
      phone: null,
      firstName: 'A',
      lastName: 'B',
    },
    currency: spec.currency ?? 'EUR',
    financialStatus: spec.refunds?.length ? 'PARTIALLY_REFUNDED' : 'PAID',
    fulfillmentStatus: spec.fulfillmentStatus ?? 'UNFULFILLED',
    closed: false,
    cancelledAt: null,
    subtotal: fmt(totals.shop.subtotal),
    shipping: fmt(totals.shop.shipping),
    tax: fmt(totals.shop.tax),
    total: fmt(totals.shop.total),
    lines,
    shippingAddress: { city: 'Utrecht' },
    billingAddress: null,
    extras: {
      presentmentCurrency: spec.presentmentCurrency ?? spec.currency ?? 'EUR',
      taxesIncluded: incl,
      presentmentTotals: {
        subtotal: fmt(totals.presentment.subtotal),
        shipping: fmt(totals.presentment.shipping),
        tax: fmt(totals.presentment.tax),
        total: fmt(totals.presentment.total),
      },
      discounts: pair((s) => totals[s].discounts),
      tip: tipPair,
      current: {
        subtotal: pair((s) => current[s].subtotal),
        tax: pair((s) => current[s].tax),
        total: pair((s) => current[s].total),
      },
      discountApplications: applications,
      discountCodes: spec.orderPercentOff ? ['SAVE'] : [],
      shippingLines,
      taxLines: [],
      transactions,
      paymentMethods: [...new Set(transactions.map((t) => t.gateway))],
      refunds,
      returns: [],
      fulfillmentOrders: [],
      note: null,
      customAttributes: [],
      tags: [],
      riskLevel: 'LOW',
      edited: spec.lines.some((l) => l.removed),
    },
    refundsPending: false,
    shopifyCreatedAt: new Date('2026-05-01T09:00:00Z'),
    shopifyUpdatedAt: new Date('2026-05-01T09:30:00Z'),
    processed: false,
    processedAt: null,
    error: null,
    salesOrderId: null,
    importedAt: new Date('2026-05-01T09:31:00Z'),
    updatedAt: new Date('2026-05-01T09:31:00Z'),
  } as ShopifyOrderEntity;
  return { order, totals, current, edited };
}

export { SIDES };
