import { ErpItemEntity, ErpItemV1, parseErpInbound, ValidationFailed } from '@shopsync/shared';
import { ErpCatalogService } from './erp-catalog.service';

// The items inbox's checks across fields of images and attributes, and what it stores of them.
describe('ErpCatalogService items: images and attributes', () => {
  let saved: ErpItemEntity[];
  const repo = {
    skuOwners: async () => new Map<string, string>(),
    saveItems: async (items: ErpItemEntity[]) => {
      saved = items;
    },
  };
  const service = new ErpCatalogService(repo as never, { now: () => new Date(0) });
  const item = (patch: Partial<ErpItemV1> = {}): ErpItemV1 => ({
    itemNo: 'TEE',
    title: 'Tee',
    options: ['Size'],
    variants: [
      { sku: 'TEE-S', options: ['S'], price: 10 },
      { sku: 'TEE-M', options: ['M'], price: 10 },
    ],
    ...patch,
  });
  const refusal = async (i: ErpItemV1) => {
    const error = await service.upsertItems([i]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailed);
    return (error as ValidationFailed).details;
  };

  beforeEach(() => (saved = []));

  it('stores images with their hashes, variant images and codes, attributes with a type', async () => {
    await service.upsertItems([
      item({
        images: [
          { url: 'https://img/a.jpg', contentHash: 'abcdef0123' },
          { url: 'https://img/b.jpg' },
        ],
        variants: [
          {
            sku: 'TEE-S',
            options: ['S'],
            price: 10,
            variantCode: 'S',
            image: { url: 'https://img/s.jpg', contentHash: 'ffff0000aa' },
          },
          { sku: 'TEE-M', options: ['M'], price: 10 },
        ],
        attributes: [
          { key: 'material', value: 'cotton' },
          { key: 'weight_g', value: '180', type: 'number_integer' },
        ],
      }),
    ]);
    expect(saved[0]).toMatchObject({
      imageUrls: ['https://img/a.jpg', 'https://img/b.jpg'],
      imageHashes: { 'https://img/a.jpg': 'abcdef0123', 'https://img/s.jpg': 'ffff0000aa' },
      attributes: [
        { key: 'material', value: 'cotton', type: 'single_line_text_field' },
        { key: 'weight_g', value: '180', type: 'number_integer' },
      ],
    });
    expect(saved[0].variants[0]).toMatchObject({ variantCode: 'S', imageUrl: 'https://img/s.jpg' });
    expect(saved[0].variants[1].imageUrl).toBeUndefined();
  });

  it('refuses images with imageUrls, two hashes for one URL, a repeated attribute key', async () => {
    expect(
      await refusal(
        item({
          imageUrls: ['https://img/a.jpg'],
          images: [{ url: 'https://img/a.jpg', contentHash: 'abcdef0123' }],
          variants: [
            {
              sku: 'TEE-S',
              options: ['S'],
              price: 10,
              image: { url: 'https://img/a.jpg', contentHash: '9999999999' },
            },
            { sku: 'TEE-M', options: ['M'], price: 10 },
          ],
          attributes: [
            { key: 'fit', value: 'slim' },
            { key: 'fit', value: 'loose' },
          ],
        }),
      ),
    ).toEqual([
      { field: 'items[0].images', message: 'give images or imageUrls, not both' },
      {
        field: 'items[0].variants[0].image.contentHash',
        message: 'differs from the contentHash given for the same url',
      },
      { field: 'items[0].attributes[1].key', message: 'is also items[0].attributes[0]' },
    ]);
    expect(saved).toEqual([]);
  });

  it('bounds attributes and hashes in the contract', async () => {
    const raw = (data: Record<string, unknown>) =>
      parseErpInbound({ entity: 'item', data: { ...item(), ...data } });
    await expect(
      raw({ attributes: Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' })) }),
    ).rejects.toThrow(/data\.attributes/);
    await expect(raw({ attributes: [{ key: 'k', value: 'v' }] })).rejects.toThrow(/key must be/);
    await expect(raw({ attributes: [{ key: 'kk', value: 'v', type: 'json' }] })).rejects.toThrow(
      /type must be one of/,
    );
    await expect(
      raw({ images: [{ url: 'https://img/a.jpg', contentHash: 'short' }] }),
    ).rejects.toThrow(/contentHash must be/);
  });
});
