import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CredentialCipher } from '@shopsync/shared';
import {
  ShopifySimulator,
  signWebhook,
  startShopifySimulator,
  WebhookDelivery,
} from './shopify-sim';
import { eventually } from './support/eventually';
import { createTestDatabase, query } from './support/pg';
import { subscribeIntake } from './support/shopify-sim-fixture';
import { Stack } from './support/stack';

// Shops with credentials and the webhook intake, through the gateway as a process, against the
// Shopify simulator: tokens are verified before they are stored, stored encrypted, never shown;
// webhooks are verified over the raw body, deduplicated and turned into (coalesced) jobs.

const DOMAIN = 'conn-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const WRONG_TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const APP_SECRET = `whsec_${randomBytes(16).toString('hex')}`;
const DOMAIN_TWO = 'conn-two.myshopify.com';
const TOKEN_TWO = `shpat_${randomBytes(16).toString('hex')}`;
const APP_SECRET_TWO = `whsec_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);

interface Shop {
  code: string;
  plan: string;
  hasToken: boolean;
  hasAppSecret: boolean;
  rateLimits: { maximumAvailable: number; restoreRate: number } | null;
}
interface Job {
  id: string;
  task: string;
  trigger: string;
  status: string;
}
interface Receipt {
  shopId?: string;
  webhookId: string;
  outcome: string;
  jobId: string | null;
}

describe('Shopify connectivity: credentials and webhooks (gateway, PostgreSQL)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let trap: Server;
  let trapPort = 0;
  const trapped: IncomingHttpHeaders[] = [];
  const responses: string[] = [];

  const api = async <T>(method: string, path: string, body?: unknown) => {
    const res = await stack.api<T>(method, path, body);
    responses.push(JSON.stringify(res.body));
    return res;
  };
  const webhookUrl = () => `${stack.gatewayUrl}/v1/webhooks/shopify`;
  const post = async (headers: Record<string, string>, body: string) => {
    const started = performance.now();
    const res = await fetch(webhookUrl(), { method: 'POST', headers, body });
    const text = await res.text();
    responses.push(text);
    return {
      status: res.status,
      body: JSON.parse(text) as Record<string, unknown>,
      ms: performance.now() - started,
    };
  };
  const jobs = async (task: string) =>
    (await api<{ items: Job[] }>('GET', `/v1/jobs?shop=conn&task=${task}`)).body.items;
  const receipts = () =>
    query<Receipt>(db.url, 'SELECT "webhookId", outcome, "jobId" FROM shopify_webhooks');
  const lastDelivery = (): WebhookDelivery => {
    const all = sim.webhookDeliveries(DOMAIN);
    return all[all.length - 1];
  };

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: 10, emitWebhooks: false });
    sim.createShop({
      domain: DOMAIN,
      plan: 'standard',
      accessToken: TOKEN,
      appSecret: APP_SECRET,
      seed: { products: 3, variantsPerProduct: 1, customers: 2, orders: 2, locations: 1, seed: 3 },
    });
    sim.createShop({
      domain: DOMAIN_TWO,
      plan: 'standard',
      accessToken: TOKEN_TWO,
      appSecret: APP_SECRET_TWO,
      seed: { products: 1, variantsPerProduct: 1, locations: 1, seed: 4 },
    });
    // A host no configuration routes to: nothing may ever reach it.
    trap = createServer((req, res) => {
      trapped.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    trapPort = (trap.address() as AddressInfo).port;
    db = await createTestDatabase('shopify_conn');
    stack = new Stack({
      name: 'shopify-connectivity',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
      },
    });
    // The gateway alone: no worker takes the jobs, so they stay queued and coalescing shows.
    await stack.waitReady(await stack.startApp('gateway'));
    // The app's subscriptions, as shopsync makes them with SHOPSYNC_PUBLIC_URL set (here the
    // gateway runs alone, without the scheduler that makes them).
    subscribeIntake(
      sim,
      DOMAIN,
      ['ORDERS_CREATE', 'ORDERS_UPDATED', 'PRODUCTS_UPDATE', 'CUSTOMERS_CREATE'],
      stack.gatewayUrl,
    );
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await new Promise((resolve) => trap?.close(resolve));
    await db?.drop();
  });

  describe('credentials', () => {
    it('refuses a token Shopify refuses, with a clear message, and stores nothing', async () => {
      const res = await api<{ code: string; message: string; errors: unknown[] }>(
        'POST',
        '/v1/shops',
        {
          code: 'conn',
          domain: DOMAIN,
          accessToken: WRONG_TOKEN,
          appSecret: APP_SECRET,
        },
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('SHOPIFY_UNAUTHORIZED');
      expect(res.body.message).toContain(
        `Shopify refused the access token for ${DOMAIN} (HTTP 401)`,
      );
      expect(res.body.errors).toEqual([
        { field: 'accessToken', message: `was refused by ${DOMAIN}` },
      ]);
      expect((await api('GET', '/v1/shops/conn')).status).toBe(404);
      expect(await query(db.url, 'SELECT id FROM shops')).toEqual([]);
    });

    it('verifies a good token, records the plan limits and answers without credentials', async () => {
      const res = await api<Shop>('POST', '/v1/shops', {
        code: 'conn',
        domain: DOMAIN,
        accessToken: TOKEN,
        appSecret: APP_SECRET,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        hasToken: true,
        hasAppSecret: true,
        plan: 'standard',
        rateLimits: { maximumAvailable: 2000, restoreRate: 100 },
      });
      expect(Object.keys(res.body)).not.toEqual(expect.arrayContaining(['accessToken']));
      const listed = await api<{ items: Shop[] }>('GET', '/v1/shops');
      expect(listed.body.items.map((s) => s.hasToken)).toEqual([true]);
    });

    it('stores credentials encrypted (AES-256-GCM), bound to the shop', async () => {
      const [row] = await query<{ id: string; accessTokenEnc: string; appSecretEnc: string }>(
        db.url,
        'SELECT id, "accessTokenEnc", "appSecretEnc" FROM shops',
      );
      expect(row.accessTokenEnc).toMatch(/^v1\./);
      expect(row.accessTokenEnc).not.toContain(TOKEN.slice(6));
      expect(row.appSecretEnc).not.toContain(APP_SECRET.slice(6));
      const cipher = new CredentialCipher(KEY);
      expect(cipher.decrypt(row.accessTokenEnc, `shop:${row.id}:accessToken`)).toBe(TOKEN);
      expect(cipher.decrypt(row.appSecretEnc, `shop:${row.id}:appSecret`)).toBe(APP_SECRET);
    });

    it('keeps the stored token when a PATCH brings a refused one', async () => {
      const [before] = await query<{ accessTokenEnc: string }>(
        db.url,
        'SELECT "accessTokenEnc" FROM shops',
      );
      const res = await api<{ code: string }>('PATCH', '/v1/shops/conn', {
        accessToken: WRONG_TOKEN,
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('SHOPIFY_UNAUTHORIZED');
      const [after] = await query<{ accessTokenEnc: string }>(
        db.url,
        'SELECT "accessTokenEnc" FROM shops',
      );
      expect(after.accessTokenEnc).toBe(before.accessTokenEnc);
      const again = await api<Shop>('PATCH', '/v1/shops/conn', { accessToken: TOKEN });
      expect(again.status).toBe(200);
      expect(again.body.hasToken).toBe(true);
    });

    it('takes only myshopify domains: no token ever goes to another host', async () => {
      const hostile = [
        `127.0.0.1:${trapPort}`,
        `localhost:${trapPort}`,
        `2130706433:${trapPort}`,
        `http://127.0.0.1:${trapPort}`,
        `conn-shop.myshopify.com:${trapPort}`,
        `conn-shop.myshopify.com.127.0.0.1.nip.io`,
        '169.254.169.254',
        'evil.com',
      ];
      for (const domain of hostile) {
        const created = await api<{ errors: { field: string }[] }>('POST', '/v1/shops', {
          code: 'hostile',
          domain,
          accessToken: TOKEN,
        });
        expect([domain, created.status]).toEqual([domain, 400]);
        expect(created.body.errors.map((e) => e.field)).toEqual(['domain']);
        for (const body of [{ domain }, { domain, accessToken: TOKEN }]) {
          const patched = await api<{ errors: { field: string }[] }>(
            'PATCH',
            '/v1/shops/conn',
            body,
          );
          expect([domain, patched.status]).toEqual([domain, 400]);
          expect(patched.body.errors.map((e) => e.field)).toEqual(['domain']);
        }
      }
      expect((await api('GET', '/v1/shops/hostile')).status).toBe(404);
      expect(trapped).toEqual([]);
    });

    it('refuses a new domain without a new token, and never sends the stored one', async () => {
      const calls = sim.counters(DOMAIN).calls;
      const moved = await api<{ code: string; errors: unknown[] }>('PATCH', '/v1/shops/conn', {
        domain: 'conn-moved.myshopify.com',
      });
      expect(moved.status).toBe(400);
      expect(moved.body.errors).toEqual([
        {
          field: 'accessToken',
          message: "is required when the domain changes: the stored token is the old store's",
        },
      ]);
      expect(sim.counters(DOMAIN).calls).toBe(calls);
      const [row] = await query<{ domain: string }>(db.url, 'SELECT domain FROM shops');
      expect(row.domain).toBe(DOMAIN);
      // Upper case is the same domain (stored lower case), so no token is needed.
      const same = await api<{ domain: string }>('PATCH', '/v1/shops/conn', {
        domain: DOMAIN.toUpperCase(),
      });
      expect(same.status).toBe(200);
      expect(same.body.domain).toBe(DOMAIN);
      expect(sim.counters(DOMAIN).calls).toBe(calls);
      expect(trapped).toEqual([]);
    });

    it('validates the settings it knows', async () => {
      const res = await api<{ errors: unknown[] }>('PATCH', '/v1/shops/conn', {
        settings: { apiLogMode: 'verbose', directions: { products: 'sideways' } },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { field: 'settings.apiLogMode', message: 'must be one of off, errors, all' },
        {
          field: 'settings.directions.products',
          message: 'must be one of to-shopify, from-shopify, off',
        },
      ]);
    });
  });

  describe('webhooks', () => {
    it('accepts a signed orders/create fast and turns it into an orders job', async () => {
      const [delivery] = await sim.sendWebhook(DOMAIN, 'orders/create', {
        id: 1001,
        name: '#1001',
      });
      expect(delivery.status).toBe(200);
      await eventually(async () => {
        const found = await jobs('orders');
        expect(found.map((j) => [j.task, j.trigger, j.status])).toEqual([
          ['orders', 'webhook', 'queued'],
        ]);
      }, 15_000);
      await eventually(async () => {
        expect(await receipts()).toEqual([
          {
            webhookId: delivery.webhookId,
            outcome: 'requested',
            jobId: (await jobs('orders'))[0].id,
          },
        ]);
      });
    });

    it('answers a replayed delivery 200 as a duplicate and does nothing again', async () => {
      const delivery = lastDelivery();
      const replay = await post(delivery.headers, delivery.body);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ received: true, duplicate: true });
      expect(await receipts()).toHaveLength(1);
      expect(await jobs('orders')).toHaveLength(1);
    });

    it('refuses bad signatures with 401 and stores nothing', async () => {
      const delivery = lastDelivery();
      const fresh = {
        ...delivery.headers,
        'X-Shopify-Webhook-Id': `wh-${randomBytes(6).toString('hex')}`,
      };
      const cases: Array<[Record<string, string>, string]> = [
        [
          { ...fresh, 'X-Shopify-Hmac-Sha256': signWebhook(delivery.body, 'not-the-secret') },
          delivery.body,
        ],
        [fresh, delivery.body.replace('1001', '1002')],
        [{ ...fresh, 'X-Shopify-Hmac-Sha256': 'garbage' }, delivery.body],
        [
          Object.fromEntries(Object.entries(fresh).filter(([k]) => k !== 'X-Shopify-Hmac-Sha256')),
          delivery.body,
        ],
        [{ ...fresh, 'X-Shopify-Shop-Domain': 'unknown.myshopify.com' }, delivery.body],
      ];
      for (const [headers, body] of cases) {
        const res = await post(headers, body);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('WEBHOOK_UNVERIFIED');
      }
      expect(await receipts()).toHaveLength(1);
      expect(await jobs('orders')).toHaveLength(1);
      // The id of a refused delivery was not recorded: the genuine one is still welcome.
      const genuine = await post(fresh, delivery.body);
      expect(genuine.body).toEqual({ received: true, duplicate: false });
    });

    it('coalesces with the queued job like a manual request', async () => {
      const [delivery] = await sim.sendWebhook(DOMAIN, 'orders/updated', { id: 1001 });
      expect(delivery.status).toBe(200);
      await eventually(async () => {
        const receipt = (await receipts()).find((r) => r.webhookId === delivery.webhookId);
        expect(receipt?.outcome).toBe('coalesced');
        expect(receipt?.jobId).toBe((await jobs('orders'))[0].id);
      });
      expect(await jobs('orders')).toHaveLength(1);
    });

    it('maps products/update and customers/* only when their task reads Shopify', async () => {
      const [ignored] = await sim.sendWebhook(DOMAIN, 'products/update', { id: 7 });
      await eventually(async () => {
        const r = (await receipts()).find((x) => x.webhookId === ignored.webhookId);
        expect(r?.outcome).toBe('ignored');
      });
      const [customer] = await sim.sendWebhook(DOMAIN, 'customers/create', { id: 8 });
      await eventually(async () => {
        const r = (await receipts()).find((x) => x.webhookId === customer.webhookId);
        expect(r?.outcome).toBe('ignored');
      });
      expect(await jobs('products')).toEqual([]);
      expect(await jobs('customers')).toEqual([]);
      expect(
        (
          await api('PATCH', '/v1/shops/conn', {
            settings: { directions: { products: 'from-shopify' }, customers: { import: 'all' } },
          })
        ).status,
      ).toBe(200);
      await sim.sendWebhook(DOMAIN, 'products/update', { id: 7 });
      await sim.sendWebhook(DOMAIN, 'customers/create', { id: 9 });
      await eventually(async () => {
        expect((await jobs('products')).map((j) => j.trigger)).toEqual(['webhook']);
        expect((await jobs('customers')).map((j) => j.trigger)).toEqual(['webhook']);
      });
    });

    it('answers within 100 ms', async () => {
      const delivery = lastDelivery();
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const res = await post(
          {
            ...delivery.headers,
            'X-Shopify-Webhook-Id': `speed-${i}-${randomBytes(4).toString('hex')}`,
          },
          delivery.body,
        );
        expect(res.status).toBe(200);
        times.push(res.ms);
      }
      times.sort((a, b) => a - b);
      process.stdout.write(
        `webhook answer times (ms): ${times.map((t) => t.toFixed(1)).join(', ')}\n`,
      );
      expect(times[Math.floor(times.length / 2)]).toBeLessThan(100);
    });
  });

  describe('webhook ids', () => {
    const body = JSON.stringify({ id: 2001, name: '#2001' });
    const headers = (domain: string, secret: string, webhookId: string) => ({
      'content-type': 'application/json',
      'X-Shopify-Topic': 'orders/create',
      'X-Shopify-Shop-Domain': domain,
      'X-Shopify-Webhook-Id': webhookId,
      'X-Shopify-Hmac-Sha256': signWebhook(body, secret),
    });
    const receiptsOf = (webhookId: string) =>
      query<Receipt>(
        db.url,
        'SELECT "shopId", "webhookId", outcome, "jobId" FROM shopify_webhooks WHERE "webhookId" = $1',
        [webhookId],
      );

    beforeAll(async () => {
      const two = await api('POST', '/v1/shops', {
        code: 'conn2',
        domain: DOMAIN_TWO,
        accessToken: TOKEN_TWO,
        appSecret: APP_SECRET_TWO,
      });
      expect(two.status).toBe(201);
    });

    it('deduplicates per shop: one id on two shops is two deliveries, twice on one is one', async () => {
      const id = `shared-${randomBytes(6).toString('hex')}`;
      expect((await post(headers(DOMAIN, APP_SECRET, id), body)).body).toEqual({
        received: true,
        duplicate: false,
      });
      expect((await post(headers(DOMAIN_TWO, APP_SECRET_TWO, id), body)).body).toEqual({
        received: true,
        duplicate: false,
      });
      expect((await post(headers(DOMAIN_TWO, APP_SECRET_TWO, id), body)).body).toEqual({
        received: true,
        duplicate: true,
      });
      await eventually(async () => {
        const [conn, conn2] = await Promise.all(
          ['conn', 'conn2'].map(
            async (shop) =>
              (await api<{ items: Job[] }>('GET', `/v1/jobs?shop=${shop}&task=orders`)).body.items,
          ),
        );
        expect(conn2.map((j) => j.trigger)).toEqual(['webhook']);
        const rows = await receiptsOf(id);
        expect(rows).toHaveLength(2);
        expect(rows.map((r) => r.jobId).sort()).toEqual([conn[0].id, conn2[0].id].sort());
      });
    });

    it('keeps ids whole: a shared 100-character prefix is no duplicate; over 255 is a 400', async () => {
      const prefix = `long-${randomBytes(8).toString('hex')}-`.padEnd(100, 'x');
      const first = `${prefix}${'a'.repeat(150)}`;
      const second = `${prefix}${'b'.repeat(150)}`;
      for (const id of [first, second])
        expect((await post(headers(DOMAIN, APP_SECRET, id), body)).body).toEqual({
          received: true,
          duplicate: false,
        });
      expect((await receiptsOf(first)).map((r) => r.webhookId)).toEqual([first]);
      expect((await receiptsOf(second)).map((r) => r.webhookId)).toEqual([second]);
      const tooLong = `${prefix}${'c'.repeat(200)}`;
      const refused = await post(headers(DOMAIN, APP_SECRET, tooLong), body);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: 'X-Shopify-Webhook-Id', message: 'must be at most 255 characters' },
      ]);
      expect(await receiptsOf(tooLong)).toEqual([]);
      expect(await receiptsOf(tooLong.slice(0, 100))).toEqual([]);
    });
  });

  it('never shows a token or app secret in API responses or logs', async () => {
    const secrets = [TOKEN, WRONG_TOKEN, APP_SECRET, TOKEN_TWO, APP_SECRET_TWO];
    for (const text of responses) for (const s of secrets) expect(text.includes(s)).toBe(false);
    const logs = readdirSync(stack.logDir).map((f) => readFileSync(join(stack.logDir, f), 'utf8'));
    expect(logs.join('').length).toBeGreaterThan(1000);
    for (const log of logs) for (const s of secrets) expect(log.includes(s)).toBe(false);
    expect(logs.join('')).toContain('shop credentials verified');
  });
});
