import { MAX_TARGETED_SKUS, taskParamsErrors } from './task-params';

describe('taskParamsErrors: the parameters the tasks read, checked where a job is requested', () => {
  it.each([
    ['2026-11-01'],
    ['2026-11-01T08:00:00Z'],
    ['2026-11-01T08:00Z'],
    ['2026-11-01T08:00:00.123+01:00'],
    ['2024-02-29T00:00:00Z'],
  ])('takes orders params.since %s', (since) => {
    expect(taskParamsErrors('orders', { since })).toEqual([]);
  });

  it.each([
    ['2026-13-45'],
    ['2026-02-30'],
    ['2025-02-29'],
    ['2026-11-01T25:00:00Z'],
    ['yesterday'],
    ['1700000000'],
    [''],
  ])('refuses orders params.since %j, naming it', (since) => {
    expect(taskParamsErrors('orders', { since })).toEqual([
      { field: 'params.since', message: expect.stringContaining('ISO 8601') },
    ]);
  });

  it('refuses a since that is not a string', () => {
    expect(taskParamsErrors('orders', { since: 1700000000 })).toHaveLength(1);
    expect(taskParamsErrors('orders', { since: {} })).toHaveLength(1);
  });

  it('checks the inventory run’s skus and skipImport, naming the element', () => {
    expect(taskParamsErrors('inventory', { skus: ['A-1', 'B/2'], skipImport: true })).toEqual([]);
    expect(taskParamsErrors('inventory', { skus: 'A-1' })).toEqual([
      { field: 'params.skus', message: `must be an array of 1-${MAX_TARGETED_SKUS} SKUs` },
    ]);
    expect(taskParamsErrors('inventory', { skus: [] })).toHaveLength(1);
    expect(
      taskParamsErrors('inventory', { skus: Array.from({ length: 251 }, (_, i) => `S${i}`) }),
    ).toHaveLength(1);
    expect(taskParamsErrors('inventory', { skus: ['ok', 'not ok'] })).toEqual([
      { field: 'params.skus[1]', message: expect.stringContaining('must be a SKU') },
    ]);
    expect(taskParamsErrors('inventory', { skipImport: 'yes' })).toEqual([
      { field: 'params.skipImport', message: 'must be true or false' },
    ]);
  });

  it('checks products params.pricesOnly, with the prefix a batch gives', () => {
    expect(taskParamsErrors('products', { pricesOnly: 1 }, 'requests[3].')).toEqual([
      { field: 'requests[3].params.pricesOnly', message: 'must be true or false' },
    ]);
  });

  it('reads null as absent and leaves other keys and tasks free-form', () => {
    expect(taskParamsErrors('orders', { since: null, anything: { n: 1 } })).toEqual([]);
    expect(taskParamsErrors('payments', { since: 'nonsense' })).toEqual([]);
    expect(taskParamsErrors('orders', null)).toEqual([]);
    expect(taskParamsErrors('constructor', { since: 'x' })).toEqual([]);
  });
});
