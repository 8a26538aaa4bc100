import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ProductsSettingsV1 } from '@shopsync/shared';
import { startBulkMutation, stageBulkVariables } from '../../shopify/bulk-mutation';
import { readBulkResult, waitForBulkOperation, waitWhileRunning } from '../../shopify/bulk-query';
import { realTimer } from '../../shopify/timer';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { contentHash, priceHash } from '../../catalog/catalog-diff';
import { CatalogStore, MappedItem } from '../../catalog/catalog-store';
import { SyncCursors } from '../../sync-cursors/sync-cursors';
import type { TaskContext } from '../task-handler';
import { metafieldPlan } from './metafield-plan';
import { handleOf, productInput, ShopifyVariantRef } from './product-input';
import {
  deleteMetafields,
  describe,
  RecordRefused,
  recordProductIds,
  SetProduct,
  UserError,
} from './product-writes';
import { CATALOG_PRODUCT_SET } from './products.graphql';
import { bulkCurrentVariants, currentVariants, findByHandle } from './product-reads';

// The products export's creates and updates as one bulk mutation (productSet once per line of
// an uploaded JSONL file), which Shopify runs outside the per-query budget. The operation id is
// stored (sync cursor `products.bulk-export`, with what each line stands for) before it is
// polled, so a run that dies mid-operation is finished by the next one, which adopts the
// operation's result instead of starting another. Creates go by handle (erp-<itemNo>), so even
// a line Shopify ran twice never makes a second product. Updates need the variants each
// product has (productSet deletes those its list leaves out): they are read for all of them
// with one bulk query first, so an update costs about what a create does.

export const BULK_EXPORT_CURSOR = 'products.bulk-export';

export interface BulkCandidate {
  entry: MappedItem;
  // A create (status on create; the product may already exist, found by its handle).
  create: boolean;
}

export interface BulkExportCounts {
  created: number;
  updated: number;
  skipped: number;
}

interface PendingLine {
  itemNo: string;
  outcome: 'created' | 'updated';
  content: string;
  prices: string;
  metafields: Record<string, string>;
  remove: Array<{ namespace: string; key: string }>;
}

export interface PendingBulkExport {
  operationId: string;
  lines: PendingLine[];
}

interface ResultLine {
  __lineNumber?: number;
  errors?: Array<{ message: string }>;
  data?: { productSet?: { product: SetProduct | null; userErrors: UserError[] } | null } | null;
}

export interface BulkExportOptions {
  settings: ProductsSettingsV1;
  locationIds: string[];
  // The current variants of these products (every id gets a list).
  readVariants: (productIds: string[]) => Promise<Map<string, ShopifyVariantRef[]>>;
  pollMs?: number;
}

// Handle look-ups per query, as the per-product path batches them.
const BATCH = 50;
const POLL_MS = 500;
const MAX_POLL_MS = 5000;

