import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  ErpItemEntity,
  ProductsSettingsV1,
  ShopProductEntity,
  shopSettings,
} from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { paginate } from '../../shopify/pagination';
import { contentHash, priceHash } from '../../catalog/catalog-diff';
import { CatalogStore, MappedItem } from '../../catalog/catalog-store';
import {
  ItemImportOutcome,
  ShopifyCatalogProduct,
  ShopifyItemImport,
} from '../../catalog/shopify-item-import';
import { SyncCursors } from '../../sync-cursors/sync-cursors';
import { JobSummary, TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { CATALOG_PRODUCT_SET, CATALOG_PRODUCTS_PAGE } from './products.graphql';
import { handleOf, productInput } from './product-input';
import { metafieldPlan } from './metafield-plan';
import { currentVariants, findByHandle } from './product-reads';
import { BulkExportCounts, ProductsBulkExport } from './products-bulk-export';
import {
  deleteMetafields,
  describe,
  RecordRefused,
  recordProductIds,
  sendPrices,
  SetProduct,
  setProductStatus,
  UserError,
} from './product-writes';

export { handleOf } from './product-input';

interface SetResult {
  productSet: { product: SetProduct | null; userErrors: UserError[] };
}
const BATCH = 50;
const CONCURRENCY = 4;
const CURSOR = 'products.from-shopify';

// products: to-shopify pushes the shop's catalog (new items with productSet, changed content
// with productSet by id — after reading the product's variants, so the ones the ERP does not
// know are kept — changed prices only with productVariantsBulkUpdate, a blocked item's product
// to draft or archived and back to statusOnCreate when unblocked, item attributes as metafields
// (only the changed ones)); an item whose hashes match what was last sent costs nothing.
// from-shopify imports products updated since the last run, matched per products.skuMapping.
@Injectable()
export class ProductsHandler implements TaskHandler {
  readonly task = 'products' as const;

  constructor(
    private readonly store: CatalogStore,
    private readonly cursors: SyncCursors,
    private readonly itemImport: ShopifyItemImport,
    private readonly bulk: ProductsBulkExport,
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
        ? await this.fromShopify(ctx, client, products)
        : await this.toShopify(ctx, client, products);
    return { summary: { ...summary, shopify: client.stats } };
  }

  private async toShopify(
    ctx: TaskContext,
    client: ShopifyGraphql,
    settings: ProductsSettingsV1,
  ): Promise<JobSummary> {
    const pricesOnly = ctx.job.params.pricesOnly === true;
    // A bulk export a crashed run left running is finished (recorded) before anything is sent.
    const adopted = await this.bulk.adoptPending(ctx, client);
    const everything = await this.store.mappedItems(ctx.job.shopId);
    // New variants are stocked (at 0) where stock is synced, so the inventory task can set them.
    const locationIds = (await this.store.stockLocations(ctx.job.shopId)).map(
      (l) => l.shopifyLocationId,
    );
    const counts: Record<PushOutcome, number> = {
      created: 0,
      updated: 0,
      pricesUpdated: 0,
      retired: 0,
      restored: 0,
      unchanged: 0,
      skipped: 0,
    };
    addCounts(counts, adopted);
    let processed = 0;
    ctx.progress(0, everything.length);
    const bulk = pricesOnly
      ? null
      : await this.bulk.aboveThreshold(ctx, client, everything, settings, locationIds);
    addCounts(counts, bulk?.counts ?? null);
    const all = bulk ? everything.filter((e) => !bulk.sent.has(e)) : everything;
    processed += everything.length - all.length;
    ctx.progress(processed, everything.length);
    for (let i = 0; i < all.length; i += BATCH) {
      ctx.throwIfCancelled();
      const batch = all.slice(i, i + BATCH);
      const adopted = pricesOnly
        ? new Set<string>()
        : await findByHandle(client, batch, ctx.signal);
      await pool(batch, CONCURRENCY, async (entry) => {
        const outcome = await this.pushOne(ctx, client, entry, {
          pricesOnly,
          settings,
          locationIds,
          adopted: adopted.has(entry.item.itemNo),
        });
        counts[outcome] += 1;
      });
      processed += batch.length;
      ctx.progress(processed, everything.length);
    }
    return {
      direction: 'to-shopify',
      pricesOnly,
      total: everything.length,
      ...counts,
      ...(bulk ? { bulk: bulk.counts } : {}),
    };
  }

  private async pushOne(
    ctx: TaskContext,
    client: ShopifyGraphql,
    { mapping, item }: MappedItem,
    { pricesOnly, settings, locationIds, adopted }: PushOptions,
  ): Promise<PushOutcome> {
    const content = contentHash(item, settings.metafieldNamespace);
    const prices = priceHash(item);
    const known = Boolean(mapping.shopifyProductId) && !adopted;
    const allMapped = item.variants.every((v) => mapping.variantIds[v.sku]);
    // Unblocked in the ERP after shopsync drafted or archived its product.
    const restore = known && !item.blocked && !pricesOnly && Boolean(mapping.retiredAs);
    if (item.blocked) {
      // Never created; an existing product gets the shop's removedItemAction, once.
      if (!known || pricesOnly || settings.removedItemAction === 'none') return 'unchanged';
      if (mapping.contentHash === content) return 'unchanged';
    } else if (!restore) {
      if (!known && pricesOnly) return 'unchanged';
      if (known && mapping.contentHash === content && mapping.priceHash === prices)
        return 'unchanged';
      if (known && !settings.canUpdateShopifyProducts && !pricesOnly) {
        ctx.skip(item.itemNo, 'products.canUpdateShopifyProducts is off for this shop');
        return 'skipped';
      }
    }
    try {
      if (item.blocked) {
        const status = settings.removedItemAction === 'archive' ? 'ARCHIVED' : 'DRAFT';
        await setProductStatus(client, mapping.shopifyProductId as string, status, ctx.signal);
        await this.store.saveMapping({
          ...mapping,
          retiredAs: status,
          contentHash: content,
          lastSyncedAt: this.clock.now(),
          lastError: null,
        });
        return 'retired';
      }
      if (restore) {
        await setProductStatus(
          client,
          mapping.shopifyProductId as string,
          statusOnCreate(settings),
          ctx.signal,
        );
        mapping = { ...mapping, retiredAs: null };
        // The rest of the item goes out only where the shop lets shopsync update products.
        if (!settings.canUpdateShopifyProducts) {
          await this.store.saveMapping({
            ...mapping,
            contentHash: content,
            lastSyncedAt: this.clock.now(),
            lastError: null,
          });
          return 'restored';
        }
      }
      if (!restore && known && allMapped && (pricesOnly || mapping.contentHash === content)) {
        if (mapping.priceHash === prices) return 'unchanged';
        await sendPrices(client, mapping, item, ctx.signal);
        await this.store.saveMapping({
          ...mapping,
          priceHash: prices,
          lastSyncedAt: this.clock.now(),
          lastError: null,
        });
        return 'pricesUpdated';
      }
      await this.sendProduct(
        client,
        mapping,
        item,
        { locationIds, settings, create: !known },
        ctx.signal,
      );
      await this.store.saveMapping({
        ...mapping,
        contentHash: content,
        priceHash: prices,
        lastSyncedAt: this.clock.now(),
        lastError: null,
      });
      return restore ? 'restored' : known ? 'updated' : 'created';
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
    options: { locationIds: string[]; settings: ProductsSettingsV1; create: boolean },
    signal: AbortSignal,
  ): Promise<void> {
    const productId = mapping.shopifyProductId;
    // productSet deletes the variants its list leaves out: read what the product has first.
    const current = productId ? await currentVariants(client, productId, signal) : null;
    const plan = productInput(item, mapping, current, options);
    if ('refused' in plan) throw new RecordRefused(plan.refused);
    const metafields = metafieldPlan(
      item.attributes,
      options.settings.metafieldNamespace,
      mapping.metafields,
    );
    const input = {
      ...plan.input,
      ...(options.create ? { status: statusOnCreate(options.settings) } : {}),
      ...(metafields.set.length ? { metafields: metafields.set } : {}),
    };
    const identifier = productId ? { id: productId } : { handle: handleOf(item.itemNo) };
    const result = await client.request<SetResult>(
      CATALOG_PRODUCT_SET,
      { identifier, input },
      { operationName: 'CatalogProductSet', signal },
    );
    const { product, userErrors } = result.productSet;
    if (userErrors.length || !product) throw new RecordRefused(describe(userErrors));
    if (metafields.remove.length)
      await deleteMetafields(client, product.id, metafields.remove, signal);
    mapping.metafields = metafields.recorded;
    recordProductIds(mapping, item, product);
  }

  private async fromShopify(
    ctx: TaskContext,
    client: ShopifyGraphql,
    settings: ProductsSettingsV1,
  ): Promise<JobSummary> {
    // The new cursor is the time this run started: changes made during the run come next time.
    const startedAt = this.clock.now().toISOString();
    const since = await this.cursors.get(ctx.job.shopId, CURSOR);
    const counts = { imported: 0, mapped: 0, created: 0, itemsUpdated: 0, skipped: 0 };
    let processed = 0;
    for await (const page of paginate<
      {
        products: {
          nodes: ShopifyCatalogProduct[];
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
        };
      },
      ShopifyCatalogProduct
    >(client, CATALOG_PRODUCTS_PAGE, {
      connection: (d) => d.products,
      variables: { query: since ? `updated_at:>'${since}'` : null },
      pageSize: 5,
      operationName: 'CatalogProductsPage',
      signal: ctx.signal,
    })) {
      ctx.throwIfCancelled();
      for (const product of page.nodes) {
        const result = await this.importOne(ctx, product, settings);
        counts[result.outcome] += 1;
        counts.imported += result.outcome === 'skipped' ? 0 : 1;
        if (result.outcome !== 'skipped' && result.itemUpdated) counts.itemsUpdated += 1;
      }
      processed += page.nodes.length;
      ctx.progress(processed);
    }
    await this.cursors.set(ctx.job.shopId, CURSOR, startedAt, this.clock.now());
    return { direction: 'from-shopify', since, ...counts };
  }

  private async importOne(
    ctx: TaskContext,
    product: ShopifyCatalogProduct,
    settings: ProductsSettingsV1,
  ): Promise<ItemImportOutcome> {
    const result = await this.itemImport.importProduct(
      ctx.job.shopId,
      product,
      settings.autoCreateUnknownItems,
      {
        updateItems: settings.shopifyCanUpdateItems,
        skuMapping: settings.skuMapping,
        skuSeparator: settings.skuSeparator,
      },
    );
    if (result.outcome === 'skipped') {
      ctx.skip(
        product.id,
        result.reason.replace('(auto-create is off)', '(products.autoCreateUnknownItems is off)'),
      );
    }
    return result;
  }
}

function addCounts(counts: Record<PushOutcome, number>, add: BulkExportCounts | null): void {
  if (!add) return;
  counts.created += add.created;
  counts.updated += add.updated;
  counts.skipped += add.skipped;
}

type PushOutcome =
  'created' | 'updated' | 'pricesUpdated' | 'retired' | 'restored' | 'unchanged' | 'skipped';

const statusOnCreate = (settings: ProductsSettingsV1): 'ACTIVE' | 'DRAFT' =>
  settings.statusOnCreate === 'draft' ? 'DRAFT' : 'ACTIVE';

interface PushOptions {
  pricesOnly: boolean;
  settings: ProductsSettingsV1;
  locationIds: string[];
  // Found by its handle before a create: finished as a create, by id.
  adopted: boolean;
}

async function pool<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await run(items[next++]);
  });
  await Promise.all(workers);
}
