import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { OrderRecord } from './shopify-sim/state/records';
import { readFeed } from './support/feed';
import { createTestDatabase, query } from './support/pg';
import { Job, runSync } from './support/jobs';
import { Stack } from './support/stack';

// Issue 18 item 4 end to end, HTTP API + PostgreSQL + Kafka + the strict simulator: the ERP
// reads the sales-order feed, ships against its order line ids and posts shipments; the
// shipments task matches by order line id where two lines share a SKU, sends a 600-line shipment
// in three fulfillmentCreate calls, accepts a fulfillment service's pending request and fulfils,
// skips (and keeps) what a service has not been asked to fulfil, maps the shipping agent to
// Shopify's tracking company and URL, and retries a shipment Shopify failed until it lands once.

const DOMAIN = 'shipments-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);
const TIME_SCALE = 20;

interface SalesOrderDoc {
  shopifyOrderId: string;
  lines: Array<{ sku: string; quantity: number; kind: string; shopifyOrderLineId: string | null }>;
}
interface ShipmentSummary {
  fulfilled: number;
  failed: number;
  deferred: number;
  waiting: number;
  accepted: number;
  fulfillments: number;
  pending: number;
}

describe('Shipments: order line ids, 250-line calls, fulfillment services, tracking, retries', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const orders: Record<
    'shared' | 'big' | 'service' | 'unsubmitted' | 'retry' | 'lost',
    OrderRecord
  > = {} as never;
  const docs = new Map<string, SalesOrderDoc>();

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const shipments = async (): Promise<ShipmentSummary> => {
    const job: Job = await runSync(stack, 'shp', 'shipments', {}, 180_000);
    expect({ status: job.status, error: job.error }).toEqual({ status: 'succeeded', error: null });
    return job.summary as unknown as ShipmentSummary;
  };
  const shipmentRow = async (number: string) =>
    (
      await query<{ status: string; fulfillmentIds: string | null; failureReason: string | null }>(
        db.url,
        'SELECT status, "fulfillmentIds", "failureReason" FROM erp_shipments WHERE number = $1',
        [number],
      )
    )[0];
  // A shipment of every item line of the order's document, by order line id.
  const shipmentOf = (number: string, order: OrderRecord, extra: object = {}) => ({
    shop: 'shp',
    number,
    shopifyOrderId: order.id,
    lines: docs
      .get(order.id)!
      .lines.filter((l) => l.kind === 'item')
      .map((l) => ({ sku: l.sku, quantity: l.quantity, shopifyOrderLineId: l.shopifyOrderLineId })),
    ...extra,
  });
  const post = async (shipment: object) => {
    const res = await api<{ created: number }>('POST', '/v1/erp/shipments', {
      shipments: [shipment],
    });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 200,
      body: { created: 1, unchanged: 0 },
    });
  };
  const fulfilled = (order: OrderRecord) => sim.shop(DOMAIN).orders.get(order.id)!.fulfillments;

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: TIME_SCALE });
    const shop = sim.createShop({
      domain: DOMAIN,
      accessToken: TOKEN,
      appSecret: 'whsec_shp',
      seed: { products: 40, variantsPerProduct: 5, locations: 1, fulfillmentServices: 1, seed: 18 },
    });
    const skus = [...shop.variants.values()].map((v) => v.sku!);
    const serviceLocation = [...shop.fulfillmentServices.values()][0].locationId;
    const buyer = {
      email: 'buyer@example.com',
      shippingAddress: {
        firstName: 'Anna',
        lastName: 'Bakker',
        city: 'Utrecht',
        countryCode: 'NL',
      },
    };
    orders.shared = sim.createOrder(DOMAIN, {
      ...buyer,
      lineItems: [
        { sku: skus[0], quantity: 1 },
        { sku: skus[0], quantity: 2, title: 'Gift-wrapped' },
      ],
    });
    orders.big = sim.createOrder(DOMAIN, {
      ...buyer,
      lineItems: Array.from({ length: 600 }, (_, i) => ({
        sku: skus[i % skus.length],
        quantity: 1,
      })),
    });
    orders.service = sim.createOrder(DOMAIN, {
      ...buyer,
      lineItems: [{ sku: skus[1], quantity: 3 }],
      locationId: serviceLocation,
    });
    orders.unsubmitted = sim.createOrder(DOMAIN, {
      ...buyer,
      lineItems: [{ sku: skus[2], quantity: 1 }],
      locationId: serviceLocation,
    });
    orders.retry = sim.createOrder(DOMAIN, {
      ...buyer,
      lineItems: [{ sku: skus[3], quantity: 2 }],
    });
    orders.lost = sim.createOrder(DOMAIN, {
      ...buyer,
      lineItems: [{ sku: skus[3], quantity: 3 }],
    });
    // The merchant asked the service to fulfil one of its two orders.
    sim.submitFulfillmentRequest(DOMAIN, orders.service.fulfillmentOrders[0].id);

    db = await createTestDatabase('shipments');
    stack = new Stack({
      name: 'shipments',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        FEED_SETTLE_MS: '0',
      },
      workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE), SHOPIFY_MAX_RETRIES: '1' },
    });
    await stack.start();
    const created = await api('POST', '/v1/shops', {
      code: 'shp',
      domain: DOMAIN,
      accessToken: TOKEN,
      appSecret: 'whsec_shp',
      settings: {
        customers: { import: 'with-order-import' },
        orders: { autoCreateSalesOrders: true },
        shipments: {
          acceptFulfillmentRequests: true,
          shippingAgents: {
            POSTNL: {
              trackingCompany: 'PostNL',
              trackingUrl: 'https://postnl.nl/tracktrace/?B={trackingNumber}&D=NL',
            },
          },
        },
      },
    });
    expect(created.status).toBe(201);
    const items = await api('PUT', '/v1/erp/items', {
      items: skus.map((sku) => ({
        itemNo: sku,
        title: sku,
        variants: [{ sku, options: [], price: 10 }],
      })),
    });
    expect(items.status).toBe(200);
    // Orders in, sales orders made (chained): the ERP reads them from the feed.
    expect((await runSync(stack, 'shp', 'orders', {}, 180_000)).status).toBe('succeeded');
    const count = Object.keys(orders).length;
    for (let tries = 0; docs.size < count && tries < 60; tries++) {
      for (const d of await readFeed<SalesOrderDoc>(stack, '/v1/erp/sales-orders?shop=shp'))
        docs.set(d.shopifyOrderId, d);
      if (docs.size < count) await new Promise((r) => setTimeout(r, 500));
    }
    expect(docs.size).toBe(count);
  }, 300_000);

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('carries the Shopify order line id on the sales-order feed lines', () => {
    const lines = docs.get(orders.shared.id)!.lines.filter((l) => l.kind === 'item');
    expect(lines.map((l) => l.shopifyOrderLineId)).toEqual(
      orders.shared.lineItems.map((l) => l.id),
    );
    expect(docs.get(orders.big.id)!.lines.filter((l) => l.shopifyOrderLineId)).toHaveLength(600);
  });

  it('refuses a SKU twice without order line ids, or an order line twice, storing nothing', async () => {
    const [first, second] = docs.get(orders.shared.id)!.lines.filter((l) => l.kind === 'item');
    const lines = [first, second].map((l) => ({ sku: l.sku, quantity: 1 }));
    const bad = await api<{ errors: Array<{ field: string; message: string }> }>(
      'POST',
      '/v1/erp/shipments',
      {
        shipments: [
          { shop: 'shp', number: 'BAD-1', shopifyOrderId: orders.shared.id, lines },
          {
            shop: 'shp',
            number: 'BAD-2',
            shopifyOrderId: orders.shared.id,
            lines: lines.map((l) => ({ ...l, shopifyOrderLineId: first.shopifyOrderLineId })),
          },
        ],
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      {
        field: 'shipments[0].lines[1].sku',
        message: "appears twice in the shipment (name each line's shopifyOrderLineId)",
      },
      {
        field: 'shipments[1].lines[1].shopifyOrderLineId',
        message: 'appears twice in the shipment',
      },
    ]);
    expect(await query(db.url, 'SELECT 1 FROM erp_shipments')).toEqual([]);
  });

  it('ships by order line id, 600 lines in three calls, accepts a service request, skips the unsubmitted', async () => {
    // Only the second of two lines with the same SKU: by SKU it would land on the first.
    const [, second] = docs.get(orders.shared.id)!.lines.filter((l) => l.kind === 'item');
    await post({
      shop: 'shp',
      number: 'SH-SHARED',
      shopifyOrderId: orders.shared.id,
      lines: [{ sku: second.sku, quantity: 2, shopifyOrderLineId: second.shopifyOrderLineId }],
    });
    await post(
      shipmentOf('SH-BIG', orders.big, { shippingAgentCode: 'POSTNL', trackingNumber: '3S 600/1' }),
    );
    await post(
      shipmentOf('SH-SERVICE', orders.service, { shippingAgentCode: 'DHL', trackingNumber: 'D1' }),
    );
    await post(shipmentOf('SH-UNSUBMITTED', orders.unsubmitted));

    expect(await shipments()).toMatchObject({
      fulfilled: 3,
      failed: 0,
      waiting: 1,
      accepted: 1,
      fulfillments: 5,
      pending: 4,
    });

    const shared = fulfilled(orders.shared);
    expect(shared.map((f) => f.lineItems.map((l) => [l.lineItemId, l.quantity]))).toEqual([
      [[orders.shared.lineItems[1].id, 2]],
    ]);

    const bigCalls = sim
      .mutationCalls(DOMAIN, 'fulfillmentCreate')
      .filter((c) => c.targetId === orders.big.id);
    expect(bigCalls.map((c) => c.lineItems)).toEqual([250, 250, 100]);
    expect(fulfilled(orders.big).flatMap((f) => f.trackingInfo)).toEqual(
      Array.from({ length: 3 }, () => ({
        company: 'PostNL',
        number: '3S 600/1',
        url: 'https://postnl.nl/tracktrace/?B=3S%20600%2F1&D=NL',
      })),
    );
    expect(sim.shop(DOMAIN).orders.get(orders.big.id)!.fulfillmentOrders[0].lineItems).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ remainingQuantity: 1 })]),
    );
    expect(JSON.parse((await shipmentRow('SH-BIG')).fulfillmentIds!)).toHaveLength(3);

    // Accepted, then fulfilled; an agent the table does not name goes as the company.
    expect(
      sim.mutationCalls(DOMAIN, 'fulfillmentOrderAcceptFulfillmentRequest').map((c) => c.targetId),
    ).toEqual([orders.service.fulfillmentOrders[0].id]);
    expect(fulfilled(orders.service).map((f) => f.trackingInfo)).toEqual([
      [{ company: 'DHL', number: 'D1', url: null }],
    ]);
    expect(sim.shop(DOMAIN).orders.get(orders.service.id)!.fulfillmentOrders[0]).toMatchObject({
      requestStatus: 'ACCEPTED',
      status: 'CLOSED',
    });

    // Not asked of the service yet: skipped, not failed, and still pending.
    expect(fulfilled(orders.unsubmitted)).toEqual([]);
    expect(await shipmentRow('SH-UNSUBMITTED')).toEqual({
      status: 'pending',
      fulfillmentIds: null,
      failureReason: null,
    });
    expect(await shipments()).toMatchObject({ pending: 1, waiting: 1, fulfillments: 0 });
  });

  it('retries a shipment Shopify failed on a later run, and it lands once', async () => {
    await post(shipmentOf('SH-RETRY', orders.retry, { trackingNumber: 'RT-1' }));
    // More 5xx than the worker's retries of one call (SHOPIFY_MAX_RETRIES=1).
    sim.addFaults(DOMAIN, [{ status: 503, times: 2, operationName: 'ShipmentFulfillmentCreate' }]);
    expect(await shipments()).toMatchObject({ deferred: 1, fulfilled: 0, waiting: 1 });
    expect(fulfilled(orders.retry)).toEqual([]);
    expect(await shipmentRow('SH-RETRY')).toMatchObject({ status: 'pending' });

    expect(await shipments()).toMatchObject({ fulfilled: 1, deferred: 0, fulfillments: 1 });
    expect(fulfilled(orders.retry).map((f) => f.lineItems.map((l) => l.quantity))).toEqual([[2]]);
    expect((await shipmentRow('SH-RETRY')).status).toBe('fulfilled');
    // A third run finds nothing more to send for it.
    expect(await shipments()).toMatchObject({ fulfilled: 0, fulfillments: 0, pending: 1 });
    expect(fulfilled(orders.retry)).toHaveLength(1);
  });

  it('takes as its own the fulfillment a call made whose answer was lost, sending nothing twice', async () => {
    await post(shipmentOf('SH-LOST', orders.lost, { trackingNumber: 'LOST-1' }));
    // Shopify makes the fulfillment, then the answer is lost: the client sends the call again
    // and Shopify refuses it (the lines are fulfilled), which is where the worker looks.
    sim.addFaults(DOMAIN, [
      { status: 503, times: 1, phase: 'after', operationName: 'ShipmentFulfillmentCreate' },
    ]);
    expect(await shipments()).toMatchObject({ fulfilled: 1, failed: 0, fulfillments: 1 });
    expect(fulfilled(orders.lost).map((f) => f.lineItems.map((l) => l.quantity))).toEqual([[3]]);
    const row = await shipmentRow('SH-LOST');
    expect(row).toMatchObject({ status: 'fulfilled' });
    expect(JSON.parse(row.fulfillmentIds ?? 'null')).toEqual(
      fulfilled(orders.lost).map((f) => f.id),
    );
  });
});
