import type { ErpCustomerEntity, ShopifyOrderEntity } from '@shopsync/shared';
import { buildSalesOrder } from './sales-order-builder';

const now = new Date('2026-05-01T10:00:00Z');
const customer = { id: 'c1', number: 'C-1', address: null } as ErpCustomerEntity;
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
    shopifyCreatedAt: now,
    ...patch,
  }) as ShopifyOrderEntity;

describe('buildSalesOrder', () => {
  const base = {
    customer,
    knownSkus: new Set(['A']),
    shopCode: 'eu',
    invoiceWhenFulfilled: true,
    id: 'so1',
    now,
  };

  it('maps header, amounts and lines', () => {
    const r = buildSalesOrder({ ...base, order: order() });
    if (!r.ok) throw new Error(r.error);
    expect(r.header).toMatchObject({
      number: 'eu-1001',
      documentType: 'order',
      customerNumber: 'C-1',
      total: '24.95',
    });
    expect(r.header.sellToAddress).toEqual({ city: 'Utrecht' });
    expect(r.lines).toEqual([
      expect.objectContaining({
        lineNo: 10000,
        sku: 'A',
        quantity: 2,
        unitPrice: '10.00',
        amount: '20.00',
      }),
    ]);
  });

  it('makes an invoice of a fulfilled order when the shop says so', () => {
    const fulfilled = order({ fulfillmentStatus: 'FULFILLED' });
    expect(buildSalesOrder({ ...base, order: fulfilled })).toMatchObject({
      header: { documentType: 'invoice' },
    });
    expect(
      buildSalesOrder({ ...base, invoiceWhenFulfilled: false, order: fulfilled }),
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
});
