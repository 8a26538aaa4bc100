import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/pg';
import { PUBLIC_WEBHOOK_ORIGIN, routeWebhooksTo } from './support/shopify-sim-fixture';
import { Stack } from './support/stack';

// shopsync makes the shop's Shopify webhook subscriptions itself: the gateway commits the work
// with the shop change, the scheduler makes them in the simulator, repairs drift on its check
// interval, removes a disabled task's topics and everything with the shop, and never touches a
// subscription pointing elsewhere. Gateway and scheduler as processes, PostgreSQL.

const DOMAIN = 'hooks-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const APP_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const OUR_URI = `${PUBLIC_WEBHOOK_ORIGIN}/v1/webhooks/shopify?shop=hooks`;
const FOREIGN_URI = 'https://other-app.shopsync.test/hooks';

interface Subscription {
  topic: string;
  id: string | null;
  uri: string;
  state: string;
  error: string | null;
}
interface ShopView {
  code: string;
  webhooks: {
    status: string;
    message: string;
    uri: string | null;
    checkedAt: string | null;
    subscriptions: Subscription[];
  };
}
interface Job {
  task: string;
  trigger: string;
}

describe('webhook subscriptions made by shopsync (gateway + scheduler, PostgreSQL)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;

  const view = async () => {
    const res = await stack.api<ShopView>('GET', '/v1/shops/hooks');
    expect(res.status).toBe(200);
    return res.body.webhooks;
  };
  const inShopify = () =>
    sim
      .webhookSubscriptions(DOMAIN)
      .map((s) => ({ id: s.id, topic: s.topic, uri: s.uri }))
      .sort((a, b) => a.topic.localeCompare(b.topic) || a.uri.localeCompare(b.uri));
  const ours = () => inShopify().filter((s) => s.uri === OUR_URI);
  // The view, once it is synced with exactly these topics active (ids as in Shopify).
  const synced = async (topics: string[]) =>
    eventually(
      async () => {
        const mine = ours();
        expect(mine.map((s) => s.topic)).toEqual(topics);
        const webhooks = await view();
        expect(webhooks.status).toBe('synced');
        expect(webhooks.subscriptions).toEqual(
          mine.map((s) => ({
            topic: s.topic,
            id: s.id,
            uri: OUR_URI,
            state: 'active',
            error: null,
          })),
        );
        return webhooks;
      },
      30_000,
      250,
    );

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: true });
    sim.createShop({
      domain: DOMAIN,
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      seed: { products: 2, variantsPerProduct: 1, locations: 1, seed: 5 },
    });
    // Another app's subscription on the same store.
    sim.subscribeWebhook(DOMAIN, 'ORDERS_CREATE', FOREIGN_URI);
    db = await createTestDatabase('webhook_subs');
    stack = new Stack({
      name: 'webhook-subscriptions',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        SHOPSYNC_PUBLIC_URL: PUBLIC_WEBHOOK_ORIGIN,
        WEBHOOK_CHECK_INTERVAL_MS: '2000',
        WEBHOOK_SYNC_TICK_MS: '200',
      },
    });
    const gateway = await stack.startApp('gateway');
    await stack.waitReady(gateway);
    await stack.waitReady(await stack.startApp('scheduler'));
    routeWebhooksTo(sim, stack.gatewayUrl);
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('subscribes the enabled tasks’ topics when the shop is registered, and lists them', async () => {
    const created = await stack.api<ShopView>('POST', '/v1/shops', {
      code: 'hooks',
      domain: DOMAIN,
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      settings: { directions: { products: 'from-shopify' } },
    });
    expect(created.status).toBe(201);
    // Answered before Shopify is called: the wanted topics are pending.
    expect(created.body.webhooks).toMatchObject({ status: 'pending', uri: OUR_URI });
    expect(created.body.webhooks.subscriptions.map((s) => [s.topic, s.state])).toEqual([
      ['ORDERS_CREATE', 'pending'],
      ['ORDERS_UPDATED', 'pending'],
      ['PRODUCTS_CREATE', 'pending'],
      ['PRODUCTS_UPDATE', 'pending'],
    ]);
    const webhooks = await synced([
      'ORDERS_CREATE',
      'ORDERS_UPDATED',
      'PRODUCTS_CREATE',
      'PRODUCTS_UPDATE',
    ]);
    expect(webhooks.checkedAt).not.toBeNull();
    expect(inShopify().filter((s) => s.uri === FOREIGN_URI)).toHaveLength(1);
  });

  it('receives what Shopify sends to the subscriptions: an order becomes a webhook job', async () => {
    const [variant] = [...sim.shop(DOMAIN).variants.values()];
    sim.createOrder(DOMAIN, { lineItems: [{ sku: variant.sku!, quantity: 1 }] });
    await eventually(async () => {
      const jobs = (await stack.api<{ items: Job[] }>('GET', '/v1/jobs?shop=hooks&task=orders'))
        .body.items;
      expect(jobs.map((j) => j.trigger)).toContain('webhook');
    }, 20_000);
  });

  it('repairs drift: a subscription deleted in Shopify is made again, an extra one of ours deleted', async () => {
    const before = ours();
    const lost = before.find((s) => s.topic === 'ORDERS_UPDATED')!;
    const res = await fetch(
      `${sim.url}/_sim/shops/${DOMAIN}/webhook-subscriptions/${encodeURIComponent(lost.id)}`,
      { method: 'DELETE' },
    );
    expect(res.status).toBe(200);
    sim.subscribeWebhook(DOMAIN, 'CUSTOMERS_UPDATE', OUR_URI);
    const webhooks = await synced([
      'ORDERS_CREATE',
      'ORDERS_UPDATED',
      'PRODUCTS_CREATE',
      'PRODUCTS_UPDATE',
    ]);
    const remade = webhooks.subscriptions.find((s) => s.topic === 'ORDERS_UPDATED')!;
    expect(remade.id).not.toBe(lost.id);
    expect(inShopify().filter((s) => s.uri === FOREIGN_URI)).toHaveLength(1);
  });

  it('removes the topics of a task disabled in settings.webhooks.tasks', async () => {
    const res = await stack.api('PATCH', '/v1/shops/hooks', {
      settings: { webhooks: { tasks: ['orders', 'customers'] } },
    });
    expect(res.status).toBe(200);
    await synced(['ORDERS_CREATE', 'ORDERS_UPDATED']);
  });

  it('refuses a bad settings.webhooks value with the field, changing nothing', async () => {
    const res = await stack.api<{ errors: unknown[] }>('PATCH', '/v1/shops/hooks', {
      settings: { webhooks: { tasks: ['payments'] } },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        field: 'settings.webhooks.tasks',
        message: 'values must be among orders, products, customers',
      },
    ]);
    await synced(['ORDERS_CREATE', 'ORDERS_UPDATED']);
  });

  it('deletes its subscriptions with the shop, and leaves the other app’s', async () => {
    expect((await stack.api('DELETE', '/v1/shops/hooks')).status).toBe(204);
    await eventually(() => expect(ours()).toEqual([]), 30_000, 250);
    expect(inShopify()).toEqual([
      { id: expect.any(String), topic: 'ORDERS_CREATE', uri: FOREIGN_URI },
    ]);
  });
});
