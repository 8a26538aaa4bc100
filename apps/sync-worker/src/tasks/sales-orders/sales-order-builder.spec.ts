import {
  OrdersSettingsV1,
  type ErpCustomerEntity,
  type ErpSalesOrderLineEntity,
  type ShopifyOrderEntity,
} from '@shopsync/shared';
import { toCents } from './money';
import { buildSalesOrder, orderBasis } from './sales-order-builder';
import { shopifyOrder, SIDES, type OrderSpec, type ShopifyOrder } from './sales-order.fixtures';

const now = new Date('2026-05-01T10:00:00Z');
const customer = { id: 'c1', number: 'C-1', address: null } as ErpCustomerEntity;
const settingsWith = (patch: Partial<OrdersSettingsV1> = {}): OrdersSettingsV1 =>
  Object.assign(new OrdersSettingsV1(), { invoiceWhenFulfilled: true }, patch);

// A row staged before issue 16 (extras null).
const order = (patch: Partial<ShopifyOrderEntity> = {}): ShopifyOrderEntity =>
  ({
    id: 's1',
    shopId: 'shop',
    shopifyOrderId: 'gid://shopify/Order/1',
    name: '#1001',
    customer: {
      shopifyCustomerId: null,
      email: 'a@x.nl',
      phone: null,
      firstName: null,
      lastName: null,
    },
    currency: 'EUR',
    financialStatus: 'PAID',
    fulfillmentStatus: 'UNFULFILLED',
    subtotal: '20.00',
    shipping: '4.95',
    tax: '3.47',
    total: '24.95',
    lines: [
      {
        shopifyLineItemId: 'l1',
        sku: 'A',
        title: 'Mug',
        quantity: 2,
        unitPrice: '10.00',
        amount: '20.00',
      },
    ],
    shippingAddress: { city: 'Utrecht' },
    billingAddress: null,
    extras: null,
    cancelledAt: null,
    shopifyCreatedAt: now,
    ...patch,
  }) as ShopifyOrderEntity;

const base = {
  customer,
  knownSkus: new Set(['A', 'B', 'C']),
  shopCode: 'eu',
  settings: settingsWith(),
  id: 'so1',
  now,
};

