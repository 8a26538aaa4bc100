import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { simGraphql } from './shopify-sim/sim-client';
import { createTestDatabase, query } from './support/pg';
import { runSync } from './support/jobs';
import { Stack } from './support/stack';

// The images task through the HTTP API against the simulator, with PostgreSQL and Kafka, the
// images served by a small HTTP server in the test: change is seen in the bytes (a changed
// image at the same URL is uploaded again, an unchanged one is not) or in the ERP's
// contentHash (nothing downloaded), a variant shows its ERP image, and images made in Shopify
// come back to the ERP item.

const DOMAIN = 'images-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const KEY = randomBytes(32);

describe('Images by content (same URL, ERP hashes, variant images, from Shopify)', () => {
  let sim: ShopifySimulator;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let images: Server;
  let base: string;
  const bytes = new Map<string, Buffer>();
  const downloads: string[] = [];

  const api = <T>(method: string, path: string, body?: unknown) => stack.api<T>(method, path, body);
  const sync = (task: string) => runSync(stack, 'img', task, {}, 120_000);
  const url = (name: string) => `${base}/${name}`;
  const putItems = async (...items: unknown[]) =>
    expect((await api('PUT', '/v1/erp/items', { items })).status).toBe(200);
  const productOf = (itemNo: string) => {
    const handle = `erp-${itemNo.toLowerCase()}`;
    const p = [...sim.shop(DOMAIN).products.values()].find((x) => x.handle === handle);
    if (!p) throw new Error(`no product for ${itemNo}`);
    return p;
  };
  const media = (itemNo: string) =>
    productOf(itemNo).mediaIds.map((id) => {
      const m = sim.shop(DOMAIN).media.get(id);
      return { id, source: m?.originalSource ?? `missing ${id}` };
    });
  const variantMedia = (sku: string) => {
    const v = [...sim.shop(DOMAIN).variants.values()].find((x) => x.sku === sku);
    if (!v) throw new Error(`no variant ${sku}`);
    return v.mediaIds;
  };
  const tee = (variantImage: string | null) => ({
    itemNo: 'TEE-1',
    title: 'Tee',
    tags: ['erp'],
    options: ['Size'],
    variants: [
      {
        sku: 'TEE-1-S',
        options: ['S'],
        price: 10,
        ...(variantImage ? { image: { url: url(variantImage) } } : {}),
      },
      { sku: 'TEE-1-M', options: ['M'], price: 10 },
    ],
    images: [{ url: url('a.jpg') }, { url: url('b.jpg') }],
  });
  const mug = (contentHash: string) => ({
    itemNo: 'MUG-1',
    title: 'Mug',
    tags: ['erp'],
    variants: [{ sku: 'MUG-1', options: [], price: 5 }],
    // Not served: with the ERP's hash nothing is downloaded.
    images: [{ url: url('never-served.jpg'), contentHash }],
  });

  beforeAll(async () => {
    images = createServer((req, res) => {
      const name = (req.url ?? '/').slice(1);
      const body = bytes.get(name);
      downloads.push(name);
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'image/jpeg' }).end(body);
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    for (const name of ['a.jpg', 'b.jpg', 's.jpg']) bytes.set(name, randomBytes(2048));

    sim = await startShopifySimulator({ emitWebhooks: false });
    sim.createShop({
      domain: DOMAIN,
      accessToken: TOKEN,
      seed: { locations: 1, products: 0, seed: 5 },
    });
    db = await createTestDatabase('images');
    stack = new Stack({
      name: 'images',
      databaseUrl: db.url,
      env: {
        SHOPSYNC_ENCRYPTION_KEY: KEY.toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
        // The test serves its images on 127.0.0.1.
        IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES: 'true',
      },
    });
    await stack.start();
    const created = await api('POST', '/v1/shops', {
      code: 'img',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 1,
      defaultRerunDelaySeconds: 0,
      settings: { products: { canUpdateShopifyProducts: true } },
    });
    expect(created.status).toBe(201);
    await putItems(tee('s.jpg'), mug('erp-hash-1'));
    const added = await api<{ added: number }>('POST', '/v1/shops/img/products', {
      filter: { tag: 'erp' },
    });
    expect(added.body.added).toBe(2);
    expect((await sync('products')).summary).toMatchObject({ created: 2 });
  });

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
    await db?.drop();
    await new Promise((resolve) => images?.close(resolve));
  });

  it('uploads every image once and shows the variant image on its variant', async () => {
    const job = await sync('images');
    expect(job.status).toBe('succeeded');
    expect(job.summary).toMatchObject({ updated: 2, uploaded: 4, skipped: 0 });
    expect(media('TEE-1').map((m) => m.source)).toEqual([url('a.jpg'), url('b.jpg'), url('s.jpg')]);
    expect(variantMedia('TEE-1-S')).toEqual([media('TEE-1')[2].id]);
    expect(variantMedia('TEE-1-M')).toEqual([]);
    expect(media('MUG-1').map((m) => m.source)).toEqual([url('never-served.jpg')]);
    expect(downloads).not.toContain('never-served.jpg');
    const [row] = await query<{ imageHashes: string }>(
      db.url,
      `SELECT "imageHashes" FROM shop_products WHERE "itemNo" = 'TEE-1'`,
    );
    expect(Object.values(JSON.parse(row.imageHashes) as Record<string, string>)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sha256:[0-9a-f]{64}$/)]),
    );
  });

  it('sends nothing for images whose bytes did not change', async () => {
    const before = media('TEE-1');
    sim.resetCounters(DOMAIN);
    const job = await sync('images');
    expect(job.summary).toMatchObject({ updated: 0, unchanged: 2, uploaded: 0 });
    expect(sim.counters(DOMAIN).byOperation.CatalogImagesSet ?? 0).toBe(0);
    expect(media('TEE-1')).toEqual(before);
  });

  it('uploads again the image whose bytes changed at the same URL, only that one', async () => {
    const before = media('TEE-1');
    bytes.set('a.jpg', randomBytes(3000));
    const job = await sync('images');
    expect(job.summary).toMatchObject({ updated: 1, unchanged: 1, uploaded: 1 });
    const after = media('TEE-1');
    expect(after.map((m) => m.source)).toEqual(before.map((m) => m.source));
    expect(after[0].id).not.toBe(before[0].id);
    expect(sim.shop(DOMAIN).media.has(before[0].id)).toBe(false);
    expect(after.slice(1)).toEqual(before.slice(1));
    expect(variantMedia('TEE-1-S')).toEqual([before[2].id]);
  });

  it('uploads again an image whose ERP contentHash changed, same URL, nothing downloaded', async () => {
    const before = media('MUG-1');
    await putItems(mug('erp-hash-1'));
    expect((await sync('images')).summary).toMatchObject({ unchanged: 2 });
    await putItems(mug('erp-hash-2'));
    expect((await sync('images')).summary).toMatchObject({ updated: 1, uploaded: 1 });
    expect(media('MUG-1')).toHaveLength(1);
    expect(media('MUG-1')[0].id).not.toBe(before[0].id);
    expect(downloads).not.toContain('never-served.jpg');
  });

  it('moves the variant image when the ERP gives the variant another one', async () => {
    bytes.set('m.jpg', randomBytes(1000));
    await putItems({
      ...tee('s.jpg'),
      variants: [
        { sku: 'TEE-1-S', options: ['S'], price: 10 },
        { sku: 'TEE-1-M', options: ['M'], price: 10, image: { url: url('m.jpg') } },
      ],
    });
    expect((await sync('images')).summary).toMatchObject({ updated: 1, uploaded: 1 });
    const now = media('TEE-1');
    expect(now.map((m) => m.source)).toEqual([url('a.jpg'), url('b.jpg'), url('m.jpg')]);
    expect(variantMedia('TEE-1-M')).toEqual([now[2].id]);
    expect(variantMedia('TEE-1-S')).toEqual([]);
  });

  it('imports the images made in Shopify onto the ERP item, variant images by SKU', async () => {
    const patched = await api('PATCH', '/v1/shops/img', {
      settings: {
        products: { canUpdateShopifyProducts: true },
        directions: { products: 'to-shopify', images: 'from-shopify' },
      },
    });
    expect(patched.status).toBe(200);
    const productId = productOf('TEE-1').id;
    const made = await simGraphql<{
      productUpdate: { product: { media: { nodes: Array<{ id: string }> } } };
    }>(
      sim.url,
      TOKEN,
      `mutation($product: ProductUpdateInput!, $media: [CreateMediaInput!]) {
        productUpdate(product: $product, media: $media) {
          product { media(first: 10) { nodes { id } } } userErrors { message } } }`,
      {
        product: { id: productId },
        media: [
          {
            originalSource: 'https://cdn.example.com/made-in-shopify.jpg',
            mediaContentType: 'IMAGE',
          },
        ],
      },
    );
    const madeId = made.body.data?.productUpdate.product.media.nodes.at(-1)?.id ?? '';
    const small = [...sim.shop(DOMAIN).variants.values()].find((v) => v.sku === 'TEE-1-S');
    const attached = await simGraphql<{
      productVariantAppendMedia: { userErrors: unknown[] };
    }>(
      sim.url,
      TOKEN,
      `mutation($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
        productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
          userErrors { message code } } }`,
      { productId, variantMedia: [{ variantId: small?.id, mediaIds: [madeId] }] },
    );
    expect(attached.body.data?.productVariantAppendMedia.userErrors).toEqual([]);

    const job = await sync('images');
    expect(job.summary).toMatchObject({ direction: 'from-shopify', recorded: 2 });
    const [row] = await query<{ imageUrls: string; variants: string }>(
      db.url,
      `SELECT "imageUrls", variants FROM erp_items WHERE "itemNo" = 'TEE-1'`,
    );
    expect(JSON.parse(row.imageUrls)).toEqual([
      url('a.jpg'),
      url('b.jpg'),
      url('m.jpg'),
      'https://cdn.example.com/made-in-shopify.jpg',
    ]);
    const variants = JSON.parse(row.variants) as Array<{ sku: string; imageUrl?: string }>;
    expect(variants.map((v) => [v.sku, v.imageUrl])).toEqual([
      ['TEE-1-S', 'https://cdn.example.com/made-in-shopify.jpg'],
      ['TEE-1-M', url('m.jpg')],
    ]);
    expect((await sync('images')).summary).toMatchObject({ recorded: 0, unchanged: 2 });
  });
});
