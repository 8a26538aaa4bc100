import { DomainError, ERROR_CODES } from '@shopsync/shared';
import type { BulkRecord } from '../../shopify/bulk-query';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { bulkCurrentVariants, variantsByProduct } from './product-reads';

const P1 = 'gid://shopify/Product/1';
const P2 = 'gid://shopify/Product/2';
const P3 = 'gid://shopify/Product/3';
const size = (value: string) => [{ name: 'Size', value }];

// What CATALOG_PRODUCT_VARIANTS_BULK's result file holds: a product line, its variants after it.
const lines: BulkRecord[] = [
  { id: P1 },
  { id: 'gid://shopify/ProductVariant/11', sku: 'A-S', selectedOptions: size('S'), __parentId: P1 },
  { id: P2 },
  { id: 'gid://shopify/ProductVariant/21', sku: null, selectedOptions: size('M'), __parentId: P2 },
  { id: 'gid://shopify/ProductVariant/12', sku: 'A-L', selectedOptions: size('L'), __parentId: P1 },
];

async function* stream(records: BulkRecord[]): AsyncGenerator<BulkRecord> {
  for (const r of records) yield r;
}

describe('variantsByProduct', () => {
  it('groups the variant lines by their product, in file order, keeping only the wanted ones', async () => {
    const out = await variantsByProduct(stream(lines), new Set([P1]));
    expect([...out.keys()]).toEqual([P1]);
    expect(out.get(P1)).toEqual([
      { id: 'gid://shopify/ProductVariant/11', sku: 'A-S', selectedOptions: size('S') },
      { id: 'gid://shopify/ProductVariant/12', sku: 'A-L', selectedOptions: size('L') },
    ]);
  });

  it('gives a product Shopify does not have an empty list, and a variant without SKU null', async () => {
    const out = await variantsByProduct(lines, new Set([P2, P3]));
    expect(out.get(P3)).toEqual([]);
    expect(out.get(P2)).toEqual([
      { id: 'gid://shopify/ProductVariant/21', sku: null, selectedOptions: size('M') },
    ]);
  });
});

describe('bulkCurrentVariants', () => {
  const signal = new AbortController().signal;
  const client = (message: string) => {
    const calls: string[] = [];
    const fake = {
      shop: { code: 'acme' },
      request: async (document: string) => {
        calls.push(document);
        return {
          bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: null, message }] },
        };
      },
    };
    return { calls, client: fake as unknown as ShopifyGraphql };
  };

  it('asks nothing for no products', async () => {
    const fake = client('unused');
    await expect(bulkCurrentVariants(fake.client, [], { signal })).resolves.toEqual(new Map());
    expect(fake.calls).toHaveLength(0);
  });

  it('answers null while Shopify runs another bulk query for the shop', async () => {
    const fake = client(
      'A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/9.',
    );
    await expect(bulkCurrentVariants(fake.client, [P1], { signal })).resolves.toBeNull();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toContain('bulkOperationRunQuery');
  });

  it('lets any other refusal through', async () => {
    const fake = client('Invalid bulk query: Field nope does not exist');
    const refused = bulkCurrentVariants(fake.client, [P1], { signal });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({ code: ERROR_CODES.shopifyQueryFailed });
  });
});
