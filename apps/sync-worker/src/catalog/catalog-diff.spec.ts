import type { ErpItemEntity } from '@shopsync/shared';
import {
  batches,
  contentHash,
  diffLevels,
  idempotencyKey,
  imageHash,
  levelKey,
  priceHash,
} from './catalog-diff';

const item = (patch: Partial<ErpItemEntity> = {}): ErpItemEntity => ({
  itemNo: 'A',
  title: 'Shirt',
  description: null,
  vendor: 'Acme',
  productType: null,
  tags: ['x'],
  options: ['Size'],
  variants: [
    {
      sku: 'A-S',
      options: ['S'],
      price: '10.00',
      compareAtPrice: null,
      barcode: null,
      weightGrams: null,
    },
  ],
  imageUrls: ['https://img/a.jpg'],
  updatedAt: new Date(0),
  ...patch,
});

describe('catalog hashes', () => {
  it('ignore prices, images and timestamps in the content hash', () => {
    const base = item();
    expect(contentHash(item({ updatedAt: new Date(5), imageUrls: [] }))).toBe(contentHash(base));
    const repriced = item({ variants: [{ ...base.variants[0], price: '11.00' }] });
    expect(contentHash(repriced)).toBe(contentHash(base));
    expect(priceHash(repriced)).not.toBe(priceHash(base));
    expect(contentHash(item({ title: 'Shirt 2' }))).not.toBe(contentHash(base));
  });

  it('do not depend on key order and see image order', () => {
    const a = item();
    const b = {
      ...a,
      variants: a.variants.map(({ sku, ...rest }) => ({ ...rest, sku })),
    };
    expect(contentHash(b)).toBe(contentHash(a));
    expect(imageHash(['a', 'b'])).not.toBe(imageHash(['b', 'a']));
  });
});

describe('inventory diff and batches', () => {
  const wanted = [
    { inventoryItemId: 'i2', locationId: 'l1', quantity: 5, record: 'B@l1' },
    { inventoryItemId: 'i1', locationId: 'l1', quantity: 3, record: 'A@l1' },
    { inventoryItemId: 'i1', locationId: 'l2', quantity: 0, record: 'A@l2' },
  ];

  it('keeps only differing levels, sorted, with the known level as changeFromQuantity', () => {
    const known = new Map([
      [levelKey({ inventoryItemId: 'i1', locationId: 'l1' }), 3],
      [levelKey({ inventoryItemId: 'i2', locationId: 'l1' }), 1],
    ]);
    expect(diffLevels(wanted, known)).toEqual([
      {
        inventoryItemId: 'i1',
        locationId: 'l2',
        quantity: 0,
        changeFromQuantity: null,
        record: 'A@l2',
      },
      {
        inventoryItemId: 'i2',
        locationId: 'l1',
        quantity: 5,
        changeFromQuantity: 1,
        record: 'B@l1',
      },
    ]);
  });

  it('makes nothing of unchanged stock', () => {
    const known = new Map(wanted.map((w) => [levelKey(w), w.quantity]));
    expect(diffLevels(wanted, known)).toEqual([]);
  });

  it('cuts batches of at most the given size', () => {
    const sizes = batches(
      Array.from({ length: 601 }, (_, i) => i),
      250,
    ).map((b) => b.length);
    expect(sizes).toEqual([250, 250, 101]);
  });

  it('derives the same key for the same job, round and input, another otherwise', () => {
    const input = [{ a: 1 }];
    const key = idempotencyKey('job', 0, input);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKey('job', 0, [{ a: 1 }])).toBe(key);
    expect(idempotencyKey('job', 1, input)).not.toBe(key);
    expect(idempotencyKey('job2', 0, input)).not.toBe(key);
    expect(idempotencyKey('job', 0, [{ a: 2 }])).not.toBe(key);
  });
});
