import type { OpenAPIObject } from '@nestjs/swagger';
import {
  balanceTransactionDocument,
  ContractViolation,
  creditMemoDocument,
  customerDocument,
  disputeDocument,
  ErpBalanceTransactionEntity,
  ErpCreditMemoEntity,
  ErpCreditMemoLineEntity,
  ErpCustomerEntity,
  ErpCustomerV1,
  ErpDisputeEntity,
  ErpItemV1,
  ErpPaymentEntity,
  ErpPayoutEntity,
  ErpSalesOrderEntity,
  ErpSalesOrderLineEntity,
  ErpShipmentV1,
  ErpStockV1,
  parseContract,
  paymentDocument,
  payoutDocument,
  salesOrderDocument,
} from '@shopsync/shared';
import { OpenApiSchemas, openApiSchemas } from '@test/support/openapi-schemas';
import { offlineOpenApiDocument } from './openapi-offline';

const at = (iso: string) => new Date(iso);
const SHOP = '3f1c7a52-5a7e-4d43-9f6e-0c2f0d9a1e11';
const ADDRESS = {
  firstName: 'Anna',
  lastName: 'de Vries',
  company: null,
  address1: 'Keizersgracht 1',
  address2: null,
  zip: '1015 AB',
  city: 'Amsterdam',
  province: null,
  countryCode: 'NL',
  phone: '+31612345678',
};

function salesOrder(full: boolean): ErpSalesOrderEntity {
  return {
    id: '0b7e4a4e-2c55-4e0e-9d1b-6a3f7c1e2d01',
    shopId: SHOP,
    shopifyOrderId: 'gid://shopify/Order/1001',
    number: 'SO-1001',
    documentType: full ? 'invoice' : 'order',
    orderName: '#1001',
    erpCustomerId: '6c1d7f00-8a9b-4c2d-8e3f-112233445566',
    customerNumber: 'C-10001',
    currency: 'EUR',
    subtotal: '39.90',
    shipping: '4.95',
    tax: '7.79',
    total: '44.85',
    financialStatus: full ? 'PAID' : null,
    sellToAddress: full ? ADDRESS : null,
    shipToAddress: full ? { city: 'Utrecht', countryCode: 'NL' } : null,
    company: full
      ? {
          shopifyCompanyId: 'gid://shopify/Company/1',
          name: 'Acme B.V.',
          externalId: 'ACME',
          location: {
            shopifyLocationId: 'gid://shopify/CompanyLocation/1',
            name: 'Head office',
            externalId: null,
            billingAddress: ADDRESS,
            shippingAddress: null,
          },
          shopifyContactId: null,
        }
      : undefined,
    orderDate: at('2026-11-30T09:00:00Z'),
    createdAt: at('2026-11-30T09:01:00Z'),
    currencyMode: full ? 'presentment' : 'shop',
    exchangeRate: full ? '1.083000' : null,
    pricesIncludeTax: full,
    invoiceDiscount: '0.00',
    paymentMethods: full ? ['shopify_payments'] : null,
    nettedRefundIds: null,
    basis: null,
    conflict: full
      ? {
          detectedAt: '2026-11-30T10:00:00.000Z',
          shopifyUpdatedAt: '2026-11-30T09:59:00.000Z',
          changes: [
            { field: 'lines[gid://shopify/LineItem/5].quantity', before: 2, after: 1 },
            { field: 'cancelled', before: false, after: true },
            { field: 'total', before: '44.85', after: null },
          ],
        }
      : null,
    conflictAcknowledgedAt: full ? at('2026-11-30T11:00:00Z') : null,
    documentNumberSentAt: null,
    shopifyClosedAt: null,
  };
}

const salesLines = (full: boolean): ErpSalesOrderLineEntity[] => [
  {
    salesOrderId: '0b7e4a4e-2c55-4e0e-9d1b-6a3f7c1e2d01',
    lineNo: 20000,
    sku: 'SHIPPING',
    description: 'Standard',
    quantity: 1,
    unitPrice: '4.95',
    amount: '4.95',
    shopifyLineItemId: 'gid://shopify/ShippingLine/9',
    kind: 'shipping',
    type: 'account',
    lineDiscount: '0.00',
    taxAmount: '0.86',
    taxes: full ? [{ title: 'VAT', rate: null, amount: '0.86' }] : null,
  },
  {
    salesOrderId: '0b7e4a4e-2c55-4e0e-9d1b-6a3f7c1e2d01',
    lineNo: 10000,
    sku: 'TSHIRT-1-S',
    description: 'T-shirt - S',
    quantity: 2,
    unitPrice: '19.95',
    amount: '39.90',
    shopifyLineItemId: 'gid://shopify/LineItem/5001',
    kind: 'item',
    type: 'item',
    lineDiscount: '0.00',
    taxAmount: '6.93',
    taxes: [{ title: 'VAT 21%', rate: 0.21, amount: '6.93' }],
  },
];

