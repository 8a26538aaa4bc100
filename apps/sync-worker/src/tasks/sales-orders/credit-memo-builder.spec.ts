import {
  OrdersSettingsV1,
  type ErpCustomerEntity,
  type ErpSalesOrderEntity,
  type ShopifyOrderEntity,
} from '@shopsync/shared';
import { buildCreditMemo, pendingRefunds } from './credit-memo-builder';
import { toCents } from './money';
import { buildSalesOrder } from './sales-order-builder';
import { shopifyOrder, SIDES, type OrderSpec, type RefundSpec } from './sales-order.fixtures';

const now = new Date('2026-05-05T10:00:00Z');
const customer = { id: 'c1', number: 'C-1', address: null } as ErpCustomerEntity;
const settingsWith = (patch: Partial<OrdersSettingsV1> = {}): OrdersSettingsV1 =>
  Object.assign(new OrdersSettingsV1(), { refunds: 'credit-memo' }, patch);
const c = toCents;

const US_TAX: Array<[string, number]> = [
  ['State tax', 0.0625],
  ['County tax', 0.0175],
];
// Refunds made after the document, listed out of order: numbering follows createdAt.
const LATER: RefundSpec[] = [
  {
    id: 'r2',
    createdAt: '2026-05-03T10:00:00Z',
    lines: [{ id: 'b', quantity: 2 }],
    extra: -250,
    note: 'Restocking fee kept',
    returnId: 'gid://shopify/Return/7',
  },
  { id: 'r1', createdAt: '2026-05-02T10:00:00Z', lines: [{ id: 'a', quantity: 1 }], shipping: 200 },
  { id: 'r3', createdAt: '2026-05-04T10:00:00Z', lines: [], extra: 500, note: 'Goodwill' },
  {
    id: 'r4',
    createdAt: '2026-05-04T11:00:00Z',
    lines: [
      { id: 'a', quantity: 2 },
      { id: 'g', quantity: 1 },
    ],
  },
];
const SPECS: Array<[string, OrderSpec]> = [
  [
    'taxes excluded, two currencies, two taxes',
    {
      name: '#4001',
      currency: 'EUR',
      presentmentCurrency: 'USD',
      rate: 1.0951,
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
        { id: 'g', sku: null, title: 'Gift card', quantity: 1, price: 2000, giftCard: true },
      ],
      orderPercentOff: 15,
      shipping: [{ title: 'Standard', price: 695, taxes: US_TAX }],
    },
  ],
  [
    'taxes included, another currency',
    {
      name: '#4002',
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
          quantity: 2,
          price: 2450,
          taxes: [
            ['GST', 0.05],
            ['QST', 0.09975],
          ],
        },
        { id: 'g', sku: null, title: 'Gift card', quantity: 1, price: 2000, giftCard: true },
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
      ],
    },
  ],
];

function processed(
  spec: OrderSpec,
  side: 'shop' | 'presentment',
): {
  later: ShopifyOrderEntity;
  salesOrder: ErpSalesOrderEntity;
} {
  const before = shopifyOrder(spec).order;
  const built = buildSalesOrder({
    order: before,
    customer,
    knownSkus: new Set(['A', 'B']),
    shopCode: 'eu',
    settings: settingsWith({ currency: side }),
    id: 'so1',
    now,
  });
  if (!built.ok) throw new Error(built.error);
  return { later: shopifyOrder({ ...spec, refunds: LATER }).order, salesOrder: built.header };
}

