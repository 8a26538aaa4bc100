import { ValidationFailed } from '@shopsync/shared';
import { skuParam } from './inventory-params';

describe('inventory params.skus', () => {
  it('is absent for a full run and a set of SKUs for a targeted one', () => {
    expect(skuParam(undefined)).toBeNull();
    expect(skuParam(['A-1', 'B-2', 'A-1'])).toEqual(new Set(['A-1', 'B-2']));
  });

  it.each([
    [[], 'params.skus'],
    ['A-1', 'params.skus'],
    [Array.from({ length: 251 }, (_, i) => `S${i}`), 'params.skus'],
    [['A-1', 'bad sku'], 'params.skus[1]'],
    [['A-1', 7], 'params.skus[1]'],
  ])('refuses %j naming %s', (value, field) => {
    let error: unknown;
    try {
      skuParam(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationFailed);
    expect((error as ValidationFailed).details?.map((d) => d.field)).toEqual([field]);
  });
});
