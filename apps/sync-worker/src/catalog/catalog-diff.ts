import { createHash } from 'node:crypto';
import type { ErpItemEntity } from '@shopsync/shared';

// Pure helpers of the catalog tasks: content hashes (what "changed" means), inventory diffs
// and batches, deterministic idempotency keys.

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

export function hashOf(value: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

// Everything productSet sends except prices and images (they have their own hashes, so a
// price change can go out as a cheap price update and images in their own task). Fields added
// later count only when set, so the hashes of items without them stay what they were
// (attributes with the namespace their metafields go to).
export function contentHash(item: ErpItemEntity, metafieldNamespace?: string): string {
  return hashOf({
    ...(item.blocked ? { blocked: true } : {}),
    ...(item.attributes?.length
      ? { attributes: item.attributes, metafieldNamespace: metafieldNamespace ?? null }
      : {}),
    title: item.title,
    description: item.description,
    vendor: item.vendor,
    productType: item.productType,
    tags: item.tags,
    options: item.options,
    variants: item.variants.map((v) => ({
      sku: v.sku,
      options: v.options,
      barcode: v.barcode,
      weightGrams: v.weightGrams,
      ...(v.unitCost ? { unitCost: v.unitCost } : {}),
    })),
  });
}

export function priceHash(item: ErpItemEntity): string {
  return hashOf(item.variants.map((v) => [v.sku, v.price, v.compareAtPrice]));
}

export function imageHash(urls: string[]): string {
  return hashOf(urls);
}

export interface LevelKey {
  inventoryItemId: string;
  locationId: string;
}

export interface LevelChange extends LevelKey {
  quantity: number;
  // The last known Shopify level; null when none is known (no compare check).
  changeFromQuantity: number | null;
  // What the change is about, for skipped records: `<sku>@<location>`.
  record: string;
}

export const levelKey = (k: LevelKey): string => `${k.inventoryItemId}|${k.locationId}`;

// The levels that differ between what the ERP wants and what Shopify is known to hold, in a
// stable order (so batches, and their idempotency keys, are the same on a re-run).
export function diffLevels(
  wanted: Array<LevelKey & { quantity: number; record: string }>,
  known: Map<string, number>,
): LevelChange[] {
  return wanted
    .filter((w) => known.get(levelKey(w)) !== w.quantity)
    .map((w) => ({ ...w, changeFromQuantity: known.get(levelKey(w)) ?? null }))
    .sort((a, b) => (levelKey(a) < levelKey(b) ? -1 : levelKey(a) > levelKey(b) ? 1 : 0));
}

export function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// A UUID-shaped key from the job, the retry round and the exact input of the call: the same
// call after a crash carries the same key (Shopify replays it instead of applying it again); a
// different input (a retry after CHANGE_FROM_QUANTITY_STALE) gets a new one.
export function idempotencyKey(jobId: string, round: number, input: unknown): string {
  const h = hashOf({ jobId, round, input });
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
