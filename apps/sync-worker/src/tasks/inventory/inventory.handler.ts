import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, DomainError, ERROR_CODES, shopSettings } from '@shopsync/shared';
import { bulkQuery } from '../../shopify/bulk-query';
import { paginate } from '../../shopify/pagination';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import {
  batches,
  diffLevels,
  idempotencyKey,
  LevelChange,
  LevelKey,
  levelKey,
} from '../../catalog/catalog-diff';
import { CatalogStore, MappedItem } from '../../catalog/catalog-store';
import { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import {
  bulkLevelsQuery,
  CATALOG_INVENTORY_ACTIVATE,
  CATALOG_INVENTORY_SET,
  CATALOG_ITEMS_TRACKED,
  CATALOG_LEVELS_REREAD,
  CATALOG_LOCATION_LEVELS,
} from './inventory.graphql';
import { skuParam } from './inventory-params';
import { stockTargets, targetQuantity } from './stock-calculation';

const PER_CALL = 250;
const STALE_RETRIES = 3;
const REREAD_CHUNK = 10;
const STALE = 'CHANGE_FROM_QUANTITY_STALE';

interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}
interface LevelNode {
  item: { id: string; tracked: boolean } | null;
  quantities: Array<{ name: string; quantity: number }>;
}
// How long the levels' bulk read waits for another bulk query of the shop to end.
const WAIT_FOR_OTHER_BULK_QUERY_MS = 10 * 60_000;

type Level = { inventoryItemId: string; locationId: string; quantity: number };

// inventory: ERP stock → Shopify levels. Each target location gets the shop's stock calculation
// over the ERP quantities of its location filter (stock-calculation.ts). Reads Shopify's levels
// (unless params.skipImport), skips variants whose inventory Shopify does not track, sends only
// the levels that differ, 250 per inventorySetQuantities with a compare-and-set on the last
// known level and a deterministic @idempotent key; a stale level is re-read and retried up to 3
// times, then recorded as a skipped record. params.skus narrows the run to those variants.
@Injectable()
export class InventoryHandler implements TaskHandler {
  readonly task = 'inventory' as const;

