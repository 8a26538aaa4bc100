import { simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

const PRODUCT_SET = `
  mutation ProductSet($input: ProductSetInput!, $identifier: ProductSetIdentifiers) {
    productSet(input: $input, identifier: $identifier) {
      product {
        id handle title status
        variants(first: 10) { nodes { id sku price selectedOptions { name value } inventoryItem { id } } }
        media(first: 5) { nodes { id alt ... on MediaImage { image { url } } } }
      }
      userErrors { field message code }
    }
  }`;

interface VariantNode {
  id: string;
  sku: string;
  price: string;
  selectedOptions: { name: string; value: string }[];
  inventoryItem: { id: string };
}

interface ProductSetData {
  productSet: {
    product: {
      id: string;
      handle: string;
      title: string;
      status: string;
      variants: { nodes: VariantNode[] };
      media: { nodes: { id: string; alt: string | null; image: { url: string } | null }[] };
    } | null;
    userErrors: { field: string[] | null; message: string; code: string }[];
  };
}

describe('catalog: productSet and friends', () => {
  let sim: ShopifySimulator;
  const domain = 'catalog.myshopify.com';
  const token = 'shpat_catalog';
  let locationId: string;
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  const sizeVariant = (size: string, extra: Record<string, unknown> = {}) => ({
    optionValues: [{ optionName: 'Size', name: size }],
    sku: `TEE-${size}`,
    price: '10.00',
    ...extra,
  });

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false });
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(() => {
    sim.reset();
    sim.createShop({ domain, accessToken: token, seed: { locations: 1 } });
    locationId = [...sim.shop(domain).locations.keys()][0];
  });

  async function createTee(): Promise<NonNullable<ProductSetData['productSet']['product']>> {
    const reply = await gql<ProductSetData>(PRODUCT_SET, {
      identifier: { handle: 'tee' },
      input: {
        title: 'Tee',
        productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'M' }] }],
        variants: [
          sizeVariant('S', {
            inventoryQuantities: [{ locationId, name: 'available', quantity: 5 }],
          }),
          sizeVariant('M'),
        ],
        files: [
          {
            originalSource: 'https://cdn.example.com/tee-front.jpg',
            alt: 'front',
            contentType: 'IMAGE',
          },
        ],
      },
    });
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data?.productSet.userErrors).toEqual([]);
    const product = reply.body.data?.productSet.product;
    if (!product) throw new Error('no product');
    return product;
  }

  it('creates a product with variants, inventory items and media when the handle is new', async () => {
    const product = await createTee();
    expect(product).toMatchObject({ handle: 'tee', title: 'Tee', status: 'ACTIVE' });
    expect(product.id).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(product.variants.nodes.map((v) => [v.sku, v.price, v.selectedOptions[0].value])).toEqual(
      [
        ['TEE-S', '10.00', 'S'],
        ['TEE-M', '10.00', 'M'],
      ],
    );
    expect(product.variants.nodes[0].inventoryItem.id).toMatch(
      /^gid:\/\/shopify\/InventoryItem\/\d+$/,
    );
    expect(product.media.nodes).toEqual([
      expect.objectContaining({
        alt: 'front',
        image: { url: 'https://cdn.example.com/tee-front.jpg' },
      }),
    ]);
    const level = sim.shop(domain).getLevel(product.variants.nodes[0].inventoryItem.id, locationId);
    expect(level?.quantities).toMatchObject({ available: 5, on_hand: 5 });
  });

  it('updates by handle: keeps matching variants, replaces the variant list and files', async () => {
    const before = await createTee();
    const [small, medium] = before.variants.nodes;
    const reply = await gql<ProductSetData>(PRODUCT_SET, {
      identifier: { handle: 'tee' },
      input: {
        productOptions: [{ name: 'Size', values: [{ name: 'S' }, { name: 'L' }] }],
        variants: [sizeVariant('S', { price: '12.50' }), sizeVariant('L', { price: '14' })],
        files: [
          {
            originalSource: 'https://cdn.example.com/tee-back.jpg',
            alt: 'back',
            contentType: 'IMAGE',
          },
        ],
      },
    });
    const after = reply.body.data?.productSet.product;
    expect(reply.body.data?.productSet.userErrors).toEqual([]);
    expect(after?.id).toBe(before.id);
    expect(after?.title).toBe('Tee');
    expect(after?.variants.nodes.map((v) => [v.sku, v.price])).toEqual([
      ['TEE-S', '12.50'],
      ['TEE-L', '14.00'],
    ]);
    expect(after?.variants.nodes[0]).toMatchObject({
      id: small.id,
      inventoryItem: { id: small.inventoryItem.id },
    });
    expect(sim.shop(domain).variants.has(medium.id)).toBe(false);
    expect(sim.shop(domain).inventoryItems.has(medium.inventoryItem.id)).toBe(false);
    expect(after?.media.nodes.map((m) => m.alt)).toEqual(['back']);
  });

  it('deletes the variants a productSet list leaves out (with their inventory), keeps the ones it lists by id', async () => {
    const tee = await createTee();
    const shop = sim.shop(domain);
    // A variant made in Shopify (the admin, another app), stocked at the location.
    const made = await gql<{
      productVariantsBulkCreate: {
        productVariants: { id: string; inventoryItem: { id: string } }[];
        userErrors: unknown[];
      };
    }>(
      `mutation($id: ID!, $variants: [ProductVariantsBulkInput!]!) {
        productVariantsBulkCreate(productId: $id, variants: $variants) {
          productVariants { id inventoryItem { id } } userErrors { field message code } } }`,
      {
        id: tee.id,
        variants: [
          {
            optionValues: [{ optionName: 'Size', name: 'XL' }],
            price: '30',
            inventoryItem: { sku: 'SHOP-XL' },
            inventoryQuantities: [{ locationId, availableQuantity: 4 }],
          },
        ],
      },
    );
    expect(made.body.data?.productVariantsBulkCreate.userErrors).toEqual([]);
    const xl = made.body.data?.productVariantsBulkCreate.productVariants[0];
    if (!xl) throw new Error('no variant');
    expect(shop.getLevel(xl.inventoryItem.id, locationId)?.quantities.available).toBe(4);
    const [small, medium] = tee.variants.nodes;
    const listed = (extra: Record<string, unknown>[]) =>
      gql<ProductSetData>(PRODUCT_SET, {
        identifier: { id: tee.id },
        input: {
          productOptions: [
            { name: 'Size', values: [{ name: 'S' }, { name: 'M' }, { name: 'XL' }] },
          ],
          variants: [
            { id: small.id, ...sizeVariant('S') },
            { id: medium.id, ...sizeVariant('M', { price: '11' }) },
            ...extra,
          ],
        },
      });

    // Listed by id with its option values only: kept, untouched (price, SKU, stock).
    const keep = await listed([{ id: xl.id, optionValues: [{ optionName: 'Size', name: 'XL' }] }]);
    expect(keep.body.data?.productSet.userErrors).toEqual([]);
    expect(keep.body.data?.productSet.product?.variants.nodes.map((v) => [v.sku, v.price])).toEqual(
      [
        ['TEE-S', '10.00'],
        ['TEE-M', '11.00'],
        ['SHOP-XL', '30.00'],
      ],
    );
    expect(shop.getLevel(xl.inventoryItem.id, locationId)?.quantities.available).toBe(4);

    // Left out: deleted, with its inventory item and levels.
    const drop = await listed([]);
    expect(drop.body.data?.productSet.userErrors).toEqual([]);
    expect(drop.body.data?.productSet.product?.variants.nodes.map((v) => v.sku)).toEqual([
      'TEE-S',
      'TEE-M',
    ]);
    expect(shop.variants.has(xl.id)).toBe(false);
    expect(shop.inventoryItems.has(xl.inventoryItem.id)).toBe(false);
    expect(shop.getLevel(xl.inventoryItem.id, locationId)).toBeUndefined();
    expect(shop.variants.get(small.id)?.inventoryItemId).toBe(small.inventoryItem.id);
  });

  it('updates by id without touching variants when none are given', async () => {
    const before = await createTee();
    const reply = await gql<ProductSetData>(PRODUCT_SET, {
      identifier: { id: before.id },
      input: { title: 'Tee v2', status: 'DRAFT' },
    });
    expect(reply.body.data?.productSet.product).toMatchObject({
      id: before.id,
      title: 'Tee v2',
      status: 'DRAFT',
    });
    expect(reply.body.data?.productSet.product?.variants.nodes.map((v) => v.id)).toEqual(
      before.variants.nodes.map((v) => v.id),
    );
  });

  it('reports user errors like Shopify', async () => {
    const missing = await gql<ProductSetData>(PRODUCT_SET, {
      identifier: { id: 'gid://shopify/Product/1' },
      input: { title: 'x' },
    });
    expect(missing.body.data?.productSet).toEqual({
      product: null,
      userErrors: [
        {
          field: ['identifier', 'id'],
          message: 'Product does not exist',
          code: 'PRODUCT_DOES_NOT_EXIST',
        },
      ],
    });
    const noOptions = await gql<ProductSetData>(PRODUCT_SET, {
      input: { title: 'Cap', variants: [sizeVariant('S')] },
    });
    expect(noOptions.body.data?.productSet.userErrors[0].code).toBe(
      'PRODUCT_OPTIONS_INPUT_MISSING',
    );
    const noTitle = await gql<ProductSetData>(PRODUCT_SET, { input: { vendor: 'x' } });
    expect(noTitle.body.data?.productSet.userErrors[0].code).toBe('MISSING_FIELD_REQUIRED');
    expect(sim.shop(domain).products.size).toBe(0);
  });

  it('charges productSet 10 + 0.2 per variant', async () => {
    const variants = Array.from({ length: 11 }, (_, i) => sizeVariant(`S${i}`));
    const reply = await gql<ProductSetData>(
      'mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }',
      {
        input: {
          title: 'Many',
          productOptions: [
            { name: 'Size', values: variants.map((v) => ({ name: v.optionValues[0].name })) },
          ],
          variants,
        },
      },
    );
    expect(reply.body.extensions?.cost.requestedQueryCost).toBe(13);
  });

  it('updates prices in bulk, all or nothing unless partial updates are allowed', async () => {
    const tee = await createTee();
    const [small, medium] = tee.variants.nodes;
    const mutation = `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!, $partial: Boolean) {
      productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: $partial) {
        productVariants { id price compareAtPrice } userErrors { field message code } } }`;
    type Reply = {
      productVariantsBulkUpdate: {
        productVariants: { id: string; price: string }[] | null;
        userErrors: { code: string }[];
      };
    };
    const bad = await gql<Reply>(mutation, {
      productId: tee.id,
      variants: [
        { id: small.id, price: '20' },
        { id: 'gid://shopify/ProductVariant/1', price: '1' },
      ],
    });
    expect(bad.body.data?.productVariantsBulkUpdate.userErrors.map((e) => e.code)).toEqual([
      'PRODUCT_VARIANT_DOES_NOT_EXIST',
    ]);
    expect(sim.shop(domain).variants.get(small.id)?.price).toBe('10.00');
    const ok = await gql<Reply>(mutation, {
      productId: tee.id,
      variants: [
        { id: small.id, price: '20' },
        { id: medium.id, price: '21.5', compareAtPrice: '30' },
      ],
    });
    expect(ok.body.data?.productVariantsBulkUpdate).toEqual({
      productVariants: [
        { id: small.id, price: '20.00', compareAtPrice: null },
        { id: medium.id, price: '21.50', compareAtPrice: '30.00' },
      ],
      userErrors: [],
    });
    const partial = await gql<Reply>(mutation, {
      productId: tee.id,
      partial: true,
      variants: [
        { id: small.id, price: '25' },
        { id: 'gid://shopify/ProductVariant/1', price: '1' },
      ],
    });
    expect(
      partial.body.data?.productVariantsBulkUpdate.productVariants?.map((v) => v.price),
    ).toEqual(['25.00']);
  });

  it('adds and deletes media, and finds products by sku and updated_at', async () => {
    const tee = await createTee();
    const added = await gql<{
      productCreateMedia: { media: { id: string; alt: string }[]; mediaUserErrors: unknown[] };
    }>(
      'mutation($id: ID!, $media: [CreateMediaInput!]!) { productCreateMedia(productId: $id, media: $media) { media { id alt } mediaUserErrors { code message } } }',
      {
        id: tee.id,
        media: [
          {
            originalSource: 'https://cdn.example.com/side.jpg',
            alt: 'side',
            mediaContentType: 'IMAGE',
          },
        ],
      },
    );
    expect(added.body.data?.productCreateMedia.mediaUserErrors).toEqual([]);
    const mediaId = added.body.data?.productCreateMedia.media[0].id;
    await gql(
      'mutation($ids: [ID!]!) { fileDelete(fileIds: $ids) { deletedFileIds userErrors { message } } }',
      { ids: [mediaId] },
    );
    expect(sim.shop(domain).products.get(tee.id)?.mediaIds).toHaveLength(1);

    const bySku = await gql<{ products: { nodes: { id: string }[] } }>(
      '{ products(first: 5, query: "sku:TEE-M") { nodes { id } } }',
    );
    expect(bySku.body.data?.products.nodes).toEqual([{ id: tee.id }]);
    const future = await gql<{ products: { nodes: unknown[] } }>(
      `{ products(first: 5, query: "updated_at:>'2999-01-01T00:00:00Z'") { nodes { id } } }`,
    );
    expect(future.body.data?.products.nodes).toEqual([]);
    const variants = await gql<{ productVariants: { nodes: { sku: string }[] } }>(
      '{ productVariants(first: 5, query: "sku:TEE-S") { nodes { sku } } }',
    );
    expect(variants.body.data?.productVariants.nodes).toEqual([{ sku: 'TEE-S' }]);
  });
});
