import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ProductsSettingsV1 } from '@shopsync/shared';
import {
  BULK_VARIABLES_MAX_BYTES,
  BulkUploadTooLarge,
  startBulkMutation,
  stageBulkVariables,
} from '../../shopify/bulk-mutation';
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
// with one bulk query first, so an update costs about what a create does. Shopify's staged
// upload takes at most 20 MiB: a bigger export goes as several bulk mutations, one after the
// other, each recorded before the next starts.

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

interface PreparedLine {
  entry: MappedItem;
  variables: string;
  bytes: number;
  line: PendingLine;
}

// The lines from `from` on that fit in one upload of at most maxBytes (at least one: each line
// fits alone).
function leadingWithin(lines: PreparedLine[], from: number, maxBytes: number): PreparedLine[] {
  let bytes = 0;
  let end = from;
  while (end < lines.length && bytes + lines[end].bytes <= maxBytes) bytes += lines[end++].bytes;
  return lines.slice(from, end);
}

export interface BulkExportResult {
  counts: BulkExportCounts;
  // The items whose lines were sent (and recorded); the others are left to the caller.
  sent: Set<string>;
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
    const result = await this.run(
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
    const sent = new Set(candidates.filter((e) => result?.sent.has(e.item.itemNo)));
    // One by one after all: those found by handle are found again per batch.
    for (const entry of candidates)
      if (!sent.has(entry) && found.has(entry.item.itemNo)) entry.mapping.shopifyProductId = null;
    if (sent.size < candidates.length)
      await ctx.log('warn', 'another bulk mutation kept running: products are sent one by one', {
        products: candidates.length - sent.size,
      });
    return result ? { counts: result.counts, sent } : null;
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
  // time; the caller sends these products one by one instead (and those of the later uploads,
  // when it happens after the first: `sent` names the ones done).
  async run(
    ctx: TaskContext,
    client: ShopifyGraphql,
    candidates: BulkCandidate[],
    options: BulkExportOptions,
  ): Promise<BulkExportResult | null> {
    const counts: BulkExportCounts = { created: 0, updated: 0, skipped: 0 };
    const sent = new Set<string>();
    // The lines, each a product's productSet variables serialized, in the candidates' order.
    const prepared: PreparedLine[] = [];
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
      // Refused before any upload: counted as done, never sent.
      if ('refused' in plan) {
        await this.refuse(ctx, entry, plan.refused);
        counts.skipped++;
        sent.add(item.itemNo);
        continue;
      }
      const metafields = metafieldPlan(
        item.attributes,
        options.settings.metafieldNamespace,
        mapping.metafields,
      );
      const variables = JSON.stringify({
        identifier: productId ? { id: productId } : { handle: handleOf(item.itemNo) },
        input: {
          ...plan.input,
          ...(create
            ? { status: options.settings.statusOnCreate === 'draft' ? 'DRAFT' : 'ACTIVE' }
            : {}),
          ...(metafields.set.length ? { metafields: metafields.set } : {}),
        },
      });
      prepared.push({
        entry,
        variables,
        // Its line and the newline after it.
        bytes: Buffer.byteLength(variables) + 1,
        line: {
          itemNo: item.itemNo,
          outcome: create ? 'created' : 'updated',
          content: contentHash(item, options.settings.metafieldNamespace),
          prices: priceHash(item),
          metafields: metafields.recorded,
          remove: metafields.remove,
        },
      });
    }
    // As many uploads as the size limit needs, one after the other; a smaller limit Shopify
    // answers (EntityTooLarge) applies to the upload it refused and all after it.
    let maxBytes = BULK_VARIABLES_MAX_BYTES;
    let lines = await this.withinLimit(ctx, prepared, maxBytes, counts, sent);
    const entries = new Map(candidates.map((c) => [c.entry.item.itemNo, c.entry]));
    let next = 0;
    let started = 0;
    while (next < lines.length) {
      ctx.throwIfCancelled();
      const upload = leadingWithin(lines, next, maxBytes);
      if (started === 0 && next + upload.length < lines.length)
        await ctx.log('info', 'the bulk export goes as several uploads', {
          firstLines: upload.length,
          maxBytes,
        });
      let finished: BulkExportCounts | null | 'not started';
      try {
        finished = await this.runOne(ctx, client, entries, upload, options);
      } catch (error) {
        if (!(error instanceof BulkUploadTooLarge)) throw error;
        const bytes = upload.reduce((n, p) => n + p.bytes, 0);
        // Always smaller than what was refused, so this ends.
        maxBytes =
          error.maxBytes !== null && error.maxBytes < bytes
            ? error.maxBytes
            : Math.floor(bytes / 2);
        await ctx.log('warn', 'Shopify refused a bulk upload as too large: smaller uploads', {
          bytes,
          maxBytes,
        });
        lines = await this.withinLimit(ctx, lines.slice(next), maxBytes, counts, sent);
        next = 0;
        continue;
      }
      if (finished === 'not started') {
        if (started === 0) return null;
        break;
      }
      started++;
      next += upload.length;
      counts.created += finished?.created ?? 0;
      counts.updated += finished?.updated ?? 0;
      counts.skipped += finished?.skipped ?? 0;
      for (const p of upload) sent.add(p.line.itemNo);
    }
    return { counts, sent };
  }

  // The lines one upload of maxBytes can hold; each that is bigger is its item's skipped record.
  private async withinLimit(
    ctx: TaskContext,
    lines: PreparedLine[],
    maxBytes: number,
    counts: BulkExportCounts,
    sent: Set<string>,
  ): Promise<PreparedLine[]> {
    const fitting: PreparedLine[] = [];
    for (const p of lines) {
      if (p.bytes <= maxBytes) {
        fitting.push(p);
        continue;
      }
      await this.refuse(
        ctx,
        p.entry,
        `its productSet input is ${p.bytes} bytes, more than one bulk upload takes (${maxBytes})`,
      );
      counts.skipped++;
      sent.add(p.line.itemNo);
    }
    return fitting;
  }

  // One upload's bulk mutation: staged, started (after waiting once for another one running),
  // stored as pending, finished. 'not started': another bulk mutation kept running.
  private async runOne(
    ctx: TaskContext,
    client: ShopifyGraphql,
    entries: Map<string, MappedItem>,
    upload: PreparedLine[],
    options: BulkExportOptions,
  ): Promise<BulkExportCounts | null | 'not started'> {
    const path = await stageBulkVariables(
      client,
      upload.map((p) => p.variables),
      { signal: ctx.signal },
    );
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
    if (!start.started) return 'not started';
    const pending: PendingBulkExport = { operationId: start.id, lines: upload.map((p) => p.line) };
    await this.cursors.set(
      ctx.job.shopId,
      BULK_EXPORT_CURSOR,
      JSON.stringify(pending),
      this.clock.now(),
    );
    return this.finish(ctx, client, pending, entries, pollMs);
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
