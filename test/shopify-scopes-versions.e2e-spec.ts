import { randomBytes } from 'node:crypto';
import { loadAdminSchema, ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { scopeMap } from './shopify-sim/access-scopes';
import { eventually } from './support/eventually';
import { createTestDatabase } from './support/pg';
import { Job, runSync } from './support/jobs';

type JobView = Job & { error: string | null; errorCode: string | null };
import { Stack } from './support/stack';

// Issue 15 items 3-5 end to end: the granted scopes are read at registration; a shop lacking
// one shows it and a job of that task fails at once with SHOPIFY_SCOPE_MISSING, while a task
// with its scopes runs; after the grant changes, re-verifying clears it. A shop configured
// for a version Shopify no longer serves shows the version served, in the view and the metric.
// Every routed request names its shop (`/shops/{shop}`).

const LIMITED = 'limited-shop.myshopify.com';
const OLD = 'old-version-shop.myshopify.com';
const TOKENS: Record<string, string> = {
  [LIMITED]: `shpat_${randomBytes(16).toString('hex')}`,
  [OLD]: `shpat_${randomBytes(16).toString('hex')}`,
};
const KEY = randomBytes(32);
const PAYMENTS_DISPUTES = ['read_shopify_payments_disputes', 'write_shopify_payments_disputes'];

interface ShopView {
  accessScopes: string[] | null;
  missingScopes: Record<string, string[]> | null;
  missingOptionalScopes: Record<string, string[]> | null;
  apiVersion: string;
  apiVersionServed: string | null;
  apiVersionStatus: { mismatch: boolean; supportedUntil: string | null; warnings: string[] };
}

describe('Shopify access scopes and API versions', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const all = scopeMap(loadAdminSchema().schema).all;
  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: 20, emitWebhooks: false });
    sim.createShop({
      domain: LIMITED,
      plan: 'standard',
      accessToken: TOKENS[LIMITED],
      accessScopes: all.filter((s) => !['write_products', ...PAYMENTS_DISPUTES].includes(s)),
      seed: { products: 2, locations: 1, customers: 2, orders: 2, seed: 3 },
    });
    sim.createShop({ domain: OLD, plan: 'standard', accessToken: TOKENS[OLD], seed: { seed: 4 } });
    db = await createTestDatabase('shopify_scopes');
    stack = new Stack({
      name: 'shopify-scopes',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
      },
      workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: '20' },
    });
    await stack.start();
    for (const [code, domain, apiVersion] of [
      ['limited', LIMITED, '2026-04'],
      ['old', OLD, '2025-04'],
    ])
      expect(
        (
          await api('POST', '/v1/shops', {
            code,
            domain,
            apiVersion,
            accessToken: TOKENS[domain],
            defaultMaxAttempts: 3,
            defaultRerunDelaySeconds: 0,
          })
        ).status,
      ).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('shows the scopes a shop lacks, per task, and apart the optional ones', async () => {
    const view = (await api<ShopView>('GET', '/v1/shops/limited')).body;
    expect(view.accessScopes).not.toContain('write_products');
    expect(view.accessScopes).toContain('read_orders');
    expect(view.missingScopes).toEqual({
      products: ['write_products'],
      images: ['write_products'],
    });
    expect(view.missingOptionalScopes).toEqual({ payments: ['read_shopify_payments_disputes'] });
  });

  it('fails a job of a task lacking its scope at once, and runs a task with its scopes', async () => {
    const started = sim.counters(LIMITED).calls;
    const failed = (await runSync(stack, 'limited', 'products', {}, 60_000)) as JobView;
    expect(failed.status).toBe('failed');
    expect(failed.attempt).toBe(1);
    expect(failed.errorCode).toBe('SHOPIFY_SCOPE_MISSING');
    expect(failed.error).toContain('the app lacks write_products for task products');
    // Failed before its first call to Shopify.
    expect(sim.counters(LIMITED).calls).toBe(started);
    const ran = await runSync(stack, 'limited', 'orders', {}, 120_000);
    expect(ran.status).toBe('succeeded');
  });

  it('clears the missing scope when the grant changes and the shop is re-verified', async () => {
    sim.shop(LIMITED).accessScopes = [...all];
    const res = await api<ShopView>('POST', '/v1/shops/limited/verify');
    expect(res.status).toBe(200);
    expect(res.body.missingScopes).toEqual({});
    expect(res.body.missingOptionalScopes).toEqual({});
    const job = (await runSync(stack, 'limited', 'products', {}, 120_000)) as JobView;
    expect(job.errorCode ?? null).not.toBe('SHOPIFY_SCOPE_MISSING');
  });

  it('shows the version Shopify served instead of an unsupported one, in the view and the metric', async () => {
    const view = (await api<ShopView>('GET', '/v1/shops/old')).body;
    expect(view).toMatchObject({
      apiVersion: '2025-04',
      apiVersionServed: '2025-07',
      apiVersionStatus: { mismatch: true, supportedUntil: '2026-04-01' },
    });
    expect(view.apiVersionStatus.warnings.join(' ')).toContain('serves 2025-07');
    await eventually(async () => {
      const metrics = await (await fetch(`${stack.gatewayUrl}/metrics`)).text();
      expect(metrics).toMatch(/shopsync_shopify_api_version_mismatch\{[^}]*shop="old"[^}]*\} 1/);
      expect(metrics).toMatch(
        /shopsync_shopify_api_version_mismatch\{[^}]*shop="limited"[^}]*\} 0/,
      );
    }, 10_000);
  });
});
