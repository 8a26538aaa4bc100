import type { ErpItemEntity, ShopProductEntity } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import {
  CATALOG_METAFIELDS_DELETE,
  CATALOG_PRICES_UPDATE,
  CATALOG_PRODUCT_RETIRE,
} from './products.graphql';

// The products task's small Shopify writes (status, metafield deletes, prices). A user error
// refuses the record (RecordRefused), never the job.

export interface UserError {
  field: string[] | null;
  message: string;
  code?: string | null;
}

export class RecordRefused extends Error {}

// A blocked item's product to draft or archived, an unblocked one's back: the status only.
export async function setProductStatus(
  client: ShopifyGraphql,
  productId: string,
  status: string,
  signal: AbortSignal,
): Promise<void> {
  const result = await client.request<{ productSet: { userErrors: UserError[] } }>(
    CATALOG_PRODUCT_RETIRE,
    { identifier: { id: productId }, input: { status } },
    { operationName: 'CatalogProductRetire', signal },
  );
  const errors = result.productSet.userErrors;
  if (errors.length) throw new RecordRefused(describe(errors));
}

export async function deleteMetafields(
  client: ShopifyGraphql,
  ownerId: string,
  metafields: Array<{ namespace: string; key: string }>,
  signal: AbortSignal,
): Promise<void> {
  const result = await client.request<{
    metafieldsDelete: { userErrors: UserError[] };
  }>(
    CATALOG_METAFIELDS_DELETE,
    { metafields: metafields.map((m) => ({ ownerId, ...m })) },
    { operationName: 'CatalogMetafieldsDelete', signal },
  );
  const errors = result.metafieldsDelete.userErrors;
  if (errors.length) throw new RecordRefused(describe(errors));
}

export async function sendPrices(
  client: ShopifyGraphql,
  mapping: ShopProductEntity,
  item: ErpItemEntity,
  signal: AbortSignal,
): Promise<void> {
  const result = await client.request<{ productVariantsBulkUpdate: { userErrors: UserError[] } }>(
    CATALOG_PRICES_UPDATE,
    {
      productId: mapping.shopifyProductId,
      variants: item.variants.map((v) => ({
        id: mapping.variantIds[v.sku],
        price: v.price,
        compareAtPrice: v.compareAtPrice,
      })),
    },
    { operationName: 'CatalogPricesUpdate', signal },
  );
  const errors = result.productVariantsBulkUpdate.userErrors;
  if (errors.length) throw new RecordRefused(describe(errors));
}

export function describe(errors: UserError[]): string {
  return (
    errors.map((e) => `${(e.field ?? []).join('.')}: ${e.message}`).join('; ') ||
    'Shopify returned no product'
  );
}

// What productSet answers: the product and its variants' ids.
export interface SetProduct {
  id: string;
  variants: {
    nodes: Array<{ id: string; sku: string | null; inventoryItem: { id: string } | null }>;
  };
}

// Only the item's own SKUs are mapped: the other variants are not shopsync's (their stock,
// prices and existence are left alone).
export function recordProductIds(
  mapping: ShopProductEntity,
  item: ErpItemEntity,
  product: SetProduct,
): void {
  const skus = new Set(item.variants.map((v) => v.sku));
  mapping.shopifyProductId = product.id;
  mapping.variantIds = {};
  mapping.inventoryItemIds = {};
  for (const v of product.variants.nodes) {
    if (!v.sku || !skus.has(v.sku)) continue;
    mapping.variantIds[v.sku] = v.id;
    if (v.inventoryItem) mapping.inventoryItemIds[v.sku] = v.inventoryItem.id;
  }
}
