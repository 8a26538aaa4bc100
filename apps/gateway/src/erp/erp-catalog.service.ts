import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  ErpItemEntity,
  ErpItemV1,
  ErpStockEntity,
  ErpStockV1,
  FieldError,
  ValidationFailed,
} from '@shopsync/shared';
import { ErpCatalogRepository } from './erp-catalog.repository';

export function money(value: number | null | undefined): string | null {
  return value === null || value === undefined ? null : value.toFixed(2);
}

// The ERP inbox for items and stock, shared by HTTP and Kafka. A batch is checked as a whole
// (rules the field validators cannot see: SKUs unique, one option value per option name) and
// written in one transaction, or refused with every bad field named.
@Injectable()
export class ErpCatalogService {
  constructor(
    private readonly repo: ErpCatalogRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async upsertItems(items: ErpItemV1[], prefix = 'items'): Promise<{ upserted: number }> {
    const errors: FieldError[] = [];
    const seenItems = new Map<string, number>();
    const seenSkus = new Map<string, string>();
    items.forEach((item, i) => {
      const at = `${prefix}[${i}]`;
      if (seenItems.has(item.itemNo))
        errors.push({
          field: `${at}.itemNo`,
          message: `is also ${prefix}[${seenItems.get(item.itemNo)}]`,
        });
      seenItems.set(item.itemNo, i);
      const optionCount = item.options?.length ?? 0;
      if (optionCount === 0 && item.variants.length > 1)
        errors.push({ field: `${at}.options`, message: 'are required for more than one variant' });
      errors.push(...contentProblems(item, at));
      const combos = new Set<string>();
      item.variants.forEach((v, j) => {
        const vat = `${at}.variants[${j}]`;
        if (seenSkus.has(v.sku))
          errors.push({ field: `${vat}.sku`, message: `is also in ${seenSkus.get(v.sku)}` });
        seenSkus.set(v.sku, vat);
        if (v.options.length !== optionCount)
          errors.push({
            field: `${vat}.options`,
            message: `must hold ${optionCount} value(s), one per option of the item`,
          });
        const combo = v.options.join('\u0000');
        if (combos.has(combo))
          errors.push({ field: `${vat}.options`, message: 'repeat another variant of the item' });
        combos.add(combo);
      });
    });
    if (!errors.length) {
      const owners = await this.repo.skuOwners([...seenSkus.keys()]);
      for (const [sku, at] of seenSkus) {
        const owner = owners.get(sku);
        const item = items[Number(/^[^[]*\[(\d+)\]/.exec(at)?.[1] ?? -1)];
        if (owner && item && owner !== item.itemNo && !seenItems.has(owner))
          errors.push({ field: `${at}.sku`, message: `belongs to item '${owner}'` });
      }
    }
    if (errors.length) throw new ValidationFailed(errors, 'the items were not stored');
    const now = this.clock.now();
    await this.repo.saveItems(items.map((item) => toItemEntity(item, now)));
    return { upserted: items.length };
  }

  async upsertStock(stock: ErpStockV1[], prefix = 'stock'): Promise<{ upserted: number }> {
    const errors: FieldError[] = [];
    const seen = new Map<string, number>();
    stock.forEach((s, i) => {
      const key = `${s.sku}\u0000${s.locationCode}`;
      if (seen.has(key))
        errors.push({
          field: `${prefix}[${i}]`,
          message: `repeats ${prefix}[${seen.get(key)}] (same sku and locationCode)`,
        });
      seen.set(key, i);
    });
    if (errors.length) throw new ValidationFailed(errors, 'the stock was not stored');
    const now = this.clock.now();
    await this.repo.saveStock(
      stock.map((s) => ({
        sku: s.sku,
        locationCode: s.locationCode,
        // The contract holds exactly one of them.
        quantity: s.onHand ?? s.quantity ?? 0,
        reserved: s.reserved ?? 0,
        incoming: s.incoming ?? 0,
        updatedAt: now,
      })) satisfies ErpStockEntity[],
    );
    return { upserted: stock.length };
  }
}

// What the field validators cannot see in an item's images and attributes.
function contentProblems(item: ErpItemV1, at: string): FieldError[] {
  const errors: FieldError[] = [];
  if (item.images && item.imageUrls)
    errors.push({ field: `${at}.images`, message: 'give images or imageUrls, not both' });
  const hashes = new Map<string, string>();
  const images = [
    ...(item.images ?? []).map((image, i) => ({ image, field: `${at}.images[${i}]` })),
    ...item.variants.flatMap((v, j) =>
      v.image ? [{ image: v.image, field: `${at}.variants[${j}].image` }] : [],
    ),
  ];
  for (const { image, field } of images) {
    if (!image.contentHash) continue;
    const known = hashes.get(image.url);
    if (known !== undefined && known !== image.contentHash)
      errors.push({
        field: `${field}.contentHash`,
        message: 'differs from the contentHash given for the same url',
      });
    hashes.set(image.url, image.contentHash);
  }
  const keys = new Map<string, number>();
  (item.attributes ?? []).forEach((a, i) => {
    if (keys.has(a.key))
      errors.push({
        field: `${at}.attributes[${i}].key`,
        message: `is also ${at}.attributes[${keys.get(a.key)}]`,
      });
    keys.set(a.key, i);
  });
  return errors;
}

function imageHashesOf(item: ErpItemV1): Record<string, string> | null {
  const images = [...(item.images ?? []), ...item.variants.flatMap((v) => v.image ?? [])];
  const out = Object.fromEntries(
    images.flatMap((i) => (i.contentHash ? [[i.url, i.contentHash]] : [])),
  );
  return Object.keys(out).length ? out : null;
}

function toItemEntity(item: ErpItemV1, now: Date): ErpItemEntity {
  return {
    itemNo: item.itemNo,
    title: item.title,
    description: item.description ?? null,
    vendor: item.vendor ?? null,
    productType: item.productType ?? null,
    tags: item.tags ?? [],
    options: item.options ?? [],
    variants: item.variants.map((v) => ({
      sku: v.sku,
      options: v.options,
      price: money(v.price) ?? '0.00',
      compareAtPrice: money(v.compareAtPrice),
      barcode: v.barcode ?? null,
      weightGrams: v.weightGrams ?? null,
      unitCost: money(v.unitCost),
      ...(v.variantCode ? { variantCode: v.variantCode } : {}),
      ...(v.image ? { imageUrl: v.image.url } : {}),
    })),
    imageUrls: item.images ? item.images.map((i) => i.url) : (item.imageUrls ?? []),
    imageHashes: imageHashesOf(item),
    attributes: item.attributes?.length
      ? item.attributes.map((a) => ({
          key: a.key,
          value: a.value,
          type: a.type ?? 'single_line_text_field',
        }))
      : null,
    blocked: item.blocked ?? false,
    updatedAt: now,
  };
}