function creditMemo(full: boolean): [ErpCreditMemoEntity, ErpCreditMemoLineEntity[]] {
  const memo: ErpCreditMemoEntity = {
    id: '9a8b7c6d-1111-4222-8333-444455556666',
    shopId: SHOP,
    shopifyOrderId: 'gid://shopify/Order/1001',
    shopifyRefundId: 'gid://shopify/Refund/1',
    shopifyReturnId: full ? 'gid://shopify/Return/7' : null,
    salesOrderId: '0b7e4a4e-2c55-4e0e-9d1b-6a3f7c1e2d01',
    number: 'SO-1001-CM1',
    orderName: '#1001',
    erpCustomerId: '6c1d7f00-8a9b-4c2d-8e3f-112233445566',
    customerNumber: 'C-10001',
    currency: 'EUR',
    exchangeRate: full ? '1.083000' : null,
    pricesIncludeTax: true,
    subtotal: '19.95',
    tax: '3.46',
    total: '19.95',
    note: full ? 'damaged' : null,
    refundedAt: at('2026-12-01T08:00:00Z'),
    createdAt: at('2026-12-01T08:00:05Z'),
  };
  const line: ErpCreditMemoLineEntity = {
    creditMemoId: memo.id,
    lineNo: 10000,
    kind: 'item',
    type: 'item',
    no: 'TSHIRT-1-S',
    description: 'T-shirt - S',
    quantity: 1,
    unitPrice: '19.95',
    amount: '19.95',
    taxAmount: '3.46',
    shopifyLineItemId: full ? 'gid://shopify/LineItem/5001' : null,
  };
  return [memo, full ? [line, { ...line, lineNo: 20000, kind: 'refund', type: 'account' }] : []];
}

function customer(full: boolean): ErpCustomerEntity {
  return {
    id: '6c1d7f00-8a9b-4c2d-8e3f-112233445566',
    number: 'C-10001',
    email: full ? 'anna@example.com' : null,
    phone: full ? '+31612345678' : null,
    firstName: full ? 'Anna' : null,
    lastName: full ? 'de Vries' : null,
    company: full ? 'Acme B.V.' : null,
    address: full ? ADDRESS : null,
    source: full ? 'shopify' : 'erp',
    // Columns added later: an older row has none of them.
    ...(full
      ? {
          taxExempt: true,
          taxExemptions: ['EU_REVERSE_CHARGE_EXEMPTION_RULE'],
          emailMarketingConsent: {
            state: 'SUBSCRIBED',
            optInLevel: 'SINGLE_OPT_IN',
            consentUpdatedAt: '2026-11-01T10:00:00Z',
          },
          smsMarketingConsent: {
            state: 'NOT_SUBSCRIBED',
            optInLevel: null,
            consentUpdatedAt: null,
          },
          addresses: [{ code: 'S2', city: 'Utrecht', countryCode: 'NL', phone: null }],
        }
      : {}),
    createdAt: at('2026-11-01T10:00:00Z'),
    updatedAt: at('2026-11-02T10:00:00Z'),
  };
}

const payment = (full: boolean): ErpPaymentEntity => ({
  id: '11111111-2222-4333-8444-555555555555',
  shopId: SHOP,
  transactionId: 'gid://shopify/OrderTransaction/1',
  shopifyOrderId: 'gid://shopify/Order/1001',
  orderName: '#1001',
  kind: full ? 'REFUND' : 'SALE',
  status: 'SUCCESS',
  gateway: full ? 'shopify_payments' : null,
  amount: '44.85',
  currency: 'EUR',
  parentTransactionId: full ? 'gid://shopify/OrderTransaction/0' : null,
  processedAt: full ? at('2026-11-30T09:00:00Z') : null,
  createdAt: at('2026-11-30T09:00:01Z'),
});

