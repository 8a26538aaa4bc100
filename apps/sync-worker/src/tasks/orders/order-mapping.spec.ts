import { ShopifyOrderNode, toStagedOrder } from './order-mapping';
import { updatedSinceQuery } from '../../order-side/task-support';

const money = (amount: string) => ({ shopMoney: { amount } });

describe('order mapping', () => {
  it('stages a Shopify order with its customer, addresses, amounts and lines', () => {
    const node: ShopifyOrderNode = {
      id: 'gid://shopify/Order/1',
      name: '#1001',
      email: null,
      phone: null,
      createdAt: '2026-04-01T10:00:00Z',
      updatedAt: '2026-04-02T10:00:00Z',
      closed: false,
      cancelledAt: null,
      currencyCode: 'EUR',
      displayFinancialStatus: 'PAID',
      displayFulfillmentStatus: 'UNFULFILLED',
      customer: {
        id: 'gid://shopify/Customer/9',
        email: 'a@x.nl',
        phone: null,
        firstName: 'Anna',
        lastName: 'B',
        updatedAt: null,
      },
      shippingAddress: {
        firstName: 'Anna',
        lastName: 'B',
        company: null,
        address1: 'Dam 1',
        address2: null,
        zip: '1012',
        city: 'Amsterdam',
        province: null,
        countryCodeV2: 'NL',
        phone: null,
      },
      billingAddress: null,
      subtotalPriceSet: money('20'),
      totalShippingPriceSet: money('4.95'),
      totalTaxSet: money('3.47'),
      totalPriceSet: money('24.95'),
      lineItems: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
    };
    const staged = toStagedOrder(node, [
      {
        id: 'l1',
        sku: '',
        title: 'Custom',
        quantity: 1,
        originalUnitPriceSet: money('20'),
        discountedTotalSet: money('20'),
      },
    ]);
    expect(staged.customer).toEqual({
      shopifyCustomerId: 'gid://shopify/Customer/9',
      email: 'a@x.nl',
      phone: null,
      firstName: 'Anna',
      lastName: 'B',
    });
    expect(staged).toMatchObject({
      subtotal: '20.00',
      shipping: '4.95',
      total: '24.95',
      financialStatus: 'PAID',
    });
    expect(staged.shippingAddress).toMatchObject({ city: 'Amsterdam', countryCode: 'NL' });
    expect(staged.lines).toEqual([
      {
        shopifyLineItemId: 'l1',
        sku: null,
        title: 'Custom',
        quantity: 1,
        unitPrice: '20.00',
        amount: '20.00',
      },
    ]);
  });

  it('reads from one whole second before the last sync time', () => {
    expect(updatedSinceQuery(new Date('2026-04-02T10:00:05.700Z'))).toBe(
      "updated_at:>'2026-04-02T10:00:04Z'",
    );
  });
});
