import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ErpItemEntity, ShopProductEntity, shopSettings } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { paginate } from '../../shopify/pagination';
import { contentHash, imageHash, priceHash } from '../../catalog/catalog-diff';
import { CatalogStore, MappedItem } from '../../catalog/catalog-store';
import { SyncCursors } from '../../sync-cursors/sync-cursors';
import { JobSummary, TaskContext, TaskHandler, TaskResult } from '../task-handler';
import {
  CATALOG_PRICES_UPDATE,
  CATALOG_PRODUCT_SET,
  CATALOG_PRODUCTS_PAGE,
} from './products.graphql';

interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}
interface SetResult {
  productSet: {
    product: {
      id: string;
      variants: {
        nodes: Array<{ id: string; sku: string | null; inventoryItem: { id: string } | null }>;
      };
    } | null;
    userErrors: UserError[];
  };
}
interface ShopifyProduct {
  id: string;
  title: string;
  descriptionHtml: string;
  vendor: string;
  productType: string;
  tags: string[];
  options: Array<{ name: string }>;
  variants: {
    nodes: Array<{
      id: string;
      sku: string | null;
      price: string;
      compareAtPrice: string | null;
      barcode: string | null;
      selectedOptions: Array<{ name: string; value: string }>;
      inventoryItem: { id: string } | null;
    }>;
  };
}

const BATCH = 50;
const CONCURRENCY = 4;
const CURSOR = 'products.from-shopify';

// products: to-shopify pushes the shop's catalog (new items with productSet, changed content
// with productSet by id, changed prices only with productVariantsBulkUpdate); an item whose
// hashes match what was last sent costs nothing. from-shopify imports products updated since
// the last run, matched by SKU.
@Injectable()
export class ProductsHandler implements TaskHandler {
  readonly task = 'products' as const;

  constructor(
    private readonly store: CatalogStore,
    private readonly cursors: SyncCursors,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shop = ctx.shop;
    const { directions, products } = shopSettings(shop);
    if (directions.products === 'off')
      return { summary: { direction: 'off', created: 0, updated: 0 } };
    const client = ctx.shopify();
    const summary =
      directions.products === 'from-shopify'
        ? await this.fromShopify(ctx, client, products.autoCreateUnknownItems)
        : await this.toShopify(ctx, client, products.canUpdateShopifyProducts);
    return { summary: { ...summary, shopify: client.stats } };
  }

  private async toShopify(
    ctx: TaskContext,
    client: ShopifyGraphql,
    canUpdate: boolean,
  ): Promise<JobSummary> {
    const pricesOnly = ctx.job.params.pricesOnly === true;
    const all = await this.store.mappedItems(ctx.job.shopId);
    // New variants are stocked (at 0) where stock is synced, so the inventory task can set them.
    const locationIds = (await this.store.stockLocations(ctx.job.shopId)).map(
      (l) => l.shopifyLocationId,
    );
    const counts = { created: 0, updated: 0, pricesUpdated: 0, unchanged: 0, skipped: 0 };
    let processed = 0;
    ctx.progress(0, all.length);
    for (let i = 0; i < all.length; i += BATCH) {
      ctx.throwIfCancelled();
      const batch = all.slice(i, i + BATCH);
      await pool(batch, CONCURRENCY, async (entry) => {
        const outcome = await this.pushOne(ctx, client, entry, {
          pricesOnly,
          canUpdate,
          locationIds,
        });
        counts[outcome] += 1;
      });
      processed += batch.length;
      ctx.progress(processed, all.length);
    }
    return { direction: 'to-shopify', pricesOnly, total: all.length, ...counts };
  }

