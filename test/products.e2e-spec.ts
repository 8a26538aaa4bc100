import { randomBytes } from 'node:crypto';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { simGraphql } from './shopify-sim/sim-client';
import { createTestDatabase, query } from './support/pg';
import { runSync } from './support/jobs';
import { Stack } from './support/stack';

// The products export through the HTTP API against the simulator, with PostgreSQL and Kafka:
// a variant made in Shopify survives two exports (productSet deletes what its variant list
// leaves out), created products are drafts when the shop says so, a blocked item's product is
// archived, and canUpdateShopifyProducts off leaves an existing product alone.

const DOMAIN = 'products-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);

const tee = (title: string, sizes = ['S', 'M'], price = 10) => ({
  itemNo: 'TEE-1',
  title,
  vendor: 'Acme',
  productType: 'Shirts',
  tags: ['erp'],
  options: ['Size'],
  variants: sizes.map((s) => ({ sku: `TEE-1-${s}`, options: [s], price })),
});

describe('Products export (variants made in Shopify, status, blocked items)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let locationId: string;

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const sync = (params: Record<string, unknown> = {}) =>
    runSync(stack, 'prod', 'products', params, 120_000);
  const putItem = async (item: ReturnType<typeof tee> & { blocked?: boolean }) =>
    expect((await api('PUT', '/v1/erp/items', { items: [item] })).status).toBe(200);
  const product = () => {
    const [p] = [...sim.shop(DOMAIN).products.values()];
    if (!p) throw new Error('no product in Shopify');
    return p;
  };
  const variants = () =>
    product().variantIds.map((id) => {
      const v = sim.shop(DOMAIN).variants.get(id);
      if (!v) throw new Error(`variant ${id} is gone`);
      return v;
    });

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false });
    sim.createShop({
      domain: DOMAIN,
      accessToken: TOKEN,
      seed: { locations: 1, products: 0, seed: 11 },
    });
    locationId = [...sim.shop(DOMAIN).locations.keys()][0];
    db = await createTestDatabase('products');
    stack = new Stack({
      name: 'products',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
      },
    });
    await stack.start();
    const created = await api('POST', '/v1/shops', {
      code: 'prod',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 1,
      defaultRerunDelaySeconds: 0,
      settings: {
        products: {
          canUpdateShopifyProducts: true,
          statusOnCreate: 'draft',
          removedItemAction: 'archive',
        },
      },
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
  });

  it('creates the product as a draft', async () => {
    await putItem(tee('Tee'));
    await api('GET', '/v1/shops/prod/locations');
    const mapped = await api('PUT', '/v1/shops/prod/locations', {
      locations: [{ shopifyLocationId: locationId, erpLocationCode: 'WH1', stockSync: true }],
    });
    expect(mapped.status).toBe(200);
    expect(
      (await api<{ added: number }>('POST', '/v1/shops/prod/products', { filter: { tag: 'erp' } }))
        .body.added,
    ).toBe(1);
    const job = await sync();
    expect(job.status).toBe('succeeded');
    expect(job.summary).toMatchObject({ created: 1 });
    expect(product()).toMatchObject({ title: 'Tee', status: 'DRAFT' });
    expect(variants().map((v) => v.sku)).toEqual(['TEE-1-S', 'TEE-1-M']);
  });

  it('keeps a variant made in Shopify through two exports, untouched', async () => {
    const made = await simGraphql<{
      productVariantsBulkCreate: { productVariants: Array<{ id: string }>; userErrors: unknown[] };
    }>(
      sim.url,
      TOKEN,
      `mutation($id: ID!, $variants: [ProductVariantsBulkInput!]!) {
        productVariantsBulkCreate(productId: $id, variants: $variants) {
          productVariants { id } userErrors { message } } }`,
      {
        id: product().id,
        variants: [
          {
            optionValues: [{ optionName: 'Size', name: 'XL' }],
            price: '30',
            inventoryItem: { sku: 'SHOPIFY-XL' },
            inventoryQuantities: [{ locationId, availableQuantity: 4 }],
          },
        ],
      },
    );
    expect(made.body.data?.productVariantsBulkCreate.userErrors).toEqual([]);
    const xl = made.body.data?.productVariantsBulkCreate.productVariants[0].id ?? '';

    await putItem(tee('Tee v2'));
    const first = await sync();
    expect(first.summary).toMatchObject({ updated: 1, skipped: 0 });
    await putItem(tee('Tee v3', ['S', 'M', 'L'], 12));
    const second = await sync();
    expect(second.summary).toMatchObject({ updated: 1, skipped: 0 });

    expect(product().title).toBe('Tee v3');
    expect(variants().map((v) => [v.sku, v.price])).toEqual([
      ['TEE-1-S', '12.00'],
      ['TEE-1-M', '12.00'],
      ['TEE-1-L', '12.00'],
      ['SHOPIFY-XL', '30.00'],
    ]);
    const kept = sim.shop(DOMAIN).variants.get(xl);
    expect(kept?.sku).toBe('SHOPIFY-XL');
    expect(
      sim.shop(DOMAIN).getLevel(kept?.inventoryItemId ?? '', locationId)?.quantities,
    ).toMatchObject({ available: 4 });
    // The shop's catalog maps the ERP's SKUs only.
    const [row] = await query<{ variantIds: string }>(
      db.url,
      `SELECT "variantIds" FROM shop_products WHERE "itemNo" = 'TEE-1'`,
    );
    expect(Object.keys(JSON.parse(row.variantIds)).sort()).toEqual([
      'TEE-1-L',
      'TEE-1-M',
      'TEE-1-S',
    ]);
  });

  it('leaves the product alone with canUpdateShopifyProducts off', async () => {
    const patched = await api('PATCH', '/v1/shops/prod', {
      settings: { products: { canUpdateShopifyProducts: false, removedItemAction: 'archive' } },
    });
    expect(patched.status).toBe(200);
    await putItem(tee('Tee v4', ['S', 'M', 'L'], 12));
    const job = await sync();
    expect(job.summary).toMatchObject({ updated: 0, skipped: 1 });
    expect(product().title).toBe('Tee v3');
  });

  it('archives the product of an item blocked in the ERP, keeping its variants', async () => {
    const before = variants().map((v) => v.id);
    await putItem({ ...tee('Tee v4', ['S', 'M', 'L'], 12), blocked: true });
    const [row] = await query<{ blocked: boolean }>(
      db.url,
      `SELECT blocked FROM erp_items WHERE "itemNo" = 'TEE-1'`,
    );
    expect(row.blocked).toBe(true);
    const job = await sync();
    expect(job.summary).toMatchObject({ retired: 1 });
    expect(product().status).toBe('ARCHIVED');
    expect(variants().map((v) => v.id)).toEqual(before);
    const again = await sync();
    expect(again.summary).toMatchObject({ retired: 0, unchanged: 1 });
  });
});
