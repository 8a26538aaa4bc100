import type { ErpItemEntity, JsonObject, ShopProductEntity } from '@shopsync/shared';
import { ImageContent } from '../../apps/sync-worker/src/tasks/images/image-content';
import { ImagesHandler } from '../../apps/sync-worker/src/tasks/images/images.handler';
import { ProductsBulkExport } from '../../apps/sync-worker/src/tasks/products/products-bulk-export';
import { ProductsHandler } from '../../apps/sync-worker/src/tasks/products/products.handler';
import type { TaskContext } from '../../apps/sync-worker/src/tasks/task-handler';
import { ShopifyItemImport } from '../../apps/sync-worker/src/catalog/shopify-item-import';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { mappedItemsOf, newMapping } from './catalog-fakes';
import { simGraphql } from './sim-client';
import { ShopifySimulator } from './simulator';
import { ShopState } from './state/shop-state';

// The products task (to-shopify) against the strict simulator, with the ERP side and the
// mappings held in memory: what an export does to a product in Shopify, variant by variant.

const DOMAIN = 'products-task.myshopify.com';
const TOKEN = 'shpat_products_task';

type Item = ErpItemEntity;

const tee = (overrides: Partial<Item> = {}): Item => ({
  itemNo: 'TEE',
  title: 'Tee',
  description: null,
  vendor: 'Acme',
  productType: 'Shirts',
  tags: ['erp'],
  options: ['Size'],
  variants: ['S', 'M'].map((size) => ({
    sku: `TEE-${size}`,
    options: [size],
    price: '10.00',
    compareAtPrice: null,
    barcode: null,
    weightGrams: null,
  })),
  imageUrls: [],
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

// Images with the ERP's content hashes (version `v` of each), so nothing is downloaded.
const images = (urls: string[], v = 1): Partial<Item> => ({
  imageUrls: urls,
  imageHashes: Object.fromEntries(urls.map((u) => [u, `content-v${v}`])),
});

describe('products task: an export against the strict simulator', () => {
  let sim: ShopifySimulator;
  let shop: ShopState;
  let locationId: string;
  let items: Map<string, Item>;
  let mappings: Map<string, ShopProductEntity>;
  let settings: JsonObject;
  let operations: string[];
  let skipped: Array<[string, string]>;

  simulatorPerSuite((s) => (sim = s));

  beforeEach(() => {
    sim.reset();
    shop = sim.createShop({ domain: DOMAIN, accessToken: TOKEN, seed: { locations: 1 } });
    locationId = [...shop.locations.keys()][0];
    items = new Map();
    mappings = new Map();
    settings = {};
    operations = [];
    skipped = [];
  });

  const store = {
    mappedItems: mappedItemsOf(
      () => items,
      () => mappings,
    ),
    stockLocations: async () => [{ shopifyLocationId: locationId }],
    saveMapping: async (row: ShopProductEntity) => {
      mappings.set(row.itemNo, structuredClone(row));
    },
    // from-shopify (the item import)
    itemNosBySku: async (skus: string[]) =>
      new Map(
        [...items.values()].flatMap((i) =>
          i.variants.filter((v) => skus.includes(v.sku)).map((v) => [v.sku, i.itemNo] as const),
        ),
      ),
    item: async (itemNo: string) => structuredClone(items.get(itemNo) ?? null),
    saveItem: async (item: Item) => {
      items.set(item.itemNo, structuredClone(item));
    },
    mapping: async (_shopId: string, itemNo: string) =>
      structuredClone(mappings.get(itemNo) ?? null),
  };
  const cursors = { get: async () => null, set: async () => undefined };

  function addToShop(item: Item): void {
    items.set(item.itemNo, item);
    if (!mappings.has(item.itemNo)) mappings.set(item.itemNo, newMapping(item.itemNo));
  }

  async function run(params: JsonObject = {}, task: 'products' | 'images' = 'products') {
    const client = {
      shop: { id: 's1', code: 'pt', domain: DOMAIN },
      stats: {},
      async request<T>(
        document: string,
        variables?: Record<string, unknown>,
        options?: { operationName?: string },
      ): Promise<T> {
        operations.push(options?.operationName ?? '?');
        const reply = await simGraphql<T>(sim.url, TOKEN, document, variables);
        if (reply.body.errors?.length) throw new Error(JSON.stringify(reply.body.errors));
        return reply.body.data as T;
      },
    };
    const ctx = {
      job: { id: 'job-1', shopId: 's1', task: 'products', params },
      shop: { id: 's1', settings },
      signal: new AbortController().signal,
      throwIfCancelled: () => undefined,
      shopify: () => client,
      log: async () => undefined,
      progress: () => undefined,
      skip: (record: string, reason: string) => skipped.push([record, reason]),
      chain: () => undefined,
    } as unknown as TaskContext;
    const clock = { now: () => new Date() } as never;
    const handler =
      task === 'images'
        ? new ImagesHandler(
            store as never,
            new ImageContent({ images: { allowPrivateAddresses: true } }),
            clock,
          )
        : new ProductsHandler(
            store as never,
            cursors as never,
            new ShopifyItemImport(store as never, clock),
            new ProductsBulkExport(store as never, cursors as never, clock),
            clock,
          );
    operations = [];
    return (await handler.run(ctx)).summary ?? {};
  }

  const product = () => {
    const id = mappings.get('TEE')?.shopifyProductId;
    const p = id ? shop.products.get(id) : undefined;
    if (!p) throw new Error('TEE is not in Shopify');
    return p;
  };
  const variants = () =>
    product().variantIds.flatMap((id) => {
      const v = shop.variants.get(id);
      return v ? [v] : [];
    });
  const skus = () => variants().map((v) => v.sku);

  // A variant added in the Shopify admin (or by another app), stocked at the location.
  async function variantMadeInShopify(size: string, sku: string | null): Promise<string> {
    const reply = await simGraphql<{
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
            optionValues: [{ optionName: 'Size', name: size }],
            price: '30',
            ...(sku ? { inventoryItem: { sku } } : {}),
            inventoryQuantities: [{ locationId, availableQuantity: 4 }],
          },
        ],
      },
    );
    expect(reply.body.data?.productVariantsBulkCreate.userErrors).toEqual([]);
    return reply.body.data?.productVariantsBulkCreate.productVariants[0].id ?? '';
  }

  it('keeps a variant created in Shopify through two exports, untouched', async () => {
    settings = { products: { canUpdateShopifyProducts: true } };
    addToShop(tee());
    expect(await run()).toMatchObject({ created: 1 });
    const xl = await variantMadeInShopify('XL', 'SHOP-XL');
    const xlItem = shop.variants.get(xl)?.inventoryItemId ?? '';

    addToShop(tee({ title: 'Tee v2' }));
    expect(await run()).toMatchObject({ updated: 1, skipped: 0 });
    expect(operations).toEqual(['CatalogProductVariants', 'CatalogProductSet']);
    expect(product().title).toBe('Tee v2');
    expect(skus()).toEqual(['TEE-S', 'TEE-M', 'SHOP-XL']);

    // Second export: an ERP variant added, prices changed; the Shopify variant still stays.
    const withLarge = tee({ title: 'Tee v3' });
    withLarge.variants.push({ ...withLarge.variants[0], sku: 'TEE-L', options: ['L'] });
    withLarge.variants.forEach((v) => (v.price = '12.00'));
    addToShop(withLarge);
    expect(await run()).toMatchObject({ updated: 1, skipped: 0 });
    expect(skus()).toEqual(['TEE-S', 'TEE-M', 'TEE-L', 'SHOP-XL']);
    expect(shop.variants.get(xl)).toMatchObject({ price: '30.00', sku: 'SHOP-XL' });
    expect(shop.inventoryItems.has(xlItem)).toBe(true);
    expect(shop.getLevel(xlItem, locationId)?.quantities.available).toBe(4);
    expect(product().options).toEqual([
      expect.objectContaining({ name: 'Size', values: ['S', 'M', 'L', 'XL'] }),
    ]);
    // The mapping holds the item's SKUs only: the inventory task never sets SHOP-XL's stock.
    expect(Object.keys(mappings.get('TEE')?.variantIds ?? {}).sort()).toEqual([
      'TEE-L',
      'TEE-M',
      'TEE-S',
    ]);
    expect(Object.keys(mappings.get('TEE')?.inventoryItemIds ?? {})).not.toContain('SHOP-XL');
  });

  it('finishes a create whose product Shopify already has by its handle, keeping its other variants', async () => {
    addToShop(tee());
    expect(await run()).toMatchObject({ created: 1 });
    expect(operations).toEqual(['CatalogProductsByHandle', 'CatalogProductSet']);
    const first = product().id;
    const xl = await variantMadeInShopify('XL', 'SHOP-XL');
    // The mapping is made again (or the create's answer was lost in a crash): no product id.
    mappings.delete('TEE');
    addToShop(tee({ title: 'Tee again' }));
    expect(await run()).toMatchObject({ created: 1, skipped: 0 });
    expect(operations).toEqual([
      'CatalogProductsByHandle',
      'CatalogProductVariants',
      'CatalogProductSet',
    ]);
    expect(shop.products.size).toBe(1);
    expect(product()).toMatchObject({ id: first, title: 'Tee again' });
    expect(skus()).toEqual(['TEE-S', 'TEE-M', 'SHOP-XL']);
    expect(shop.variants.has(xl)).toBe(true);
  });

  it('keeps a variant the ERP item dropped, and one without a SKU', async () => {
    settings = { products: { canUpdateShopifyProducts: true } };
    addToShop(tee());
    await run();
    const noSku = await variantMadeInShopify('XS', null);
    addToShop(tee({ variants: tee().variants.slice(0, 1) }));
    expect(await run()).toMatchObject({ updated: 1 });
    expect(skus()).toEqual(['TEE-S', 'TEE-M', null]);
    expect(shop.variants.has(noSku)).toBe(true);
  });

  it('takes over a Shopify variant with the same option values instead of duplicating it', async () => {
    settings = { products: { canUpdateShopifyProducts: true } };
    addToShop(tee());
    await run();
    const xl = await variantMadeInShopify('XL', null);
    const withXl = tee();
    withXl.variants.push({ ...withXl.variants[0], sku: 'TEE-XL', options: ['XL'], price: '15.00' });
    addToShop(withXl);
    expect(await run()).toMatchObject({ updated: 1, skipped: 0 });
    expect(skus()).toEqual(['TEE-S', 'TEE-M', 'TEE-XL']);
    expect(shop.variants.get(xl)).toMatchObject({ sku: 'TEE-XL', price: '15.00' });
    expect(mappings.get('TEE')?.variantIds['TEE-XL']).toBe(xl);
  });

  it('refuses to export an item whose options no longer fit a Shopify variant, deleting nothing', async () => {
    settings = { products: { canUpdateShopifyProducts: true } };
    addToShop(tee());
    await run();
    const xl = await variantMadeInShopify('XL', 'SHOP-XL');
    const coloured = tee({ options: ['Size', 'Color'] });
    coloured.variants.forEach((v) => v.options.push('Red'));
    addToShop(coloured);
    expect(await run()).toMatchObject({ updated: 0, skipped: 1 });
    expect(skipped[0]).toEqual(['TEE', expect.stringContaining('productSet would delete')]);
    expect(operations).toEqual(['CatalogProductVariants']);
    expect(shop.variants.has(xl)).toBe(true);
    expect(mappings.get('TEE')?.lastError).toContain(xl);
  });

  it('leaves existing products alone by default (canUpdateShopifyProducts off); prices-only runs still go out', async () => {
    addToShop(tee());
    expect(await run()).toMatchObject({ created: 1 });
    const changed = tee({ title: 'Tee v2' });
    changed.variants.forEach((v) => (v.price = '11.00'));
    addToShop(changed);
    expect(await run()).toMatchObject({ updated: 0, skipped: 1 });
    expect(skipped).toEqual([['TEE', 'products.canUpdateShopifyProducts is off for this shop']]);
    expect(operations).toEqual([]);
    expect(product().title).toBe('Tee');
    expect(await run({ pricesOnly: true })).toMatchObject({ pricesUpdated: 1 });
    expect(operations).toEqual(['CatalogPricesUpdate']);
    expect(variants().map((v) => v.price)).toEqual(['11.00', '11.00']);
    expect(product().title).toBe('Tee');
  });

  it('creates products as drafts, with the inventory tracking, policy, compare-at price and cost it is told', async () => {
    settings = {
      products: { statusOnCreate: 'draft', inventoryTracked: false, inventoryPolicy: 'continue' },
    };
    const item = tee();
    item.variants[0].compareAtPrice = '14.00';
    item.variants[0].unitCost = '4.25';
    addToShop(item);
    expect(await run()).toMatchObject({ created: 1 });
    expect(product().status).toBe('DRAFT');
    const [small, medium] = variants();
    expect(small).toMatchObject({ compareAtPrice: '14.00', inventoryPolicy: 'CONTINUE' });
    expect(medium).toMatchObject({ compareAtPrice: null, inventoryPolicy: 'CONTINUE' });
    expect(shop.inventoryItems.get(small.inventoryItemId)).toMatchObject({
      tracked: false,
      unitCost: '4.25',
    });
    expect(shop.inventoryItems.get(medium.inventoryItemId)).toMatchObject({ unitCost: null });
    expect(shop.getLevel(small.inventoryItemId, locationId)?.quantities.available).toBe(0);
  });

  it('creates active, tracked, deny products by default', async () => {
    addToShop(tee());
    await run();
    expect(product().status).toBe('ACTIVE');
    const [small] = variants();
    expect(small.inventoryPolicy).toBe('DENY');
    expect(shop.inventoryItems.get(small.inventoryItemId)?.tracked).toBe(true);
  });

  it('archives the product of an item blocked in the ERP once, keeps its variants, and never creates a blocked one', async () => {
    settings = { products: { removedItemAction: 'archive' } };
    addToShop(tee());
    await run();
    const before = variants().map((v) => v.id);
    addToShop(tee({ blocked: true }));
    expect(await run()).toMatchObject({ retired: 1, skipped: 0 });
    expect(operations).toEqual(['CatalogProductRetire']);
    expect(product().status).toBe('ARCHIVED');
    expect(variants().map((v) => v.id)).toEqual(before);
    expect(await run()).toMatchObject({ retired: 0, unchanged: 1 });
    expect(operations).toEqual([]);

    addToShop(tee({ itemNo: 'CAP', title: 'Cap', blocked: true }));
    expect(await run()).toMatchObject({ created: 0, unchanged: 2 });
    expect([...shop.products.values()].map((p) => p.title)).toEqual(['Tee']);
  });

  it('drafts a blocked item with removedItemAction draft, and leaves it with none', async () => {
    settings = { products: { removedItemAction: 'none' } };
    addToShop(tee());
    await run();
    addToShop(tee({ blocked: true }));
    expect(await run()).toMatchObject({ retired: 0, unchanged: 1 });
    expect(product().status).toBe('ACTIVE');
    settings = { products: { removedItemAction: 'draft' } };
    expect(await run()).toMatchObject({ retired: 1 });
    expect(product().status).toBe('DRAFT');
  });
  // Media added in the Shopify admin (or by another app).
  async function mediaMadeInShopify(url: string): Promise<string> {
    const reply = await simGraphql<{
      productCreateMedia: { media: Array<{ id: string }>; mediaUserErrors: unknown[] };
    }>(
      sim.url,
      TOKEN,
      `mutation($id: ID!, $media: [CreateMediaInput!]!) {
        productCreateMedia(productId: $id, media: $media) { media { id } mediaUserErrors { message } } }`,
      { id: product().id, media: [{ originalSource: url, mediaContentType: 'IMAGE' }] },
    );
    expect(reply.body.data?.productCreateMedia.mediaUserErrors).toEqual([]);
    return reply.body.data?.productCreateMedia.media[0].id ?? '';
  }
  const sources = () =>
    product().mediaIds.map((id) => shop.media.get(id)?.originalSource ?? `missing ${id}`);

  it('keeps media made in Shopify through product exports', async () => {
    settings = { products: { canUpdateShopifyProducts: true } };
    addToShop(tee());
    await run();
    const own = await mediaMadeInShopify('https://cdn.example.com/shop-made.jpg');
    addToShop(tee({ title: 'Tee v2' }));
    expect(await run()).toMatchObject({ updated: 1 });
    expect(product().mediaIds).toEqual([own]);
  });

  it('images: replaces the images shopsync set, keeps media made in Shopify, re-sends none unchanged', async () => {
    addToShop(tee(images(['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'])));
    await run();
    expect(await run({}, 'images')).toMatchObject({ updated: 1 });
    expect(sources()).toEqual(['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg']);
    const recorded = mappings.get('TEE')?.mediaIds ?? {};
    expect(Object.keys(recorded)).toEqual([
      'https://img.example.com/a.jpg',
      'https://img.example.com/b.jpg',
    ]);
    const madeInShopify = await mediaMadeInShopify('https://cdn.example.com/shop-made.jpg');

    addToShop(tee(images(['https://img.example.com/b.jpg', 'https://img.example.com/c.jpg'])));
    expect(await run({}, 'images')).toMatchObject({ updated: 1, skipped: 0 });
    expect(operations).toEqual(['CatalogProductMedia', 'CatalogImagesSet']);
    expect(sources()).toEqual([
      'https://img.example.com/b.jpg',
      'https://img.example.com/c.jpg',
      'https://cdn.example.com/shop-made.jpg',
    ]);
    // b is the same media (listed by id, not uploaded again); a, shopsync's, is gone.
    expect(product().mediaIds[0]).toBe(recorded['https://img.example.com/b.jpg']);
    expect(shop.media.has(recorded['https://img.example.com/a.jpg'])).toBe(false);
    expect(shop.media.has(madeInShopify)).toBe(true);
    expect(Object.keys(mappings.get('TEE')?.mediaIds ?? {})).toEqual([
      'https://img.example.com/b.jpg',
      'https://img.example.com/c.jpg',
    ]);

    // No images in the ERP any more: shopsync's go, Shopify's stays.
    addToShop(tee(images([])));
    expect(await run({}, 'images')).toMatchObject({ updated: 1 });
    expect(product().mediaIds).toEqual([madeInShopify]);
  });

  it('images: uploads again an image whose content changed at the same URL, not the others', async () => {
    const [a, b] = ['https://img.example.com/a.jpg', 'https://img.example.com/b.jpg'];
    addToShop(tee(images([a, b])));
    await run();
    await run({}, 'images');
    const before = { ...mappings.get('TEE')?.mediaIds };
    addToShop(tee({ imageUrls: [a, b], imageHashes: { [a]: 'content-v2', [b]: 'content-v1' } }));
    expect(await run({}, 'images')).toMatchObject({ updated: 1, uploaded: 1 });
    const after = mappings.get('TEE')?.mediaIds ?? {};
    expect(after[b]).toBe(before[b]);
    expect(after[a]).not.toBe(before[a]);
    expect(shop.media.has(before[a] ?? '')).toBe(false);
    expect(sources()).toEqual([a, b]);
    expect(mappings.get('TEE')?.imageHashes).toEqual({
      [a]: 'erp:content-v2',
      [b]: 'erp:content-v1',
    });
    operations.length = 0;
    expect(await run({}, 'images')).toMatchObject({ updated: 0, unchanged: 1 });
    expect(operations).toEqual([]);
  });

  it('images: shows the ERP variant image on its variant, and takes it off when the ERP drops it', async () => {
    const [front, small] = ['https://img.example.com/front.jpg', 'https://img.example.com/s.jpg'];
    const withVariantImage = (url: string | null): Item => {
      const item = tee(images([front]));
      item.variants[0].imageUrl = url;
      item.imageHashes = { [front]: 'content-v1', [small]: 'content-v1' };
      return item;
    };
    addToShop(withVariantImage(small));
    await run();
    expect(await run({}, 'images')).toMatchObject({ updated: 1, uploaded: 2 });
    const owned = mappings.get('TEE')?.mediaIds ?? {};
    const variantS = shop.variants.get(mappings.get('TEE')?.variantIds['TEE-S'] ?? '');
    const variantM = shop.variants.get(mappings.get('TEE')?.variantIds['TEE-M'] ?? '');
    expect(variantS?.mediaIds).toEqual([owned[small]]);
    expect(variantM?.mediaIds).toEqual([]);
    expect(mappings.get('TEE')?.variantMedia).toEqual({ 'TEE-S': owned[small] });
    expect(operations).toContain('CatalogVariantMediaAppend');

    addToShop(withVariantImage(null));
    expect(await run({}, 'images')).toMatchObject({ updated: 1 });
    expect(variantS?.mediaIds).toEqual([]);
    expect(sources()).toEqual([front]);
  });

  it('images: keeps every media of a product whose images were set before they were recorded', async () => {
    addToShop(tee());
    await run();
    const earlier = await mediaMadeInShopify('https://img.example.com/old.jpg');
    const mapping = mappings.get('TEE');
    if (mapping) mapping.mediaIds = null;
    addToShop(tee(images(['https://img.example.com/new.jpg'])));
    expect(await run({}, 'images')).toMatchObject({ updated: 1 });
    expect(sources()).toEqual([
      'https://img.example.com/new.jpg',
      'https://img.example.com/old.jpg',
    ]);
    expect(shop.media.has(earlier)).toBe(true);
  });
  it('from Shopify: updates the mapped ERP item only with shopifyCanUpdateItems', async () => {
    addToShop(tee());
    await run();
    const p = product();
    p.title = 'Tee (Shopify)';
    p.vendor = 'Shopify Vendor';
    const [small] = variants();
    small.price = '19.00';
    small.barcode = '1234567890123';
    await variantMadeInShopify('XL', 'SHOP-XL');

    settings = { directions: { products: 'from-shopify' } };
    expect(await run()).toMatchObject({ mapped: 1, itemsUpdated: 0 });
    expect(items.get('TEE')?.title).toBe('Tee');

    settings = {
      directions: { products: 'from-shopify' },
      products: { shopifyCanUpdateItems: true },
    };
    expect(await run()).toMatchObject({ mapped: 1, itemsUpdated: 1 });
    const item = items.get('TEE');
    expect(item).toMatchObject({ itemNo: 'TEE', title: 'Tee (Shopify)', vendor: 'Shopify Vendor' });
    expect(item?.variants.map((v) => [v.sku, v.price, v.barcode])).toEqual([
      ['TEE-S', '19.00', '1234567890123'],
      ['TEE-M', '10.00', null],
    ]);
    // Unchanged since: nothing saved.
    expect(await run()).toMatchObject({ mapped: 1, itemsUpdated: 0 });
  });
});