describe('buildSalesOrder (rows staged before issue 16)', () => {
  it('maps header, amounts and lines', () => {
    const r = buildSalesOrder({ ...base, order: order() });
    if (!r.ok) throw new Error(r.error);
    expect(r.header).toMatchObject({
      number: 'eu-1001',
      documentType: 'order',
      customerNumber: 'C-1',
      total: '24.95',
      subtotal: '20.00',
      shipping: '4.95',
      tax: '3.47',
      currencyMode: 'shop',
      exchangeRate: null,
      conflict: null,
      nettedRefundIds: null,
    });
    expect(r.header.sellToAddress).toEqual({ city: 'Utrecht' });
    expect(r.lines[0]).toEqual(
      expect.objectContaining({
        lineNo: 10000,
        sku: 'A',
        quantity: 2,
        unitPrice: '10.00',
        amount: '20.00',
        kind: 'item',
        taxes: null,
      }),
    );
  });

  it('adds one shipping line from the header when there is shipping, none otherwise', () => {
    const r = buildSalesOrder({
      ...base,
      settings: settingsWith({ shippingChargeType: 'item-charge', shippingChargeNo: 'FREIGHT' }),
      order: order(),
    });
    if (!r.ok) throw new Error(r.error);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[1]).toMatchObject({
      lineNo: 20000,
      kind: 'shipping',
      type: 'item-charge',
      sku: 'FREIGHT',
      quantity: 1,
      unitPrice: '4.95',
      amount: '4.95',
      taxes: null,
    });
    const free = buildSalesOrder({ ...base, order: order({ shipping: '0.00' }) });
    expect(free.ok && free.lines.map((l) => l.kind)).toEqual(['item']);
  });

  it('makes an invoice of a fulfilled order when the shop says so', () => {
    const fulfilled = order({ fulfillmentStatus: 'FULFILLED' });
    expect(buildSalesOrder({ ...base, order: fulfilled })).toMatchObject({
      header: { documentType: 'invoice' },
    });
    expect(
      buildSalesOrder({
        ...base,
        settings: settingsWith({ invoiceWhenFulfilled: false }),
        order: fulfilled,
      }),
    ).toMatchObject({ header: { documentType: 'order' } });
  });

  it('names every reason an order cannot be converted', () => {
    const r = buildSalesOrder({
      ...base,
      customer: null,
      order: order({
        lines: [
          {
            shopifyLineItemId: 'l1',
            sku: 'Z',
            title: 'Lamp',
            quantity: 1,
            unitPrice: '1.00',
            amount: '1.00',
          },
          {
            shopifyLineItemId: 'l2',
            sku: null,
            title: 'Gift wrap',
            quantity: 1,
            unitPrice: '1.00',
            amount: '1.00',
          },
        ],
      }),
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('no ERP customer for this order (contact: a@x.nl)');
    expect(r.error).toContain("line 1: unknown SKU 'Z' (not an ERP item)");
    expect(r.error).toContain("line 2 ('Gift wrap') has no SKU");
  });

  it('names the customer problem the lookup gave', () => {
    const r = buildSalesOrder({
      ...base,
      customer: null,
      customerProblem: 'no ERP customer (contact: a@x.nl); customers.autoCreateUnknown is off',
      order: order(),
    });
    expect(r).toEqual({
      ok: false,
      error: 'no ERP customer (contact: a@x.nl); customers.autoCreateUnknown is off',
    });
  });

  it('uses the Shopify order number as the document number when the shop says so', () => {
    const r = buildSalesOrder({
      ...base,
      settings: settingsWith({ useShopifyOrderNumber: true }),
      order: order(),
    });
    expect(r.ok && r.header.number).toBe('1001');
  });
});

// Real-shaped orders: every money field on both sides, each rounded by Shopify on its own.
const EUR_USD = { currency: 'EUR', presentmentCurrency: 'USD', rate: 1.0951 };
const US_TAX: Array<[string, number]> = [
  ['State tax', 0.0625],
  ['County tax', 0.0175],
];
const TABLE: Array<[string, OrderSpec]> = [
  [
    'two currencies, a code across lines, a line discount, a shipping discount, two taxes, a tip',
    {
      name: '#2001',
      ...EUR_USD,
      lines: [
        {
          id: 'a',
          sku: 'A',
          title: 'Mug',
          quantity: 3,
          price: 1295,
          perUnitOff: 100,
          taxes: US_TAX,
        },
        {
          id: 'b',
          sku: 'B',
          title: 'Lamp',
          quantity: 1,
          price: 3999,
          taxes: US_TAX,
          entitled: true,
        },
        { id: 'c', sku: 'C', title: 'Card', quantity: 2, price: 333, taxes: US_TAX },
      ],
      orderPercentOff: 10,
      entitledPercentOff: 20,
      shipping: [{ title: 'Standard', price: 695, off: 0.5, taxes: US_TAX }],
      tip: 250,
    },
  ],
  [
    'taxes included, two taxes per line, a manual amount off the whole order, two shipping lines',
    {
      name: '#2002',
      currency: 'EUR',
      presentmentCurrency: 'GBP',
      rate: 0.8571,
      taxesIncluded: true,
      lines: [
        {
          id: 'a',
          sku: 'A',
          title: 'Mug',
          quantity: 3,
          price: 999,
          taxes: [
            ['GST', 0.05],
            ['QST', 0.09975],
          ],
        },
        {
          id: 'b',
          sku: 'B',
          title: 'Lamp',
          quantity: 1,
          price: 2450,
          taxes: [
            ['GST', 0.05],
            ['QST', 0.09975],
          ],
        },
      ],
      orderAmountOff: 500,
      shipping: [
        {
          title: 'Standard',
          price: 495,
          taxes: [
            ['GST', 0.05],
            ['QST', 0.09975],
          ],
        },
        {
          title: 'Gift wrapping delivery',
          price: 150,
          taxes: [
            ['GST', 0.05],
            ['QST', 0.09975],
          ],
        },
      ],
    },
  ],
  [
    'a gift card sold beside an item, paid partly with a gift card, one currency',
    {
      name: '#2003',
      lines: [
        { id: 'g', sku: null, title: 'Gift card €25', quantity: 1, price: 2500, giftCard: true },
        { id: 'a', sku: 'A', title: 'Mug', quantity: 2, price: 1295, taxes: [['VAT 21%', 0.21]] },
      ],
      shipping: [{ title: 'Post', price: 395, taxes: [['VAT 21%', 0.21]] }],
      paymentMethods: ['gift_card', 'shopify_payments'],
    },
  ],
  [
    'refunded before processing: a unit, a whole line and part of the shipping',
    {
      name: '#2004',
      ...EUR_USD,
      lines: [
        {
          id: 'a',
          sku: 'A',
          title: 'Mug',
          quantity: 3,
          price: 1295,
          perUnitOff: 50,
          taxes: US_TAX,
        },
        { id: 'b', sku: 'B', title: 'Lamp', quantity: 2, price: 1999, taxes: US_TAX },
      ],
      orderPercentOff: 15,
      shipping: [{ title: 'Standard', price: 695, taxes: US_TAX }],
      refunds: [
        {
          id: 'r1',
          createdAt: '2026-05-01T09:10:00Z',
          lines: [{ id: 'a', quantity: 1 }],
          shipping: 200,
        },
        { id: 'r2', createdAt: '2026-05-01T09:20:00Z', lines: [{ id: 'b', quantity: 2 }] },
      ],
    },
  ],
  [
    'edited before processing: a unit removed and a line added',
    {
      name: '#2005',
      ...EUR_USD,
      lines: [
        {
          id: 'a',
          sku: 'A',
          title: 'Mug',
          quantity: 4,
          price: 1295,
          perUnitOff: 100,
          removed: 1,
          taxes: US_TAX,
        },
        { id: 'b', sku: 'B', title: 'Lamp', quantity: 2, price: 3999, removed: 2, taxes: US_TAX },
        { id: 'c', sku: 'C', title: 'Card', quantity: 1, price: 750, taxes: US_TAX },
      ],
      orderPercentOff: 10,
      shipping: [{ title: 'Standard', price: 695, taxes: US_TAX }],
    },
  ],
  [
    'a refund of money alone before processing, taxes included, presentment rounding',
    {
      name: '#2006',
      currency: 'EUR',
      presentmentCurrency: 'CHF',
      rate: 0.9387,
      taxesIncluded: true,
      lines: [
        { id: 'a', sku: 'A', title: 'Mug', quantity: 7, price: 333, taxes: [['MWST', 0.081]] },
      ],
      orderPercentOff: 12,
      shipping: [{ title: 'Express', price: 1290, off: 0.5, taxes: [['MWST', 0.081]] }],
      tip: 100,
      refunds: [{ id: 'r9', createdAt: '2026-05-01T09:10:00Z', lines: [], extra: 300 }],
    },
  ],
];

const c = toCents;
const sumOf = (lines: ErpSalesOrderLineEntity[], f: (l: ErpSalesOrderLineEntity) => string) =>
  lines.reduce((a, l) => a + c(f(l)), 0);

// What Shopify states the order is worth on a side: totalPriceSet, or currentTotalPriceSet once
// refunds are netted or the order was edited.
function shopifyTotal(s: ShopifyOrder, side: 'shop' | 'presentment', netted: boolean): string {
  const extras = s.order.extras!;
  const current = netted || extras.edited;
  if (current) return extras.current.total[side];
  return side === 'shop' ? s.order.total : extras.presentmentTotals.total;
}

describe.each(TABLE)('buildSalesOrder: %s', (_name, spec) => {
  const shopify = shopifyOrder(spec);
  const modes = SIDES.flatMap((side) =>
    (['line', 'invoice'] as const).flatMap((discounts) =>
      (['credit-memo', 'off'] as const).map((refunds) => ({ side, discounts, refunds })),
    ),
  );

  it('is an order as Shopify states it (the fixture model agrees with itself)', () => {
    const o = shopify.order;
    for (const side of SIDES) {
      const t = shopify.totals[side];
      expect(t.total).toBe(
        t.subtotal + t.shipping + (spec.taxesIncluded ? 0 : t.tax) + c(o.extras!.tip[side]),
      );
    }
    expect(c(o.total)).toBe(shopify.totals.shop.total);
  });

  it.each(modes)('equals Shopify to the cent: %o', ({ side, discounts, refunds }) => {
    const r = buildSalesOrder({
      ...base,
      order: shopify.order,
      settings: settingsWith({ currency: side, discounts, refunds }),
    });
    if (!r.ok) throw new Error(r.error);
    const { header, lines } = r;
    const netted = refunds !== 'off';
    const expected = netted ? shopify.current[side] : shopify.edited[side];
    const extras = shopify.order.extras!;

    expect(header.total).toBe(shopifyTotal(shopify, side, netted));
    expect(c(header.total)).toBe(expected.total);
    expect(c(header.subtotal)).toBe(expected.subtotal);
    expect(c(header.shipping)).toBe(expected.shipping);
    expect(c(header.tax)).toBe(expected.tax);
    if (netted || extras.edited) {
      expect(header.subtotal).toBe(extras.current.subtotal[side]);
      expect(header.tax).toBe(extras.current.tax[side]);
    }

    // The lines add up to the header.
    const goods = lines.filter((l) => l.kind === 'item' || l.kind === 'gift-card');
    expect(sumOf(goods, (l) => l.amount) - c(header.invoiceDiscount)).toBe(c(header.subtotal));
    expect(
      sumOf(
        lines.filter((l) => l.kind === 'shipping'),
        (l) => l.amount,
      ),
    ).toBe(c(header.shipping));
    expect(sumOf(lines, (l) => l.taxAmount)).toBe(c(header.tax));
    expect(
      sumOf(lines, (l) => l.amount) -
        c(header.invoiceDiscount) +
        (header.pricesIncludeTax ? 0 : c(header.tax)),
    ).toBe(c(header.total));
    for (const l of lines) {
      expect(c(l.unitPrice) * l.quantity - c(l.lineDiscount)).toBe(c(l.amount));
      expect((l.taxes ?? []).reduce((a, t) => a + c(t.amount), 0)).toBe(c(l.taxAmount));
      expect(l.quantity).toBeGreaterThan(0);
    }
    expect(lines.map((l) => l.lineNo)).toEqual(lines.map((_, i) => (i + 1) * 10000));

    // Invoice mode moves the whole-order discounts, and only those, to the header.
    if (discounts === 'line') expect(header.invoiceDiscount).toBe('0.00');
    else if (!netted || !extras.refunds.some((x) => x.lines.length))
      expect(c(header.invoiceDiscount)).toBe(expected.orderDiscounts);
    const lineMode = buildSalesOrder({
      ...base,
      order: shopify.order,
      settings: settingsWith({ currency: side, discounts: 'line', refunds }),
    });
    if (!lineMode.ok) throw new Error(lineMode.error);
    expect(sumOf(lines, (l) => l.lineDiscount) + c(header.invoiceDiscount)).toBe(
      sumOf(lineMode.lines, (l) => l.lineDiscount),
    );
    // Invoice mode moves the whole-order discounts only: a discount on some lines (per unit, or
    // across the entitled ones) stays on its line.
    if (discounts === 'invoice')
      shopify.order.lines.forEach((staged, i) => {
        const line = lines.find((l) => l.shopifyLineItemId === staged.shopifyLineItemId);
        if (!line || spec.lines[i].removed || (netted && extras.refunds.length)) return;
        const own = staged
          .discounts!.filter((d) => d.applicationIndex !== 1)
          .reduce((x, d) => x + c(d.amount[side]), 0);
        expect(c(line.lineDiscount)).toBe(own);
      });

    expect(header.currency).toBe(
      side === 'shop' ? (spec.currency ?? 'EUR') : extras.presentmentCurrency,
    );
    expect(header.currencyMode).toBe(side);
    expect(header.pricesIncludeTax).toBe(spec.taxesIncluded ?? false);
    expect(header.basis).toEqual(orderBasis(shopify.order));
    expect(header.conflict).toBeNull();
  });
});

describe('buildSalesOrder: lines of a real-shaped order', () => {
  const [, spec1] = TABLE[0];
  const s1 = shopifyOrder(spec1);
  const build = (o: ShopifyOrderEntity, patch: Partial<OrdersSettingsV1> = {}) => {
    const r = buildSalesOrder({ ...base, order: o, settings: settingsWith(patch) });
    if (!r.ok) throw new Error(r.error);
    return r;
  };

  it('gives items their original price, discounts and tax detail, then shipping, then the tip', () => {
    const { lines } = build(s1.order);
    expect(lines.map((l) => `${l.kind}:${l.type}:${l.sku}`)).toEqual([
      'item:item:A',
      'item:item:B',
      'item:item:C',
      'shipping:account:SHIPPING',
      'tip:account:TIP',
    ]);
    const mug = lines[0];
    const staged = s1.order.lines[0];
    expect(mug).toMatchObject({ quantity: 3, unitPrice: '12.95', shopifyLineItemId: 'a' });
    expect(c(mug.lineDiscount)).toBe(staged.discounts!.reduce((a, d) => a + c(d.amount.shop), 0));
    expect(mug.taxes).toEqual(
      staged.taxLines!.map((t) => ({ title: t.title, rate: t.rate, amount: t.amount.shop })),
    );
    expect(mug.taxes!.map((t) => t.title)).toEqual(['State tax', 'County tax']);
    expect(lines[3]).toMatchObject({
      description: 'Standard',
      quantity: 1,
      unitPrice: '6.95',
      lineDiscount: '3.48',
      amount: '3.47',
      shopifyLineItemId: 'gid://shopify/ShippingLine/1',
    });
    expect(lines[4]).toMatchObject({
      unitPrice: '2.50',
      amount: '2.50',
      taxAmount: '0.00',
      taxes: [],
    });
  });

  it('keeps a discount on all lines but per unit (EACH) on the lines in invoice mode', () => {
    const o = s1.order;
    const extras = {
      ...o.extras!,
      discountApplications: o.extras!.discountApplications.map((a) =>
        a.index === 0 ? { ...a, targetSelection: 'ALL' as const } : a,
      ),
    };
    const { header, lines } = build({ ...o, extras }, { discounts: 'invoice' });
    const across = o.lines
      .flatMap((l) => l.discounts!)
      .filter((d) => d.applicationIndex === 1)
      .reduce((x, d) => x + c(d.amount.shop), 0);
    expect(c(header.invoiceDiscount)).toBe(across);
    expect(lines[0].lineDiscount).toBe('3.00');
  });

  it('posts shipping to the configured type and number, one line per Shopify shipping line', () => {
    const s2 = shopifyOrder(TABLE[1][1]);
    const { lines } = build(s2.order, {
      shippingChargeType: 'item',
      shippingChargeNo: 'SHIP-ITEM',
    });
    const shipping = lines.filter((l) => l.kind === 'shipping');
    expect(shipping.map((l) => [l.type, l.sku, l.description, l.amount])).toEqual([
      ['item', 'SHIP-ITEM', 'Standard', '4.95'],
      ['item', 'SHIP-ITEM', 'Gift wrapping delivery', '1.50'],
    ]);
  });

  it('states the presentment currency and the rate to six places', () => {
    const { header } = build(s1.order, { currency: 'presentment' });
    expect(header.currency).toBe('USD');
    const expected = (c(s1.order.total) / c(s1.order.extras!.presentmentTotals.total)).toFixed(6);
    expect(header.exchangeRate).toBe(expected);
    expect(header.exchangeRate).toMatch(/^0\.91\d{4}$/);
    expect(build(s1.order).header.exchangeRate).toBeNull();
  });

  it('states rate 1 for one currency, and the line prices’ rate for an order worth nothing', () => {
    const s3 = shopifyOrder(TABLE[2][1]);
    expect(build(s3.order, { currency: 'presentment' }).header.exchangeRate).toBe('1.000000');
    const o = s1.order;
    const free = {
      ...o,
      total: '0.00',
      extras: {
        ...o.extras!,
        presentmentTotals: { ...o.extras!.presentmentTotals, total: '0.00' },
      },
    };
    const gross = (side: 'shop' | 'presentment') =>
      o.lines.reduce((x, l) => x + c(l.price![side]) * l.quantity, 0);
    expect(build(free, { currency: 'presentment' }).header.exchangeRate).toBe(
      (gross('shop') / gross('presentment')).toFixed(6),
    );
  });

  it('books a sold gift card to the gift card account without a SKU, and the gift card payment as a payment method', () => {
    const s3 = shopifyOrder(TABLE[2][1]);
    const r = build(s3.order, { giftCardAccount: 'GC-LIAB' });
    expect(r.lines[0]).toMatchObject({
      kind: 'gift-card',
      type: 'account',
      sku: 'GC-LIAB',
      amount: '25.00',
      taxAmount: '0.00',
    });
    expect(r.header.paymentMethods).toEqual(['gift_card', 'shopify_payments']);
  });

  it('nets refunds made before processing: fewer units, a line left out, less shipping', () => {
    const s4 = shopifyOrder(TABLE[3][1]);
    const netted = build(s4.order, { refunds: 'import' });
    expect(netted.header.nettedRefundIds).toEqual(['r1', 'r2']);
    expect(netted.lines.map((l) => [l.kind, l.shopifyLineItemId, l.quantity])).toEqual([
      ['item', 'a', 2],
      ['shipping', 'gid://shopify/ShippingLine/1', 1],
    ]);
    const r1 = s4.order.extras!.refunds[0];
    const a = s4.order.lines[0];
    const aFull = a.discounts!.reduce((x, d) => x + c(d.amount.shop), 0);
    expect(c(netted.lines[0].amount)).toBe(
      c(a.price!.shop) * 3 - aFull - c(r1.lines[0].subtotal.shop),
    );
    expect(c(netted.lines[1].amount)).toBe(695 - 200);
    expect(c(netted.lines[1].lineDiscount)).toBe(200);

    const ignored = build(s4.order, { refunds: 'off' });
    expect(ignored.header.nettedRefundIds).toEqual([]);
    expect(ignored.lines.map((l) => l.quantity)).toEqual([3, 2, 1]);
    expect(ignored.header.total).toBe(s4.order.total);
  });

  it('leaves units removed by edits out, with their share of discount and tax', () => {
    const s5 = shopifyOrder(TABLE[4][1]);
    const { lines, header } = build(s5.order);
    expect(lines.filter((l) => l.kind === 'item').map((l) => [l.sku, l.quantity])).toEqual([
      ['A', 3],
      ['C', 1],
    ]);
    expect(header.total).toBe(s5.order.extras!.current.total.shop);
    expect(header.total).not.toBe(s5.order.total);
  });

  it('nets a refund and an edit of the same line to Shopify’s current totals', () => {
    const spec: OrderSpec = {
      ...TABLE[4][1],
      name: '#2007',
      refunds: [{ id: 'r1', createdAt: '2026-05-01T09:10:00Z', lines: [{ id: 'a', quantity: 1 }] }],
    };
    const s7 = shopifyOrder(spec);
    for (const side of SIDES) {
      const { header, lines } = build(s7.order, { refunds: 'import', currency: side });
      expect(lines[0]).toMatchObject({ shopifyLineItemId: 'a', quantity: 2 });
      expect(header.nettedRefundIds).toEqual(['r1']);
      expect(sumOf(lines, (l) => l.amount) + (header.pricesIncludeTax ? 0 : c(header.tax))).toBe(
        c(header.total),
      );
      expect(header.total).toBe(s7.order.extras!.current.total[side]);
      expect(header.tax).toBe(s7.order.extras!.current.tax[side]);
      expect(header.subtotal).toBe(s7.order.extras!.current.subtotal[side]);
    }
  });

  it('leaves a refund of money alone for a credit memo', () => {
    const s6 = shopifyOrder(TABLE[5][1]);
    const r = build(s6.order, { refunds: 'credit-memo' });
    expect(r.header.nettedRefundIds).toEqual([]);
    expect(r.header.total).toBe(s6.order.total);
  });

  it('needs no SKU on a gift card line but still names every other problem', () => {
    const s3 = shopifyOrder({
      ...TABLE[2][1],
      lines: [
        ...TABLE[2][1].lines,
        { id: 'x', sku: null, title: 'Wrap', quantity: 1, price: 100 },
        { id: 'y', sku: 'Q', title: 'Vase', quantity: 1, price: 100 },
      ],
    });
    const r = buildSalesOrder({ ...base, order: s3.order });
    expect(r).toEqual({
      ok: false,
      error: "line 3 ('Wrap') has no SKU; line 4: unknown SKU 'Q' (not an ERP item)",
    });
  });

  it('does not fail on a line no unit of which is left, and fails an order with no line left', () => {
    const spec: OrderSpec = {
      ...TABLE[3][1],
      lines: [
        ...TABLE[3][1].lines,
        { id: 'z', sku: 'UNKNOWN', title: 'Gone', quantity: 1, price: 100, removed: 1 },
      ],
    };
    expect(buildSalesOrder({ ...base, order: shopifyOrder(spec).order }).ok).toBe(true);
    const all = shopifyOrder({
      ...TABLE[3][1],
      refunds: [
        {
          id: 'r1',
          createdAt: '2026-05-01T09:10:00Z',
          lines: [
            { id: 'a', quantity: 3 },
            { id: 'b', quantity: 2 },
          ],
        },
      ],
    });
    const r = buildSalesOrder({
      ...base,
      order: all.order,
      settings: settingsWith({ refunds: 'import' }),
    });
    expect(r).toEqual({
      ok: false,
      error: 'the order has no lines left after its refunds and edits',
    });
  });

  it('fails a presentment document for a line without a presentment price', () => {
    const o = shopifyOrder(spec1).order;
    const lines = o.lines.map((l, i) =>
      i === 1 ? { ...l, price: undefined, presentment: undefined } : l,
    );
    const r = buildSalesOrder({
      ...base,
      order: { ...o, lines },
      settings: settingsWith({ currency: 'presentment' }),
    });
    expect(r).toEqual({ ok: false, error: "line 2 ('Lamp') has no presentment price" });
  });
});
