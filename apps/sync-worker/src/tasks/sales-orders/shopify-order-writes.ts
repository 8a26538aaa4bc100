import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import type { ShopifyCatalogProduct } from '../../catalog/shopify-item-import';
import {
  ORDER_ATTRIBUTES,
  ORDER_CLOSE,
  ORDER_SET_ATTRIBUTES,
  ORDER_SET_METAFIELD,
  PRODUCTS_BY_SKU,
} from './sales-orders.graphql';

// The sales-orders task's Shopify calls. Each answers null when done, or what Shopify refused.

const SKUS_PER_CALL = 4;

export const DOCUMENT_NUMBER_ATTRIBUTE = 'ERP document number';
export const DOCUMENT_NUMBER_METAFIELD = { namespace: 'shopsync', key: 'erp_document_number' };

interface UserError {
  field: string[] | null;
  message: string;
}

const refused = (errors: UserError[]): string | null =>
  errors.length
    ? errors.map((e) => `${(e.field ?? []).join('.') || 'input'}: ${e.message}`).join('; ')
    : null;

// A SKU as a search value: quoted, with quotes and backslashes escaped.
const skuTerm = (sku: string) => `sku:'${sku.replace(/[\\']/g, (c) => `\\${c}`)}'`;

// The products that hold any of `skus`, four SKUs (so at most four products) per call: one
// product with 50 variants is ~150 points, four stay well under Shopify's 1,000 per query.
export async function productsBySku(
  client: ShopifyGraphql,
  skus: string[],
  signal?: AbortSignal,
): Promise<ShopifyCatalogProduct[]> {
  const found = new Map<string, ShopifyCatalogProduct>();
  for (let i = 0; i < skus.length; i += SKUS_PER_CALL) {
    const chunk = skus.slice(i, i + SKUS_PER_CALL);
    const data = await client.request<{ products: { nodes: ShopifyCatalogProduct[] } }>(
      PRODUCTS_BY_SKU,
      { first: chunk.length, query: chunk.map(skuTerm).join(' OR ') },
      { operationName: 'ProductsBySku', signal },
    );
    for (const p of data.products.nodes) found.set(p.id, p);
  }
  return [...found.values()];
}

export async function writeDocumentNumber(
  client: ShopifyGraphql,
  target: 'attribute' | 'metafield',
  shopifyOrderId: string,
  number: string,
  signal?: AbortSignal,
): Promise<string | null> {
  if (target === 'metafield') {
    const data = await client.request<{ metafieldsSet: { userErrors: UserError[] } }>(
      ORDER_SET_METAFIELD,
      {
        metafields: [
          {
            ownerId: shopifyOrderId,
            ...DOCUMENT_NUMBER_METAFIELD,
            type: 'single_line_text_field',
            value: number,
          },
        ],
      },
      { operationName: 'OrderSetMetafield', signal },
    );
    return refused(data.metafieldsSet.userErrors);
  }
  // orderUpdate replaces the attributes: read the current ones and keep them.
  const current = await client.request<{
    order: { customAttributes: Array<{ key: string; value: string | null }> } | null;
  }>(ORDER_ATTRIBUTES, { id: shopifyOrderId }, { operationName: 'OrderAttributes', signal });
  if (!current.order) return 'the order no longer exists in Shopify';
  const attributes = current.order.customAttributes
    .filter((a) => a.key !== DOCUMENT_NUMBER_ATTRIBUTE)
    .map((a) => ({ key: a.key, value: a.value ?? '' }));
  const data = await client.request<{ orderUpdate: { userErrors: UserError[] } }>(
    ORDER_SET_ATTRIBUTES,
    {
      input: {
        id: shopifyOrderId,
        customAttributes: [...attributes, { key: DOCUMENT_NUMBER_ATTRIBUTE, value: number }],
      },
    },
    { operationName: 'OrderSetAttributes', signal },
  );
  return refused(data.orderUpdate.userErrors);
}

export async function closeOrder(
  client: ShopifyGraphql,
  shopifyOrderId: string,
  signal?: AbortSignal,
): Promise<string | null> {
  const data = await client.request<{ orderClose: { userErrors: UserError[] } }>(
    ORDER_CLOSE,
    { input: { id: shopifyOrderId } },
    { operationName: 'OrderClose', signal },
  );
  return refused(data.orderClose.userErrors);
}
