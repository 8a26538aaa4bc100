import { coveringFulfillments, FoundFulfillment } from './landed-fulfillments';

const line = (orderLineId: string, sku: string, quantity: number) => ({
  orderLineId,
  sku,
  quantity,
});
const made = (
  id: string,
  lines: FoundFulfillment['lines'],
  over: Partial<FoundFulfillment> = {},
) => ({
  id,
  status: 'SUCCESS',
  lines,
  truncated: false,
  ...over,
});

describe('coveringFulfillments', () => {
  const lines = [
    { sku: 'A', quantity: 3, shopifyOrderLineId: 'gid://shopify/LineItem/1' },
    { sku: 'B', quantity: 2 },
  ];

  it('takes the unrecorded fulfillments that hold every unit still to send', () => {
    const found = [
      made('F1', [line('gid://shopify/LineItem/1', 'A', 3)]),
      made('F2', [line('gid://shopify/LineItem/2', 'B', 2)]),
    ];
    expect(coveringFulfillments(lines, [0, 0], found, [])).toEqual(['F1', 'F2']);
  });

  it('counts what earlier calls sent, and leaves the recorded fulfillments out', () => {
    const found = [
      made('F0', [line('gid://shopify/LineItem/1', 'A', 3)]),
      made('F1', [line('gid://shopify/LineItem/2', 'B', 2)]),
    ];
    expect(coveringFulfillments(lines, [3, 0], found, ['F0'])).toEqual(['F1']);
  });

  it('is null when something is left uncovered, or the fulfillment is not a success', () => {
    const short = [made('F1', [line('gid://shopify/LineItem/1', 'A', 3), line('x', 'B', 1)])];
    expect(coveringFulfillments(lines, [0, 0], short, [])).toBeNull();
    const other = [made('F1', [line('gid://shopify/LineItem/9', 'A', 3), line('x', 'B', 2)])];
    // The line named by its order line id is not matched by SKU.
    expect(coveringFulfillments(lines, [0, 0], other, [])).toBeNull();
    const cancelled = [
      made('F1', [line('gid://shopify/LineItem/1', 'A', 3), line('x', 'B', 2)], {
        status: 'CANCELLED',
      }),
    ];
    expect(coveringFulfillments(lines, [0, 0], cancelled, [])).toBeNull();
    const truncated = [
      made('F1', [line('gid://shopify/LineItem/1', 'A', 3), line('x', 'B', 2)], {
        truncated: true,
      }),
    ];
    expect(coveringFulfillments(lines, [0, 0], truncated, [])).toBeNull();
    expect(coveringFulfillments(lines, [0, 0], [], [])).toBeNull();
  });
});