const payout = (full: boolean): ErpPayoutEntity => ({
  id: '22222222-2222-4333-8444-555555555555',
  shopId: SHOP,
  payoutId: 'gid://shopify/ShopifyPaymentsPayout/1',
  legacyId: '1',
  status: full ? 'PAID' : 'SCHEDULED',
  final: full,
  transactionType: 'DEPOSIT',
  issuedAt: at('2026-11-30T00:00:00Z'),
  net: '43.30',
  gross: '44.85',
  currency: 'USD',
  shopCurrency: 'EUR',
  summary: full
    ? {
        chargesGross: '44.85',
        chargesFee: '-1.55',
        refundsFeeGross: '0.00',
        refundsFee: '0.00',
        adjustmentsGross: '0.00',
        adjustmentsFee: '0.00',
      }
    : null,
  createdAt: at('2026-11-30T00:00:01Z'),
  updatedAt: at('2026-12-01T00:00:01Z'),
});

const balanceTransaction = (full: boolean): ErpBalanceTransactionEntity => ({
  id: '33333333-2222-4333-8444-555555555555',
  shopId: SHOP,
  transactionId: 'gid://shopify/ShopifyPaymentsBalanceTransaction/1',
  transactionNumber: '1',
  type: full ? 'CHARGE' : 'ADJUSTMENT',
  amount: '44.85',
  fee: '1.55',
  net: '43.30',
  currency: 'EUR',
  shopCurrency: 'EUR',
  transactionDate: at('2026-11-30T09:00:00Z'),
  shopifyOrderId: full ? 'gid://shopify/Order/1001' : null,
  orderName: full ? '#1001' : null,
  payoutId: full ? 'gid://shopify/ShopifyPaymentsPayout/1' : null,
  payoutStatus: full ? 'PAID' : null,
  sourceType: full ? 'CHARGE' : null,
  sourceOrderTransactionId: full ? 'gid://shopify/OrderTransaction/1' : null,
  test: !full,
  createdAt: at('2026-11-30T09:00:01Z'),
});

const dispute = (full: boolean): ErpDisputeEntity => ({
  id: '44444444-2222-4333-8444-555555555555',
  shopId: SHOP,
  disputeId: 'gid://shopify/ShopifyPaymentsDispute/1',
  legacyId: '1',
  status: full ? 'WON' : 'NEEDS_RESPONSE',
  final: full,
  kind: 'CHARGEBACK',
  amount: '44.85',
  currency: 'EUR',
  shopCurrency: 'EUR',
  reason: 'FRAUDULENT',
  shopifyOrderId: full ? 'gid://shopify/Order/1001' : null,
  orderName: full ? '#1001' : null,
  initiatedAt: at('2026-11-30T09:00:00Z'),
  evidenceDueBy: full ? at('2026-12-10T00:00:00Z') : null,
  finalizedOn: full ? at('2026-12-20T00:00:00Z') : null,
  createdAt: at('2026-11-30T09:00:01Z'),
  updatedAt: at('2026-12-20T00:00:01Z'),
});

// Each feed's document as its builder makes it: with every optional part filled, and bare.
const DOCUMENTS: Array<[string, string, (full: boolean) => object]> = [
  [
    'sales-orders',
    'SalesOrderDocumentDto',
    (f) => salesOrderDocument(salesOrder(f), salesLines(f)),
  ],
  ['credit-memos', 'CreditMemoDocumentDto', (f) => creditMemoDocument(...creditMemo(f))],
  ['customers', 'CustomerDocumentDto', (f) => customerDocument(customer(f))],
  ['payments', 'PaymentDocumentDto', (f) => paymentDocument(payment(f))],
  ['payouts', 'PayoutDocumentDto', (f) => payoutDocument(payout(f))],
  [
    'balance-transactions',
    'BalanceTransactionDocumentDto',
    (f) => balanceTransactionDocument(balanceTransaction(f)),
  ],
  ['disputes', 'DisputeDocumentDto', (f) => disputeDocument(dispute(f))],
];

type Json = Record<string, unknown> & {
  properties?: Record<string, Json>;
  required?: string[];
  items?: Json;
  $ref?: string;
};

