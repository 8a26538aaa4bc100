import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ErpItemEntity, ErpVariantData, SkuMapping } from '@shopsync/shared';
import { contentHash, imageHash, priceHash } from './catalog-diff';
import { CatalogStore } from './catalog-store';
import {
  ErpVariantRef,
  itemNoVariantCodeCandidates,
  lookupKey,
  matchItemNoVariantCode,
} from './sku-mapping';

// A Shopify product as the import reads it (CatalogProduct fragment).
export interface ShopifyCatalogProduct {
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

// `itemUpdated`: the mapped ERP item took Shopify's content (with `updateItems`).
export type ItemImportOutcome =
  | { outcome: 'mapped' | 'created'; itemNo: string; itemUpdated?: boolean }
  | { outcome: 'skipped'; reason: string };

export interface ItemImportOptions {
  // An ERP item the product maps to takes Shopify's title, description, vendor, product type,
  // tags and, per SKU it has, price, compare-at price and barcode (products.shopifyCanUpdateItems).
  updateItems?: boolean;
  // How Shopify variants are matched with ERP variants (products.skuMapping, skuSeparator).
  skuMapping?: SkuMapping;
  skuSeparator?: string;
}

// The ERP item number a product imported from Shopify gets.
export const importedItemNo = (productId: string): string =>
  `SHOPIFY-${productId.split('/').pop() ?? productId}`;

export function erpItemFromProduct(product: ShopifyCatalogProduct, now: Date): ErpItemEntity {
  const options = product.options.map((o) => o.name).filter((n) => n !== 'Title');
  return {
    itemNo: importedItemNo(product.id),
    title: product.title,
    description: product.descriptionHtml || null,
    vendor: product.vendor || null,
    productType: product.productType || null,
    tags: product.tags,
    options,
    variants: product.variants.nodes.flatMap((v) =>
      v.sku ? [erpVariantOf(v, v.sku, options)] : [],
    ),
    imageUrls: [],
    updatedAt: now,
  };
}

type ShopifyVariant = ShopifyCatalogProduct['variants']['nodes'][number];

function erpVariantOf(v: ShopifyVariant, sku: string, options: string[]): ErpVariantData {
  return {
    sku,
    options: options.map((name) => v.selectedOptions.find((s) => s.name === name)?.value ?? ''),
    price: Number(v.price).toFixed(2),
    compareAtPrice: v.compareAtPrice ? Number(v.compareAtPrice).toFixed(2) : null,
    barcode: v.barcode,
    weightGrams: null,
  };
}

// Shopify product → ERP item, matched by SKU (or barcode, or item no. + variant code: the
// shop's products.skuMapping): a product whose variants belong to one ERP item is
// mapped to it; one whose SKUs no item has becomes a new item when `autoCreate` (the products
// task from Shopify, and the sales-orders task for an order line with an unknown SKU).
@Injectable()
export class ShopifyItemImport {
  constructor(
    private readonly store: CatalogStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async importProduct(
    shopId: string,
    product: ShopifyCatalogProduct,
    autoCreate: boolean,
    { updateItems = false, skuMapping = 'sku', skuSeparator = '-' }: ItemImportOptions = {},
  ): Promise<ItemImportOutcome> {
    const variants = product.variants.nodes;
    if (!variants.some((v) => lookupKey(v, skuMapping)))
      return {
        outcome: 'skipped',
        reason: `the product has no variant with a ${skuMapping === 'barcode' ? 'barcode' : 'SKU'}`,
      };
    const matched = await this.matchVariants(variants, skuMapping, skuSeparator);
    const itemNos = new Set([...matched.values()].map((m) => m.itemNo));
    if (itemNos.size > 1)
      return {
        outcome: 'skipped',
        reason: `its ${skuMapping === 'barcode' ? 'barcodes' : 'SKUs'} belong to several ERP items: ${[...itemNos].join(', ')}`,
      };
    const now = this.clock.now();
    let itemNo = [...itemNos][0];
    let created = false;
    // The ERP item as Shopify has it now, when this import made it so: the next export then
    // finds it unchanged instead of sending every imported product back.
    let inStep: ErpItemEntity | null = null;
    if (itemNo && updateItems) inStep = await this.updateItem(itemNo, product, matched, now);
    const itemUpdated = inStep !== null;
    if (!itemNo) {
      if (!autoCreate)
        return {
          outcome: 'skipped',
          reason: `no ERP item has its ${skuMapping === 'barcode' ? 'barcodes' : 'SKUs'} (auto-create is off)`,
        };
      const item = erpItemFromProduct(product, now);
      itemNo = item.itemNo;
      await this.store.saveItem(item);
      created = true;
      inStep = item;
      for (const v of variants) if (v.sku) matched.set(v.id, { sku: v.sku, itemNo });
    }
    const prior = await this.store.mapping(shopId, itemNo);
    const own = variants.flatMap((v) => {
      const erp = matched.get(v.id);
      return erp ? [{ sku: erp.sku, variant: v }] : [];
    });
    await this.store.saveMapping({
      ...prior,
      shopId,
      itemNo,
      shopifyProductId: product.id,
      variantIds: Object.fromEntries(own.map((o) => [o.sku, o.variant.id])),
      inventoryItemIds: Object.fromEntries(
        own.flatMap((o) => (o.variant.inventoryItem ? [[o.sku, o.variant.inventoryItem.id]] : [])),
      ),
      // Otherwise unknown until the next push compares: the ERP item stays the source of its
      // content.
      contentHash: inStep ? contentHash(inStep) : (prior?.contentHash ?? null),
      priceHash: inStep ? priceHash(inStep) : (prior?.priceHash ?? null),
      imageHash: prior?.imageHash ?? imageHash([]),
      lastSyncedAt: now,
      lastError: null,
      addedAt: prior?.addedAt ?? now,
    });
    return { outcome: created ? 'created' : 'mapped', itemNo, itemUpdated };
  }

  // Shopify variant id → the ERP variant it is, under the shop's SKU mapping.
  private async matchVariants(
    variants: ShopifyCatalogProduct['variants']['nodes'],
    mapping: SkuMapping,
    separator: string,
  ): Promise<Map<string, ErpVariantRef>> {
    const out = new Map<string, ErpVariantRef>();
    if (mapping === 'item-no-variant-code') {
      const skus = variants.flatMap((v) => (v.sku ? [{ id: v.id, sku: v.sku }] : []));
      const candidates = skus.flatMap((v) =>
        itemNoVariantCodeCandidates(v.sku, separator).map((c) => c.itemNo),
      );
      const items = new Map(
        (await this.store.items([...new Set(candidates)])).map((i) => [i.itemNo, i]),
      );
      for (const v of skus) {
        const found = matchItemNoVariantCode(v.sku, separator, items);
        if (found) out.set(v.id, found);
      }
      return out;
    }
    const keys = variants.flatMap((v) => {
      const key = lookupKey(v, mapping);
      return key ? [{ id: v.id, key }] : [];
    });
    const found =
      mapping === 'barcode'
        ? await this.store.variantsByBarcode(keys.map((k) => k.key))
        : new Map(
            [...(await this.store.itemNosBySku(keys.map((k) => k.key)))].map(([sku, itemNo]) => [
              sku,
              { sku, itemNo },
            ]),
          );
    for (const k of keys) {
      const erp = found.get(k.key);
      if (erp) out.set(k.id, erp);
    }
    return out;
  }

  // Saved only when something differs. Variants are neither added nor removed: SKUs stay the
  // ERP item's (a SKU Shopify has that the item lacks is left out).
  private async updateItem(
    itemNo: string,
    product: ShopifyCatalogProduct,
    matched: Map<string, ErpVariantRef>,
    now: Date,
  ): Promise<ErpItemEntity | null> {
    const item = await this.store.item(itemNo);
    if (!item) return null;
    const fromShopify = erpItemFromProduct(product, now);
    // Shopify's variant values by the ERP SKU each variant was matched with.
    const bySku = new Map(
      product.variants.nodes.flatMap((v) => {
        const erp = matched.get(v.id);
        return erp ? [[erp.sku, erpVariantOf(v, erp.sku, fromShopify.options)] as const] : [];
      }),
    );
    const next: ErpItemEntity = {
      ...item,
      title: fromShopify.title,
      description: fromShopify.description,
      vendor: fromShopify.vendor,
      productType: fromShopify.productType,
      tags: fromShopify.tags,
      variants: item.variants.map((v) => {
        const theirs = bySku.get(v.sku);
        return theirs
          ? {
              ...v,
              price: theirs.price,
              compareAtPrice: theirs.compareAtPrice,
              barcode: theirs.barcode,
            }
          : v;
      }),
    };
    if (contentHash(next) === contentHash(item) && priceHash(next) === priceHash(item)) return null;
    const saved = { ...next, updatedAt: now };
    await this.store.saveItem(saved);
    return saved;
  }
}
