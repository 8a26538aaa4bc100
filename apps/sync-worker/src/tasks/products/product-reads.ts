import { DomainError, ERROR_CODES } from '@shopsync/shared';
import { BulkRecord, bulkQuery } from '../../shopify/bulk-query';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { Connection, paginate } from '../../shopify/pagination';
import type { MappedItem } from '../../catalog/catalog-store';
import {
  CATALOG_PRODUCT_VARIANTS,
  CATALOG_PRODUCT_VARIANTS_BULK,
  CATALOG_PRODUCTS_BY_HANDLE,
} from './products.graphql';
import { handleOf, ShopifyVariantRef } from './product-input';

// The products export's reads before it writes: handles Shopify already has, a product's variants.

// Requested cost 2 + 100 × 2; Shopify charges what comes back (a few variants, mostly).
const VARIANT_PAGE = 100;

// Items about to be created whose handle (erp-<itemNo>) Shopify already has: a create that
// went through before a crash, or a mapping made again. Their products are updated by id
// instead, so productSet by handle never drops variants it was not told of. One cheap query
// per batch; the entries found get the product id (in memory, saved with the mapping).
export async function findByHandle(
  client: ShopifyGraphql,
  batch: MappedItem[],
  signal: AbortSignal,
): Promise<Set<string>> {
  const creates = batch.filter((e) => !e.mapping.shopifyProductId && !e.item.blocked);
  if (!creates.length) return new Set();
  const byHandle = new Map(creates.map((e) => [handleOf(e.item.itemNo), e]));
  const data = await client.request<{
    products: { nodes: Array<{ id: string; handle: string }> };
  }>(
    CATALOG_PRODUCTS_BY_HANDLE,
    {
      first: creates.length,
      query: [...byHandle.keys()].map((h) => `handle:'${h}'`).join(' OR '),
    },
    { operationName: 'CatalogProductsByHandle', signal },
  );
  const found = new Set<string>();
  for (const node of data.products.nodes) {
    const entry = byHandle.get(node.handle);
    if (!entry) continue;
    entry.mapping.shopifyProductId = node.id;
    found.add(entry.item.itemNo);
  }
  return found;
}

export async function currentVariants(
  client: ShopifyGraphql,
  productId: string,
  signal: AbortSignal,
): Promise<ShopifyVariantRef[]> {
  const variants: ShopifyVariantRef[] = [];
  for await (const page of paginate<
    { product: { variants: Connection<ShopifyVariantRef> } | null },
    ShopifyVariantRef
  >(client, CATALOG_PRODUCT_VARIANTS, {
    connection: (d) => d.product?.variants,
    variables: { id: productId },
    pageSize: VARIANT_PAGE,
    operationName: 'CatalogProductVariants',
    signal,
  }))
    variants.push(...page.nodes);
  return variants;
}

// The variants of many products at once (a bulk export's updates): one bulk query of every
// product's variants, which costs the same few points (start, polls) for 10 products or 10,000,
// where one query per product costs ~3 points each. Only the wanted products' variants are
// kept while the result streams. null: Shopify is running another bulk query for the shop (it
// runs one at a time, 2026-04) — the caller reads them one by one instead.
export async function bulkCurrentVariants(
  client: ShopifyGraphql,
  productIds: string[],
  options: { signal: AbortSignal; pollMs?: number; maxPollMs?: number },
): Promise<Map<string, ShopifyVariantRef[]> | null> {
  if (!productIds.length) return new Map();
  try {
    return await variantsByProduct(
      bulkQuery(client, CATALOG_PRODUCT_VARIANTS_BULK, options),
      new Set(productIds),
    );
  } catch (error) {
    if (error instanceof DomainError && error.code === ERROR_CODES.shopifyThrottled) return null;
    throw error;
  }
}

// Groups a bulk result's variant lines (`__parentId`: their product) by product. Every wanted
// product gets a list: [] when Shopify has no such product (as the one-product read answers;
// its productSet by id then fails with Shopify's own error).
export async function variantsByProduct(
  records: AsyncIterable<BulkRecord> | Iterable<BulkRecord>,
  wanted: ReadonlySet<string>,
): Promise<Map<string, ShopifyVariantRef[]>> {
  const out = new Map<string, ShopifyVariantRef[]>([...wanted].map((id) => [id, []]));
  for await (const record of records) {
    const list = record.__parentId ? out.get(record.__parentId) : undefined;
    if (!list || typeof record.id !== 'string') continue;
    list.push({
      id: record.id,
      sku: typeof record.sku === 'string' ? record.sku : null,
      selectedOptions: Array.isArray(record.selectedOptions)
        ? (record.selectedOptions as ShopifyVariantRef['selectedOptions'])
        : [],
    });
  }
  return out;
}
