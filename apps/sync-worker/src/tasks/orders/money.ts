import type { MoneyPair } from '@shopsync/shared';

// Shopify's Decimal scalar ("12.5", "-3", "0.125") in whole cents, without going through a
// float. A third decimal (three-decimal currencies) rounds half away from zero: staging keeps two.
export function toCents(amount: string | number | null | undefined): number {
  if (amount === null || amount === undefined || amount === '') return 0;
  const text = String(amount).trim();
  const m = /^([-+])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) throw new Error(`not a decimal amount: '${text}'`);
  const fraction = (m[3] ?? '').padEnd(3, '0');
  const cents =
    Number(m[2] || '0') * 100 + Number(fraction.slice(0, 2)) + (Number(fraction[2]) >= 5 ? 1 : 0);
  return m[1] === '-' && cents !== 0 ? -cents : cents;
}

export function fromCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

// A decimal amount as a two-place string: "4.5" → "4.50".
export const decimal2 = (amount: string | number | null | undefined): string =>
  fromCents(toCents(amount));

export interface ShopifyMoneyBag {
  shopMoney: { amount: string };
  presentmentMoney: { amount: string };
}

export function moneyPair(bag: ShopifyMoneyBag | null | undefined): MoneyPair {
  return {
    shop: decimal2(bag?.shopMoney.amount),
    presentment: decimal2(bag?.presentmentMoney.amount),
  };
}

export const ZERO: MoneyPair = { shop: '0.00', presentment: '0.00' };

export function sumPairs(pairs: MoneyPair[]): MoneyPair {
  let shop = 0;
  let presentment = 0;
  for (const p of pairs) {
    shop += toCents(p.shop);
    presentment += toCents(p.presentment);
  }
  return { shop: fromCents(shop), presentment: fromCents(presentment) };
}
