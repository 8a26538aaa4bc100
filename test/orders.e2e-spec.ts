import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { eventually } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase, query } from './support/pg';
import { Job, runSync, waitForJobEnd } from './support/jobs';
import { subscribeIntake } from './support/shopify-sim-fixture';
import { servedSchemas } from './support/openapi-schemas';
import { Stack } from './support/stack';

// The order side through the HTTP API, against the simulator, with PostgreSQL and Kafka: 1,000
// orders with their customers, re-runs, refreshes, sales orders exactly once, a bad order, the
// webhook → orders → sales-orders chain onto the feed and shopsync.erp.outbound.v1, shipments
// into fulfillments, payments once, and orders/customers jobs that never overlap.

const DOMAIN = 'orders-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const APP_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);
const TIME_SCALE = 20;
const ORDERS = 1000;

interface Feed<T> {
  items: T[];
  next: string | null;
}
interface SalesOrderDoc {
  id: string;
  shopifyOrderId: string;
  orderName: string;
  lines: Array<{ sku: string; quantity: number }>;
}

describe('Order sync (orders, sales orders, customers, shipments, payments)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let outbound: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  let shopId = '';

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await query<{ n: string }>(db.url, sql, params))[0].n);

  const sync = (task: string, params: Record<string, unknown> = {}) =>
    runSync(stack, 'ord', task, params, 180_000);
  const waitJob = (id: string, timeoutMs = 180_000) => waitForJobEnd(stack, id, timeoutMs);
  async function feed<T>(path: string): Promise<T[]> {
    const all: T[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { status: number; body: Feed<T> } = await api<Feed<T>>(
        'GET',
        `${path}?limit=500${after ? `&after=${after}` : ''}`,
      );
      expect(res.status).toBe(200);
      if (!res.body.items.length) return all;
      all.push(...res.body.items);
      after = res.body.next;
    }
  }

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: TIME_SCALE });
    sim.createShop({
      domain: DOMAIN,
      plan: 'standard',
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      seed: {
        products: 15,
        variantsPerProduct: 2,
        locations: 2,
        customers: 400,
        orders: ORDERS,
        seed: 7,
      },
    });
    db = await createTestDatabase('orders');
    stack = new Stack({
      name: 'orders',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        // The feeds hold documents back for a settle window (tested in erp-feeds.int-spec);
        // here they are read right after the jobs that wrote them.
        FEED_SETTLE_MS: '0',
      },
      workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE) },
    });
    await stack.start();
    outbound = await collect(testKafka(), `${stack.topicPrefix}shopsync.erp.outbound.v1`);
    const created = await api<{ id: string }>('POST', '/v1/shops', {
      code: 'ord',
      domain: DOMAIN,
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      settings: {
        customers: { import: 'with-order-import', canUpdateShopifyCustomer: true },
        orders: { autoCreateSalesOrders: false, invoiceWhenFulfilled: true },
        shipments: { notifyCustomer: true },
      },
    });
    expect(created.status).toBe(201);
    shopId = created.body.id;
    // Every SKU of the store is an ERP item (one item per SKU).
    const skus = [...sim.shop(DOMAIN).variants.values()].map((v) => v.sku).filter(Boolean);
    const items = await api('PUT', '/v1/erp/items', {
      items: skus.map((sku) => ({
        itemNo: sku,
        title: sku,
        variants: [{ sku, options: [], price: 10 }],
      })),
    });
    expect(items.status).toBe(200);
  }, 240_000);

  afterAll(async () => {
    await outbound?.consumer.disconnect();
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('refuses a bad customers batch naming the record and field, and stores nothing', async () => {
    const customers = Array.from({ length: 5 }, (_, i) => ({
      number: `ERP-${i}`,
      email: i === 3 ? 'not-an-email' : `erp.${i}@example.com`,
    }));
    const bad = await api<{ errors: Array<{ field: string }> }>('PUT', '/v1/erp/customers', {
      customers,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toContain('customers[3].email');
    const tooMany = await api('PUT', '/v1/erp/customers', {
      customers: Array.from({ length: 1001 }, (_, i) => ({ number: `X-${i}` })),
    });
    expect(tooMany.status).toBe(400);
    expect(await count('SELECT count(*) AS n FROM erp_customers')).toBe(0);
    const badShipment = await api<{ errors: Array<{ field: string }> }>(
      'POST',
      '/v1/erp/shipments',
      {
        shipments: [
          { shop: 'nope', number: 'S1', shopifyOrderId: 'gid://shopify/Order/1', lines: [] },
        ],
      },
    );
    expect(badShipment.status).toBe(400);
    expect(badShipment.body.errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(['shipments[0].lines']),
    );
  });

  it('imports 1,000 orders with their customers; a re-run imports nothing new', async () => {
    const started = Date.now();
    const first = await sync('orders');
    expect(first.status).toBe('succeeded');
    expect(first.summary).toMatchObject({ created: ORDERS, updated: 0 });
    expect(await count('SELECT count(*) AS n FROM shopify_orders')).toBe(ORDERS);
    const withCustomer = new Set(
      [...sim.shop(DOMAIN).orders.values()].map((o) => o.customerId).filter(Boolean),
    );
    expect(await count('SELECT count(*) AS n FROM shop_customers')).toBe(withCustomer.size);
    expect(await count('SELECT count(*) AS n FROM erp_customers')).toBe(withCustomer.size);
    const customers = await feed('/v1/erp/customers');
    expect(customers.length).toBe(withCustomer.size);
    // As imported from Shopify: every field as the OpenAPI document has it.
    const schemas = await servedSchemas(api);
    expect(customers.map((c) => schemas.errors('CustomerDocumentDto', c))).toEqual(
      customers.map(() => []),
    );
    console.log(`orders: ${ORDERS} imported in ${Date.now() - started} ms`, first.summary?.shopify);

    const again = await sync('orders');
    expect(again.status).toBe('succeeded');
    expect(again.summary).toMatchObject({ created: 0, updated: 0 });
    expect(await count('SELECT count(*) AS n FROM shopify_orders')).toBe(ORDERS);
  }, 200_000);

  it('refreshes an order updated in Shopify', async () => {
    const authorized = [...sim.shop(DOMAIN).orders.values()].find(
      (o) => o.financialStatus === 'AUTHORIZED',
    )!;
    await new Promise((r) => setTimeout(r, 1100));
    sim.updateOrder(DOMAIN, authorized.id, { financialStatus: 'PAID' });
    const job = await sync('orders');
    expect(job.summary).toMatchObject({ created: 0, updated: 1 });
    const [row] = await query<{ financialStatus: string }>(
      db.url,
      'SELECT "financialStatus" FROM shopify_orders WHERE "shopifyOrderId" = $1',
      [authorized.id],
    );
    expect(row.financialStatus).toBe('PAID');
  }, 60_000);

  it('creates each sales order exactly once, and a bad order does not block the others', async () => {
    const [variant] = [...sim.shop(DOMAIN).variants.values()];
    const bad = sim.createOrder(DOMAIN, {
      lineItems: [{ title: 'Gift wrap', quantity: 1, price: 2 }],
      email: 'bad.order@example.com',
    });
    const good = sim.createOrder(DOMAIN, {
      lineItems: [{ sku: variant.sku!, quantity: 2 }],
      email: 'good.order@example.com',
    });
    await new Promise((r) => setTimeout(r, 500));
    expect((await sync('orders')).summary).toMatchObject({ created: 2 });

    // Two identical jobs (force: a duplicate request) run one after the other.
    const [a, b] = await Promise.all([
      api<Job>('POST', '/v1/shops/ord/syncs', { task: 'sales-orders', force: true }),
      api<Job>('POST', '/v1/shops/ord/syncs', { task: 'sales-orders', force: true }),
    ]);
    const jobs = [await waitJob(a.body.id), await waitJob(b.body.id)];
    expect(jobs.map((j) => j.status)).toEqual(['succeeded', 'succeeded']);
    const total = ORDERS + 1;
    const made = jobs.reduce(
      (s, j) => s + Number(j.summary?.created ?? 0) + Number(j.summary?.invoices ?? 0),
      0,
    );
    expect(made).toBe(total);
    expect(jobs.map((j) => j.summary?.failed)).toEqual([1, 1]);
    const [badRow] = await query<{ processed: boolean; error: string }>(
      db.url,
      'SELECT processed, error FROM shopify_orders WHERE "shopifyOrderId" = $1',
      [bad.id],
    );
    expect(badRow.processed).toBe(false);
    expect(badRow.error).toContain("('Gift wrap') has no SKU");

    // A redelivered job for orders already converted (their flag lost): the unique key holds.
    await query(
      db.url,
      `UPDATE shopify_orders SET processed = false WHERE id IN (SELECT id FROM shopify_orders WHERE processed LIMIT 10)`,
    );
    const redelivered = await sync('sales-orders');
    expect(redelivered.summary).toMatchObject({ created: 0, invoices: 0, existing: 10, failed: 1 });

    expect(await count('SELECT count(*) AS n FROM erp_sales_orders')).toBe(total);
    const docs = await feed<SalesOrderDoc>('/v1/erp/sales-orders');
    expect(docs.length).toBe(total);
    expect(new Set(docs.map((d) => d.shopifyOrderId)).size).toBe(total);
    expect(docs.find((d) => d.shopifyOrderId === good.id)?.lines).toEqual([
      expect.objectContaining({ sku: variant.sku, quantity: 2 }),
    ]);
    expect(docs.some((d) => d.shopifyOrderId === bad.id)).toBe(false);
  }, 200_000);

  it('turns ERP shipments into Shopify fulfillments with tracking', async () => {
    const open = [...sim.shop(DOMAIN).orders.values()]
      .filter((o) => o.fulfillments.length === 0 && o.lineItems.every((l) => l.sku))
      .slice(0, 3);
    const shipments = open.map((o, i) => ({
      shop: 'ord',
      number: `SHIP-${i}`,
      shopifyOrderId: o.id,
      lines: [
        ...o.lineItems
          .reduce(
            (m, l) => m.set(l.sku!, (m.get(l.sku!) ?? 0) + l.quantity),
            new Map<string, number>(),
          )
          .entries(),
      ].map(([sku, quantity]) => ({ sku, quantity })),
      trackingCompany: 'PostNL',
      trackingNumber: `3S${i}TRACK`,
      trackingUrl: `https://postnl.example/track/3S${i}TRACK`,
    }));
    shipments.push({
      ...shipments[0],
      number: 'SHIP-BAD',
      lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
    });
    const posted = await api('POST', '/v1/erp/shipments', { shipments });
    expect(posted.body).toEqual({ created: 4, unchanged: 0 });
    expect((await api('POST', '/v1/erp/shipments', { shipments })).body).toEqual({
      created: 0,
      unchanged: 4,
    });
    const job = await sync('shipments');
    expect(job.summary).toMatchObject({ fulfilled: 3, failed: 1 });
    for (const [i, o] of open.entries()) {
      const order = sim.shop(DOMAIN).orders.get(o.id)!;
      expect(order.fulfillments.length).toBeGreaterThan(0);
      expect(order.fulfillments.flatMap((f) => f.trackingInfo)).toEqual(
        expect.arrayContaining([
          {
            company: 'PostNL',
            number: `3S${i}TRACK`,
            url: `https://postnl.example/track/3S${i}TRACK`,
          },
        ]),
      );
      expect(order.fulfillments.every((f) => f.notifyCustomer)).toBe(true);
    }
    const rows = await query<{
      number: string;
      status: string;
      fulfillmentIds: string | null;
      failureReason: string | null;
    }>(
      db.url,
      'SELECT number, status, "fulfillmentIds", "failureReason" FROM erp_shipments ORDER BY number',
    );
    expect(rows.find((r) => r.number === 'SHIP-BAD')).toMatchObject({ status: 'failed' });
    expect(rows.find((r) => r.number === 'SHIP-BAD')?.failureReason).toContain("SKU 'NO-SUCH-SKU'");
    expect(rows.filter((r) => r.status === 'fulfilled' && r.fulfillmentIds)).toHaveLength(3);
    // Nothing is tried again.
    expect((await sync('shipments')).summary).toMatchObject({ pending: 0 });
  }, 120_000);

  it('records payments exactly once', async () => {
    const first = await sync('payments');
    expect(first.status).toBe('succeeded');
    const imported = new Set(
      (
        await query<{ id: string }>(db.url, 'SELECT "shopifyOrderId" AS id FROM shopify_orders')
      ).map((r) => r.id),
    );
    const expected = [...sim.shop(DOMAIN).orders.values()]
      .filter((o) => imported.has(o.id))
      .flatMap((o) => o.transactions.filter((t) => t.status === 'SUCCESS'));
    expect(await count('SELECT count(*) AS n FROM erp_payments')).toBe(expected.length);
    const again = await sync('payments');
    expect(again.summary).toMatchObject({ recorded: 0 });
    const docs = await feed<{ transactionId: string }>('/v1/erp/payments');
    expect(docs.length).toBe(expected.length);
    const schemas = await servedSchemas(api);
    expect(docs.map((d) => schemas.errors('PaymentDocumentDto', d))).toEqual(docs.map(() => []));
    expect(new Set(docs.map((d) => d.transactionId))).toEqual(new Set(expected.map((t) => t.id)));
  }, 120_000);

  it('never overlaps orders and customers jobs of one shop (default category)', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      for (const task of ['orders', 'customers'])
        ids.push((await api<Job>('POST', '/v1/shops/ord/syncs', { task, force: true })).body.id);
    const jobs = [];
    for (const id of ids) jobs.push(await waitJob(id));
    expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
    const intervals = jobs
      .map((j) => ({
        task: j.task,
        start: Date.parse(j.startedAt!),
        end: Date.parse(j.finishedAt!),
      }))
      .sort((x, y) => x.start - y.start);
    for (let i = 1; i < intervals.length; i++)
      expect(intervals[i].start).toBeGreaterThanOrEqual(intervals[i - 1].end);
  }, 120_000);
  it('turns a signed orders/create webhook into orders → sales-orders → feed and Kafka', async () => {
    // Webhooks go to the gateway from here on (earlier they would add jobs to the counts above):
    // the app subscribes, as shopsync does with SHOPSYNC_PUBLIC_URL set.
    subscribeIntake(sim, DOMAIN, ['ORDERS_CREATE'], stack.gatewayUrl);
    expect(
      (
        await api('PATCH', '/v1/shops/ord', {
          settings: {
            customers: { import: 'with-order-import', canUpdateShopifyCustomer: true },
            orders: { autoCreateSalesOrders: true, invoiceWhenFulfilled: true },
            shipments: { notifyCustomer: true },
          },
        })
      ).status,
    ).toBe(200);
    const [variant] = [...sim.shop(DOMAIN).variants.values()];
    const order = sim.createOrder(DOMAIN, {
      lineItems: [{ sku: variant.sku!, quantity: 1 }],
      email: 'webhook.buyer@example.com',
    });
    const doc = await eventually(
      async () => {
        const docs = await feed<SalesOrderDoc>('/v1/erp/sales-orders');
        const found = docs.find((d) => d.shopifyOrderId === order.id);
        if (!found) throw new Error('not in the feed yet');
        return found;
      },
      90_000,
      500,
    );
    const jobs = (await api<{ items: Job[] }>('GET', '/v1/jobs?shop=ord&limit=20')).body.items;
    expect(jobs.some((j) => j.task === 'orders' && j.trigger === 'webhook')).toBe(true);
    expect(jobs.some((j) => j.task === 'sales-orders' && j.trigger === 'chained')).toBe(true);
    await eventually(() => {
      const m = outbound.messages.find((x) => x.key === `${shopId}/sales-order/${doc.id}`);
      if (!m) throw new Error('not on shopsync.erp.outbound.v1 yet');
      expect(dataOf(m)).toMatchObject({
        docType: 'sales-order',
        document: { shopifyOrderId: order.id, orderName: order.name },
      });
    }, 30_000);
  }, 120_000);
});