  constructor(
    private readonly store: CatalogStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async run(ctx: TaskContext): Promise<TaskResult> {
    const shopId = ctx.job.shopId;
    const { inventory, catalog } = shopSettings(ctx.shop);
    const only = skuParam(ctx.job.params.skus);
    const targets = stockTargets(inventory, await this.store.locations(shopId));
    const variants = this.variantsOf(ctx, await this.store.mappedItems(shopId), only);
    if (!targets.length || !variants.length)
      return { summary: { levels: 0, changed: 0, note: 'no mapped locations or variants' } };
    const stock = await this.store.stock(
      variants.map((v) => v.sku),
      [...new Set(targets.flatMap((t) => t.erpLocationCodes))],
    );
    const wanted = variants.flatMap((v) =>
      targets.map((t) => ({
        inventoryItemId: v.inventoryItemId,
        locationId: t.shopifyLocationId,
        quantity: targetQuantity(
          t,
          (code) => stock.get(`${v.sku}|${code}`),
          inventory.negativeAsZero,
        ),
        record: `${v.sku}@${t.erpLocationCodes.join('+')}`,
      })),
    );
    const skuOf = new Map(variants.map((v) => [v.inventoryItemId, v.sku]));
    const client = ctx.shopify();
    const name = inventory.quantityName;
    const tracked = new Map<string, boolean>();
    const untracked = async (levels: LevelKey[]): Promise<Set<string>> => {
      await this.readTracking(ctx, client, levels, tracked);
      return new Set(levels.filter((l) => tracked.get(l.inventoryItemId) === false).map(levelKey));
    };
    let imported = 0;
    let activated = 0;
    const left = new Set<string>();
    if (ctx.job.params.skipImport !== true) {
      const current = await this.importLevels(
        ctx,
        client,
        targets.map((t) => t.shopifyLocationId),
        name,
        wanted.length > catalog.bulkThreshold,
        tracked,
      );
      imported = current.length;
      await this.store.saveLevels(shopId, current, this.clock.now());
      // Levels Shopify does not have (an item not stocked at a location) are activated first,
      // unless Shopify does not track the item.
      const have = new Set(current.map(levelKey));
      const missing = wanted.filter((x) => !have.has(levelKey(x)));
      const skip = await untracked(missing);
      skip.forEach((k) => left.add(k));
      for (const w of missing.filter((x) => !skip.has(levelKey(x)))) {
        ctx.throwIfCancelled();
        if (await this.activate(ctx, client, w)) activated += 1;
        else left.add(levelKey(w));
      }
    }
    const known = await this.store.knownLevels(shopId);
    const differing = diffLevels(
      wanted.filter((w) => !left.has(levelKey(w))),
      known,
    );
    const skip = await untracked(differing);
    const changes = differing.filter((c) => !skip.has(levelKey(c)));
    const untrackedItems = [...tracked].filter(([id, t]) => !t && skuOf.has(id)).map(([id]) => id);
    for (const id of untrackedItems)
      ctx.skip(
        skuOf.get(id) ?? id,
        'inventory not tracked in Shopify (inventoryItem.tracked is false)',
      );
    let changed = 0;
    let skipped = 0;
    let calls = 0;
    ctx.progress(0, changes.length);
    for (const [index, batch] of batches(changes, PER_CALL).entries()) {
      ctx.throwIfCancelled();
      const outcome = await this.sendBatch(ctx, client, name, batch, known);
      changed += outcome.applied;
      skipped += outcome.skipped;
      calls += outcome.calls;
      ctx.progress(Math.min((index + 1) * PER_CALL, changes.length), changes.length);
    }
    return {
      summary: {
        levels: wanted.length,
        imported,
        activated,
        differing: changes.length,
        changed,
        skipped,
        untracked: untrackedItems.length,
        mutations: calls,
        quantityName: name,
        ...(only ? { targeted: variants.length } : {}),
        shopify: client.stats,
      },
    };
  }

  // The shop's mapped variants (with params.skus, only those; a SKU the shop does not map is a
  // skipped record).
  private variantsOf(
    ctx: TaskContext,
    mapped: MappedItem[],
    only: Set<string> | null,
  ): Array<{ sku: string; inventoryItemId: string }> {
    const all = mapped.flatMap(({ mapping }) =>
      Object.entries(mapping.inventoryItemIds).map(([sku, inventoryItemId]) => ({
        sku,
        inventoryItemId,
      })),
    );
    if (!only) return all;
    const picked = all.filter((v) => only.has(v.sku));
    const found = new Set(picked.map((v) => v.sku));
    for (const sku of only)
      if (!found.has(sku)) ctx.skip(sku, "not a variant of the shop's catalog in Shopify");
    return picked;
  }

  // inventoryActivate; false (and a skipped record) when Shopify refuses it.
  private async activate(
    ctx: TaskContext,
    client: ShopifyGraphql,
    w: Level & { record: string },
  ): Promise<boolean> {
    const level = { inventoryItemId: w.inventoryItemId, locationId: w.locationId };
    const result = await client.request<{ inventoryActivate: { userErrors: UserError[] } }>(
      CATALOG_INVENTORY_ACTIVATE,
      { ...level, key: idempotencyKey(ctx.job.id, 0, { inventoryActivate: level }) },
      { operationName: 'CatalogInventoryActivate', signal: ctx.signal },
    );
    const errors = result.inventoryActivate.userErrors;
    if (errors.length) {
      // Not stocked there: the level is skipped, not set.
      ctx.skip(w.record, `inventoryActivate refused: ${errors.map((e) => e.message).join('; ')}`);
      return false;
    }
    await this.store.saveLevels(ctx.job.shopId, [{ ...level, quantity: 0 }], this.clock.now());
    return true;
  }

  // Fills in whether Shopify tracks the inventory of the levels' items not known yet (an item
  // Shopify does not return is taken as tracked: setting its level reports what is wrong).
  private async readTracking(
    ctx: TaskContext,
    client: ShopifyGraphql,
    levels: LevelKey[],
    tracked: Map<string, boolean>,
  ): Promise<void> {
    const unknown = [...new Set(levels.map((l) => l.inventoryItemId))].filter(
      (id) => !tracked.has(id),
    );
    for (const ids of batches(unknown, PER_CALL)) {
      ctx.throwIfCancelled();
      const data = await client.request<{
        nodes: Array<{ id?: string; tracked?: boolean } | null>;
      }>(
        CATALOG_ITEMS_TRACKED,
        { ids },
        { operationName: 'CatalogItemsTracked', signal: ctx.signal },
      );
      for (const node of data.nodes)
        if (node?.id && typeof node.tracked === 'boolean') tracked.set(node.id, node.tracked);
    }
  }

  private async importLevels(
    ctx: TaskContext,
    client: ShopifyGraphql,
    locationIds: string[],
    name: string,
    bulk: boolean,
    tracked: Map<string, boolean>,
  ): Promise<Level[]> {
    const out: Level[] = [];
    const wantedLocations = new Set(locationIds);
    if (bulk) {
      for await (const line of bulkQuery(client, bulkLevelsQuery(name), {
        signal: ctx.signal,
        pollMs: 200,
        maxPollMs: 1000,
        // Another job's bulk query (Shopify runs one per shop) is waited for, not retried.
        waitForRunningMs: WAIT_FOR_OTHER_BULK_QUERY_MS,
      })) {
        const locationId = line.__parentId;
        const node = line as unknown as LevelNode;
        if (!locationId || !node.item || !wantedLocations.has(locationId)) continue;
        tracked.set(node.item.id, node.item.tracked);
        const q = node.quantities?.find((x) => x.name === name);
        if (q) out.push({ inventoryItemId: node.item.id, locationId, quantity: q.quantity });
      }
      return out;
    }
    for (const locationId of locationIds) {
      for await (const page of paginate<
        {
          location: {
            inventoryLevels: {
              nodes: LevelNode[];
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
            };
          } | null;
        },
        LevelNode
      >(client, CATALOG_LOCATION_LEVELS, {
        connection: (d) => d.location?.inventoryLevels,
        variables: { id: locationId, names: [name] },
        pageSize: 250,
        operationName: 'CatalogLocationLevels',
        signal: ctx.signal,
      })) {
        ctx.throwIfCancelled();
        for (const node of page.nodes) {
          if (node.item) tracked.set(node.item.id, node.item.tracked);
          const q = node.quantities.find((x) => x.name === name);
          if (node.item && q)
            out.push({ inventoryItemId: node.item.id, locationId, quantity: q.quantity });
        }
      }
    }
    return out;
  }

  // One batch of changes: sent; on stale levels re-read and re-sent with a new key (the input
  // changed), at most STALE_RETRIES times; what stays refused is skipped.
  private async sendBatch(
    ctx: TaskContext,
    client: ShopifyGraphql,
    name: string,
    batch: LevelChange[],
    known: Map<string, number>,
  ): Promise<{ applied: number; skipped: number; calls: number }> {
    let pending = batch;
    let skipped = 0;
    let calls = 0;
    for (let round = 0; pending.length; round++) {
      const input = {
        name,
        reason: 'correction',
        referenceDocumentUri: `gid://shopsync/SyncJob/${ctx.job.id}`,
        quantities: pending.map((c) => ({
          inventoryItemId: c.inventoryItemId,
          locationId: c.locationId,
          quantity: c.quantity,
          changeFromQuantity: c.changeFromQuantity,
        })),
      };
      const key = idempotencyKey(ctx.job.id, round, input);
      calls += 1;
      const result = await client.request<{ inventorySetQuantities: { userErrors: UserError[] } }>(
        CATALOG_INVENTORY_SET,
        { input, key },
        { operationName: 'CatalogInventorySet', signal: ctx.signal },
      );
      const errors = result.inventorySetQuantities.userErrors;
      if (!errors.length) {
        await this.store.saveLevels(ctx.job.shopId, pending, this.clock.now());
        for (const c of pending) known.set(levelKey(c), c.quantity);
        return { applied: pending.length, skipped, calls };
      }
      // The call was refused as a whole: find the changes at fault.
      const stale = new Set<number>();
      const refused = new Map<number, string>();
      for (const e of errors) {
        const index = Number(e.field?.[2]);
        if (!Number.isInteger(index) || !pending[index])
          throw new DomainError(
            ERROR_CODES.shopifyQueryFailed,
            `inventorySetQuantities refused the batch: ${e.message}`,
            'permanent',
          );
        if (e.code === STALE && round < STALE_RETRIES) stale.add(index);
        else refused.set(index, `${e.code ?? 'refused'}: ${e.message}`);
      }
      for (const [index, reason] of refused) {
        ctx.skip(pending[index].record, reason);
        skipped += 1;
      }
      const fresh = stale.size
        ? await this.reread(
            ctx,
            client,
            name,
            [...stale].map((i) => pending[i]),
          )
        : new Map<string, number>();
      for (const [k, q] of fresh) known.set(k, q);
      pending = pending.flatMap((c, i) => {
        if (refused.has(i)) return [];
        if (!stale.has(i)) return [c];
        const now = fresh.get(levelKey(c));
        if (now === c.quantity) return [];
        return [{ ...c, changeFromQuantity: now ?? null }];
      });
    }
    return { applied: 0, skipped, calls };
  }

  private async reread(
    ctx: TaskContext,
    client: ShopifyGraphql,
    name: string,
    changes: LevelChange[],
  ): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const itemIds = [...new Set(changes.map((c) => c.inventoryItemId))];
    for (const ids of batches(itemIds, REREAD_CHUNK)) {
      const data = await client.request<{
        nodes: Array<{
          id?: string;
          inventoryLevels?: {
            nodes: Array<{
              location: { id: string };
              quantities: Array<{ name: string; quantity: number }>;
            }>;
          };
        } | null>;
      }>(
        CATALOG_LEVELS_REREAD,
        { ids, names: [name] },
        { operationName: 'CatalogLevelsReread', signal: ctx.signal },
      );
      const levels: Level[] = [];
      for (const node of data.nodes)
        for (const l of node?.inventoryLevels?.nodes ?? []) {
          const q = l.quantities.find((x) => x.name === name);
          if (node?.id && q)
            levels.push({
              inventoryItemId: node.id,
              locationId: l.location.id,
              quantity: q.quantity,
            });
        }
      for (const l of levels) out.set(levelKey(l), l.quantity);
      await this.store.saveLevels(ctx.job.shopId, levels, this.clock.now());
    }
    await ctx.log('warn', 'stale inventory levels re-read', { count: changes.length });
    return out;
  }
}
