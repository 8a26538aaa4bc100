// Types shared by every part of the simulator. Kept free of imports so any file can use them
// without creating an import cycle.

export type ShopPlan = 'standard' | 'advanced' | 'plus' | 'enterprise';

export const SHOP_PLANS: readonly ShopPlan[] = ['standard', 'advanced', 'plus', 'enterprise'];

// Milliseconds since the epoch; injected so buckets, timestamps and bulk jobs are testable.
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

export const DEFAULT_API_VERSION = '2026-04';

export interface SeedOptions {
  products?: number;
  variantsPerProduct?: number;
  locations?: number;
  // Fulfillment services, each with its location ("Fulfillment service N"), after the locations.
  fulfillmentServices?: number;
  orders?: number;
  customers?: number;
  seed?: number;
  // Adds four orders that show what orders can carry (shipping, a discount code, two tax lines,
  // a presentment currency, a tip, a gift card line and payment, a refund, a return, an edit).
  // Off by default: shopsync's pre-issue-16 sales orders fail a line without a SKU.
  showcase?: boolean;
  // B2B companies (default 0), each with two locations (the first with an external id, the ERP
  // customer number `B2B-<n>`), a contact (a new customer) and an order the contact placed for
  // the second location.
  companies?: number;
  // Timestamps of seeded records are spread over the 30 days before this instant (ISO);
  // defaults to the simulator clock, so pass it when timestamps must be reproducible too.
  baseTime?: string;
}

export interface CreateShopOptions {
  domain: string;
  plan?: ShopPlan;
  accessToken: string;
  appSecret?: string;
  name?: string;
  currencyCode?: string;
  ianaTimezone?: string;
  seed?: SeedOptions;
  // Granted to the app's installation; default: every scope the schema-derived map knows.
  accessScopes?: string[];
  // false: the shop has no Shopify Payments account (default: an activated, empty one in the
  // shop's currency; seedShopifyPayments / the control API fill it).
  shopifyPayments?: boolean;
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
