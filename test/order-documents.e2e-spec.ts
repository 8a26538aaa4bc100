import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { formatCents, Side } from './shopify-sim/state/money';
import { lineMoney, orderMoney, shippingMoney } from './shopify-sim/state/order-money';
import type { OrderRecord } from './shopify-sim/state/records';
import type { SimOrderInput } from './shopify-sim/state/orders';
import { eventually } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase, query } from './support/pg';
import { Job, runSync } from './support/jobs';
import { readFeed } from './support/feed';
import { servedSchemas } from './support/openapi-schemas';
import { Stack } from './support/stack';

// Issue 16 end to end, HTTP API + PostgreSQL + Kafka + the strict simulator: an order with
// shipping, a discount code, two tax lines and a presentment currency becomes a document equal
// to Shopify's to the cent in both currency modes; a refund before processing is netted; a
// refund after processing is exactly one credit memo (also when the job runs twice), in the
// feed and on the outbound topic; an edit after processing is a conflict and the document
// stays; unknown SKUs become ERP items; the document number goes to a metafield and
// `orderClose` runs once per order.

const DOMAIN = 'documents-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const APP_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);
const TIME_SCALE = 20;

interface Line {
  lineNo: number;
  sku: string;
  kind: string;
  type: string;
  quantity: number;
  unitPrice: string;
  lineDiscount: string;
  amount: string;
  taxAmount: string;
  taxes: Array<{ title: string; rate: number | null; amount: string }>;
}
interface SalesOrderDoc {
  id: string;
  number: string;
  shopifyOrderId: string;
  currency: string;
  currencyMode: string;
  exchangeRate: string | null;
  pricesIncludeTax: boolean;
  invoiceDiscount: string;
  amounts: { subtotal: string; shipping: string; tax: string; total: string };
  lines: Line[];
  conflict: {
    changes: Array<{ field: string; before: unknown; after: unknown }>;
    acknowledgedAt: string | null;
  } | null;
}
interface CreditMemoDoc {
  id: string;
  shopifyOrderId: string;
  shopifyRefundId: string;
  salesOrderId: string;
  number: string;
  currency: string;
  amounts: { subtotal: string; tax: string; total: string };
  lines: Array<{ kind: string; no: string; quantity: number; amount: string }>;
}

const ORDER_SETTINGS = {
  refunds: 'credit-memo',
  unknownSku: 'create-item',
  shippingChargeNo: 'SHIP-EXPRESS',
};

