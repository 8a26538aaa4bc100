import type { ShipmentLine } from '@shopsync/shared';

export interface FulfillmentOrderNode {
  id: string;
  status: string;
  assignedLocation: { location: { id: string } | null } | null;
  lineItems: { nodes: Array<{ id: string; sku: string | null; remainingQuantity: number }> };
}

export interface LocationFulfillment {
  locationId: string;
  lineItemsByFulfillmentOrder: Array<{
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems: Array<{ id: string; quantity: number }>;
  }>;
}

export interface FulfillmentPlan {
  fulfillments: LocationFulfillment[];
  problems: string[];
}

const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);
// Shopify takes at most 250 line items per fulfillment.
const MAX_LINES = 250;

// Shipment lines (SKU × quantity) spread over the order's open fulfillment orders, one
// fulfillment per location (Shopify's rule for fulfillmentCreate). Whatever cannot be placed
// is a problem, and then nothing is sent.
export function planFulfillments(
  fulfillmentOrders: FulfillmentOrderNode[],
  lines: ShipmentLine[],
  onlyLocationId: string | null = null,
): FulfillmentPlan {
  const remaining = new Map<string, number>();
  const open = fulfillmentOrders.filter(
    (fo) =>
      FULFILLABLE.has(fo.status) &&
      (!onlyLocationId || fo.assignedLocation?.location?.id === onlyLocationId),
  );
  for (const fo of open)
    for (const l of fo.lineItems.nodes) remaining.set(l.id, l.remainingQuantity);
  const problems: string[] = [];
  const byLocation = new Map<string, Map<string, Map<string, number>>>();
  for (const line of lines) {
    let need = line.quantity;
    for (const fo of open) {
      for (const l of fo.lineItems.nodes) {
        if (need === 0) break;
        if (l.sku !== line.sku) continue;
        const take = Math.min(need, remaining.get(l.id) ?? 0);
        if (take <= 0) continue;
        remaining.set(l.id, (remaining.get(l.id) ?? 0) - take);
        need -= take;
        const location = fo.assignedLocation?.location?.id ?? 'unknown';
        const fos = byLocation.get(location) ?? new Map<string, Map<string, number>>();
        const foLines = fos.get(fo.id) ?? new Map<string, number>();
        foLines.set(l.id, (foLines.get(l.id) ?? 0) + take);
        fos.set(fo.id, foLines);
        byLocation.set(location, fos);
      }
    }
    if (need > 0)
      problems.push(
        `SKU '${line.sku}': ${need} of ${line.quantity} not open for fulfilment${onlyLocationId ? ` at ${onlyLocationId}` : ''}`,
      );
  }
  const fulfillments = [...byLocation].map(([locationId, fos]) => ({
    locationId,
    lineItemsByFulfillmentOrder: [...fos].map(([fulfillmentOrderId, foLines]) => ({
      fulfillmentOrderId,
      fulfillmentOrderLineItems: [...foLines].map(([id, quantity]) => ({ id, quantity })),
    })),
  }));
  for (const f of fulfillments) {
    const count = f.lineItemsByFulfillmentOrder.reduce(
      (s, g) => s + g.fulfillmentOrderLineItems.length,
      0,
    );
    if (count > MAX_LINES)
      problems.push(`${count} lines at ${f.locationId}: more than ${MAX_LINES} in one fulfillment`);
  }
  return { fulfillments: problems.length ? [] : fulfillments, problems };
}
