import { OrderImportFilterV1 } from '@shopsync/shared';
import { updatedSinceQuery } from '../../order-side/task-support';
import { decimal2, toCents } from './money';
import { importFilterQuery, paymentMethods, riskLevel, toStagedOrder } from './order-mapping';
import {
  bag,
  GIFT_CARD,
  lineNode,
  orderNode,
  richLines,
  richOrder,
  richRefund,
  richReturn,
  TSHIRT,
} from './order-node.fixture';

const filter = (over: Partial<OrderImportFilterV1>): OrderImportFilterV1 =>
  Object.assign(new OrderImportFilterV1(), over);

describe('order mapping', () => {
  it('stages a Shopify order with its customer, addresses, amounts and lines', () => {
    const node = orderNode({
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
      subtotalPriceSet: bag('20', '20'),
      totalShippingPriceSet: bag('4.95', '4.95'),
      totalTaxSet: bag('3.47', '3.47'),
      totalPriceSet: bag('24.95', '24.95'),
    });
    const line = lineNode({
      id: 'l1',
      sku: '',
      title: 'Custom',
      originalUnitPriceSet: bag('20', '20'),
      discountedTotalSet: bag('20', '20'),
    });
    const staged = toStagedOrder(node, [line]);
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
      tax: '3.47',
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
        currentQuantity: 1,
        variantTitle: null,
        shopifyProductId: null,
        shopifyVariantId: null,
        presentment: { unitPrice: '20.00', amount: '20.00' },
        price: { shop: '20.00', presentment: '20.00' },
        discounts: [],
        taxLines: [],
        taxable: true,
        giftCard: false,
        requiresShipping: true,
      },
    ]);
    expect(staged.extras).toMatchObject({
      shippingLines: [],
      refunds: [],
      returns: [],
      paymentMethods: [],
      riskLevel: null,
    });
  });

  describe('a whole order in two currencies', () => {
    const staged = toStagedOrder(richOrder, richLines, {
      refunds: [richRefund],
      returns: [richReturn],
    });
    const extras = staged.extras;

    it('keeps the header in shop money and the presentment side in extras', () => {
      expect(staged).toMatchObject({
        currency: 'EUR',
        subtotal: '79.00',
        shipping: '2.50',
        tax: '4.79',
        total: '88.29',
      });
      expect(extras).toMatchObject({
        presentmentCurrency: 'USD',
        taxesIncluded: false,
        presentmentTotals: { subtotal: '86.90', shipping: '2.75', tax: '5.27', total: '97.12' },
        discounts: { shop: '8.50', presentment: '9.35' },
        tip: { shop: '2.00', presentment: '2.20' },
        current: {
          subtotal: { shop: '61.00', presentment: '67.10' },
          tax: { shop: '3.14', presentment: '3.46' },
          total: { shop: '67.14', presentment: '73.85' },
        },
        taxLines: [
          { title: 'State tax', rate: 0.04, amount: { shop: '2.26', presentment: '2.49' } },
          { title: 'City tax', rate: 0.045, amount: { shop: '2.53', presentment: '2.78' } },
        ],
      });
    });

    it('maps a discounted, twice-taxed line and a gift-card line', () => {
      const [shirt, card] = staged.lines;
      expect(shirt).toEqual({
        shopifyLineItemId: TSHIRT,
        sku: 'TSHIRT-M',
        title: 'T-shirt',
        quantity: 3,
        unitPrice: '20.00',
        amount: '60.00',
        currentQuantity: 2,
        variantTitle: 'M',
        shopifyProductId: 'gid://shopify/Product/31',
        shopifyVariantId: 'gid://shopify/ProductVariant/21',
        presentment: { unitPrice: '22.00', amount: '66.00' },
        price: { shop: '20.00', presentment: '22.00' },
        discounts: [{ applicationIndex: 0, amount: { shop: '6.00', presentment: '6.60' } }],
        taxLines: [
          { title: 'State tax', rate: 0.04, amount: { shop: '2.16', presentment: '2.38' } },
          { title: 'City tax', rate: 0.045, amount: { shop: '2.43', presentment: '2.67' } },
        ],
        taxable: true,
        giftCard: false,
        requiresShipping: true,
      });
      expect(card).toMatchObject({
        shopifyLineItemId: GIFT_CARD,
        sku: null,
        giftCard: true,
        taxable: false,
        requiresShipping: false,
        taxLines: [],
        price: { shop: '25.00', presentment: '27.50' },
      });
    });

    it('maps the shipping line with its discount and two taxes', () => {
      expect(extras.shippingLines).toEqual([
        {
          shopifyShippingLineId: 'gid://shopify/ShippingLine/71',
          title: 'Standard',
          code: 'STD',
          source: 'shopify',
          price: { shop: '5.00', presentment: '5.50' },
          discountedPrice: { shop: '2.50', presentment: '2.75' },
          discounts: [{ applicationIndex: 1, amount: { shop: '2.50', presentment: '2.75' } }],
          taxLines: [
            { title: 'State tax', rate: 0.04, amount: { shop: '0.10', presentment: '0.11' } },
            { title: 'City tax', rate: 0.045, amount: { shop: '0.10', presentment: '0.12' } },
          ],
        },
      ]);
    });

    it('maps discount applications by kind: the code, or the title', () => {
      expect(extras.discountCodes).toEqual(['SAVE10']);
      expect(extras.discountApplications).toEqual([
        {
          index: 0,
          kind: 'DISCOUNT_CODE',
          label: 'SAVE10',
          allocationMethod: 'ACROSS',
          targetSelection: 'ALL',
          targetType: 'LINE_ITEM',
          value: { percentage: 10 },
        },
        {
          index: 1,
          kind: 'AUTOMATIC',
          label: 'Half-price shipping',
          allocationMethod: 'EACH',
          targetSelection: 'ENTITLED',
          targetType: 'SHIPPING_LINE',
          value: { amount: '2.50', currency: 'EUR' },
        },
      ]);
    });

    it('keeps every transaction; payment methods are the gateways that took money', () => {
      expect(extras.transactions).toHaveLength(5);
      expect(extras.transactions[0]).toEqual({
        shopifyTransactionId: 'gid://shopify/OrderTransaction/101',
        kind: 'SALE',
        status: 'SUCCESS',
        gateway: 'gift_card',
        amount: { shop: '10.00', presentment: '11.00' },
        processedAt: '2026-04-01T10:00:00Z',
      });
      // The failed PayPal sale, the authorization and the refund are no payment methods.
      expect(extras.paymentMethods).toEqual(['gift_card', 'shopify_payments']);
    });

    it('maps the refund: its lines, its shipping summed in cents, its total', () => {
      expect(extras.refunds).toEqual([
        {
          shopifyRefundId: 'gid://shopify/Refund/41',
          createdAt: '2026-04-03T09:00:00Z',
          note: 'too small',
          shopifyReturnId: 'gid://shopify/Return/51',
          lines: [
            {
              shopifyLineItemId: TSHIRT,
              quantity: 1,
              restockType: 'RETURN',
              subtotal: { shop: '18.00', presentment: '19.80' },
              tax: { shop: '1.53', presentment: '1.68' },
            },
          ],
          shipping: { shop: '1.50', presentment: '1.65' },
          shippingTax: { shop: '0.12', presentment: '0.14' },
          total: { shop: '21.15', presentment: '23.27' },
        },
      ]);
    });

    it('maps the return; an unverified return line (no order line) is left out', () => {
      expect(extras.returns).toEqual([
        {
          shopifyReturnId: 'gid://shopify/Return/51',
          name: '#1001-R1',
          status: 'CLOSED',
          lines: [{ shopifyLineItemId: TSHIRT, quantity: 1, reason: 'SIZE_TOO_SMALL' }],
        },
      ]);
    });

    it('keeps note, attributes, tags, risk, edits and fulfillment orders', () => {
      expect(extras).toMatchObject({
        note: 'leave at the door',
        customAttributes: [
          { key: 'gift-wrap', value: 'yes' },
          { key: 'po', value: null },
        ],
        tags: ['vip', 'b2b'],
        riskLevel: 'MEDIUM',
        edited: true,
        fulfillmentOrders: [
          {
            shopifyFulfillmentOrderId: 'gid://shopify/FulfillmentOrder/81',
            status: 'CLOSED',
            locationId: 'gid://shopify/Location/91',
          },
        ],
      });
    });
  });

  it('takes the parts read beyond the list query from `more`', () => {
    const staged = toStagedOrder(orderNode(), [], {
      transactions: [
        {
          id: 'gid://shopify/OrderTransaction/9',
          kind: 'SALE',
          status: 'SUCCESS',
          gateway: 'manual',
          processedAt: null,
          amountSet: bag('1', '1'),
        },
      ],
      fulfillmentOrders: [
        {
          id: 'gid://shopify/FulfillmentOrder/1',
          status: 'OPEN',
          assignedLocation: { location: null },
        },
      ],
    });
    expect(staged.extras.paymentMethods).toEqual(['manual']);
    expect(staged.extras.fulfillmentOrders).toEqual([
      {
        shopifyFulfillmentOrderId: 'gid://shopify/FulfillmentOrder/1',
        status: 'OPEN',
        locationId: null,
      },
    ]);
  });

  it('refuses an order whose refunds or returns were probed but not read', () => {
    expect(() => toStagedOrder(richOrder, richLines, { returns: [richReturn] })).toThrow(
      /refunds the caller did not read/,
    );
    expect(() => toStagedOrder(richOrder, richLines, { refunds: [richRefund] })).toThrow(
      /returns the caller did not read/,
    );
  });

  it('falls back to the processing time for a refund without createdAt', () => {
    const staged = toStagedOrder(richOrder, richLines, {
      refunds: [{ ...richRefund, createdAt: null }],
      returns: [],
    });
    expect(staged.extras.refunds[0].createdAt).toBe('2026-04-03T09:00:01Z');
  });

  it('maps Shopify risk recommendations to levels', () => {
    expect(['ACCEPT', 'INVESTIGATE', 'CANCEL', 'NONE', undefined].map(riskLevel)).toEqual([
      'LOW',
      'MEDIUM',
      'HIGH',
      null,
      null,
    ]);
  });

  it('counts only successful sales and captures as payments, each gateway once', () => {
    const t = (kind: string, status: string, gateway: string | null) => ({
      shopifyTransactionId: 'x',
      kind,
      status,
      gateway,
      amount: { shop: '1.00', presentment: '1.00' },
      processedAt: null,
    });
    expect(
      paymentMethods([
        t('AUTHORIZATION', 'SUCCESS', 'bogus'),
        t('CAPTURE', 'SUCCESS', 'bogus'),
        t('SALE', 'SUCCESS', 'gift_card'),
        t('SALE', 'SUCCESS', 'bogus'),
        t('SALE', 'PENDING', 'paypal'),
        t('SALE', 'SUCCESS', null),
        t('REFUND', 'SUCCESS', 'cash'),
      ]),
    ).toEqual(['bogus', 'gift_card']);
  });

  it('reads from one whole second before the last sync time', () => {
    expect(updatedSinceQuery(new Date('2026-04-02T10:00:05.700Z'))).toBe(
      "updated_at:>'2026-04-02T10:00:04Z'",
    );
  });
});

