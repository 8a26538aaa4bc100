import { JsonObject, syncDirection, SyncDirection } from '@shopsync/shared';

// The shop settings the catalog tasks read (all optional):
//   directions.products / directions.images: 'to-shopify' (default) | 'from-shopify' | 'off'
//   products.canUpdateShopifyProducts (default true): push changes of products already in Shopify
//   products.autoCreateUnknownItems (default false): from-shopify creates ERP items for unknown SKUs
//   inventory.quantityName: 'available' (default) | 'on_hand'
//   catalog.bulkThreshold (default 2000): read with a bulk query above this many records
export interface CatalogSettings {
  productsDirection: SyncDirection;
  imagesDirection: SyncDirection;
  canUpdateShopifyProducts: boolean;
  autoCreateUnknownItems: boolean;
  quantityName: 'available' | 'on_hand';
  bulkThreshold: number;
}

function section(settings: JsonObject | null | undefined, name: string): Record<string, unknown> {
  const value = settings?.[name];
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function catalogSettings(settings: JsonObject | null | undefined): CatalogSettings {
  const products = section(settings, 'products');
  const inventory = section(settings, 'inventory');
  const catalog = section(settings, 'catalog');
  const threshold = Number(catalog.bulkThreshold);
  return {
    productsDirection: syncDirection(settings, 'products'),
    imagesDirection: syncDirection(settings, 'images'),
    canUpdateShopifyProducts: products.canUpdateShopifyProducts !== false,
    autoCreateUnknownItems: products.autoCreateUnknownItems === true,
    quantityName: inventory.quantityName === 'on_hand' ? 'on_hand' : 'available',
    bulkThreshold: Number.isFinite(threshold) && threshold >= 0 ? threshold : 2000,
  };
}
