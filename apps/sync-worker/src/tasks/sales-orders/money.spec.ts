import { divideCents, formatCents, prorate, ratio, toCents } from './money';

describe('money', () => {
  it.each([
    ['12.30', 1230],
    ['12.3', 1230],
    ['7', 700],
    ['-0.05', -5],
    ['0.00', 0],
    ['-0.00', 0],
    ['.5', 50],
    ['1.005', 101],
    ['-1.005', -101],
    ['1.004', 100],
    ['', 0],
  ])('reads %p as %p cents', (text, cents) => {
    expect(toCents(text)).toBe(cents);
  });

  it('refuses what is not a decimal amount', () => {
    expect(() => toCents('12,30')).toThrow("not a decimal amount: '12,30'");
    expect(() => toCents('abc')).toThrow();
    expect(() => toCents('.')).toThrow();
  });

  it.each([
    [1230, '12.30'],
    [5, '0.05'],
    [-5, '-0.05'],
    [-1234567, '-12345.67'],
    [0, '0.00'],
  ])('writes %p cents as %p', (cents, text) => {
    expect(formatCents(cents)).toBe(text);
  });

  it('refuses a fraction of a cent', () => {
    expect(() => formatCents(1.5)).toThrow();
  });

  it('prorates by largest remainder, the parts adding up to the total', () => {
    expect(prorate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(prorate(10, [3, 1])).toEqual([8, 2]);
    expect(prorate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(prorate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(prorate(7, [0, 0])).toEqual([4, 3]);
    expect(prorate(0, [5, 3])).toEqual([0, 0]);
    expect(prorate(5, [])).toEqual([]);
    // The largest remainder wins, not the first.
    expect(prorate(10, [1, 2])).toEqual([3, 7]);
    for (const [total, weights] of [
      [9999, [333, 1, 7777, 12]],
      [1, [5, 5]],
      [123456789, [98765432, 12345678, 1]],
    ] as Array<[number, number[]]>)
      expect(prorate(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('divides cents half away from zero', () => {
    expect(divideCents(1000, 3)).toBe(333);
    expect(divideCents(1001, 2)).toBe(501);
    expect(divideCents(-1001, 2)).toBe(-501);
    expect(divideCents(0, 4)).toBe(0);
    expect(() => divideCents(1, 0)).toThrow();
  });

  it('states a ratio to six places, null for a zero divisor', () => {
    expect(ratio(9132, 10000)).toBe('0.913200');
    expect(ratio(2, 3)).toBe('0.666667');
    expect(ratio(10000, 9132)).toBe('1.095050');
    expect(ratio(-1, 3)).toBe('-0.333333');
    expect(ratio(1, 0)).toBeNull();
  });
});
