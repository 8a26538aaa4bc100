import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { createTestDatabase } from './support/pg';
import { Job, runSync } from './support/jobs';
import { Stack } from './support/stack';

// The inventory task through the HTTP API against the simulator, with PostgreSQL and Kafka, on
// two Shopify locations fed by three ERP locations: the first Shopify location sums WH1 and WH2
// (a location filter), the second takes WH3. Each stock calculation, negative stock sent as 0
// (and as the negative number with negativeAsZero off), a variant Shopify does not track
// skipped, and a targeted run (params.skus) that touches only its variants.

const DOMAIN = 'inventory-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);

const item = (itemNo: string, sizes: string[]) => ({
  itemNo,
  title: itemNo,
  tags: ['erp'],
  options: ['Size'],
  variants: sizes.map((s) => ({ sku: `${itemNo}-${s}`, options: [s], price: 10 })),
});

// TEE-1-S: WH1 10/2/5, WH2 4/1/0, WH3 7/3/20 (on hand / reserved / incoming).
// TEE-1-M: WH1 1/5/0, WH2 0/2/0 (available −6), WH3 6 in the first shape (a lone quantity).
// CAP-1-U: made while the shop created untracked variants.
const STOCK = [
  { sku: 'TEE-1-S', locationCode: 'WH1', onHand: 10, reserved: 2, incoming: 5 },
  { sku: 'TEE-1-S', locationCode: 'WH2', onHand: 4, reserved: 1 },
  { sku: 'TEE-1-S', locationCode: 'WH3', onHand: 7, reserved: 3, incoming: 20 },
  { sku: 'TEE-1-M', locationCode: 'WH1', onHand: 1, reserved: 5 },
  { sku: 'TEE-1-M', locationCode: 'WH2', onHand: 0, reserved: 2 },
  { sku: 'TEE-1-M', locationCode: 'WH3', quantity: 6 },
  { sku: 'CAP-1-U', locationCode: 'WH1', onHand: 9 },
  { sku: 'CAP-1-U', locationCode: 'WH3', onHand: 9 },
];