describe('money in integer cents', () => {
  it.each([
    ['20', 2000, '20.00'],
    ['20.0', 2000, '20.00'],
    ['4.5', 450, '4.50'],
    ['0.1', 10, '0.10'],
    ['-3.07', -307, '-3.07'],
    ['1.005', 101, '1.01'],
    ['1.004', 100, '1.00'],
    ['-0.004', 0, '0.00'],
    ['.5', 50, '0.50'],
    ['1234567.89', 123456789, '1234567.89'],
  ])('%s → %i cents → %s', (text, cents, two) => {
    expect(toCents(text)).toBe(cents);
    expect(decimal2(text)).toBe(two);
  });

  it('reads a missing amount as zero and refuses what is not a decimal', () => {
    expect(decimal2(null)).toBe('0.00');
    expect(() => toCents('1e3')).toThrow(/not a decimal/);
    expect(() => toCents('.')).toThrow(/not a decimal/);
  });
});

describe('importFilterQuery', () => {
  it('is empty when the filter names no condition', () => {
    expect(importFilterQuery(new OrderImportFilterV1())).toBe('');
    expect(importFilterQuery(undefined)).toBe('');
  });

  it('ORs the values of one list in parentheses and ANDs the lists', () => {
    expect(
      importFilterQuery(
        filter({
          financialStatus: ['paid', 'partially_paid'],
          fulfillmentStatus: ['unshipped'],
          tags: ['vip', 'b2b'],
          excludeTags: ['x'],
          excludeTest: true,
          riskLevel: ['low'],
        }),
      ),
    ).toBe(
      "(financial_status:paid OR financial_status:partially_paid) AND (fulfillment_status:unshipped) AND (tag:'vip' OR tag:'b2b') AND -tag:'x' AND test:false AND (risk_level:low)",
    );
  });

  it('quotes tags (they may hold spaces) and excludes each excluded tag', () => {
    expect(importFilterQuery(filter({ excludeTags: ['no ship', 'hold'] }))).toBe(
      "-tag:'no ship' AND -tag:'hold'",
    );
    expect(importFilterQuery(filter({ tags: ['wholesale eu'] }))).toBe("(tag:'wholesale eu')");
  });

  it('names risk levels as alternatives, and test:false only when test orders stay out', () => {
    expect(importFilterQuery(filter({ riskLevel: ['low', 'medium'] }))).toBe(
      '(risk_level:low OR risk_level:medium)',
    );
    expect(importFilterQuery(filter({ excludeTest: true }))).toBe('test:false');
  });
});
