// Money as integer cents: Shopify's decimal strings in, two-place decimal strings out. Nothing
// here goes through a float sum.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

// '12.3' → 1230, '-0.05' → -5, '7' → 700. More than two places round half away from zero.
export function toCents(value: string | null | undefined): number {
  if (value === null || value === undefined || value.trim() === '') return 0;
  const m = DECIMAL.exec(value.trim());
  if (!m || (m[2] === '' && !m[3])) throw new Error(`not a decimal amount: '${value}'`);
  const whole = Number(m[2] || '0');
  const fraction = (m[3] ?? '').padEnd(3, '0');
  let cents = whole * 100 + Number(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) cents += 1;
  return m[1] === '-' && cents !== 0 ? -cents : cents;
}

export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new Error(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export const sumCents = (values: number[]): number => values.reduce((a, b) => a + b, 0);

// `total` split in proportion to `weights` (largest remainder): the parts always add up to the
// total; a tie goes to the earlier part. All-zero weights split evenly.
export function prorate(total: number, weights: number[]): number[] {
  if (!weights.length) return [];
  const w = weights.every((x) => x === 0) ? weights.map(() => 1) : weights.map((x) => Math.abs(x));
  const sum = BigInt(sumCents(w));
  const sign = total < 0 ? -1n : 1n;
  const abs = BigInt(Math.abs(total));
  const parts = w.map((x) => (abs * BigInt(x)) / sum);
  const remainders = w.map((x, i) => ({ i, r: (abs * BigInt(x)) % sum }));
  let left = abs - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left <= 0n) break;
    parts[i] += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p * sign));
}

// cents / n to the cent, half away from zero.
export function divideCents(cents: number, n: number): number {
  if (n === 0) throw new Error('division by zero');
  const q = Math.abs(cents) / Math.abs(n);
  const rounded = Math.floor(q) + ((Math.abs(cents) % Math.abs(n)) * 2 >= Math.abs(n) ? 1 : 0);
  return Math.sign(cents) * Math.sign(n) * rounded || 0;
}

// a / b as a decimal string with `places` places (half up), both in cents; null when b is 0.
export function ratio(a: number, b: number, places = 6): string | null {
  if (b === 0) return null;
  const scale = 10n ** BigInt(places);
  const num = BigInt(Math.abs(a)) * scale;
  const den = BigInt(Math.abs(b));
  let q = num / den;
  if ((num % den) * 2n >= den) q += 1n;
  const negative = a < 0 !== b < 0 && q !== 0n;
  const digits = q.toString().padStart(places + 1, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