describe('Inventory: stock calculations per Shopify location, location filters, targeted runs', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let first: string;
  let second: string;

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const sync = (params: Record<string, unknown> = {}) =>
    runSync(stack, 'inv', 'inventory', params, 120_000);
  const variant = (sku: string) => {
    const v = [...sim.shop(DOMAIN).variants.values()].find((x) => x.sku === sku);
    if (!v) throw new Error(`no variant ${sku} in Shopify`);
    return v;
  };
  const level = (sku: string, locationId: string) =>
    sim.shop(DOMAIN).getLevel(variant(sku).inventoryItemId, locationId)?.quantities.available;
  const levels = () => ({
    S: [level('TEE-1-S', first), level('TEE-1-S', second)],
    M: [level('TEE-1-M', first), level('TEE-1-M', second)],
  });
  async function configure(
    calculation: string,
    extra: Record<string, unknown> = {},
    secondCalculation = calculation,
  ): Promise<void> {
    const res = await api('PATCH', '/v1/shops/inv', {
      settings: {
        inventory: {
          ...extra,
          locations: [
            {
              shopifyLocationId: first,
              stockCalculation: calculation,
              locationFilter: ['WH1', 'WH2'],
            },
            {
              shopifyLocationId: second,
              stockCalculation: secondCalculation,
              locationFilter: ['WH3'],
            },
          ],
        },
      },
    });
    expect(res.status).toBe(200);
  }
  async function putStock(stock: Array<Record<string, unknown>>): Promise<void> {
    expect((await api('PUT', '/v1/erp/stock', { stock })).status).toBe(200);
  }
  const succeeded = (job: Job) => {
    expect({ status: job.status, error: job.error }).toEqual({ status: 'succeeded', error: null });
    return job;
  };

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false });
    sim.createShop({
      domain: DOMAIN,
      accessToken: TOKEN,
      seed: { locations: 2, products: 0, seed: 18 },
    });
    [first, second] = [...sim.shop(DOMAIN).locations.keys()];
    db = await createTestDatabase('inventory');
    stack = new Stack({
      name: 'inventory',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
      },
    });
    await stack.start();
    const created = await api('POST', '/v1/shops', {
      code: 'inv',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 1,
      defaultRerunDelaySeconds: 0,
    });
    expect(created.status).toBe(201);
    expect((await api('GET', '/v1/shops/inv/locations')).status).toBe(200);
    // TEE-1 is created tracked (the default), CAP-1 with the shop creating untracked variants.
    expect((await api('PUT', '/v1/erp/items', { items: [item('TEE-1', ['S', 'M'])] })).status).toBe(
      200,
    );
    await api('POST', '/v1/shops/inv/products', { filter: { itemNos: ['TEE-1'] } });
    succeeded(await runSync(stack, 'inv', 'products', {}, 120_000));
    await api('PATCH', '/v1/shops/inv', { settings: { products: { inventoryTracked: false } } });
    expect((await api('PUT', '/v1/erp/items', { items: [item('CAP-1', ['U'])] })).status).toBe(200);
    await api('POST', '/v1/shops/inv/products', { filter: { itemNos: ['CAP-1'] } });
    succeeded(await runSync(stack, 'inv', 'products', {}, 120_000));
    expect(sim.shop(DOMAIN).inventoryItems.get(variant('CAP-1-U').inventoryItemId)?.tracked).toBe(
      false,
    );
    await putStock(STOCK);
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('refuses a bad location setting with the field named, and a stock record with both shapes', async () => {
    const bad = await api<{ errors: Array<{ field: string; message: string }> }>(
      'PATCH',
      '/v1/shops/inv',
      {
        settings: {
          inventory: {
            locations: [{ shopifyLocationId: first, stockCalculation: 'free', locationFilter: [] }],
          },
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field)).toEqual([
      'settings.inventory.locations[0].stockCalculation',
      'settings.inventory.locations[0].locationFilter',
    ]);
    const both = await api<{ errors: Array<{ field: string; message: string }> }>(
      'PUT',
      '/v1/erp/stock',
      { stock: [{ sku: 'TEE-1-S', locationCode: 'WH1', quantity: 1, onHand: 1 }] },
    );
    expect(both.status).toBe(400);
    expect(both.body.errors).toEqual([
      { field: 'stock[0].onHand', message: 'give onHand or quantity, not both' },
    ]);
  });

  it('available: on hand − reserved summed over WH1+WH2, negative sent as 0; the untracked variant skipped', async () => {
    await configure('available');
    const capBefore = [level('CAP-1-U', first), level('CAP-1-U', second)];
    const job = succeeded(await sync());
    // S: (10−2)+(4−1) = 11 and 7−3 = 4; M: (1−5)+(0−2) = −6 → 0 and 6 (the first shape).
    expect(levels()).toEqual({ S: [11, 4], M: [0, 6] });
    expect(job.summary).toMatchObject({ untracked: 1, skipped: 1 });
    expect(job.summary?.skippedRecords).toEqual([
      { record: 'CAP-1-U', reason: expect.stringContaining('not tracked') },
    ]);
    expect([level('CAP-1-U', first), level('CAP-1-U', second)]).toEqual(capBefore);
    // Nothing changed: nothing is sent.
    sim.resetCounters(DOMAIN);
    const again = succeeded(await sync());
    expect(again.summary).toMatchObject({ differing: 0, changed: 0 });
    expect(sim.counters(DOMAIN).byOperation.CatalogInventorySet ?? 0).toBe(0);
  });

  it('on-hand: on hand summed over the filter', async () => {
    await configure('on-hand');
    succeeded(await sync());
    expect(levels()).toEqual({ S: [14, 7], M: [1, 6] });
  });

  it('projected: on hand − reserved + incoming', async () => {
    await configure('projected');
    succeeded(await sync());
    // S: (10−2+5)+(4−1) = 16 and 7−3+20 = 24; M: −6 → 0 and 6.
    expect(levels()).toEqual({ S: [16, 24], M: [0, 6] });
  });

  it('disabled: the location is left alone', async () => {
    await configure('on-hand', {}, 'disabled');
    await putStock([{ sku: 'TEE-1-S', locationCode: 'WH3', onHand: 50 }]);
    const job = succeeded(await sync());
    expect(levels()).toEqual({ S: [14, 24], M: [1, 6] });
    expect(job.summary).toMatchObject({ levels: 3 });
  });

  it('negativeAsZero off: the negative available quantity is sent (Shopify takes it)', async () => {
    await configure('available', { negativeAsZero: false });
    succeeded(await sync());
    expect(levels()).toEqual({ S: [11, 50], M: [-6, 6] });
  });

  it('a targeted run (params.skus) sets only those variants', async () => {
    await putStock([
      { sku: 'TEE-1-S', locationCode: 'WH1', onHand: 30 },
      { sku: 'TEE-1-M', locationCode: 'WH1', onHand: 30 },
    ]);
    const targeted = succeeded(await sync({ skus: ['TEE-1-S', 'NOT-IN-SHOP'] }));
    expect(targeted.summary).toMatchObject({ targeted: 1, changed: 1 });
    expect(targeted.summary?.skippedRecords).toEqual([
      { record: 'NOT-IN-SHOP', reason: expect.stringContaining('not a variant') },
    ]);
    const uri = `gid://shopsync/SyncJob/${targeted.id}`;
    const touched = sim
      .idempotencyLedger(DOMAIN)
      .entries.filter((e) => e.referenceDocumentUri === uri)
      .map((e) => e.inventoryItemId);
    expect([...new Set(touched)]).toEqual([variant('TEE-1-S').inventoryItemId]);
    // S: 30+(4−1) = 33; M keeps −6 until a full run.
    expect(levels()).toEqual({ S: [33, 50], M: [-6, 6] });
    succeeded(await sync());
    expect(levels()).toEqual({ S: [33, 50], M: [28, 6] });
    // A bad value is refused when the job is requested, naming it; no job is made.
    const before = await stack.api<{ total: number }>('GET', '/v1/jobs?shop=inv&limit=1');
    const bad = await stack.api<{ errors: Array<{ field: string }> }>(
      'POST',
      '/v1/shops/inv/syncs',
      { task: 'inventory', params: { skus: [] } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'params.skus', message: expect.any(String) }]);
    const after = await stack.api<{ total: number }>('GET', '/v1/jobs?shop=inv&limit=1');
    expect(after.body.total).toBe(before.body.total);
  });
});
