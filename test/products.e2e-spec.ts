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

  it('restores the product of an item unblocked in the ERP, to statusOnCreate', async () => {
    await putItem({ ...tee('Tee v4', ['S', 'M', 'L'], 12), blocked: false });
    const job = await sync();
    expect(job.summary).toMatchObject({ restored: 1, skipped: 0 });
    expect(product().status).toBe('ACTIVE');
    // canUpdateShopifyProducts is off: only the status went out.
    expect(product().title).toBe('Tee v3');
    expect((await sync()).summary).toMatchObject({ restored: 0, unchanged: 1 });
  });

  it('exports vendor, type, tags, compare-at price and the attributes as metafields in the namespace, only what changed', async () => {
    const patched = await api('PATCH', '/v1/shops/prod', {
      settings: { products: { canUpdateShopifyProducts: true, metafieldNamespace: 'erp_attrs' } },
    });
    expect(patched.status).toBe(200);
    const item = (attributes: Array<{ key: string; value: string; type?: string }>) => ({
      ...tee('Tee v5', ['S', 'M', 'L'], 12),
      vendor: 'Globex',
      productType: 'Tees',
      tags: ['erp', 'summer'],
      variants: ['S', 'M', 'L'].map((s) => ({
        sku: `TEE-1-${s}`,
        options: [s],
        price: 12,
        compareAtPrice: 15,
      })),
      attributes,
    });
    const put = async (attributes: Parameters<typeof item>[0]) =>
      expect((await api('PUT', '/v1/erp/items', { items: [item(attributes)] })).status).toBe(200);
    await put([
      { key: 'material', value: 'cotton' },
      { key: 'weight_g', value: '180', type: 'number_integer' },
      { key: 'fit', value: 'slim' },
    ]);
    expect((await sync()).summary).toMatchObject({ updated: 1, skipped: 0 });
    expect(product()).toMatchObject({
      title: 'Tee v5',
      vendor: 'Globex',
      productType: 'Tees',
      tags: ['erp', 'summer'],
    });
    expect(
      variants()
        .slice(0, 3)
        .map((v) => v.compareAtPrice),
    ).toEqual(['15.00', '15.00', '15.00']);
    const fields = () =>
      Object.fromEntries(
        product().metafields.map((m) => [`${m.namespace}.${m.key}`, `${m.type}:${m.value}`]),
      );
    expect(fields()).toEqual({
      'erp_attrs.material': 'single_line_text_field:cotton',
      'erp_attrs.weight_g': 'number_integer:180',
      'erp_attrs.fit': 'single_line_text_field:slim',
    });

    // A merchant edits one in Shopify: shopsync sends only the attribute the ERP changed.
    const material = product().metafields.find((m) => m.key === 'material');
    if (material) material.value = 'edited in Shopify';
    await put([
      { key: 'material', value: 'cotton' },
      { key: 'weight_g', value: '200', type: 'number_integer' },
    ]);
    sim.resetCounters(DOMAIN);
    expect((await sync()).summary).toMatchObject({ updated: 1, skipped: 0 });
    expect(fields()).toEqual({
      'erp_attrs.material': 'single_line_text_field:edited in Shopify',
      'erp_attrs.weight_g': 'number_integer:200',
    });
    expect(sim.counters(DOMAIN).byOperation.CatalogMetafieldsDelete).toBe(1);
  });

  it('matches Shopify products with ERP items by barcode (skuMapping barcode)', async () => {
    const item = {
      itemNo: 'BAR-1',
      title: 'Barcoded',
      options: ['Color'],
      variants: [
        { sku: 'BAR-1-RED', options: ['Red'], price: 5, barcode: '8710000000017' },
        { sku: 'BAR-1-BLUE', options: ['Blue'], price: 5, barcode: '8710000000024' },
      ],
    };
    expect((await api('PUT', '/v1/erp/items', { items: [item] })).status).toBe(200);
    const made = await simGraphql<{
      productSet: {
        product: { id: string; variants: { nodes: Array<{ id: string; barcode: string }> } };
        userErrors: unknown[];
      };
    }>(
      sim.url,
      TOKEN,
      `mutation($input: ProductSetInput!) {
        productSet(input: $input, synchronous: true) {
          product { id variants(first: 5) { nodes { id barcode } } } userErrors { message } } }`,
      {
        input: {
          title: 'Made in Shopify',
          productOptions: [{ name: 'Color', values: [{ name: 'Red' }, { name: 'Blue' }] }],
          variants: [
            {
              optionValues: [{ optionName: 'Color', name: 'Red' }],
              price: '6',
              barcode: '8710000000017',
              inventoryItem: { sku: 'SHOP-RED' },
            },
            {
              optionValues: [{ optionName: 'Color', name: 'Blue' }],
              price: '6',
              barcode: '8710000000024',
              inventoryItem: { sku: 'SHOP-BLUE' },
            },
          ],
        },
      },
    );
    expect(made.body.data?.productSet.userErrors).toEqual([]);
    const shopifyProduct = made.body.data?.productSet.product;
    const patched = await api('PATCH', '/v1/shops/prod', {
      settings: {
        directions: { products: 'from-shopify', images: 'off' },
        products: { skuMapping: 'barcode' },
      },
    });
    expect(patched.status).toBe(200);
    const job = await sync();
    expect(job.status).toBe('succeeded');
    const [row] = await query<{ shopifyProductId: string; variantIds: string }>(
      db.url,
      `SELECT "shopifyProductId", "variantIds" FROM shop_products WHERE "itemNo" = 'BAR-1'`,
    );
    expect(row.shopifyProductId).toBe(shopifyProduct?.id);
    const byBarcode = new Map(shopifyProduct?.variants.nodes.map((v) => [v.barcode, v.id]));
    expect(JSON.parse(row.variantIds)).toEqual({
      'BAR-1-RED': byBarcode.get('8710000000017'),
      'BAR-1-BLUE': byBarcode.get('8710000000024'),
    });
  });
});