  private async pushOne(
    ctx: TaskContext,
    client: ShopifyGraphql,
    { mapping, item }: MappedItem,
    { pricesOnly, canUpdate, locationIds }: PushOptions,
  ): Promise<'created' | 'updated' | 'pricesUpdated' | 'unchanged' | 'skipped'> {
    const content = contentHash(item);
    const prices = priceHash(item);
    const known = Boolean(mapping.shopifyProductId);
    const allMapped = item.variants.every((v) => mapping.variantIds[v.sku]);
    if (!known && pricesOnly) return 'unchanged';
    if (known && mapping.contentHash === content && mapping.priceHash === prices)
      return 'unchanged';
    if (known && !canUpdate && !pricesOnly) {
      ctx.skip(item.itemNo, 'products.canUpdateShopifyProducts is off for this shop');
      return 'skipped';
    }
    try {
      if (known && allMapped && (pricesOnly || mapping.contentHash === content)) {
        if (mapping.priceHash === prices) return 'unchanged';
        await this.sendPrices(client, mapping, item, ctx.signal);
        await this.store.saveMapping({
          ...mapping,
          priceHash: prices,
          lastSyncedAt: this.clock.now(),
          lastError: null,
        });
        return 'pricesUpdated';
      }
      await this.sendProduct(client, mapping, item, locationIds, ctx.signal);
      await this.store.saveMapping({
        ...mapping,
        contentHash: content,
        priceHash: prices,
        lastSyncedAt: this.clock.now(),
        lastError: null,
      });
      return known ? 'updated' : 'created';
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      ctx.skip(item.itemNo, error.message);
      await this.store.saveMapping({ ...mapping, lastError: error.message });
      return 'skipped';
    }
  }

  private async sendProduct(
    client: ShopifyGraphql,
    mapping: ShopProductEntity,
    item: ErpItemEntity,
    locationIds: string[],
    signal: AbortSignal,
  ): Promise<void> {
    const options = item.options.length ? item.options : ['Title'];
    const input = {
      title: item.title,
      handle: handleOf(item.itemNo),
      descriptionHtml: item.description ?? '',
      vendor: item.vendor ?? '',
      productType: item.productType ?? '',
      tags: item.tags,
      productOptions: options.map((name, i) => ({
        name,
        values: [...new Set(item.variants.map((v) => v.options[i] ?? 'Default Title'))].map(
          (value) => ({ name: value }),
        ),
      })),
      variants: item.variants.map((v, position) => ({
        ...(mapping.variantIds[v.sku]
          ? { id: mapping.variantIds[v.sku] }
          : {
              inventoryQuantities: locationIds.map((locationId) => ({
                locationId,
                name: 'available',
                quantity: 0,
              })),
            }),
        optionValues: options.map((name, i) => ({
          optionName: name,
          name: v.options[i] ?? 'Default Title',
        })),
        price: v.price,
        compareAtPrice: v.compareAtPrice,
        barcode: v.barcode,
        position: position + 1,
        inventoryItem: {
          sku: v.sku,
          tracked: true,
          ...(v.weightGrams !== null
            ? { measurement: { weight: { value: v.weightGrams, unit: 'GRAMS' } } }
            : {}),
        },
      })),
    };
    const identifier = mapping.shopifyProductId
      ? { id: mapping.shopifyProductId }
      : { handle: handleOf(item.itemNo) };
    const result = await client.request<SetResult>(
      CATALOG_PRODUCT_SET,
      { identifier, input },
      { operationName: 'CatalogProductSet', signal },
    );
    const { product, userErrors } = result.productSet;
    if (userErrors.length || !product) throw new RecordRefused(describe(userErrors));
    mapping.shopifyProductId = product.id;
    mapping.variantIds = {};
    mapping.inventoryItemIds = {};
    for (const v of product.variants.nodes) {
      if (!v.sku) continue;
      mapping.variantIds[v.sku] = v.id;
      if (v.inventoryItem) mapping.inventoryItemIds[v.sku] = v.inventoryItem.id;
    }
  }

  private async sendPrices(
    client: ShopifyGraphql,
    mapping: ShopProductEntity,
    item: ErpItemEntity,
    signal: AbortSignal,
  ): Promise<void> {
    const result = await client.request<{ productVariantsBulkUpdate: { userErrors: UserError[] } }>(
      CATALOG_PRICES_UPDATE,
      {
        productId: mapping.shopifyProductId,
        variants: item.variants.map((v) => ({
          id: mapping.variantIds[v.sku],
          price: v.price,
          compareAtPrice: v.compareAtPrice,
        })),
      },
      { operationName: 'CatalogPricesUpdate', signal },
    );
    const errors = result.productVariantsBulkUpdate.userErrors;
    if (errors.length) throw new RecordRefused(describe(errors));
  }

