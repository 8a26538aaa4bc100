import type { ShipmentLine } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { ORDER_FULFILLMENTS_SINCE } from './shipments.graphql';

export interface FoundFulfillment {
  id: string;
  status: string;
  lines: Array<{ orderLineId: string; sku: string | null; quantity: number }>;
  // More lines than were read: it cannot be matched whole.
  truncated: boolean;
}

interface Page {
  order: {
    fulfillments: Array<{
      id: string;
      status: string;
      fulfillmentLineItems: {
        nodes: Array<{ quantity: number | null; lineItem: { id: string; sku: string | null } }>;
        pageInfo: { hasNextPage: boolean };
      };
    }>;
  } | null;
}

// The fulfillments of an order created since `since`.
export async function fulfillmentsSince(
  client: ShopifyGraphql,
  orderId: string,
  since: Date,
  signal?: AbortSignal,
): Promise<FoundFulfillment[]> {
  // Shopify keeps created_at in whole seconds: from the second the shipment was posted in.
  const from = new Date(Math.floor(since.getTime() / 1000) * 1000).toISOString();
  const page = await client.request<Page>(
    ORDER_FULFILLMENTS_SINCE,
    { id: orderId, query: `created_at:>='${from}'` },
    { operationName: 'OrderFulfillmentsSince', signal },
  );
  return (page.order?.fulfillments ?? []).map((f) => ({
    id: f.id,
    status: f.status,
    truncated: f.fulfillmentLineItems.pageInfo.hasNextPage,
    lines: f.fulfillmentLineItems.nodes.map((n) => ({
      orderLineId: n.lineItem.id,
      sku: n.lineItem.sku,
      quantity: n.quantity ?? 0,
    })),
  }));
}

// A shipment retried after a call whose answer was lost (a timeout, a dropped connection) finds
// its lines no longer open: Shopify made the fulfillment, shopsync never heard. The fulfillments
// made since the shipment was posted that shopsync has not recorded, when together they hold
// every unit still to send of every line (by order line id, else SKU), are taken as this
// shipment's: their ids, or null when they do not cover it (then the refusal stands).
export function coveringFulfillments(
  lines: ShipmentLine[],
  sent: number[],
  found: FoundFulfillment[],
  known: string[],
): string[] | null {
  const candidates = found.filter(
    (f) => f.status === 'SUCCESS' && !f.truncated && !known.includes(f.id),
  );
  if (!candidates.length) return null;
  const byLine = new Map<string, number>();
  const bySku = new Map<string, number>();
  for (const f of candidates)
    for (const l of f.lines) {
      byLine.set(l.orderLineId, (byLine.get(l.orderLineId) ?? 0) + l.quantity);
      if (l.sku) bySku.set(l.sku, (bySku.get(l.sku) ?? 0) + l.quantity);
    }
  for (const [j, line] of lines.entries()) {
    const left = line.quantity - (sent[j] ?? 0);
    if (left <= 0) continue;
    const pool = line.shopifyOrderLineId ? byLine : bySku;
    const key = line.shopifyOrderLineId ?? line.sku;
    const have = pool.get(key) ?? 0;
    if (have < left) return null;
    pool.set(key, have - left);
  }
  return candidates.map((f) => f.id);
}
