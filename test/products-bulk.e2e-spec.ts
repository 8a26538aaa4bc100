import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { simGraphql } from './shopify-sim/sim-client';
import { eventually } from './support/eventually';
import { runSync, waitForJobEnd, Job } from './support/jobs';
import { createTestDatabase, query } from './support/pg';
import { Stack } from './support/stack';

// The products export above products.bulkExportThreshold: one bulk mutation (staged JSONL of
// productSet variables) instead of a productSet per product. Products and variants land in the
// simulator, mappings are recorded, a second export sends nothing, a line's user error is the
// right item's skipped record, an update reads the products' variants with one bulk query (no
// read per product), and a worker killed while its bulk operation runs is resumed by
// the next attempt, which adopts the operation instead of starting another.

const DOMAIN = 'bulk-export.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const ITEMS = 12;
const SIZES = ['S', 'M', 'L'];
const FAST = { LEASE_TTL_MS: '4000', LEASE_HEARTBEAT_MS: '500' };

const item = (n: number, title = `Item ${n}`) => ({
  itemNo: `BULK-${n}`,
  title,
  vendor: 'Acme',
  productType: 'Shirts',
  tags: ['erp'],
  options: ['Size'],
  variants: SIZES.map((s) => ({ sku: `BULK-${n}-${s}`, options: [s], price: 10 + n })),
});

