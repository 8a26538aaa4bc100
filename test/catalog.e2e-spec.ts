import { randomBytes } from 'node:crypto';
import { Producer } from 'kafkajs';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { eventually } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase, query } from './support/pg';
import { Job, runSync, waitForJobEnd } from './support/jobs';
import { Stack } from './support/stack';

// Catalog sync through the HTTP API and Kafka, against the simulator, with PostgreSQL and
// Kafka: the ERP inbox, a 2,000-item / 6,000-variant push, zero-mutation re-syncs, price
// changes, inventory over 3 locations (bulk read, stale path, a SIGKILLed worker), images.

const DOMAIN = 'catalog-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);
const TIME_SCALE = 50;
const ITEMS = 2000;
const SIZES = ['S', 'M', 'L'];
const CODES = ['WH1', 'WH2', 'WH3'];

interface LevelRecord {
  inventoryItemId: string;
  locationId: string;
  quantities: Record<string, number>;
}

const item = (n: number, price = 10 + (n % 7), imageUrls: string[] = []) => ({
  itemNo: `ITEM-${n}`,
  title: `Item ${n}`,
  vendor: n % 2 ? 'Acme' : 'Globex',
  productType: 'Shirts',
  tags: ['erp'],
  options: ['Size'],
  variants: SIZES.map((s) => ({ sku: `SKU-${n}-${s}`, options: [s], price })),
  // With the ERP's content hashes: the images task needs not download them.
  images: imageUrls.map((url) => ({ url, contentHash: `erp-v1-${url.length}` })),
});
const stockQty = (n: number, s: number, l: number, bump = 0) => ((n * 7 + s * 3 + l) % 50) + bump;

