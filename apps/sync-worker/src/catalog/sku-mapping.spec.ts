import { itemNoVariantCodeCandidates, lookupKey, matchItemNoVariantCode } from './sku-mapping';

describe('SKU mapping', () => {
  it('splits a SKU at every separator, the whole SKU being an item no. too', () => {
    expect(itemNoVariantCodeCandidates('TEE-1-RED', '-')).toEqual([
      { itemNo: 'TEE-1-RED', variantCode: null },
      { itemNo: 'TEE', variantCode: '1-RED' },
      { itemNo: 'TEE-1', variantCode: 'RED' },
    ]);
    expect(itemNoVariantCodeCandidates('A//B', '//')).toEqual([
      { itemNo: 'A//B', variantCode: null },
      { itemNo: 'A', variantCode: 'B' },
    ]);
  });

  it('finds the ERP variant by item no. and variant code, or the item alone', () => {
    const items = new Map([
      [
        'TEE-1',
        {
          variants: [
            { sku: 'T1-R', variantCode: 'RED' },
            { sku: 'T1-B', variantCode: 'BLUE' },
          ],
        },
      ],
      ['MUG', { variants: [{ sku: 'MUG-STD' }] }],
    ]);
    expect(matchItemNoVariantCode('TEE-1-BLUE', '-', items)).toEqual({
      sku: 'T1-B',
      itemNo: 'TEE-1',
    });
    expect(matchItemNoVariantCode('MUG', '-', items)).toEqual({ sku: 'MUG-STD', itemNo: 'MUG' });
    expect(matchItemNoVariantCode('TEE-1-GREEN', '-', items)).toBeNull();
    expect(matchItemNoVariantCode('TEE-1', '-', items)).toBeNull();
  });

  it('looks a variant up by its barcode or its SKU', () => {
    const v = { id: 'v', sku: 'S-1', barcode: '871' };
    expect(lookupKey(v, 'barcode')).toBe('871');
    expect(lookupKey(v, 'sku')).toBe('S-1');
    expect(lookupKey({ ...v, barcode: '' }, 'barcode')).toBeNull();
  });
});
