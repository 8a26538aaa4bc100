import type { InventorySettingsV1, ShopLocationEntity, StockCalculation } from '@shopsync/shared';

// What the inventory task sends to each Shopify location: the shop's stock calculation over the
// ERP's quantities by type, summed over the ERP locations of the location filter.

export interface StockQuantities {
  onHand: number;
  reserved: number;
  incoming: number;
}

export interface StockTarget {
  shopifyLocationId: string;
  calculation: Exclude<StockCalculation, 'disabled'>;
  erpLocationCodes: string[];
}

// A location mapped with PUT /locations and not listed in settings.inventory.locations.
const MAPPED_LOCATION_CALCULATION = 'available';

// The Shopify locations that receive stock. A location in settings.inventory.locations takes
// its calculation and filter from there ('disabled': none); any other one keeps its mapping
// (stock sync on, one ERP location code). Locations Shopify reported inactive are left out.
export function stockTargets(
  settings: InventorySettingsV1,
  locations: Array<
    Pick<ShopLocationEntity, 'shopifyLocationId' | 'active' | 'stockSync' | 'erpLocationCode'>
  >,
): StockTarget[] {
  const known = new Map(locations.map((l) => [l.shopifyLocationId, l]));
  const configured = new Set(settings.locations.map((l) => l.shopifyLocationId));
  const targets: StockTarget[] = [];
  for (const entry of settings.locations) {
    if (
      entry.stockCalculation === 'disabled' ||
      known.get(entry.shopifyLocationId)?.active === false
    )
      continue;
    targets.push({
      shopifyLocationId: entry.shopifyLocationId,
      calculation: entry.stockCalculation,
      erpLocationCodes: entry.locationFilter,
    });
  }
  for (const l of locations)
    if (!configured.has(l.shopifyLocationId) && l.active && l.stockSync && l.erpLocationCode)
      targets.push({
        shopifyLocationId: l.shopifyLocationId,
        calculation: MAPPED_LOCATION_CALCULATION,
        erpLocationCodes: [l.erpLocationCode],
      });
  return targets;
}

export function calculateStock(
  calculation: StockTarget['calculation'],
  q: StockQuantities,
): number {
  switch (calculation) {
    case 'available':
      return q.onHand - q.reserved;
    case 'on-hand':
      return q.onHand;
    case 'projected':
      return q.onHand - q.reserved + q.incoming;
  }
}

// One SKU's quantity for one Shopify location: the calculation summed over the filter's ERP
// locations (a location without stock counts 0), then, with negativeAsZero, at least 0.
export function targetQuantity(
  target: StockTarget,
  stockAt: (erpLocationCode: string) => StockQuantities | undefined,
  negativeAsZero: boolean,
): number {
  let total = 0;
  for (const code of target.erpLocationCodes) {
    const q = stockAt(code);
    if (q) total += calculateStock(target.calculation, q);
  }
  return negativeAsZero ? Math.max(0, total) : total;
}
