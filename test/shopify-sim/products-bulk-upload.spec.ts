import type { ErpItemEntity, JsonObject, ShopProductEntity } from '@shopsync/shared';
import { ShopifyItemImport } from '../../apps/sync-worker/src/catalog/shopify-item-import';
import { ProductsBulkExport } from '../../apps/sync-worker/src/tasks/products/products-bulk-export';
import { ProductsHandler } from '../../apps/sync-worker/src/tasks/products/products.handler';
import type { TaskContext } from '../../apps/sync-worker/src/tasks/task-handler';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { mappedItemsOf, newMapping } from './catalog-fakes';
import { simGraphql } from './sim-client';
import { ShopifySimulator } from './simulator';
import { ShopState } from './state/shop-state';

// The products export's bulk mutation when its variables do not fit one staged upload: Shopify's
// storage takes at most 20 MiB per file (here a simulator that allows far less and says so only
// when refusing, EntityTooLarge). The export splits the lines into uploads that fit, runs one
// bulk mutation per upload, one after the other, and records every product once; a product
// whose own line is bigger than an upload may be is its item's skipped record.

const DOMAIN = 'bulk-upload.myshopify.com';
const TOKEN = 'shpat_bulk_upload';
const MAX_BYTES = 2000;
const ITEMS = 12;

const item = (n: number, description: string | null = null): ErpItemEntity => ({
  itemNo: `UP-${n}`,
  title: `Item ${n}`,
  description,
  vendor: 'Acme',
  productType: 'Shirts',
  tags: ['erp'],
  options: ['Size'],
  variants: ['S', 'M'].map((size) => ({
    sku: `UP-${n}-${size}`,
    options: [size],
    price: '10.00',
    compareAtPrice: null,
    barcode: null,
    weightGrams: null,
  })),
  imageUrls: [],
  updatedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('products bulk export: uploads that fit the storage limit', () => {
  let sim: ShopifySimulator;
  let shop: ShopState;
  let items: Map<string, ErpItemEntity>;
  let mappings: Map<string, ShopProductEntity>;
  let logs: Array<{ message: string; data?: unknown }>;
  let skipped: Array<[string, string]>;

  simulatorPerSuite((s) => (sim = s), {
    emitWebhooks: false,
    bulkDelayMs: 5,
    bulkVariablesMaxBytes: MAX_BYTES,
  });

  beforeEach(() => {
    sim.reset();
    cursor.clear();
    shop = sim.createShop({ domain: DOMAIN, accessToken: TOKEN, seed: { locations: 1 } });
    items = new Map();
    mappings = new Map();
    logs = [];
    skipped = [];
  });

  const store = {
    mappedItems: mappedItemsOf(
      () => items,
      () => mappings,
    ),
    stockLocations: async () => [{ shopifyLocationId: [...shop.locations.keys()][0] }],
    saveMapping: async (row: ShopProductEntity) => {
      mappings.set(row.itemNo, structuredClone(row));
    },
  };
  const cursor = new Map<string, string>();
  const cursors = {
    get: async (_shop: string, name: string) => cursor.get(name) ?? null,
    set: async (_shop: string, name: string, value: string) => void cursor.set(name, value),
  };

  function add(entry: ErpItemEntity): void {
    items.set(entry.itemNo, entry);
    mappings.set(entry.itemNo, newMapping(entry.itemNo));
  }

  async function run(): Promise<JsonObject> {
    const client = {
      shop: { id: 's1', code: 'up', domain: DOMAIN },
      stats: {},
      async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
        const reply = await simGraphql<T>(sim.url, TOKEN, document, variables);
        if (reply.body.errors?.length) throw new Error(JSON.stringify(reply.body.errors));
        return reply.body.data as T;
      },
    };
    const ctx = {
      job: { id: 'job-1', shopId: 's1', task: 'products', params: {} },
      shop: { id: 's1', settings: { products: { bulkExportThreshold: 3 } } },
      signal: new AbortController().signal,
      throwIfCancelled: () => undefined,
      shopify: () => client,
      log: async (_level: string, message: string, data?: unknown) => {
        logs.push({ message, data });
      },
      progress: () => undefined,
      skip: (record: string, reason: string) => skipped.push([record, reason]),
      chain: () => undefined,
    } as unknown as TaskContext;
    const clock = { now: () => new Date() } as never;
    const handler = new ProductsHandler(
      store as never,
      cursors as never,
      new ShopifyItemImport(store as never, clock),
      new ProductsBulkExport(store as never, cursors as never, clock),
      clock,
    );
    return (await handler.run(ctx)).summary ?? {};
  }

  const bulkMutations = () =>
    [...shop.bulkOperations.values()].filter((b) => b.type === 'MUTATION');

  it('splits the lines over several bulk mutations after the storage refused one upload, and records every product once', async () => {
    for (let n = 1; n <= ITEMS; n++) add(item(n));
    const summary = await run();
    expect(summary).toMatchObject({ created: ITEMS, skipped: 0, bulk: { created: ITEMS } });
    // The first upload (all lines) was refused; the rest went in pieces that fit.
    expect(logs.map((l) => l.message)).toContain(
      'Shopify refused a bulk upload as too large: smaller uploads',
    );
    const runs = bulkMutations();
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.every((b) => b.status === 'COMPLETED')).toBe(true);
    expect(runs.reduce((n, b) => n + (b.objectCount ?? 0), 0)).toBe(ITEMS);
    expect(shop.products.size).toBe(ITEMS);
    for (const mapping of mappings.values()) {
      const product = shop.products.get(mapping.shopifyProductId ?? '');
      expect(product?.handle).toBe(`erp-${mapping.itemNo.toLowerCase()}`);
      expect(Object.keys(mapping.variantIds).sort()).toEqual([
        `${mapping.itemNo}-M`,
        `${mapping.itemNo}-S`,
      ]);
    }
    // Nothing left pending for a later run to adopt.
    expect(cursor.get('products.bulk-export') ?? '').toBe('');
    // A second export sends nothing.
    const again = await run();
    expect(again).toMatchObject({ unchanged: ITEMS });
    expect(bulkMutations()).toHaveLength(runs.length);
  });

  it('skips a product whose own line is bigger than an upload may be, naming the size, and sends the others', async () => {
    for (let n = 1; n <= 4; n++) add(item(n));
    add(item(5, 'long '.repeat(MAX_BYTES / 5)));
    const summary = await run();
    expect(summary).toMatchObject({ created: 4, skipped: 1 });
    expect(skipped).toEqual([
      [
        'UP-5',
        expect.stringMatching(
          /productSet input is \d+ bytes, more than one bulk upload takes \(2000\)/,
        ),
      ],
    ]);
    expect(shop.products.size).toBe(4);
    expect(mappings.get('UP-5')?.shopifyProductId).toBeNull();
  });
});
