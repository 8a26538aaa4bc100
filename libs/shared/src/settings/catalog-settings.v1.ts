import { IsBoolean, IsIn, IsInt, Matches, Min } from 'class-validator';
import { InventoryLocationSettingV1, parseInventoryLocations } from './inventory-locations.v1';

// The catalog side's sections of a shop's settings. Versioned like the contracts: a published
// shape never changes (add a V2). Field initializers are the defaults.

export const SYNC_DIRECTIONS = ['to-shopify', 'from-shopify', 'off'] as const;
export type SyncDirection = (typeof SYNC_DIRECTIONS)[number];
export const DIRECTED_TASKS = ['products', 'images'] as const;
export type DirectedTask = (typeof DIRECTED_TASKS)[number];
export const QUANTITY_NAMES = ['available', 'on_hand'] as const;
export type QuantityName = (typeof QUANTITY_NAMES)[number];
export const PRODUCT_STATUSES_ON_CREATE = ['active', 'draft'] as const;
export type ProductStatusOnCreate = (typeof PRODUCT_STATUSES_ON_CREATE)[number];
export const REMOVED_ITEM_ACTIONS = ['none', 'draft', 'archive'] as const;
export type RemovedItemAction = (typeof REMOVED_ITEM_ACTIONS)[number];
export const INVENTORY_POLICIES = ['deny', 'continue'] as const;
export type InventoryPolicy = (typeof INVENTORY_POLICIES)[number];
export const SKU_MAPPINGS = ['sku', 'barcode', 'item-no-variant-code'] as const;
export type SkuMapping = (typeof SKU_MAPPINGS)[number];

const oneOf = (values: readonly string[]) => ({ message: `must be one of ${values.join(', ')}` });
const BOOLEAN = { message: 'must be a boolean' };

// settings.directions: which way the tasks that can run either way go.
export class DirectionsSettingsV1 {
  static readonly unknownKey = `only ${DIRECTED_TASKS.join(', ')} have a direction`;

  @IsIn(SYNC_DIRECTIONS, oneOf(SYNC_DIRECTIONS))
  products: SyncDirection = 'to-shopify';

  @IsIn(SYNC_DIRECTIONS, oneOf(SYNC_DIRECTIONS))
  images: SyncDirection = 'to-shopify';
}

export class ProductsSettingsV1 {
  // false (the reference's default): new products are created, existing ones are left alone
  // (prices-only runs and removedItemAction still go out).
  @IsBoolean(BOOLEAN)
  canUpdateShopifyProducts = false;

  // The status of products the export creates.
  @IsIn(PRODUCT_STATUSES_ON_CREATE, oneOf(PRODUCT_STATUSES_ON_CREATE))
  statusOnCreate: ProductStatusOnCreate = 'active';

  // What happens to the Shopify product of an item the ERP marks blocked.
  @IsIn(REMOVED_ITEM_ACTIONS, oneOf(REMOVED_ITEM_ACTIONS))
  removedItemAction: RemovedItemAction = 'none';

  // Variants the export creates: whether Shopify tracks their inventory, and whether they can
  // be sold when out of stock. Existing variants keep what they have.
  @IsBoolean(BOOLEAN)
  inventoryTracked = true;

  @IsIn(INVENTORY_POLICIES, oneOf(INVENTORY_POLICIES))
  inventoryPolicy: InventoryPolicy = 'deny';

  // from-shopify: unknown SKUs become ERP items instead of skipped records.
  @IsBoolean(BOOLEAN)
  autoCreateUnknownItems = false;

  // from-shopify: an ERP item a product maps to takes Shopify's content and prices.
  @IsBoolean(BOOLEAN)
  shopifyCanUpdateItems = false;

  // from-shopify: what a Shopify variant's SKU is matched with on the ERP side (the ERP SKU, the
  // ERP barcode, or <item no.><skuSeparator><variant code>).
  @IsIn(SKU_MAPPINGS, oneOf(SKU_MAPPINGS))
  skuMapping: SkuMapping = 'sku';

  @Matches(/^[^A-Za-z0-9\s]{1,3}$/, {
    message: 'must be 1-3 characters that are neither letters, digits nor spaces',
  })
  skuSeparator = '-';

  // The namespace of the product metafields the ERP item attributes become (Shopify: 3-255
  // characters; letters, digits, "-" and "_").
  @Matches(/^[A-Za-z0-9_-]{3,255}$/, {
    message: 'must be 3-255 letters, digits, "-" or "_"',
  })
  metafieldNamespace = 'shopsync';

  // At least this many products to create or update: the export sends them as one bulk
  // mutation (outside Shopify's per-query budget) instead of one productSet each; 0: never.
  @Min(0, { message: 'must be at least 0' })
  @IsInt({ message: 'must be a whole number' })
  bulkExportThreshold = 100;
}

export class InventorySettingsV1 {
  static readonly parsers = { locations: parseInventoryLocations };

  @IsIn(QUANTITY_NAMES, oneOf(QUANTITY_NAMES))
  quantityName: QuantityName = 'available';

  // A calculated quantity below 0 is sent as 0; off, the negative number is sent.
  @IsBoolean(BOOLEAN)
  negativeAsZero = true;

  // Per Shopify location: the stock calculation and the ERP locations summed into it. A
  // location not listed keeps its mapping (PUT /locations: one ERP location code, on hand −
  // reserved, when stock sync is on).
  locations: InventoryLocationSettingV1[] = [];
}

export class CatalogSettingsV1 {
  // Read with a bulk query above this many records.
  @Min(0, { message: 'must be at least 0' })
  @IsInt({ message: 'must be a whole number' })
  bulkThreshold = 2000;
}
