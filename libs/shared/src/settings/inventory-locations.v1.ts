import type { FieldError } from '../domain/errors';
import { ERP_CODE, ERP_CODE_MESSAGE } from '../contracts/erp-inbound.v1';

// settings.inventory.locations: per Shopify location, how its stock is calculated from the ERP's
// quantities by type, and which ERP locations are summed into it (the reference's "stock
// calculation" and "location filter" of a shop location).

// disabled: no stock is sent to the location; available: on hand − reserved; on-hand: on hand;
// projected: on hand − reserved + incoming.
export const STOCK_CALCULATIONS = ['disabled', 'available', 'on-hand', 'projected'] as const;
export type StockCalculation = (typeof STOCK_CALCULATIONS)[number];

export const MAX_LOCATION_SETTINGS = 250;
export const MAX_LOCATION_FILTER = 50;
const SHOPIFY_LOCATION = /^gid:\/\/shopify\/Location\/\d{1,20}$/;
const KEYS = ['shopifyLocationId', 'stockCalculation', 'locationFilter'];

export interface InventoryLocationSettingV1 {
  shopifyLocationId: string;
  stockCalculation: StockCalculation;
  // The ERP location codes whose quantities are summed into this Shopify location.
  locationFilter: string[];
}

function checkFilter(value: unknown, calculation: unknown, at: string): FieldError[] {
  if (value === undefined && calculation === 'disabled') return [];
  const field = `${at}.locationFilter`;
  if (!Array.isArray(value)) return [{ field, message: 'must be an array of ERP location codes' }];
  if (value.length > MAX_LOCATION_FILTER)
    return [{ field, message: `must have at most ${MAX_LOCATION_FILTER} location codes` }];
  if (!value.length && calculation !== 'disabled')
    return [{ field, message: "must list at least one ERP location code unless 'disabled'" }];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  value.forEach((code, j) => {
    if (typeof code !== 'string' || !ERP_CODE.test(code))
      errors.push({ field: `${field}[${j}]`, message: ERP_CODE_MESSAGE });
    else if (seen.has(code)) errors.push({ field: `${field}[${j}]`, message: 'is listed twice' });
    else seen.add(code);
  });
  return errors;
}

// A `locations` value read into typed entries, or its errors, each field relative to it
// (`[1].stockCalculation`).
export function parseInventoryLocations(value: unknown): {
  value: InventoryLocationSettingV1[];
  errors: FieldError[];
} {
  const errors = checkInventoryLocations(value);
  if (errors.length) return { value: [], errors };
  return {
    value: (value as InventoryLocationSettingV1[]).map((e) => ({
      shopifyLocationId: e.shopifyLocationId,
      stockCalculation: e.stockCalculation,
      locationFilter: [...(e.locationFilter ?? [])],
    })),
    errors,
  };
}

function checkInventoryLocations(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [{ field: '', message: 'must be an array' }];
  if (value.length > MAX_LOCATION_SETTINGS)
    return [{ field: '', message: `must have at most ${MAX_LOCATION_SETTINGS} locations` }];
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  value.forEach((entry: unknown, i) => {
    const at = `[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push({ field: at, message: 'must be an object' });
      return;
    }
    const e = entry as Record<string, unknown>;
    const id = e.shopifyLocationId;
    if (typeof id !== 'string' || !SHOPIFY_LOCATION.test(id))
      errors.push({
        field: `${at}.shopifyLocationId`,
        message: 'must be a Shopify location id (gid://shopify/Location/<number>)',
      });
    else if (seen.has(id))
      errors.push({ field: `${at}.shopifyLocationId`, message: `repeats [${seen.get(id)}]` });
    else seen.set(id, i);
    if (!STOCK_CALCULATIONS.includes(e.stockCalculation as StockCalculation))
      errors.push({
        field: `${at}.stockCalculation`,
        message: `must be one of ${STOCK_CALCULATIONS.join(', ')}`,
      });
    errors.push(...checkFilter(e.locationFilter, e.stockCalculation, at));
    for (const key of Object.keys(e))
      if (!KEYS.includes(key)) errors.push({ field: `${at}.${key}`, message: 'is not a setting' });
  });
  return errors;
}
