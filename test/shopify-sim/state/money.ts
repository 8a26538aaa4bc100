// Order money in integer cents, on both sides Shopify reports: the shop currency and the
// presentment currency (what the buyer saw). Every stored amount is converted to presentment on
// its own and rounded, as Shopify does, so a presentment sum may differ by a cent from the
// converted shop sum; derived amounts are always sums of the stored ones, side by side.

export interface MoneyPair {
  shop: number;
  presentment: number;
}

export type Side = keyof MoneyPair;
export const SIDES: readonly Side[] = ['shop', 'presentment'];

export const ZERO: MoneyPair = { shop: 0, presentment: 0 };

export function toCents(amount: string | number): number {
  const n = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(n)) throw new Error(`shopify-sim: ${String(amount)} is not an amount`);
  return Math.round(n * 100);
}

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// A shop amount and its presentment conversion (presentment units per shop unit).
export function converted(shopCents: number, rate: number): MoneyPair {
  return { shop: shopCents, presentment: Math.round(shopCents * rate) };
}

export function perSide(f: (side: Side) => number): MoneyPair {
  return { shop: f('shop'), presentment: f('presentment') };
}

export function sum(pairs: readonly MoneyPair[]): MoneyPair {
  return perSide((s) => pairs.reduce((acc, p) => acc + p[s], 0));
}

export function minus(a: MoneyPair, b: MoneyPair): MoneyPair {
  return perSide((s) => a[s] - b[s]);
}

export function times(a: MoneyPair, n: number): MoneyPair {
  return perSide((s) => a[s] * n);
}

export function prorate(total: number, part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((total * part) / whole);
}

export function proratePair(total: MoneyPair, part: number, whole: number): MoneyPair {
  return perSide((s) => prorate(total[s], part, whole));
}

// Splits cents over weights, largest remainder first, so the parts add up exactly.
export function split(total: number, weights: readonly number[]): number[] {
  const whole = weights.reduce((a, w) => a + w, 0);
  if (whole <= 0) return weights.map(() => 0);
  const exact = weights.map((w) => (total * w) / whole);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, p) => a + p, 0);
  const order = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] += 1;
    left -= 1;
  }
  return parts;
}
