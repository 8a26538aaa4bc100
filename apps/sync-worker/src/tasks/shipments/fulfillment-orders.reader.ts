import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { collectAll, Connection } from '../../shopify/pagination';
import type { OpenFulfillmentOrder } from './fulfillment-plan';
import { FULFILLMENT_ORDER_LINES, ORDER_FULFILLMENT_ORDERS } from './shipments.graphql';

interface LineNode {
  id: string;
  sku: string | null;
  remainingQuantity: number;
  lineItem: { id: string } | null;
}
interface FulfillmentOrderNode {
  id: string;
  status: string;
  requestStatus: string;
  assignedLocation: { location: { id: string; isFulfillmentService: boolean } | null } | null;
  lineItems: Connection<LineNode>;
}
interface OrderPage {
  order: { id: string; fulfillmentOrders: Connection<FulfillmentOrderNode> } | null;
}
interface LinesPage {
  fulfillmentOrder: { lineItems: Connection<LineNode> } | null;
}

const toLine = (l: LineNode): OpenFulfillmentOrder['lines'][number] => ({
  id: l.id,
  orderLineId: l.lineItem?.id ?? null,
  sku: l.sku,
  remaining: l.remainingQuantity,
});

// Every fulfillment order of the order with all its line items; null when the order does not
// exist in Shopify.
export async function readFulfillmentOrders(
  client: ShopifyGraphql,
  orderId: string,
  signal?: AbortSignal,
): Promise<OpenFulfillmentOrder[] | null> {
  const all: OpenFulfillmentOrder[] = [];
  let after: string | null = null;
  for (;;) {
    const page: OrderPage = await client.request<OrderPage>(
      ORDER_FULFILLMENT_ORDERS,
      { id: orderId, after },
      { operationName: 'OrderFulfillmentOrders', signal },
    );
    if (!page.order) return null;
    const { nodes = [], pageInfo } = page.order.fulfillmentOrders;
    for (const fo of nodes) {
      const lines = (fo.lineItems.nodes ?? []).map(toLine);
      if (fo.lineItems.pageInfo.hasNextPage)
        for (const l of await collectAll<LinesPage, LineNode>(client, FULFILLMENT_ORDER_LINES, {
          connection: (d) => d.fulfillmentOrder?.lineItems,
          variables: { id: fo.id },
          pageSize: 250,
          after: fo.lineItems.pageInfo.endCursor,
          operationName: 'FulfillmentOrderLines',
          signal,
        }))
          lines.push(toLine(l));
      all.push({
        id: fo.id,
        status: fo.status,
        requestStatus: fo.requestStatus,
        locationId: fo.assignedLocation?.location?.id ?? null,
        fulfillmentService: fo.assignedLocation?.location?.isFulfillmentService ?? false,
        lines,
      });
    }
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return all;
    after = pageInfo.endCursor;
  }
}
