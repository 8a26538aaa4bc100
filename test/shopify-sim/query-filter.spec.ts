import { paginate } from './connection';
import { filterBySearch, parseSearchQuery } from './query-filter';

describe('search syntax', () => {
  const items = [
    {
      id: 1,
      updatedAt: '2026-01-01T10:00:00Z',
      status: 'open',
      sku: ['A-1', 'A-2'],
      title: 'Blue mug',
    },
    { id: 2, updatedAt: '2026-01-02T10:00:00Z', status: 'closed', sku: ['B-1'], title: 'Red mug' },
    { id: 3, updatedAt: '2026-01-03T10:00:00Z', status: 'open', sku: [], title: 'Green cap' },
  ];
  const accessors = {
    updated_at: (i: (typeof items)[0]) => i.updatedAt,
    status: (i: (typeof items)[0]) => i.status,
    sku: (i: (typeof items)[0]) => i.sku,
    id: (i: (typeof items)[0]) => i.id,
  };
  const ids = (query: string) =>
    filterBySearch(items, query, accessors, (i) => i.title).map((i) => i.id);

  it('parses fields, operators and quotes', () => {
    expect(
      parseSearchQuery("updated_at:>'2026-01-01T00:00:00Z' -status:closed").alternatives[0],
    ).toEqual([
      { field: 'updated_at', op: '>', value: '2026-01-01T00:00:00Z', negated: false },
      { field: 'status', op: ':', value: 'closed', negated: true },
    ]);
  });

  it('filters by time, status, list values, OR and free text', () => {
    expect(ids("updated_at:>'2026-01-01T10:00:00Z'")).toEqual([2, 3]);
    expect(ids("updated_at:>='2026-01-01T10:00:00Z' status:open")).toEqual([1, 3]);
    expect(ids('sku:A-2')).toEqual([1]);
    expect(ids('sku:B* OR status:open')).toEqual([1, 2, 3]);
    expect(ids('mug -status:closed')).toEqual([1]);
    expect(ids('id:>1')).toEqual([2, 3]);
    expect(ids('unknown_field:x')).toEqual([1, 2, 3]);
  });
});

describe('cursor pagination', () => {
  const items = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
  const key = (i: { id: number }) => [i.id];

  it('pages forward with after and reports hasNextPage', () => {
    const first = paginate(items, { first: 3 }, key);
    expect(first.nodes.map((n) => n.id)).toEqual([1, 2, 3]);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = paginate(items, { first: 3, after: first.pageInfo.endCursor }, key);
    expect(second.nodes.map((n) => n.id)).toEqual([4, 5, 6]);
    const last = paginate(items, { first: 3, after: second.pageInfo.endCursor }, key);
    expect(last.nodes.map((n) => n.id)).toEqual([7]);
    expect(last.pageInfo.hasNextPage).toBe(false);
  });

  it('supports last/before and reverse', () => {
    expect(paginate(items, { last: 2 }, key).nodes.map((n) => n.id)).toEqual([6, 7]);
    expect(paginate(items, { first: 2, reverse: true }, key).nodes.map((n) => n.id)).toEqual([
      7, 6,
    ]);
  });

  it('requires first or last like Shopify, except in bulk operations', () => {
    expect(() => paginate(items, {}, key)).toThrow('you must provide one of first or last');
    expect(() => paginate(items, { first: 251 }, key)).toThrow();
    expect(paginate(items, {}, key, true).nodes).toHaveLength(7);
  });
});
