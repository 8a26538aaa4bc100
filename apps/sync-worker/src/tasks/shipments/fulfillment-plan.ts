import type { ShipmentLine } from '@shopsync/shared';

// An order's fulfillment order as the plan needs it (all its line items, paged in).
export interface OpenFulfillmentOrder {
  id: string;
  status: string;
  requestStatus: string;
  locationId: string | null;
  // The assigned location is managed by a fulfillment service (it must accept a request first).
  fulfillmentService: boolean;
  lines: Array<{ id: string; orderLineId: string | null; sku: string | null; remaining: number }>;
}

export interface FulfillmentCall {
  locationId: string;
  lineItemsByFulfillmentOrder: Array<{
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems: Array<{ id: string; quantity: number }>;
  }>;
  // Units of each shipment line (by index) this call fulfils.
  sent: Array<{ line: number; quantity: number }>;
}

export type FulfillmentPlan =
  // Accept these fulfillment requests, then make the calls in order.
  | { kind: 'send'; accept: string[]; calls: FulfillmentCall[] }
  // Lines only a fulfillment service that has not accepted can ship: nothing is sent yet.
  | { kind: 'waiting'; reasons: string[] }
  | { kind: 'refused'; problems: string[] };

export interface PlanOptions {
  // Only this Shopify location (the shipment names it).
  locationId?: string | null;
  // Accept pending (SUBMITTED) fulfillment requests (settings.shipments.acceptFulfillmentRequests).
  acceptRequests?: boolean;
  // Units of each line already fulfilled by an earlier attempt.
  sent?: readonly number[] | null;
}

const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);
// Shopify caps every input array at 250 items; a fulfillment takes at most 250 fulfillment
// order line items (the reference's limit too), so a longer shipment becomes several calls.
export const MAX_FULFILLMENT_LINES = 250;

type Readiness = 'ready' | 'accept' | 'waiting';

// A fulfillment order at a merchant-managed location is always UNSUBMITTED and can be fulfilled;
// at a fulfillment-service location only once the service accepted the request (a cancellation
// it rejected leaves it accepted). A pending request is accepted when the shop says so.
function readiness(fo: OpenFulfillmentOrder, acceptRequests: boolean): Readiness {
  if (!fo.fulfillmentService) return 'ready';
  if (fo.requestStatus === 'ACCEPTED' || fo.requestStatus === 'CANCELLATION_REJECTED')
    return 'ready';
  if (fo.requestStatus === 'SUBMITTED' && acceptRequests) return 'accept';
  return 'waiting';
}

const label = (line: ShipmentLine) =>
  line.shopifyOrderLineId ? `order line ${line.shopifyOrderLineId}` : `SKU '${line.sku}'`;

interface Allocation {
  fo: OpenFulfillmentOrder;
  foLineId: string;
  quantity: number;
  line: number;
}

// Shipment lines spread over the order's open fulfillment orders: a line naming its Shopify
// order line goes to that line's fulfillment order lines, one without by SKU. One call per
// location (Shopify's rule for fulfillmentCreate) and per 250 line items. Whatever cannot be
// placed refuses the shipment and nothing is sent; what only a fulfillment service that has
// not accepted could ship makes it wait.
export function planFulfillments(
  fulfillmentOrders: OpenFulfillmentOrder[],
  lines: ShipmentLine[],
  options: PlanOptions = {},
): FulfillmentPlan {
  const acceptRequests = options.acceptRequests ?? false;
  const open = fulfillmentOrders
    .filter(
      (fo) =>
        FULFILLABLE.has(fo.status) && (!options.locationId || fo.locationId === options.locationId),
    )
    .map((fo) => ({ fo, readiness: readiness(fo, acceptRequests) }));
  // Usable fulfillment orders first, so a line is shipped from them before one waits.
  const ordered = [
    ...open.filter((o) => o.readiness !== 'waiting'),
    ...open.filter((o) => o.readiness === 'waiting'),
  ];
  const remaining = new Map<string, number>();
  for (const { fo } of open) for (const l of fo.lines) remaining.set(l.id, l.remaining);

  const problems: string[] = [];
  const waiting: string[] = [];
  const allocations: Allocation[] = [];
  lines.forEach((line, index) => {
    const need = line.quantity - (options.sent?.[index] ?? 0);
    let left = need;
    let held = 0;
    for (const { fo, readiness: state } of ordered) {
      for (const l of fo.lines) {
        if (left === 0) break;
        const matches = line.shopifyOrderLineId
          ? l.orderLineId === line.shopifyOrderLineId
          : l.sku === line.sku;
        const take = matches ? Math.min(left, remaining.get(l.id) ?? 0) : 0;
        if (take <= 0) continue;
        left -= take;
        if (state === 'waiting') {
          held += take;
          continue;
        }
        remaining.set(l.id, (remaining.get(l.id) ?? 0) - take);
        allocations.push({ fo, foLineId: l.id, quantity: take, line: index });
      }
    }
    const where = options.locationId ? ` at ${options.locationId}` : '';
    if (left > 0)
      problems.push(`${label(line)}: ${left} of ${need} not open for fulfilment${where}`);
    else if (held > 0)
      waiting.push(
        `${label(line)}: ${held} of ${need} assigned to a fulfillment service that has not accepted the request`,
      );
  });
  if (problems.length) return { kind: 'refused', problems };
  if (waiting.length) return { kind: 'waiting', reasons: waiting };
  const accept = [
    ...new Set(
      allocations
        .filter((a) => open.find((o) => o.fo === a.fo)?.readiness === 'accept')
        .map((a) => a.fo.id),
    ),
  ];
  return { kind: 'send', accept, calls: callsOf(allocations) };
}

// Allocations → calls: per location, the fulfillment order line items in chunks of 250.
function callsOf(allocations: Allocation[]): FulfillmentCall[] {
  // Per location, one entry per fulfillment order line item, whatever shipment lines it serves.
  const byLocation = new Map<string, Map<string, Allocation[]>>();
  for (const a of allocations) {
    const location = a.fo.locationId ?? 'unknown';
    const items = byLocation.get(location) ?? new Map<string, Allocation[]>();
    items.set(a.foLineId, [...(items.get(a.foLineId) ?? []), a]);
    byLocation.set(location, items);
  }
  const calls: FulfillmentCall[] = [];
  for (const [locationId, byLine] of byLocation)
    for (let i = 0, items = [...byLine.values()]; i < items.length; i += MAX_FULFILLMENT_LINES) {
      const chunk = items.slice(i, i + MAX_FULFILLMENT_LINES);
      const byFo = new Map<string, Array<{ id: string; quantity: number }>>();
      for (const group of chunk) {
        const foLines = byFo.get(group[0].fo.id) ?? [];
        foLines.push({ id: group[0].foLineId, quantity: sum(group.map((a) => a.quantity)) });
        byFo.set(group[0].fo.id, foLines);
      }
      calls.push({
        locationId,
        lineItemsByFulfillmentOrder: [...byFo].map(([fulfillmentOrderId, foLines]) => ({
          fulfillmentOrderId,
          fulfillmentOrderLineItems: foLines,
        })),
        sent: chunk.flat().map((a) => ({ line: a.line, quantity: a.quantity })),
      });
    }
  return calls;
}

const sum = (values: number[]) => values.reduce((s, v) => s + v, 0);