describe('Catalog sync (products, inventory, images, ERP inbox)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let producer: Producer;
  let dlq: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  let bump = 0;

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const mutations = (ops: string[]) =>
    ops.reduce((s, op) => s + (sim.counters(DOMAIN).byOperation[op] ?? 0), 0);
  const PRODUCT_MUTATIONS = ['CatalogProductSet', 'CatalogPricesUpdate', 'CatalogImagesSet'];

  const sync = (task: string, params: Record<string, unknown> = {}) =>
    runSync(stack, 'cat', task, params, 240_000);
  const waitJob = (id: string, timeoutMs = 240_000) => waitForJobEnd(stack, id, timeoutMs);
  async function putStock(b: number): Promise<void> {
    const all = [];
    for (let n = 1; n <= ITEMS; n++)
      for (let s = 0; s < 3; s++)
        for (let l = 0; l < 3; l++)
          all.push({
            sku: `SKU-${n}-${SIZES[s]}`,
            locationCode: CODES[l],
            quantity: stockQty(n, s, l, b),
          });
    for (let i = 0; i < all.length; i += 1000)
      expect((await api('PUT', '/v1/erp/stock', { stock: all.slice(i, i + 1000) })).status).toBe(
        200,
      );
  }
  function levelsMatchErp(b: number): void {
    const mapping = new Map<string, string>();
    for (const v of sim.snapshot(DOMAIN, 'variants') as Array<{
      sku: string;
      inventoryItemId: string;
    }>)
      mapping.set(v.inventoryItemId, v.sku);
    const locations = (
      sim.snapshot(DOMAIN, 'locations') as Array<{ id: string; name: string }>
    ).map((l) => l.id);
    const levels = sim.snapshot(DOMAIN, 'inventory-levels') as LevelRecord[];
    expect(levels).toHaveLength(ITEMS * 9);
    const wrong = levels.filter((lv) => {
      const [, n, size] = /^SKU-(\d+)-(\w)$/.exec(mapping.get(lv.inventoryItemId) ?? '') ?? [];
      return (
        lv.quantities.available !==
        stockQty(Number(n), SIZES.indexOf(size), locations.indexOf(lv.locationId), b)
      );
    });
    expect(wrong).toEqual([]);
  }

  beforeAll(async () => {
    sim = await startShopifySimulator({
      timeScale: TIME_SCALE,
      emitWebhooks: false,
      bulkDelayMs: 5,
    });
    sim.createShop({
      domain: DOMAIN,
      plan: 'standard',
      accessToken: TOKEN,
      seed: { locations: 3, products: 0, seed: 6 },
    });
    db = await createTestDatabase('catalog');
    stack = new Stack({
      name: 'catalog',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
      },
      workerEnv: {
        SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE),
        LEASE_TTL_MS: '6000',
        LEASE_HEARTBEAT_MS: '1000',
      },
    });
    await stack.start();
    const created = await api('POST', '/v1/shops', {
      code: 'cat',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 3,
      defaultRerunDelaySeconds: 0,
    });
    expect(created.status).toBe(201);
    const kafka = testKafka();
    producer = kafka.producer();
    await producer.connect();
    dlq = await collect(kafka, `${stack.topicPrefix}shopsync.dlq.v1`);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.consumer.disconnect();
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('refuses a bad batch with the record index and field, and stores none of it', async () => {
    const bad = [
      item(1),
      { ...item(2), variants: [{ sku: 'SKU-2-S', options: ['S'], price: -1 }] },
    ];
    const res = await api<{ code: string; errors: Array<{ field: string }> }>(
      'PUT',
      '/v1/erp/items',
      { items: bad },
    );
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e) => e.field)).toContain('items[1].variants[0].price');
    const dup = await api<{ errors: Array<{ field: string }> }>('PUT', '/v1/erp/items', {
      items: [item(1), { ...item(3), variants: item(1).variants }],
    });
    expect(dup.status).toBe(400);
    expect(dup.body.errors[0].field).toBe('items[1].variants[0].sku');
    const tooMany = await api('PUT', '/v1/erp/stock', {
      stock: Array.from({ length: 1001 }, (_, i) => ({
        sku: `X${i}`,
        locationCode: 'A',
        quantity: 1,
      })),
    });
    expect(tooMany.status).toBe(400);
    expect(await query(db.url, 'SELECT 1 FROM erp_items')).toHaveLength(0);
  });

  it('takes items and stock over Kafka, and sends an invalid record to the DLQ', async () => {
    const topic = `${stack.topicPrefix}shopsync.erp.inbound.v1`;
    await producer.send({
      topic,
      messages: [
        {
          key: 'item/KAFKA-1',
          value: JSON.stringify({
            entity: 'item',
            data: {
              ...item(9999),
              itemNo: 'KAFKA-1',
              variants: [{ sku: 'KSKU', options: ['S'], price: 5 }],
            },
          }),
        },
        // The same topic takes a record in a CloudEvents envelope too.
        {
          key: 'stock/KSKU',
          value: JSON.stringify({
            specversion: '1.0',
            id: 'erp-stock-ksku-1',
            source: '/erp/test',
            type: 'dev.shopsync.erp.inbound.v1',
            datacontenttype: 'application/json',
            data: { entity: 'stock', data: { sku: 'KSKU', locationCode: 'WH1', quantity: 4 } },
          }),
        },
        {
          key: 'stock/BAD',
          value: JSON.stringify({
            entity: 'stock',
            data: { sku: 'BAD', locationCode: 'WH1', quantity: 1.5 },
          }),
        },
      ],
    });
    await eventually(async () => {
      expect(
        await query(db.url, `SELECT 1 FROM erp_items WHERE "itemNo" = 'KAFKA-1'`),
      ).toHaveLength(1);
      expect(await query(db.url, `SELECT quantity FROM erp_stock WHERE sku = 'KSKU'`)).toEqual([
        { quantity: 4 },
      ]);
      const bad = dlq.messages.find((m) => m.key === 'stock/BAD');
      expect(bad && dataOf<{ reason: string }>(bad).reason).toContain('data.quantity');
    }, 60_000);
  });

  it('pushes 2,000 items / 6,000 variants to an empty shop, then a re-sync makes no mutation', async () => {
    for (let i = 0; i < ITEMS; i += 1000) {
      const items = Array.from({ length: 1000 }, (_, k) => item(i + k + 1));
      expect((await api('PUT', '/v1/erp/items', { items })).status).toBe(200);
    }
    await putStock(0);
    const locations = await api<{ items: Array<{ shopifyLocationId: string; name: string }> }>(
      'GET',
      '/v1/shops/cat/locations',
    );
    expect(locations.body.items).toHaveLength(3);
    const ordered = (sim.snapshot(DOMAIN, 'locations') as Array<{ id: string }>).map((l) => l.id);
    const mapped = await api<{ items: Array<{ stockSync: boolean }> }>(
      'PUT',
      '/v1/shops/cat/locations',
      {
        locations: ordered.map((id, i) => ({
          shopifyLocationId: id,
          erpLocationCode: CODES[i],
          stockSync: true,
        })),
      },
    );
    expect(mapped.status).toBe(200);
    expect(mapped.body.items.every((l) => l.stockSync)).toBe(true);
    const badLocation = await api<{ errors: Array<{ field: string }> }>(
      'PUT',
      '/v1/shops/cat/locations',
      { locations: [{ shopifyLocationId: 'gid://shopify/Location/1', stockSync: true }] },
    );
    expect(badLocation.body.errors[0].field).toBe('locations[0].shopifyLocationId');
    const added = await api<{ added: number }>('POST', '/v1/shops/cat/products', {
      filter: { tag: 'erp' },
    });
    expect(added.body.added).toBe(ITEMS + 1);
    // KAFKA-1 is left out of the shop again: the test counts exactly 2,000 products.
    await query(db.url, `DELETE FROM shop_products WHERE "itemNo" = 'KAFKA-1'`);

    const started = Date.now();
    const first = await sync('products');
    // A retried push is allowed (a transient error), but what happened is shown: a run once
    // left 25 products unmapped after a retry whose logs were lost with the CI clone.
    if (first.attempt > 1)
      process.stdout.write(
        `catalog: the push took ${first.attempt} attempts; its log: ${JSON.stringify(
          (await api('GET', `/v1/jobs/${first.id}/logs`)).body,
        ).slice(0, 20_000)}\n`,
      );
    expect(first.status).toBe('succeeded');
    expect(first.summary).toMatchObject({ created: ITEMS, updated: 0 });
    expect(sim.snapshot(DOMAIN, 'products')).toHaveLength(ITEMS);
    expect(sim.snapshot(DOMAIN, 'variants')).toHaveLength(ITEMS * 3);
    process.stdout.write(`catalog: 2,000 products pushed in ${Date.now() - started} ms\n`);
    const listed = await api<{
      total: number;
      items: Array<{ shopifyProductId: string; variants: unknown[] }>;
    }>('GET', '/v1/shops/cat/products?limit=5');
    expect(listed.body.total).toBe(ITEMS);
    expect(listed.body.items[0].shopifyProductId).toMatch(/^gid:\/\/shopify\/Product\//);
    expect(listed.body.items[0].variants).toHaveLength(3);

    sim.resetCounters(DOMAIN);
    const again = await sync('products');
    expect(again.summary).toMatchObject({ unchanged: ITEMS, created: 0, updated: 0 });
    expect(mutations(PRODUCT_MUTATIONS)).toBe(0);
  });

  it('sends 50 price changes as exactly 50 price updates', async () => {
    const changed = Array.from({ length: 50 }, (_, k) => item(k * 40 + 1, 99));
    expect((await api('PUT', '/v1/erp/items', { items: changed })).status).toBe(200);
    sim.resetCounters(DOMAIN);
    const job = await sync('products', { pricesOnly: true });
    expect(job.summary).toMatchObject({ pricesUpdated: 50 });
    expect(sim.counters(DOMAIN).byOperation.CatalogPricesUpdate).toBe(50);
    expect(mutations(['CatalogProductSet'])).toBe(0);
    const prices = (
      sim.snapshot(DOMAIN, 'variants') as Array<{ sku: string; price: string }>
    ).filter((v) => v.sku.startsWith('SKU-41-'));
    expect(prices.map((v) => v.price)).toEqual(['99.00', '99.00', '99.00']);
    sim.resetCounters(DOMAIN);
    await sync('products');
    expect(mutations(PRODUCT_MUTATIONS)).toBe(0);
  });

  it('converges 6,000 variants × 3 locations to ERP stock, and an unchanged re-run sends nothing', async () => {
    sim.resetCounters(DOMAIN);
    const job = await sync('inventory');
    expect(job.status).toBe('succeeded');
    levelsMatchErp(0);
    expect(sim.counters(DOMAIN).byOperation.BulkOperationRunQuery).toBe(1);
    sim.resetCounters(DOMAIN);
    const again = await sync('inventory');
    expect(again.summary).toMatchObject({ differing: 0, changed: 0 });
    expect(sim.counters(DOMAIN).byOperation.CatalogInventorySet ?? 0).toBe(0);
  });

  it('takes the stale path on a concurrent change in Shopify and ends consistent', async () => {
    const levels = sim.snapshot(DOMAIN, 'inventory-levels') as LevelRecord[];
    for (const lv of levels.slice(0, 5))
      sim.setInventory(DOMAIN, {
        inventoryItemId: lv.inventoryItemId,
        locationId: lv.locationId,
        quantity: 777,
      });
    bump = 1;
    await putStock(bump);
    // skipImport: the last known levels are the diff base, so the 5 changed levels are stale.
    const job = await sync('inventory', { skipImport: true });
    expect(job.status).toBe('succeeded');
    expect(sim.counters(DOMAIN).byOperation.CatalogLevelsReread).toBeGreaterThan(0);
    levelsMatchErp(bump);
  });

  it('applies each change once when the worker is SIGKILLed mid-sync and the job is recovered', async () => {
    bump = 2;
    await putStock(bump);
    sim.addFaults(DOMAIN, [{ operationName: 'CatalogInventorySet', latencyMs: 150 }]);
    const res = await api<Job>('POST', '/v1/shops/cat/syncs', {
      task: 'inventory',
      params: { skipImport: true },
      force: true,
    });
    const jobId = res.body.id;
    const uri = `gid://shopsync/SyncJob/${jobId}`;
    await eventually(
      () => {
        const applied = sim
          .idempotencyLedger(DOMAIN)
          .entries.filter((e) => e.referenceDocumentUri === uri);
        if (applied.length < 2000) throw new Error(`only ${applied.length} applied`);
      },
      120_000,
      50,
    );
    const [worker] = stack.running('sync-worker');
    await stack.stopApp(worker, 'SIGKILL');
    sim.clearFaults(DOMAIN);
    await stack.waitReady(await stack.startApp('sync-worker'));
    const job = await waitJob(jobId);
    expect(job.status).toBe('succeeded');
    expect(job.attempt).toBeGreaterThan(1);
    const entries = sim
      .idempotencyLedger(DOMAIN)
      .entries.filter((e) => e.referenceDocumentUri === uri);
    const perLevel = new Map<string, number>();
    for (const e of entries)
      perLevel.set(
        `${e.inventoryItemId}|${e.locationId}`,
        (perLevel.get(`${e.inventoryItemId}|${e.locationId}`) ?? 0) + 1,
      );
    expect([...perLevel.values()].filter((n) => n !== 1)).toEqual([]);
    expect(perLevel.size).toBe(ITEMS * 9);
    levelsMatchErp(bump);
  });

  it('sends changed images only, and nothing when they are unchanged', async () => {
    await sync('images');
    sim.resetCounters(DOMAIN);
    const changed = Array.from({ length: 5 }, (_, k) =>
      item(k + 1, 10 + ((k + 1) % 7), [`https://img.example.com/${k}.jpg`]),
    );
    expect((await api('PUT', '/v1/erp/items', { items: changed })).status).toBe(200);
    const job = await sync('images');
    expect(job.summary).toMatchObject({ updated: 5 });
    expect(sim.counters(DOMAIN).byOperation.CatalogImagesSet).toBe(5);
    const media = sim.snapshot(DOMAIN, 'media') as Array<{ originalSource: string }>;
    expect(media.map((m) => m.originalSource).sort()).toEqual(
      changed.map((c) => c.images[0].url).sort(),
    );
    sim.resetCounters(DOMAIN);
    await sync('images');
    expect(sim.counters(DOMAIN).byOperation.CatalogImagesSet ?? 0).toBe(0);
  });
});
