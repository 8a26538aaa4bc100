import { firstInputProblem, MAX_JSON_DEPTH } from './input-shape';

const nested = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('firstInputProblem', () => {
  it('accepts ordinary JSON up to the depth limit', () => {
    expect(firstInputProblem({ a: [1, 'x', null, { b: true }] }, 'body')).toBeUndefined();
    expect(firstInputProblem(nested(MAX_JSON_DEPTH), 'body')).toBeUndefined();
  });

  it('refuses nesting one level past the limit, naming the body', () => {
    expect(firstInputProblem(nested(MAX_JSON_DEPTH + 1), 'body')).toEqual({
      field: 'body',
      message: 'nested deeper than 64 levels',
    });
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(firstInputProblem(deep, 'body')?.message).toBe('nested deeper than 64 levels');
  });

  it('names the field holding a NUL character, in values and keys', () => {
    expect(firstInputProblem({ items: [{ ok: 'a' }, { title: 'a\u0000b' }] }, 'body')).toEqual({
      field: 'items[1].title',
      message: 'must not contain a NUL character (U+0000)',
    });
    expect(firstInputProblem({ params: { 'k\u0000': 1 } }, 'body')?.field).toBe('params.k\\u0000');
    expect(firstInputProblem('/v1/shops/a\u0000', 'path')?.field).toBe('path');
    expect(firstInputProblem({ shop: 'a\u0000' }, 'query')?.field).toBe('shop');
  });
});
