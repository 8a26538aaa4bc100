import type { ErpItemEntity, ShopProductEntity } from '@shopsync/shared';
import { productInput } from './product-input';

const item: ErpItemEntity = {
  itemNo: 'TEE',
  title: 'Tee',
  description: null,
  vendor: null,
  productType: null,
  tags: [],
  options: ['Size'],
  variants: ['S', 'M'].map((size) => ({
    sku: `TEE-${size}`,
    options: [size],
    price: '10.00',
    compareAtPrice: null,
    barcode: null,
    weightGrams: null,
  })),
  imageUrls: [],
  updatedAt: new Date(0),
};
const mapping = (variantIds: Record<string, string>): ShopProductEntity => ({
  shopId: 's',
  itemNo: 'TEE',
  shopifyProductId: 'gid://shopify/Product/1',
  variantIds,
  inventoryItemIds: {},
  contentHash: null,
  priceHash: null,
  imageHash: null,
  lastSyncedAt: null,
  lastError: null,
  addedAt: new Date(0),
});
const size = (value: string) => [{ name: 'Size', value }];
const options = {
  locationIds: ['gid://shopify/Location/1'],
  settings: { inventoryTracked: true, inventoryPolicy: 'deny' as const },
};
const ids = (plan: ReturnType<typeof productInput>) =>
  'refused' in plan
    ? plan.refused
    : (plan.input.variants as Array<{ id?: string }>).map((v) => v.id ?? 'new');

describe('productInput', () => {
  it('matches by SKU before the mapping, and creates a variant whose mapped id is gone', () => {
    const plan = productInput(
      item,
      mapping({
        'TEE-S': 'gid://shopify/ProductVariant/9',
        'TEE-M': 'gid://shopify/ProductVariant/8',
      }),
      [
        { id: 'gid://shopify/ProductVariant/7', sku: 'TEE-S', selectedOptions: size('S') },
        { id: 'gid://shopify/ProductVariant/6', sku: 'OTHER', selectedOptions: size('XL') },
      ],
      options,
    );
    // TEE-S by its SKU (7, not the stale 9); TEE-M's 8 no longer exists: created; 6 kept.
    expect(ids(plan)).toEqual([
      'gid://shopify/ProductVariant/7',
      'new',
      'gid://shopify/ProductVariant/6',
    ]);
    if ('refused' in plan) throw new Error(plan.refused);
    expect(plan.kept).toEqual(['gid://shopify/ProductVariant/6']);
    expect(plan.input.variants).toContainEqual({
      id: 'gid://shopify/ProductVariant/6',
      optionValues: [{ optionName: 'Size', name: 'XL' }],
    });
    expect(plan.input.productOptions).toEqual([
      { name: 'Size', values: [{ name: 'S' }, { name: 'M' }, { name: 'XL' }] },
    ]);
  });

  it('sends tracking and policy on created variants only', () => {
    const plan = productInput(
      item,
      mapping({}),
      [{ id: 'gid://shopify/ProductVariant/7', sku: 'TEE-S', selectedOptions: size('S') }],
      { ...options, settings: { inventoryTracked: false, inventoryPolicy: 'continue' } },
    );
    if ('refused' in plan) throw new Error(plan.refused);
    const [existing, created] = plan.input.variants as Array<Record<string, unknown>>;
    expect(existing).not.toHaveProperty('inventoryPolicy');
    expect(existing.inventoryItem).toEqual({ sku: 'TEE-S' });
    expect(created).toMatchObject({
      inventoryPolicy: 'CONTINUE',
      inventoryItem: { sku: 'TEE-M', tracked: false },
      inventoryQuantities: [
        { locationId: 'gid://shopify/Location/1', name: 'available', quantity: 0 },
      ],
    });
  });

  it('lists nothing but the ERP variants for a create', () => {
    expect(ids(productInput(item, mapping({}), null, options))).toEqual(['new', 'new']);
  });
});