describe.each(SPECS)('credit memos: %s', (_name, spec) => {
  describe.each(SIDES)('on the %s side', (side) => {
    const { later, salesOrder } = processed(spec, side);
    const memo = (id: string, settings = settingsWith()) => {
      const refund = later.extras!.refunds.find((r) => r.shopifyRefundId === id)!;
      const r = buildCreditMemo({
        order: later,
        salesOrder,
        refund,
        settings,
        id: `cm-${id}`,
        now,
      });
      if (!r.ok) throw new Error(r.error);
      return { ...r, refund };
    };

    it('lists the refunds not netted and without a memo, in the order they happened', () => {
      expect(pendingRefunds(later, salesOrder, new Set()).map((r) => r.shopifyRefundId)).toEqual([
        'r1',
        'r2',
        'r3',
        'r4',
      ]);
      expect(
        pendingRefunds(later, { ...salesOrder, nettedRefundIds: ['r1'] }, new Set(['r3'])).map(
          (r) => r.shopifyRefundId,
        ),
      ).toEqual(['r2', 'r4']);
    });

    it.each(['r1', 'r2', 'r3', 'r4'])(
      'makes %s a memo whose total is the refund to the cent',
      (id) => {
        const { memo: m, lines, refund } = memo(id);
        expect(m.total).toBe(refund.total[side]);
        const amounts = lines.reduce((a, l) => a + c(l.amount), 0);
        const taxes = lines.reduce((a, l) => a + c(l.taxAmount), 0);
        expect(c(m.subtotal)).toBe(amounts);
        expect(c(m.tax)).toBe(taxes);
        expect(amounts + (spec.taxesIncluded ? 0 : taxes)).toBe(c(m.total));
        expect(m).toMatchObject({
          currency: salesOrder.currency,
          exchangeRate: salesOrder.exchangeRate,
          pricesIncludeTax: salesOrder.pricesIncludeTax,
          salesOrderId: 'so1',
          shopifyOrderId: salesOrder.shopifyOrderId,
          customerNumber: 'C-1',
          refundedAt: new Date(refund.createdAt),
          createdAt: now,
        });
        expect(lines.map((l) => l.lineNo)).toEqual(lines.map((_, i) => (i + 1) * 10000));
        expect(lines.every((l) => l.creditMemoId === `cm-${id}`)).toBe(true);
      },
    );

    it('numbers memos by the refund’s place among the order’s refunds', () => {
      expect(['r1', 'r2', 'r3', 'r4'].map((id) => memo(id).memo.number)).toEqual(
        [1, 2, 3, 4].map((n) => `${salesOrder.number}-CM${n}`),
      );
    });

    it('credits refunded units at Shopify’s amounts, and refunded shipping with its tax', () => {
      const { lines, refund } = memo(
        'r1',
        settingsWith({ shippingChargeType: 'item-charge', shippingChargeNo: 'FREIGHT' }),
      );
      expect(lines).toEqual([
        expect.objectContaining({
          kind: 'item',
          type: 'item',
          no: 'A',
          quantity: 1,
          unitPrice: refund.lines[0].subtotal[side],
          amount: refund.lines[0].subtotal[side],
          taxAmount: refund.lines[0].tax[side],
          shopifyLineItemId: 'a',
        }),
        expect.objectContaining({
          kind: 'shipping',
          type: 'item-charge',
          no: 'FREIGHT',
          description: 'Standard',
          quantity: 1,
          amount: refund.shipping[side],
          taxAmount: refund.shippingTax[side],
        }),
      ]);
    });

    it('puts what the lines do not explain on the refund account (a restocking fee is negative)', () => {
      const { memo: m, lines } = memo('r2', settingsWith({ refundAccount: 'REFUND-GL' }));
      expect(m.shopifyReturnId).toBe('gid://shopify/Return/7');
      expect(m.note).toBe('Restocking fee kept');
      const rest = lines[lines.length - 1];
      expect(rest).toMatchObject({ kind: 'refund', type: 'account', no: 'REFUND-GL', quantity: 1 });
      expect(c(rest.amount)).toBe(side === 'shop' ? -250 : Math.round(-250 * spec.rate!));
      expect(c(rest.amount)).toBeLessThan(0);
      const only = memo('r3').lines;
      expect(only).toHaveLength(1);
      expect(only[0]).toMatchObject({ kind: 'refund', description: 'Goodwill', taxAmount: '0.00' });
    });

    it('credits a refunded gift card to the gift card account, and rounds a unit price', () => {
      const { lines, refund } = memo('r4', settingsWith({ giftCardAccount: 'GC' }));
      expect(lines.map((l) => [l.kind, l.type, l.no, l.quantity])).toEqual([
        ['item', 'item', 'A', 2],
        ['gift-card', 'account', 'GC', 1],
      ]);
      const sub = c(refund.lines[0].subtotal[side]);
      expect(c(lines[0].unitPrice)).toBe(Math.round(sub / 2));
      expect(lines[0].amount).toBe(refund.lines[0].subtotal[side]);
    });
  });
});

describe('credit memos: what cannot be credited', () => {
  const [, spec] = SPECS[0];
  const { later, salesOrder } = processed(spec, 'shop');
  const input = (patch: Partial<Parameters<typeof buildCreditMemo>[0]>) => ({
    order: later,
    salesOrder,
    refund: later.extras!.refunds[0],
    settings: settingsWith(),
    id: 'cm',
    now,
    ...patch,
  });

  it('names refund lines whose line item is not on the order', () => {
    const refund = later.extras!.refunds[0];
    const bad = {
      ...refund,
      lines: [
        ...refund.lines,
        { ...refund.lines[0], shopifyLineItemId: 'gid://shopify/LineItem/404' },
      ],
    };
    const order = { ...later, extras: { ...later.extras!, refunds: [bad] } };
    expect(buildCreditMemo(input({ order, refund: bad }))).toEqual({
      ok: false,
      error: 'refund line 2: line item gid://shopify/LineItem/404 is not on the order',
    });
  });

  it('names a refund that is not the order’s, an order without refund detail, a line without SKU', () => {
    const stranger = { ...later.extras!.refunds[0], shopifyRefundId: 'rX' };
    expect(buildCreditMemo(input({ refund: stranger }))).toEqual({
      ok: false,
      error: 'refund rX is not a refund of this order',
    });
    expect(buildCreditMemo(input({ order: { ...later, extras: null } }))).toMatchObject({
      ok: false,
    });
    expect(pendingRefunds({ ...later, extras: null }, salesOrder, new Set())).toEqual([]);
    const noSku = {
      ...later,
      lines: later.lines.map((l) => (l.shopifyLineItemId === 'b' ? { ...l, sku: null } : l)),
    };
    const r2 = later.extras!.refunds.find((r) => r.shopifyRefundId === 'r2')!;
    expect(buildCreditMemo(input({ order: noSku, refund: r2 }))).toEqual({
      ok: false,
      error: "refund line 1 ('Lamp') has no SKU",
    });
  });
});
