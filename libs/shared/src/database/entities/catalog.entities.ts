import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// The ERP side of the catalog (written by the ERP inbox) and each shop's mapping of it to
// Shopify (written by the catalog sync tasks). Prices are decimal strings ("12.50") so hashes
// and comparisons with Shopify's Money values are exact.

export interface ErpVariantData {
  sku: string;
  options: string[];
  price: string;
  compareAtPrice: string | null;
  barcode: string | null;
  weightGrams: number | null;
  // The variant's unit cost (Shopify's inventory item cost); absent when the ERP sends none.
  unitCost?: string | null;
  variantCode?: string | null;
  // The variant's image (its hash, when the ERP gave one, is in the item's imageHashes).
  imageUrl?: string | null;
}

export interface ErpAttributeData {
  key: string;
  value: string;
  type: string;
}

@Entity('erp_items')
export class ErpItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  itemNo: string;

  @Column({ type: 'varchar', length: 255 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  vendor: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  productType: string | null;

  @Column({ type: 'simple-json' })
  tags: string[];

  // Option names, e.g. ["Size", "Color"]; each variant has one value per name.
  @Column({ type: 'simple-json' })
  options: string[];

  @Column({ type: 'simple-json' })
  variants: ErpVariantData[];

  @Column({ type: 'simple-json' })
  imageUrls: string[];

  // Image URL → the ERP's content hash, for the images it gave one (item and variant images).
  @Column({ type: 'simple-json', nullable: true })
  imageHashes?: Record<string, string> | null;

  // Exported as product metafields; null or absent: none.
  @Column({ type: 'simple-json', nullable: true })
  attributes?: ErpAttributeData[] | null;

  // Blocked (or removed) in the ERP: no new product is made of it, and the shop's
  // products.removedItemAction applies to an existing one. Optional so that writers from before
  // it keep compiling; the column defaults to false.
  @Column({ type: 'boolean', default: false })
  blocked?: boolean;

  @DateTimeColumn()
  updatedAt: Date;
}

// One row per variant SKU: the index the stock, the shop catalog and the import match by.
@Entity('erp_item_variants')
@Index('ix_erp_item_variants_item', ['itemNo'])
@Index('ix_erp_item_variants_barcode', ['barcode'])
export class ErpItemVariantEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku: string;

  @Column({ type: 'varchar', length: 64 })
  itemNo: string;

  // products.skuMapping barcode matches by it.
  @Column({ type: 'varchar', length: 64, nullable: true })
  barcode?: string | null;
}

// The index rows of an item's variants (both writers of items keep them).
export function variantIndexRows(item: ErpItemEntity): ErpItemVariantEntity[] {
  return item.variants.map((v) => ({ sku: v.sku, itemNo: item.itemNo, barcode: v.barcode }));
}

// One SKU at one ERP location, by quantity type.
@Entity('erp_stock')
export class ErpStockEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sku: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  locationCode: string;

  // On hand (the column keeps its first name).
  @Column({ type: 'integer' })
  quantity: number;

  @Column({ type: 'integer', default: 0 })
  reserved: number;

  @Column({ type: 'integer', default: 0 })
  incoming: number;

  @DateTimeColumn()
  updatedAt: Date;
}

// A shop's catalog: ERP items added to the shop, with their Shopify ids once created.
@Entity('shop_products')
@Index('ix_shop_products_shopify', ['shopId', 'shopifyProductId'])
export class ShopProductEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  itemNo: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  shopifyProductId: string | null;

  // SKU → Shopify variant id / inventory item id.
  @Column({ type: 'simple-json' })
  variantIds: Record<string, string>;

  @Column({ type: 'simple-json' })
  inventoryItemIds: Record<string, string>;

  // Hash of everything but prices and images; prices and images have their own.
  @Column({ type: 'varchar', length: 64, nullable: true })
  contentHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  priceHash: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  imageHash: string | null;

  // Image URL → Shopify media id of the images shopsync set: the images task replaces these
  // and keeps every other media of the product. Null (not recorded yet) keeps them all.
  @Column({ type: 'simple-json', nullable: true })
  mediaIds?: Record<string, string> | null;

  // Image URL → the content hash its media was uploaded with ("sha256:<hex>" of the bytes, or
  // "erp:<hash>"): an image whose hash changed is uploaded again, at the same URL too.
  @Column({ type: 'simple-json', nullable: true })
  imageHashes?: Record<string, string> | null;

  // SKU → media id shopsync attached to that variant.
  @Column({ type: 'simple-json', nullable: true })
  variantMedia?: Record<string, string> | null;

  // "<namespace>.<key>" → hash of the type and value last set as a product metafield.
  @Column({ type: 'simple-json', nullable: true })
  metafields?: Record<string, string> | null;

  // The status shopsync gave the product when its item was blocked ('DRAFT' | 'ARCHIVED');
  // null when not retired. An item unblocked gets its product back to statusOnCreate.
  @Column({ type: 'varchar', length: 16, nullable: true })
  retiredAs?: string | null;

  @DateTimeColumn({ nullable: true })
  lastSyncedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @DateTimeColumn()
  addedAt: Date;
}

// An item just added to a shop's catalog: nothing sent to Shopify yet.
export function newShopProduct(shopId: string, itemNo: string, addedAt: Date): ShopProductEntity {
  return {
    shopId,
    itemNo,
    shopifyProductId: null,
    variantIds: {},
    inventoryItemIds: {},
    contentHash: null,
    priceHash: null,
    imageHash: null,
    lastSyncedAt: null,
    lastError: null,
    addedAt,
  };
}

@Entity('shop_locations')
export class ShopLocationEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  shopifyLocationId: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  erpLocationCode: string | null;

  @Column({ type: 'boolean', default: false })
  stockSync: boolean;

  @DateTimeColumn()
  importedAt: Date;
}

// The last Shopify level the inventory task saw or set: the diff base and changeFromQuantity.
@Entity('shop_inventory_levels')
export class ShopInventoryLevelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  inventoryItemId: string;

  @PrimaryColumn({ type: 'varchar', length: 100 })
  locationId: string;

  @Column({ type: 'integer' })
  quantity: number;

  @DateTimeColumn()
  updatedAt: Date;
}

// Per shop and name (e.g. `products.from-shopify`): where an incremental task left off.
@Entity('sync_cursors')
export class SyncCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  shopId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'text' })
  value: string;

  @DateTimeColumn()
  updatedAt: Date;
}

export const CATALOG_ENTITIES = [
  ErpItemEntity,
  ErpItemVariantEntity,
  ErpStockEntity,
  ShopProductEntity,
  ShopLocationEntity,
  ShopInventoryLevelEntity,
  SyncCursorEntity,
];