describe('Order documents (shipping, discounts, taxes, currencies, refunds, conflicts)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let outbound: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  let skus: string[] = [];
  let email = 0;

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const sync = async (task: string): Promise<Job> => {
    const job = await runSync(stack, 'docs', task, {}, 180_000);
    expect({ task, status: job.status, error: job.error }).toEqual({
      task,
      status: 'succeeded',
      error: null,
    });
    return job;
  };
  const importAndProcess = async () => {
    await sync('orders');
    return sync('sales-orders');
  };
  const feed = <T>(path: string) => readFeed<T>(stack, path);
  const documentOf = async (order: OrderRecord): Promise<SalesOrderDoc> => {
    const doc = (await feed<SalesOrderDoc>('/v1/erp/sales-orders?shop=docs')).find(
      (d) => d.shopifyOrderId === order.id,
    );
    if (!doc) throw new Error(`no document for ${order.name}`);
    return doc;
  };
  const shopOrder = (id: string): OrderRecord => {
    const order = sim.shop(DOMAIN).orders.get(id);
    if (!order) throw new Error(`no order ${id}`);
    return order;
  };

  // Two items, each with two taxes (GST 5 %, PST 7 %), taxes on top of the price; shipping with
  // GST; a 10 % code on the whole order; the buyer pays in USD.
  const richOrder = (): SimOrderInput => ({
    email: `buyer.${++email}@example.com`,
    shippingAddress: {
      firstName: 'Rae',
      lastName: 'Lee',
      address1: '1 Main St',
      city: 'Toronto',
      zip: 'M5V 2T6',
      countryCode: 'CA',
    },
    lineItems: [
      {
        sku: skus[0],
        quantity: 3,
        price: '19.99',
        taxes: [
          { title: 'GST', rate: 0.05 },
          { title: 'PST', rate: 0.07 },
        ],
      },
      {
        sku: skus[1],
        quantity: 1,
        price: '7.35',
        taxes: [
          { title: 'GST', rate: 0.05 },
          { title: 'PST', rate: 0.07 },
        ],
      },
    ],
    shippingLines: [
      { title: 'Express', code: 'EXP', price: '12.45', taxes: [{ title: 'GST', rate: 0.05 }] },
    ],
    discounts: [{ type: 'code', code: 'SAVE10', percentage: 10 }],
    taxesIncluded: false,
    presentmentCurrency: 'USD',
    exchangeRate: 1.0873,
  });

  // The document, line by line and in total, is what Shopify says on `side`.
  function expectEqualToShopify(
    doc: SalesOrderDoc,
    order: OrderRecord,
    side: Side,
    current = false,
  ) {
    const money = orderMoney(order);
    const pick = (p: { shop: number; presentment: number }) => formatCents(p[side]);
    expect(doc.amounts).toEqual({
      subtotal: pick(current ? money.currentSubtotal : money.subtotal),
      shipping: pick(current ? money.currentShipping : money.shipping),
      tax: pick(current ? money.currentTax : money.tax),
      total: pick(current ? money.currentTotal : money.total),
    });
    expect(doc.pricesIncludeTax).toBe(false);
    for (const li of order.lineItems) {
      const m = lineMoney(order, li);
      const line = doc.lines.find((l) => l.kind === 'item' && l.sku === li.sku);
      expect(line).toMatchObject({
        type: 'item',
        quantity: current ? m.currentQuantity : li.quantity,
        amount: pick(current ? m.current.amount : m.kept.amount),
        taxAmount: pick(current ? m.current.tax : m.kept.tax),
      });
      expect(line!.taxes.map((t) => t.title).sort()).toEqual(['GST', 'PST']);
    }
    const ship = shippingMoney(order, order.shippingLines[0]);
    expect(doc.lines.filter((l) => l.kind === 'shipping')).toEqual([
      expect.objectContaining({
        sku: 'SHIP-EXPRESS',
        type: 'account',
        quantity: 1,
        amount: pick(ship.discounted),
        taxAmount: pick(ship.tax),
      }),
    ]);
    const sumCents = (xs: string[]) => xs.reduce((s, x) => s + Math.round(Number(x) * 100), 0);
    expect(
      formatCents(
        sumCents(doc.lines.map((l) => l.amount)) -
          sumCents([doc.invoiceDiscount]) +
          sumCents(doc.lines.map((l) => l.taxAmount)),
      ),
    ).toBe(doc.amounts.total);
  }

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: TIME_SCALE });
    sim.createShop({
      domain: DOMAIN,
      plan: 'standard',
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      seed: { products: 3, variantsPerProduct: 1, locations: 1, customers: 0, orders: 0, seed: 16 },
    });
    skus = [...sim.shop(DOMAIN).variants.values()].map((v) => v.sku!).filter(Boolean);
    db = await createTestDatabase('documents');
    stack = new Stack({
      name: 'documents',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        FEED_SETTLE_MS: '0',
      },
      workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE) },
    });
    await stack.start();
    outbound = await collect(testKafka(), `${stack.topicPrefix}shopsync.erp.outbound.v1`);
    const created = await api('POST', '/v1/shops', {
      code: 'docs',
      domain: DOMAIN,
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      settings: { customers: { import: 'with-order-import' }, orders: ORDER_SETTINGS },
    });
    expect(created.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await outbound?.consumer.disconnect();
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  let first: OrderRecord;
  let second: OrderRecord;

  it('turns the order into a document equal to Shopify in shop money, creating unknown items', async () => {
    first = sim.createOrder(DOMAIN, richOrder());
    const job = await importAndProcess();
    expect(job.summary).toMatchObject({ created: 1, failed: 0, itemsCreated: 2 });
    const doc = await documentOf(first);
    expect(doc).toMatchObject({ currency: 'EUR', currencyMode: 'shop', exchangeRate: null });
    expectEqualToShopify(doc, shopOrder(first.id), 'shop');
    // The 10 % code sits on the item lines as line discounts.
    expect(
      doc.lines.filter((l) => l.kind === 'item').every((l) => Number(l.lineDiscount) > 0),
    ).toBe(true);
    const items = await query<{ itemNo: string }>(db.url, 'SELECT "itemNo" FROM erp_items');
    expect(items.map((i) => i.itemNo).every((n) => n.startsWith('SHOPIFY-'))).toBe(true);
    expect(items).toHaveLength(2);
  }, 240_000);

  it('makes the same order in the presentment currency, with the rate', async () => {
    const patched = await api('PATCH', '/v1/shops/docs', {
      settings: { orders: { ...ORDER_SETTINGS, currency: 'presentment' } },
    });
    expect(patched.status).toBe(200);
    second = sim.createOrder(DOMAIN, richOrder());
    await importAndProcess();
    const doc = await documentOf(second);
    expect(doc).toMatchObject({ currency: 'USD', currencyMode: 'presentment' });
    const money = orderMoney(shopOrder(second.id));
    expect(Number(doc.exchangeRate)).toBeCloseTo(money.total.shop / money.total.presentment, 5);
    expectEqualToShopify(doc, shopOrder(second.id), 'presentment');
    await api('PATCH', '/v1/shops/docs', { settings: { orders: ORDER_SETTINGS } });
  }, 240_000);

  it('nets a refund made before the document', async () => {
    const order = sim.createOrder(DOMAIN, richOrder());
    const refund = sim.refundOrder(DOMAIN, order.id, {
      lineItems: [{ lineItemId: order.lineItems[0].id, quantity: 1 }],
    });
    await importAndProcess();
    const doc = await documentOf(order);
    expect(doc.lines.find((l) => l.sku === skus[0])!.quantity).toBe(2);
    expectEqualToShopify(doc, shopOrder(order.id), 'shop', true);
    const [row] = await query<{ nettedRefundIds: string }>(
      db.url,
      'SELECT "nettedRefundIds" FROM erp_sales_orders WHERE id = $1',
      [doc.id],
    );
    expect(JSON.parse(row.nettedRefundIds)).toEqual([refund.id]);
    // A netted refund is no credit memo.
    const memos = await feed<CreditMemoDoc>('/v1/erp/credit-memos?shop=docs');
    expect(memos.filter((m) => m.shopifyOrderId === order.id)).toEqual([]);
  }, 240_000);

  it('makes exactly one credit memo of a refund after the document, however often it runs', async () => {
    const refund = sim.refundOrder(DOMAIN, first.id, {
      lineItems: [{ lineItemId: first.lineItems[0].id, quantity: 1 }],
      shipping: { fullRefund: true },
    });
    const job = await importAndProcess();
    expect(job.summary).toMatchObject({ creditMemos: 1, creditMemosFailed: 0 });
    const again = await importAndProcess();
    expect(again.summary).toMatchObject({ creditMemos: 0 });
    const doc = await documentOf(first);
    const memos = (await feed<CreditMemoDoc>('/v1/erp/credit-memos?shop=docs')).filter(
      (m) => m.shopifyOrderId === first.id,
    );
    expect(memos).toHaveLength(1);
    // As the worker made it from the refund: every field as the OpenAPI document has it.
    expect((await servedSchemas(api)).errors('CreditMemoDocumentDto', memos[0])).toEqual([]);
    const [memo] = memos;
    const refunded = orderMoney(shopOrder(first.id)).refunded;
    expect(memo).toMatchObject({
      shopifyRefundId: refund.id,
      salesOrderId: doc.id,
      number: `${doc.number}-CM1`,
      currency: 'EUR',
      amounts: { total: formatCents(refunded.shop) },
    });
    expect(memo.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'item', no: skus[0], quantity: 1 }),
        expect.objectContaining({ kind: 'shipping', no: 'SHIP-EXPRESS' }),
      ]),
    );
    // The document itself is what it was.
    expect(doc.lines.find((l) => l.sku === skus[0])!.quantity).toBe(3);
    await eventually(async () => {
      const onTopic = outbound.messages.filter((m) => m.key?.includes('/credit-memo/'));
      const docs = onTopic.map((m) => dataOf<{ document: { shopifyRefundId: string } }>(m));
      expect(docs.map((d) => d.document.shopifyRefundId)).toEqual([refund.id]);
    }, 30_000);
  }, 300_000);

  it('flags an edit after the document as a conflict and leaves the document alone', async () => {
    const before = await documentOf(second);
    sim.editOrder(DOMAIN, second.id, {
      changes: [{ type: 'set-quantity', lineItemId: second.lineItems[0].id, quantity: 1 }],
    });
    const job = await sync('orders');
    expect(job.summary).toMatchObject({ conflicts: 1 });
    await sync('sales-orders');
    const after = await documentOf(second);
    expect({ ...after, conflict: null }).toEqual({ ...before, conflict: null });
    expect(after.conflict).toMatchObject({ acknowledgedAt: null });
    expect(after.conflict!.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: `lines[${second.lineItems[0].id}].quantity`, after: 1 }),
      ]),
    );
    const listed = await feed<SalesOrderDoc>('/v1/erp/sales-orders?shop=docs&conflict=true');
    expect(listed.map((d) => d.id)).toEqual([after.id]);
    const ack = await api('POST', `/v1/erp/sales-orders/${after.id}/conflict/acknowledge`);
    expect(ack.status).toBe(200);
    expect(await feed('/v1/erp/sales-orders?shop=docs&conflict=true')).toEqual([]);
  }, 240_000);

  it('writes each document number to a metafield and closes each order once', async () => {
    const patched = await api('PATCH', '/v1/shops/docs', {
      settings: {
        orders: {
          ...ORDER_SETTINGS,
          archiveProcessedOrders: true,
          documentNumberToShopify: 'metafield',
        },
      },
    });
    expect(patched.status).toBe(200);
    const job = await sync('sales-orders');
    expect(job.summary).toMatchObject({ shopifyRefused: 0 });
    await sync('sales-orders');
    const docs = await feed<SalesOrderDoc>('/v1/erp/sales-orders?shop=docs');
    expect(docs.length).toBeGreaterThanOrEqual(3);
    const schemas = await servedSchemas(api);
    expect(docs.map((d) => schemas.errors('SalesOrderDocumentDto', d))).toEqual(docs.map(() => []));
    const calls = sim.shop(DOMAIN).mutationCalls;
    for (const doc of docs) {
      const order = shopOrder(doc.shopifyOrderId);
      expect(order.closedAt).not.toBeNull();
      expect(
        calls.filter((c) => c.mutation === 'orderClose' && c.targetId === order.id),
      ).toHaveLength(1);
      expect(
        order.metafields.find((m) => m.namespace === 'shopsync' && m.key === 'erp_document_number')
          ?.value,
      ).toBe(doc.number);
    }
  }, 240_000);
});