@Injectable()
export class ProductsBulkExport {
  constructor(
    private readonly store: CatalogStore,
    private readonly cursors: SyncCursors,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Enough products to create or update (products.bulkExportThreshold): one bulk mutation for
  // them. null: below the threshold, or Shopify kept another bulk mutation running (they go
  // one by one then).
  async aboveThreshold(
    ctx: TaskContext,
    client: ShopifyGraphql,
    entries: MappedItem[],
    settings: ProductsSettingsV1,
    locationIds: string[],
  ): Promise<{ counts: BulkExportCounts; sent: Set<MappedItem> } | null> {
    const threshold = settings.bulkExportThreshold;
    const candidates = entries.filter((e) => needsProductSet(e, settings));
    if (threshold <= 0 || candidates.length < threshold) return null;
    const found = new Set<string>();
    for (let i = 0; i < candidates.length; i += BATCH) {
      ctx.throwIfCancelled();
      const batch = candidates.slice(i, i + BATCH);
      for (const itemNo of await findByHandle(client, batch, ctx.signal)) found.add(itemNo);
    }
    const counts = await this.run(
      ctx,
      client,
      candidates.map((entry) => ({
        entry,
        create: !entry.mapping.shopifyProductId || found.has(entry.item.itemNo),
      })),
      {
        settings,
        locationIds,
        readVariants: (ids) => this.readVariants(ctx, client, ids),
      },
    );
    if (counts) return { counts, sent: new Set(candidates) };
    // One by one after all: those found by handle are found again per batch.
    for (const entry of candidates)
      if (found.has(entry.item.itemNo)) entry.mapping.shopifyProductId = null;
    await ctx.log('warn', 'another bulk mutation kept running: products are sent one by one');
    return null;
  }

  async pending(shopId: string): Promise<PendingBulkExport | null> {
    const value = await this.cursors.get(shopId, BULK_EXPORT_CURSOR);
    return value ? (JSON.parse(value) as PendingBulkExport) : null;
  }

  // A bulk export an earlier run started and did not finish recording: wait for it, record
  // its lines, forget it. null when there was none (or it ended without a result: what it did
  // is found again by handle).
  async adoptPending(
    ctx: TaskContext,
    client: ShopifyGraphql,
    pollMs = POLL_MS,
  ): Promise<BulkExportCounts | null> {
    const pending = await this.pending(ctx.job.shopId);
    if (!pending) return null;
    await ctx.log('info', 'adopting the bulk export of an earlier run', {
      operationId: pending.operationId,
      lines: pending.lines.length,
    });
    const entries = new Map(
      (await this.store.mappedItems(ctx.job.shopId)).map((e) => [e.item.itemNo, e]),
    );
    return this.finish(ctx, client, pending, entries, pollMs);
  }

  // null: Shopify is running another bulk mutation for the shop and did not finish it in
  // time; the caller sends these products one by one instead.
  async run(
    ctx: TaskContext,
    client: ShopifyGraphql,
    candidates: BulkCandidate[],
    options: BulkExportOptions,
  ): Promise<BulkExportCounts | null> {
    const counts: BulkExportCounts = { created: 0, updated: 0, skipped: 0 };
    const variables: unknown[] = [];
    const lines: PendingLine[] = [];
    // productSet deletes the variants its list leaves out: read what the products have first.
    const variants = await options.readVariants(
      candidates.flatMap((c) =>
        c.entry.mapping.shopifyProductId ? [c.entry.mapping.shopifyProductId] : [],
      ),
    );
    ctx.throwIfCancelled();
    for (const { entry, create } of candidates) {
      const { item, mapping } = entry;
      const productId = mapping.shopifyProductId;
      const current = productId ? (variants.get(productId) ?? []) : null;
      const plan = productInput(item, mapping, current, {
        locationIds: options.locationIds,
        settings: options.settings,
      });
      if ('refused' in plan) {
        await this.refuse(ctx, entry, plan.refused);
        counts.skipped++;
        continue;
      }
      const metafields = metafieldPlan(
        item.attributes,
        options.settings.metafieldNamespace,
        mapping.metafields,
      );
      variables.push({
        identifier: productId ? { id: productId } : { handle: handleOf(item.itemNo) },
        input: {
          ...plan.input,
          ...(create
            ? { status: options.settings.statusOnCreate === 'draft' ? 'DRAFT' : 'ACTIVE' }
            : {}),
          ...(metafields.set.length ? { metafields: metafields.set } : {}),
        },
      });
      lines.push({
        itemNo: item.itemNo,
        outcome: create ? 'created' : 'updated',
        content: contentHash(item, options.settings.metafieldNamespace),
        prices: priceHash(item),
        metafields: metafields.recorded,
        remove: metafields.remove,
      });
    }
    if (!lines.length) return counts;
    ctx.throwIfCancelled();
    const path = await stageBulkVariables(client, variables, { signal: ctx.signal });
    const pollMs = options.pollMs ?? POLL_MS;
    let start = await startBulkMutation(client, CATALOG_PRODUCT_SET, path, {
      signal: ctx.signal,
    });
    if (!start.started && start.running) {
      // Another app process's (or a lost attempt's) bulk mutation: wait for it once, up to 15
      // minutes, and never cancel it (it is not this run's; a cancelled job stops waiting).
      await ctx.log('info', 'waiting for the bulk mutation already running', {
        operationId: start.running,
      });
      await waitWhileRunning(client, start.running, realTimer.now() + 15 * 60_000, {
        signal: ctx.signal,
        pollMs,
        maxPollMs: MAX_POLL_MS,
      }).catch(() => undefined);
      start = await startBulkMutation(client, CATALOG_PRODUCT_SET, path, { signal: ctx.signal });
    }
    if (!start.started) return null;
    const pending: PendingBulkExport = { operationId: start.id, lines };
    await this.cursors.set(
      ctx.job.shopId,
      BULK_EXPORT_CURSOR,
      JSON.stringify(pending),
      this.clock.now(),
    );
    const entries = new Map(candidates.map((c) => [c.entry.item.itemNo, c.entry]));
    const finished = await this.finish(ctx, client, pending, entries, pollMs);
    counts.created += finished?.created ?? 0;
    counts.updated += finished?.updated ?? 0;
    counts.skipped += finished?.skipped ?? 0;
    return counts;
  }

  // One bulk query for all; one small query per product while Shopify runs another bulk query
  // for the shop (the inventory task's, say): dearer in points, just as correct.
  private async readVariants(
    ctx: TaskContext,
    client: ShopifyGraphql,
    productIds: string[],
  ): Promise<Map<string, ShopifyVariantRef[]>> {
    const bulk = await bulkCurrentVariants(client, productIds, {
      signal: ctx.signal,
      pollMs: POLL_MS,
      maxPollMs: MAX_POLL_MS,
    });
    if (bulk) return bulk;
    await ctx.log('warn', 'another bulk query is running: product variants are read one by one', {
      products: productIds.length,
    });
    const out = new Map<string, ShopifyVariantRef[]>();
    for (const id of productIds) {
      ctx.throwIfCancelled();
      out.set(id, await currentVariants(client, id, ctx.signal));
    }
    return out;
  }

  private async finish(
    ctx: TaskContext,
    client: ShopifyGraphql,
    pending: PendingBulkExport,
    entries: Map<string, MappedItem>,
    pollMs: number,
  ): Promise<BulkExportCounts | null> {
    let url: string | null;
    try {
      ({ url } = await waitForBulkOperation(client, pending.operationId, {
        signal: ctx.signal,
        pollMs,
        maxPollMs: MAX_POLL_MS,
      }));
    } catch (error) {
      // Cancelled with the job: the operation is cancelled too, the next run looks again.
      if (ctx.signal.aborted) throw error;
      await ctx.log('warn', 'the bulk export ended without a result', {
        operationId: pending.operationId,
        reason: error instanceof Error ? error.message : String(error),
      });
      await this.forget(ctx.job.shopId);
      return null;
    }
    const counts: BulkExportCounts = { created: 0, updated: 0, skipped: 0 };
    for await (const record of readBulkResult(url, { signal: ctx.signal })) {
      const result = record as ResultLine;
      const line = pending.lines[result.__lineNumber ?? -1];
      const entry = line && entries.get(line.itemNo);
      if (!line || !entry) continue;
      const outcome = await this.record(ctx, client, entry, line, result);
      counts[outcome]++;
    }
    await this.forget(ctx.job.shopId);
    return counts;
  }

  private async record(
    ctx: TaskContext,
    client: ShopifyGraphql,
    entry: MappedItem,
    line: PendingLine,
    result: ResultLine,
  ): Promise<'created' | 'updated' | 'skipped'> {
    const payload = result.data?.productSet;
    const product = payload?.product;
    if (result.errors?.length || !product || payload.userErrors.length) {
      const reason = result.errors?.length
        ? result.errors.map((e) => e.message).join('; ')
        : describe(payload?.userErrors ?? []);
      await this.refuse(ctx, entry, reason);
      return 'skipped';
    }
    const mapping = entry.mapping;
    recordProductIds(mapping, entry.item, product);
    try {
      if (line.remove.length) await deleteMetafields(client, product.id, line.remove, ctx.signal);
    } catch (error) {
      if (!(error instanceof RecordRefused)) throw error;
      await this.refuse(ctx, entry, error.message);
      return 'skipped';
    }
    mapping.metafields = line.metafields;
    await this.store.saveMapping({
      ...mapping,
      contentHash: line.content,
      priceHash: line.prices,
      lastSyncedAt: this.clock.now(),
      lastError: null,
    });
    return line.outcome;
  }

  private async refuse(ctx: TaskContext, entry: MappedItem, reason: string): Promise<void> {
    ctx.skip(entry.item.itemNo, reason);
    await this.store.saveMapping({ ...entry.mapping, lastError: reason });
  }

  private async forget(shopId: string): Promise<void> {
    await this.cursors.set(shopId, BULK_EXPORT_CURSOR, '', this.clock.now());
  }
}

// What pushOne would send with productSet (a create, or changed content it may update); the
// rest (prices only, retire, restore, unchanged) keeps its own small calls.
function needsProductSet({ mapping, item }: MappedItem, settings: ProductsSettingsV1): boolean {
  if (item.blocked) return false;
  if (!mapping.shopifyProductId) return true;
  if (mapping.retiredAs) return false;
  if (mapping.contentHash === contentHash(item, settings.metafieldNamespace)) return false;
  return settings.canUpdateShopifyProducts;
}