describe('Products export through a bulk mutation', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const sync = () => runSync(stack, 'bulk', 'products', {}, 120_000);
  const putItems = async (titles: (n: number) => string) =>
    expect(
      (
        await api('PUT', '/v1/erp/items', {
          items: Array.from({ length: ITEMS }, (_, i) => item(i + 1, titles(i + 1))),
        })
      ).status,
    ).toBe(200);
  const bulkMutations = () =>
    [...sim.shop(DOMAIN).bulkOperations.values()].filter((b) => b.type === 'MUTATION');
  const bulkQueries = () =>
    [...sim.shop(DOMAIN).bulkOperations.values()].filter((b) => b.type === 'QUERY');
  const mutationCalls = () =>
    Object.entries(sim.counters(DOMAIN).byOperation)
      .filter(([op]) => /ProductSet|ProductRetire|Prices|Metafields/.test(op))
      .reduce((s, [, n]) => s + n, 0);
  const mappings = async () =>
    (
      await query<{ itemNo: string; shopifyProductId: string; variantIds: string }>(
        db.url,
        `SELECT "itemNo", "shopifyProductId", "variantIds" FROM shop_products ORDER BY "itemNo"`,
      )
    ).map((r) => ({ ...r, variantIds: JSON.parse(r.variantIds) as Record<string, string> }));
  const pendingCursor = async () =>
    (
      await query<{ value: string }>(
        db.url,
        `SELECT value FROM sync_cursors WHERE name = 'products.bulk-export'`,
      )
    )[0]?.value ?? '';

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false, bulkDelayMs: 50 });
    sim.createShop({
      domain: DOMAIN,
      accessToken: TOKEN,
      seed: { locations: 1, products: 0, seed: 5 },
    });
    db = await createTestDatabase('products_bulk');
    stack = new Stack({
      name: 'products-bulk',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        REAPER_INTERVAL_MS: '500',
        SCHEDULER_TICK_MS: '100',
      },
      workerEnv: { KAFKA_SESSION_TIMEOUT_MS: '10000', WORKER_SHUTDOWN_GRACE_MS: '1500', ...FAST },
    });
    await stack.start();
    const created = await api('POST', '/v1/shops', {
      code: 'bulk',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 3,
      defaultRerunDelaySeconds: 0,
      settings: { products: { canUpdateShopifyProducts: true, bulkExportThreshold: 5 } },
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('refuses a threshold that is not a whole number ≥ 0, naming the field', async () => {
    const res = await api<{ message: string }>('PATCH', '/v1/shops/bulk', {
      settings: { products: { bulkExportThreshold: -1 } },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('bulkExportThreshold');
  });

  it('creates the products and their variants with one bulk mutation and records the mappings', async () => {
    await putItems((n) => `Item ${n}`);
    expect(
      (await api<{ added: number }>('POST', '/v1/shops/bulk/products', { filter: { tag: 'erp' } }))
        .body.added,
    ).toBe(ITEMS);
    sim.resetCounters(DOMAIN);
    const job = await sync();
    expect(job.status).toBe('succeeded');
    expect(job.summary).toMatchObject({ created: ITEMS, skipped: 0, bulk: { created: ITEMS } });
    expect(bulkMutations()).toHaveLength(1);
    expect(bulkMutations()[0]).toMatchObject({ status: 'COMPLETED', objectCount: ITEMS });
    // No productSet went through the per-query path.
    expect(mutationCalls()).toBe(0);

    const shop = sim.shop(DOMAIN);
    expect(shop.products.size).toBe(ITEMS);
    const rows = await mappings();
    expect(rows).toHaveLength(ITEMS);
    for (const row of rows) {
      const product = shop.products.get(row.shopifyProductId);
      expect(product?.handle).toBe(`erp-${row.itemNo.toLowerCase()}`);
      const skus = (product?.variantIds ?? []).map((id) => shop.variants.get(id)?.sku);
      expect(skus).toEqual(SIZES.map((s) => `${row.itemNo}-${s}`));
      for (const s of SIZES) {
        const id = row.variantIds[`${row.itemNo}-${s}`];
        expect(shop.variants.get(id)?.sku).toBe(`${row.itemNo}-${s}`);
      }
    }
    expect(await pendingCursor()).toBe('');
  });

  it('sends nothing on a second export', async () => {
    sim.resetCounters(DOMAIN);
    const job = await sync();
    expect(job.summary).toMatchObject({ unchanged: ITEMS, created: 0, updated: 0 });
    expect(bulkMutations()).toHaveLength(1);
    expect(mutationCalls()).toBe(0);
    expect(sim.counters(DOMAIN).byOperation.BulkOperationRunMutation ?? 0).toBe(0);
  });

  it('updates through the bulk mutation after one bulk query of the variants: no per-product read, and a variant Shopify alone has survives', async () => {
    // A variant made in Shopify: productSet by id would delete it unless it is read back first.
    const [first] = await mappings();
    const extra = await simGraphql<{
      productVariantsBulkCreate: { userErrors: unknown[] };
    }>(
      sim.url,
      TOKEN,
      'mutation($id: ID!, $v: [ProductVariantsBulkInput!]!) { productVariantsBulkCreate(productId: $id, variants: $v) { userErrors { message } } }',
      { id: first.shopifyProductId, v: [{ optionValues: [{ optionName: 'Size', name: 'XL' }] }] },
    );
    expect(extra.body.data?.productVariantsBulkCreate.userErrors).toEqual([]);
    const variantsBefore = (id: string) => sim.shop(DOMAIN).products.get(id)?.variantIds ?? [];
    const kept = [...variantsBefore(first.shopifyProductId)];
    expect(kept).toHaveLength(SIZES.length + 1);
    await putItems((n) => `Item ${n} renamed`);
    const queriesBefore = bulkQueries().length;
    const mutationsBefore = bulkMutations().length;
    sim.resetCounters(DOMAIN);
    const job = await sync();
    expect(job.status).toBe('succeeded');
    expect(job.summary).toMatchObject({ updated: ITEMS, skipped: 0, bulk: { updated: ITEMS } });
    expect(bulkQueries()).toHaveLength(queriesBefore + 1);
    expect(bulkQueries()[queriesBefore].status).toBe('COMPLETED');
    expect(bulkMutations()).toHaveLength(mutationsBefore + 1);
    const c = sim.counters(DOMAIN);
    expect(c.byOperation.CatalogProductVariants ?? 0).toBe(0);
    expect(mutationCalls()).toBe(0);
    // Start, polls and the upload of each bulk operation: a bound that does not grow with the
    // number of products (one read per product would be ITEMS more calls).
    expect(c.calls).toBeLessThanOrEqual(16);
    expect(c.pointsUsed).toBeLessThanOrEqual(80);
    const products = [...sim.shop(DOMAIN).products.values()];
    expect(products.filter((p) => p.title.endsWith('renamed'))).toHaveLength(ITEMS);
    expect([...variantsBefore(first.shopifyProductId)].sort()).toEqual([...kept].sort());
    expect(await pendingCursor()).toBe('');
  });

  it('reads the variants one by one while another bulk query of the shop runs, and still updates in bulk', async () => {
    // Someone else's bulk query (the inventory task's, say) stays CREATED meanwhile.
    sim.bulk.setDelayMs(60_000);
    const other = await simGraphql<{
      bulkOperationRunQuery: { bulkOperation: { id: string } | null };
    }>(
      sim.url,
      TOKEN,
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    const otherId = other.body.data?.bulkOperationRunQuery.bulkOperation?.id;
    expect(otherId).toBeDefined();
    sim.bulk.setDelayMs(50);
    try {
      await putItems((n) => `Item ${n} while busy`);
      const mutationsBefore = bulkMutations().length;
      sim.resetCounters(DOMAIN);
      const job = await sync();
      expect(job.status).toBe('succeeded');
      expect(job.summary).toMatchObject({ updated: ITEMS, bulk: { updated: ITEMS } });
      expect(sim.counters(DOMAIN).byOperation.CatalogProductVariants).toBe(ITEMS);
      expect(bulkMutations()).toHaveLength(mutationsBefore + 1);
      const titles = [...sim.shop(DOMAIN).products.values()].map((p) => p.title);
      expect(titles.filter((t) => t.endsWith('while busy'))).toHaveLength(ITEMS);
    } finally {
      await simGraphql(
        sim.url,
        TOKEN,
        'mutation($id: ID!) { bulkOperationCancel(id: $id) { userErrors { message } } }',
        { id: otherId },
      );
    }
  });

  it('resumes after the worker died mid-operation: adopts the stored operation, starts no other, duplicates nothing', async () => {
    // The next bulk mutation stays CREATED long enough to kill the worker that started it.
    sim.bulk.setDelayMs(8000);
    await putItems((n) => `Item ${n} v2`);
    const before = bulkMutations().length;
    const started = await api<Job>('POST', '/v1/shops/bulk/syncs', {
      task: 'products',
      force: true,
    });
    expect(started.status).toBe(202);
    const stored = await eventually(async () => {
      const value = await pendingCursor();
      if (!value) throw new Error('no bulk operation stored yet');
      return JSON.parse(value) as { operationId: string; lines: Array<{ itemNo: string }> };
    }, 60_000);
    expect(bulkMutations()).toHaveLength(before + 1);
    expect(stored.operationId).toBe(bulkMutations()[before].id);
    expect(bulkMutations()[before].status).toBe('CREATED');
    const [worker] = stack.running('sync-worker');
    await stack.stopApp(worker, 'SIGKILL');
    sim.bulk.setDelayMs(50);
    await stack.waitReady(await stack.startApp('sync-worker'));

    const job = await waitForJobEnd(stack, started.body.id, 120_000);
    expect(job.status).toBe('succeeded');
    expect(job.attempt).toBe(2);
    // Adopted: no second bulk mutation, every product once, all titles v2.
    expect(bulkMutations()).toHaveLength(before + 1);
    expect(bulkMutations()[before].status).toBe('COMPLETED');
    const products = [...sim.shop(DOMAIN).products.values()];
    expect(products).toHaveLength(ITEMS);
    expect(products.filter((p) => p.title.endsWith('v2'))).toHaveLength(ITEMS);
    expect(new Set(products.map((p) => p.handle)).size).toBe(ITEMS);
    expect(await pendingCursor()).toBe('');
    // Every line recorded: nothing left to send.
    sim.resetCounters(DOMAIN);
    const again = await sync();
    expect(again.summary).toMatchObject({ unchanged: ITEMS });
    expect(mutationCalls()).toBe(0);
    expect(bulkMutations()).toHaveLength(before + 1);
    const rows = await mappings();
    expect(new Set(rows.map((r) => r.shopifyProductId)).size).toBe(ITEMS);
  });
  it('reports a line’s user error as the skipped record of its item and records the others', async () => {
    const gone = (await mappings()).find((r) => r.itemNo === 'BULK-4');
    const deleted = await simGraphql<{ productDelete: { userErrors: unknown[] } }>(
      sim.url,
      TOKEN,
      'mutation($id: ID!) { productDelete(input: {id: $id}) { deletedProductId userErrors { message } } }',
      { id: gone?.shopifyProductId },
    );
    expect(deleted.body.data?.productDelete.userErrors).toEqual([]);
    await putItems((n) => `Item ${n} v3`);
    const before = bulkMutations().length;
    const job = await sync();
    expect(job.status).toBe('succeeded');
    expect(job.summary).toMatchObject({
      updated: ITEMS - 1,
      skipped: 1,
      bulk: { updated: ITEMS - 1, skipped: 1 },
      skippedRecords: [
        { record: 'BULK-4', reason: expect.stringContaining('Product does not exist') },
      ],
    });
    expect(bulkMutations()).toHaveLength(before + 1);
    const titles = [...sim.shop(DOMAIN).products.values()].map((p) => p.title);
    expect(titles.filter((t) => t.endsWith('v3'))).toHaveLength(ITEMS - 1);
    const [row] = await query<{ lastError: string | null }>(
      db.url,
      `SELECT "lastError" FROM shop_products WHERE "itemNo" = 'BULK-4'`,
    );
    expect(row.lastError).toContain('Product does not exist');
  });
});
