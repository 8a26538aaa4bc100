import type { OrderBasis, ShopifyOrderEntity, StagedRefund } from '@shopsync/shared';
import { basisChanges, orderBasis } from './order-basis';
import { shopifyOrder, type OrderSpec } from './sales-order.fixtures';

const spec: OrderSpec = {
  name: '#3001',
  currency: 'EUR',
  presentmentCurrency: 'USD',
  rate: 1.0951,
  lines: [
    {
      id: 'gid://shopify/LineItem/5',
      sku: 'A',
      title: 'Mug',
      quantity: 3,
      price: 1295,
      taxes: [['VAT', 0.21]],
    },
    { id: 'gid://shopify/LineItem/6', sku: 'B', title: 'Lamp', quantity: 1, price: 3999 },
  ],
  orderPercentOff: 10,
  shipping: [{ title: 'Standard', price: 695 }],
};
const refund: StagedRefund = {
  shopifyRefundId: 'r1',
  createdAt: '2026-05-02T10:00:00Z',
  note: null,
  shopifyReturnId: null,
  lines: [
    {
      shopifyLineItemId: 'gid://shopify/LineItem/5',
      quantity: 1,
      restockType: 'RETURN',
      subtotal: { shop: '11.66', presentment: '12.76' },
      tax: { shop: '2.45', presentment: '2.68' },
    },
  ],
  shipping: { shop: '0.00', presentment: '0.00' },
  shippingTax: { shop: '0.00', presentment: '0.00' },
  total: { shop: '14.11', presentment: '15.44' },
};

const base = shopifyOrder(spec).order;
const basis = orderBasis(base);
const withLines = (
  o: ShopifyOrderEntity,
  f: (l: ShopifyOrderEntity['lines']) => ShopifyOrderEntity['lines'],
) => ({
  ...o,
  lines: f(o.lines),
});

describe('orderBasis', () => {
  it('keeps what the document was made from, in shop money', () => {
    expect(basis).toEqual({
      cancelled: false,
      currency: 'EUR',
      lines: [
        { id: 'gid://shopify/LineItem/5', sku: 'A', quantity: 3, unitPrice: '12.95' },
        { id: 'gid://shopify/LineItem/6', sku: 'B', quantity: 1, unitPrice: '39.99' },
      ],
      shipping: [{ title: 'Standard', price: '6.95' }],
      discounts: base.extras!.discounts.shop,
      total: base.total,
    });
  });

  it('reads a row staged before issue 16 from its columns', () => {
    const legacy = {
      ...base,
      extras: null,
      shipping: '4.95',
      lines: base.lines.map((l) => ({ ...l, currentQuantity: undefined })),
    };
    expect(orderBasis(legacy)).toMatchObject({
      lines: [expect.objectContaining({ quantity: 3 }), expect.objectContaining({ quantity: 1 })],
      shipping: [{ title: 'Shipping', price: '4.95' }],
      discounts: '0.00',
    });
    expect(orderBasis({ ...legacy, shipping: '0.00' }).shipping).toEqual([]);
  });
});

describe('basisChanges', () => {
  it('finds nothing in an unchanged order', () => {
    expect(basisChanges(basis, orderBasis(shopifyOrder(spec).order))).toEqual([]);
  });

  it('finds nothing in a refund alone (refunds are credit memos)', () => {
    const refunded = {
      ...withLines(base, (ls) => ls.map((l, i) => (i === 0 ? { ...l, currentQuantity: 2 } : l))),
      financialStatus: 'PARTIALLY_REFUNDED',
      extras: { ...base.extras!, refunds: [refund] },
    };
    expect(basisChanges(basis, orderBasis(refunded))).toEqual([]);
  });

  it('names an edit that removed units', () => {
    const edited = {
      ...withLines(base, (ls) => ls.map((l, i) => (i === 0 ? { ...l, currentQuantity: 2 } : l))),
      total: '30.00',
    };
    expect(basisChanges(basis, orderBasis(edited))).toEqual([
      { field: 'lines[gid://shopify/LineItem/5].quantity', before: 3, after: 2 },
      { field: 'total', before: base.total, after: '30.00' },
    ]);
  });

  it('names a cancellation', () => {
    const cancelled = { ...base, cancelledAt: new Date('2026-05-03T00:00:00Z') };
    expect(basisChanges(basis, orderBasis(cancelled))).toEqual([
      { field: 'cancelled', before: false, after: true },
    ]);
  });

  it('names a price change', () => {
    const repriced = withLines(base, (ls) =>
      ls.map((l, i) =>
        i === 1 ? { ...l, unitPrice: '35.00', price: { shop: '35.00', presentment: '38.33' } } : l,
      ),
    );
    expect(basisChanges(basis, orderBasis(repriced))).toEqual([
      { field: 'lines[gid://shopify/LineItem/6].unitPrice', before: '39.99', after: '35.00' },
    ]);
  });

  it('names an added line and a removed line', () => {
    const after: OrderBasis = {
      ...basis,
      lines: [
        basis.lines[0],
        { id: 'gid://shopify/LineItem/9', sku: 'C', quantity: 2, unitPrice: '5.00' },
      ],
    };
    expect(basisChanges(basis, after)).toEqual([
      { field: 'lines[gid://shopify/LineItem/9]', before: null, after: '2 × C at 5.00' },
      { field: 'lines[gid://shopify/LineItem/6]', before: '1 × B at 39.99', after: null },
    ]);
  });

  it('names changed shipping, discounts, SKU and currency', () => {
    const after: OrderBasis = {
      ...basis,
      currency: 'USD',
      lines: [{ ...basis.lines[0], sku: 'A2' }, basis.lines[1]],
      shipping: [],
      discounts: '0.00',
    };
    expect(basisChanges(basis, after).map((c) => [c.field, c.before, c.after])).toEqual([
      ['currency', 'EUR', 'USD'],
      ['lines[gid://shopify/LineItem/5].sku', 'A', 'A2'],
      ['shipping', 'Standard 6.95', '(none)'],
      ['discounts', basis.discounts, '0.00'],
    ]);
  });

  it('compares amounts as money, not as text', () => {
    expect(
      basisChanges(basis, {
        ...basis,
        total: `${basis.total}0`,
        discounts: Number(basis.discounts).toString(),
      }),
    ).toEqual([]);
  });
});