describe('OpenAPI component schemas against what the code makes and accepts', () => {
  let doc: OpenAPIObject;
  let schemas: OpenApiSchemas;

  beforeAll(async () => {
    doc = await offlineOpenApiDocument();
    schemas = openApiSchemas(doc);
  }, 120_000);

  const responseRef = (path: string): string => {
    const op = (doc.paths[path] as { get: { responses: Record<string, unknown> } }).get;
    const ok = op.responses['200'] as {
      content: { 'application/json': { schema: { $ref: string } } };
    };
    return ok.content['application/json'].schema.$ref.split('/').pop()!;
  };

  describe.each(DOCUMENTS)('GET /v1/erp/%s', (path, name, build) => {
    it(`answers a feed of ${name}`, () => {
      const feed = schemas.schema(responseRef(`/v1/erp/${path}`)) as Json;
      expect(feed.properties?.items?.items?.$ref).toBe(`#/components/schemas/${name}`);
    });

    it.each([true, false])('describes every field of a built document (full: %s)', (full) => {
      const document = build(full);
      expect(schemas.errors(name, document)).toEqual([]);
      // Every field of the document is always there: all required.
      expect([...(schemas.schema(name).required as string[])].sort()).toEqual(
        Object.keys(document).sort(),
      );
      expect(
        schemas.errors(responseRef(`/v1/erp/${path}`), { items: [document], next: null }),
      ).toEqual([]);
    });

    it('would fail for a field missing from the schema or of another type', () => {
      const document = build(true) as Record<string, unknown>;
      const field = Object.keys(document).find((k) => typeof document[k] === 'string')!;
      const changed = openApiSchemas(withProperty(doc, name, field, undefined));
      expect(changed.errors(name, document).join()).toContain(`(${field})`);
      const retyped = openApiSchemas(withProperty(doc, name, field, { type: 'number' }));
      expect(retyped.errors(name, document).join()).toContain(`/${field} must be number`);
    });
  });

  it('holds nested objects to their schema too', () => {
    const document = salesOrderDocument(salesOrder(true), salesLines(true));
    const extra = structuredClone(document) as unknown as { lines: Array<Record<string, unknown>> };
    extra.lines[0].extra = 1;
    expect(schemas.errors('SalesOrderDocumentDto', extra).join()).toContain(
      '/lines/0 must NOT have additional properties (extra)',
    );
    const retyped = structuredClone(document) as unknown as {
      conflict: { changes: Array<{ before: unknown }> };
    };
    retyped.conflict.changes[0].before = { quantity: 2 };
    expect(schemas.errors('SalesOrderDocumentDto', retyped)).not.toEqual([]);
    const noCode = customerDocument(customer(true)) as unknown as {
      addresses: Array<Record<string, unknown>>;
    };
    delete noCode.addresses[0].code;
    expect(schemas.errors('CustomerDocumentDto', noCode).join()).toContain(
      "must have required property 'code'",
    );
  });

  it('names nested objects as component schemas', () => {
    const props = (n: string) => schemas.schema(n).properties as Record<string, Json>;
    expect(props('SalesOrderDocumentDto').sellTo).toMatchObject({
      nullable: true,
      allOf: [{ $ref: '#/components/schemas/ErpAddressDto' }],
    });
    expect(props('SalesOrderLineDto').taxes.items).toEqual({
      $ref: '#/components/schemas/DocumentTaxDto',
    });
    expect(props('CustomerDocumentDto').addresses.items).toEqual({
      $ref: '#/components/schemas/ErpCustomerAddressDto',
    });
    expect(props('PayoutDocumentDto').summary.allOf).toEqual([
      { $ref: '#/components/schemas/PayoutSummaryDto' },
    ]);
    expect(props('DisputeDocumentDto').evidenceDueBy).toMatchObject({
      type: 'string',
      format: 'date-time',
      nullable: true,
    });
  });

  // Each ERP batch item: the schema and the class-validator rules the gateway applies agree.
  const validates = async (cls: new () => object, value: unknown): Promise<boolean> =>
    parseContract(cls, value).then(
      () => true,
      (e: unknown) => {
        if (e instanceof ContractViolation) return false;
        throw e;
      },
    );

  const item = (over: Record<string, unknown> = {}, variant: Record<string, unknown> = {}) => ({
    itemNo: 'TSHIRT-1',
    title: 'T-shirt',
    options: ['Size'],
    variants: [{ sku: 'TSHIRT-1-S', options: ['S'], price: 19.95, ...variant }],
    ...over,
  });
  const stock = (over: Record<string, unknown> = {}) => ({
    sku: 'TSHIRT-1-S',
    locationCode: 'MAIN',
    onHand: 12,
    ...over,
  });
  const shipment = (over: Record<string, unknown> = {}, line: Record<string, unknown> = {}) => ({
    shop: 'eu-store',
    number: 'SHIP-1001',
    shopifyOrderId: 'gid://shopify/Order/1001',
    lines: [{ sku: 'TSHIRT-1-S', quantity: 1, ...line }],
    ...over,
  });
  const customerIn = (
    over: Record<string, unknown> = {},
    address: Record<string, unknown> = {},
  ) => ({
    number: 'C-10001',
    email: 'anna@example.com',
    address: { city: 'Amsterdam', countryCode: 'NL', ...address },
    ...over,
  });

  const CASES: Array<[string, new () => object, string, unknown, boolean]> = [
    ['an item', ErpItemV1, 'ErpItemV1', item(), true],
    [
      'an item with every field',
      ErpItemV1,
      'ErpItemV1',
      item(
        {
          description: '<p>Cotton</p>',
          vendor: 'Acme',
          productType: null,
          tags: ['summer'],
          imageUrls: ['https://example.com/a.jpg'],
          images: [{ url: 'http://localhost/a.jpg', contentHash: 'sha256:0123456789abcdef' }],
          attributes: [{ key: 'material', value: 'cotton', type: 'single_line_text_field' }],
          blocked: false,
        },
        {
          compareAtPrice: null,
          barcode: '8712345678906',
          weightGrams: 180.5,
          unitCost: 7.5,
          variantCode: 'S',
          image: null,
        },
      ),
      true,
    ],
    ['a price at the maximum', ErpItemV1, 'ErpItemV1', item({}, { price: 1_000_000_000 }), true],
    [
      'a price above the maximum',
      ErpItemV1,
      'ErpItemV1',
      item({}, { price: 1_000_000_000.01 }),
      false,
    ],
    ['a negative price', ErpItemV1, 'ErpItemV1', item({}, { price: -1 }), false],
    ['a price as a string', ErpItemV1, 'ErpItemV1', item({}, { price: '19.95' }), false],
    ['a title of 255', ErpItemV1, 'ErpItemV1', item({ title: 'x'.repeat(255) }), true],
    ['a title of 256', ErpItemV1, 'ErpItemV1', item({ title: 'x'.repeat(256) }), false],
    ['no variants', ErpItemV1, 'ErpItemV1', item({ variants: [] }), false],
    ['four option names', ErpItemV1, 'ErpItemV1', item({ options: ['a', 'b', 'c', 'd'] }), false],
    ['an itemNo with a space', ErpItemV1, 'ErpItemV1', item({ itemNo: 'T SHIRT' }), false],
    ['an itemNo of 65', ErpItemV1, 'ErpItemV1', item({ itemNo: 'x'.repeat(65) }), false],
    [
      'an ftp image',
      ErpItemV1,
      'ErpItemV1',
      item({ imageUrls: ['ftp://example.com/a.jpg'] }),
      false,
    ],
    [
      '21 image urls',
      ErpItemV1,
      'ErpItemV1',
      item({ imageUrls: Array.from({ length: 21 }, (_, i) => `https://example.com/${i}.jpg`) }),
      false,
    ],
    [
      'an unknown attribute type',
      ErpItemV1,
      'ErpItemV1',
      item({ attributes: [{ key: 'k1', value: 'v', type: 'json' }] }),
      false,
    ],
    [
      'a short content hash',
      ErpItemV1,
      'ErpItemV1',
      item({ images: [{ url: 'https://example.com/a.jpg', contentHash: 'abc' }] }),
      false,
    ],
    ['stock on hand', ErpStockV1, 'ErpStockV1', stock({ reserved: 2, incoming: 5 }), true],
    [
      'stock at the lowest on hand',
      ErpStockV1,
      'ErpStockV1',
      stock({ onHand: -1_000_000_000 }),
      true,
    ],
    ['stock below it', ErpStockV1, 'ErpStockV1', stock({ onHand: -1_000_000_001 }), false],
    ['a fractional quantity', ErpStockV1, 'ErpStockV1', stock({ onHand: 1.5 }), false],
    ['negative reserved', ErpStockV1, 'ErpStockV1', stock({ reserved: -1 }), false],
    [
      'a shipment',
      ErpShipmentV1,
      'ErpShipmentV1',
      shipment(
        { trackingUrl: 'https://track.example.com/1', locationId: 'gid://shopify/Location/1' },
        { shopifyOrderLineId: 'gid://shopify/LineItem/5001' },
      ),
      true,
    ],
    ['a line of quantity 0', ErpShipmentV1, 'ErpShipmentV1', shipment({}, { quantity: 0 }), false],
    [
      'a line above 1,000,000',
      ErpShipmentV1,
      'ErpShipmentV1',
      shipment({}, { quantity: 1_000_001 }),
      false,
    ],
    ['a shipment without lines', ErpShipmentV1, 'ErpShipmentV1', shipment({ lines: [] }), false],
    [
      'an order id that is not a gid',
      ErpShipmentV1,
      'ErpShipmentV1',
      shipment({ shopifyOrderId: '1001' }),
      false,
    ],
    ['an upper-case shop', ErpShipmentV1, 'ErpShipmentV1', shipment({ shop: 'EU' }), false],
    [
      'a tracking number of 101',
      ErpShipmentV1,
      'ErpShipmentV1',
      shipment({ trackingNumber: 'x'.repeat(101) }),
      false,
    ],
    [
      'a customer',
      ErpCustomerV1,
      'ErpCustomerV1',
      customerIn({ taxExempt: null, addresses: [{ code: 'SHIP-2', city: 'Utrecht' }] }),
      true,
    ],
    [
      'a lower-case country',
      ErpCustomerV1,
      'ErpCustomerV1',
      customerIn({}, { countryCode: 'nl' }),
      false,
    ],
    ['a zip of 33', ErpCustomerV1, 'ErpCustomerV1', customerIn({}, { zip: 'x'.repeat(33) }), false],
    [
      'an email that is not one',
      ErpCustomerV1,
      'ErpCustomerV1',
      customerIn({ email: 'anna' }),
      false,
    ],
    [
      'a phone with letters',
      ErpCustomerV1,
      'ErpCustomerV1',
      customerIn({ phone: 'call me' }),
      false,
    ],
    [
      'an address without its code',
      ErpCustomerV1,
      'ErpCustomerV1',
      customerIn({ addresses: [{ city: 'Utrecht' }] }),
      false,
    ],
    [
      'taxExempt as a string',
      ErpCustomerV1,
      'ErpCustomerV1',
      customerIn({ taxExempt: 'yes' }),
      false,
    ],
  ];

  it.each(CASES)('%s: the schema and the validator agree', async (_what, cls, name, value, ok) => {
    expect(await validates(cls, value)).toBe(ok);
    expect(schemas.errors(name, value).length === 0).toBe(ok);
  });

  it('lists the batch items by their schema, with the batch bounds', () => {
    const body = (path: string, method: 'put' | 'post') => {
      const op = (
        doc.paths[path] as Record<
          string,
          { requestBody: { content: Record<string, { schema: { $ref: string } }> } }
        >
      )[method];
      const ref = op.requestBody.content['application/json'].schema.$ref.split('/').pop()!;
      return schemas.schema(ref).properties as Record<string, Json>;
    };
    expect(body('/v1/erp/items', 'put').items).toMatchObject({
      minItems: 1,
      maxItems: 1000,
      items: { $ref: '#/components/schemas/ErpItemV1' },
    });
    expect(body('/v1/erp/stock', 'put').stock.items).toEqual({
      $ref: '#/components/schemas/ErpStockV1',
    });
    expect(body('/v1/erp/customers', 'put').customers.items).toEqual({
      $ref: '#/components/schemas/ErpCustomerV1',
    });
    expect(body('/v1/erp/shipments', 'post').shipments.items).toEqual({
      $ref: '#/components/schemas/ErpShipmentV1',
    });
  });
});

// A copy of the document with one property of one component schema replaced (or removed).
function withProperty(
  doc: OpenAPIObject,
  name: string,
  field: string,
  schema: object | undefined,
): OpenAPIObject {
  const copy = structuredClone(doc);
  const target = copy.components!.schemas![name] as Json;
  if (schema) target.properties![field] = schema as Json;
  else {
    delete target.properties![field];
    target.required = target.required?.filter((r) => r !== field);
  }
  return copy;
}
