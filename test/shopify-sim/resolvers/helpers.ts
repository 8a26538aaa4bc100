import { GraphQLError } from 'graphql';
import { Connection, PageArgs, paginate, SortKey } from '../connection';
import { legacyId, parseGid } from '../gid';
import { UserErrorRecord } from '../state/catalog';
import { formatCents, MoneyPair } from '../state/money';
import { Args, SimContext } from './context';

// Small helpers shared by the resolver maps.

export function moneyV2(
  amount: string | number,
  currencyCode: string,
): { amount: string; currencyCode: string } {
  return { amount: typeof amount === 'number' ? amount.toFixed(2) : amount, currencyCode };
}

export interface Currencies {
  currencyCode: string;
  presentmentCurrencyCode: string;
}

// Each side of a MoneyBag is its own amount (cents), in its own currency.
export function moneyBag(pair: MoneyPair, currencies: Currencies) {
  return {
    shopMoney: moneyV2(formatCents(pair.shop), currencies.currencyCode),
    presentmentMoney: moneyV2(formatCents(pair.presentment), currencies.presentmentCurrencyCode),
  };
}

export function exactCount(count: number): { count: number; precision: 'EXACT' } {
  return { count, precision: 'EXACT' };
}

export function idNumber(id: string): number {
  return parseGid(id)?.id ?? 0;
}

export { legacyId };

// Sort keys Shopify accepts map to record fields; the id breaks ties so cursors are stable.
export function sortKeyFor<T extends { id: string }>(
  sortKey: unknown,
  fields: Record<string, (item: T) => string | number>,
): (item: T) => SortKey {
  const pick = typeof sortKey === 'string' ? fields[sortKey] : undefined;
  return (item) => (pick ? [pick(item), idNumber(item.id)] : [idNumber(item.id)]);
}

export function page<T extends { id: string }>(
  items: readonly T[],
  args: Args,
  ctx: SimContext,
  sortFields: Record<string, (item: T) => string | number> = {},
): Connection<T> {
  return paginate(items, args as PageArgs, sortKeyFor(args.sortKey, sortFields), ctx.bulk);
}

// Lists that take `first` (not connections) are simply truncated.
export function firstOf<T>(items: readonly T[], args: Args): T[] {
  return typeof args.first === 'number' ? items.slice(0, args.first) : [...items];
}

export function userErrors(errors: UserErrorRecord[], withCode = true) {
  return errors.map((e) => (withCode ? e : { field: e.field, message: e.message }));
}

export function notFoundError(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND' } });
}

export function stripHtml(html: string): string {
  return html.replace(/<[^>]*>/g, '').trim();
}
