import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, Clock, ErpItemEntity } from '@shopsync/shared';
import { contentHash, imageHash, priceHash } from './catalog-diff';
import { CatalogStore } from './catalog-store';

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
  };
}

// Shopify product → ERP item, matched by SKU: a product whose SKUs belong to one ERP item is
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
    { updateItems = false }: ItemImportOptions = {},
  ): Promise<ItemImportOutcome> {
    const variants = product.variants.nodes;
    const skus = variants.flatMap((v) => (v.sku ? [v.sku] : []));
    if (!skus.length)
      return { outcome: 'skipped', reason: 'the product has no variant with a SKU' };
    const owners = await this.store.itemNosBySku(skus);
    const itemNos = new Set(owners.values());
    if (itemNos.size > 1)
      return {
        outcome: 'skipped',
        reason: `its SKUs belong to several ERP items: ${[...itemNos].join(', ')}`,
      };
    const now = this.clock.now();
    let itemNo = [...itemNos][0];
    let created = false;
    // The ERP item as Shopify has it now, when this import made it so: the next export then
    // finds it unchanged instead of sending every imported product back.
    let inStep: ErpItemEntity | null = null;
    if (itemNo && updateItems) inStep = await this.updateItem(itemNo, product, now);
    const itemUpdated = inStep !== null;
    if (!itemNo) {
      if (!autoCreate)
        return { outcome: 'skipped', reason: 'no ERP item has its SKUs (auto-create is off)' };
      const item = erpItemFromProduct(product, now);
      itemNo = item.itemNo;
      await this.store.saveItem(item);
      created = true;
      inStep = item;
    }
    const prior = await this.store.mapping(shopId, itemNo);
    await this.store.saveMapping({
      shopId,
      itemNo,
      shopifyProductId: product.id,
      variantIds: Object.fromEntries(variants.flatMap((v) => (v.sku ? [[v.sku, v.id]] : []))),
      inventoryItemIds: Object.fromEntries(
        variants.flatMap((v) => (v.sku && v.inventoryItem ? [[v.sku, v.inventoryItem.id]] : [])),
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

  // Saved only when something differs. Variants are neither added nor removed: SKUs stay the
  // ERP item's (a SKU Shopify has that the item lacks is left out).
  private async updateItem(
    itemNo: string,
    product: ShopifyCatalogProduct,
    now: Date,
  ): Promise<ErpItemEntity | null> {
    const item = await this.store.item(itemNo);
    if (!item) return null;
    const fromShopify = erpItemFromProduct(product, now);
    const bySku = new Map(fromShopify.variants.map((v) => [v.sku, v]));
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