  private async fromShopify(
    ctx: TaskContext,
    client: ShopifyGraphql,
    autoCreate: boolean,
  ): Promise<JobSummary> {
    // The new cursor is the time this run started: changes made during the run come next time.
    const startedAt = this.clock.now().toISOString();
    const since = await this.cursors.get(ctx.job.shopId, CURSOR);
    const counts = { imported: 0, mapped: 0, created: 0, skipped: 0 };
    let processed = 0;
    for await (const page of paginate<
      {
        products: {
          nodes: ShopifyProduct[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      },
      ShopifyProduct
    >(client, CATALOG_PRODUCTS_PAGE, {
      connection: (d) => d.products,
      variables: { query: since ? `updated_at:>'${since}'` : null },
      pageSize: 5,
      operationName: 'CatalogProductsPage',
      signal: ctx.signal,
    })) {
      ctx.throwIfCancelled();
      for (const product of page.nodes) {
        const outcome = await this.importOne(ctx, product, autoCreate);
        counts[outcome] += 1;
        counts.imported += outcome === 'skipped' ? 0 : 1;
      }
      processed += page.nodes.length;
      ctx.progress(processed);
    }
    await this.cursors.set(ctx.job.shopId, CURSOR, startedAt, this.clock.now());
    return { direction: 'from-shopify', since, ...counts };
  }

  private async importOne(
    ctx: TaskContext,
    product: ShopifyProduct,
    autoCreate: boolean,
  ): Promise<'mapped' | 'created' | 'skipped'> {
    const variants = product.variants.nodes;
    const skus = variants.flatMap((v) => (v.sku ? [v.sku] : []));
    if (!skus.length) {
      ctx.skip(product.id, 'the product has no variant with a SKU');
      return 'skipped';
    }
    const owners = await this.store.itemNosBySku(skus);
    const itemNos = new Set(owners.values());
    if (itemNos.size > 1) {
      ctx.skip(product.id, `its SKUs belong to several ERP items: ${[...itemNos].join(', ')}`);
      return 'skipped';
    }
    const now = this.clock.now();
    let itemNo = [...itemNos][0];
    let created = false;
    if (!itemNo) {
      if (!autoCreate) {
        ctx.skip(product.id, 'no ERP item has its SKUs (products.autoCreateUnknownItems is off)');
        return 'skipped';
      }
      itemNo = `SHOPIFY-${product.id.split('/').pop() ?? product.id}`;
      const options = product.options.map((o) => o.name).filter((n) => n !== 'Title');
      await this.store.saveItem({
        itemNo,
        title: product.title,
        description: product.descriptionHtml || null,
        vendor: product.vendor || null,
        productType: product.productType || null,
        tags: product.tags,
        options,
        variants: variants.flatMap((v) =>
          v.sku
            ? [
                {
                  sku: v.sku,
                  options: options.map(
                    (name) => v.selectedOptions.find((s) => s.name === name)?.value ?? '',
                  ),
                  price: Number(v.price).toFixed(2),
                  compareAtPrice: v.compareAtPrice ? Number(v.compareAtPrice).toFixed(2) : null,
                  barcode: v.barcode,
                  weightGrams: null,
                },
              ]
            : [],
        ),
        imageUrls: [],
        updatedAt: now,
      });
      created = true;
    }
    const prior = await this.store.mapping(ctx.job.shopId, itemNo);
    await this.store.saveMapping({
      shopId: ctx.job.shopId,
      itemNo,
      shopifyProductId: product.id,
      variantIds: Object.fromEntries(variants.flatMap((v) => (v.sku ? [[v.sku, v.id]] : []))),
      inventoryItemIds: Object.fromEntries(
        variants.flatMap((v) => (v.sku && v.inventoryItem ? [[v.sku, v.inventoryItem.id]] : [])),
      ),
      // Unknown until the next push compares: the ERP item stays the source of its content.
      contentHash: prior?.contentHash ?? null,
      priceHash: prior?.priceHash ?? null,
      imageHash: prior?.imageHash ?? imageHash([]),
      lastSyncedAt: now,
      lastError: null,
      addedAt: prior?.addedAt ?? now,
    });
    return created ? 'created' : 'mapped';
  }
}

class RecordRefused extends Error {}

interface PushOptions {
  pricesOnly: boolean;
  canUpdate: boolean;
  locationIds: string[];
}

export function handleOf(itemNo: string): string {
  return `erp-${itemNo.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

function describe(errors: UserError[]): string {
  return (
    errors.map((e) => `${(e.field ?? []).join('.')}: ${e.message}`).join('; ') ||
    'Shopify returned no product'
  );
}

async function pool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  await Promise.all(workers);
}
