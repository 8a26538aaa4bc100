import { DomainError, ERROR_CODES } from '@shopsync/shared';
import type { ShopifyGraphql } from '../../shopify/shopify-graphql';
import { collectAll, PageInfo } from '../../shopify/pagination';
import { largestPageSize } from './page-size';
import type {
  NodeConnection,
  OrderMore,
  ShopifyDiscountApplicationNode,
  ShopifyFulfillmentOrderNode,
  ShopifyLineNode,
  ShopifyOrderNode,
  ShopifyRefundLineNode,
  ShopifyRefundNode,
  ShopifyRefundShippingLineNode,
  ShopifyReturnLineNode,
  ShopifyReturnNode,
  ShopifyShippingLineNode,
  ShopifyTransactionNode,
} from './order-nodes';
import { LIST_SIZES, ORDER_DETAIL, REFUND_LINES, RETURN_LINES } from './orders.graphql';

// The connections of an order ORDER_DETAIL pages through, each with the cursor to read after
// (null: from the start).
export type DetailConnection = 'lines' | 'shipping' | 'discounts' | 'fulfillmentOrders' | 'returns';

export interface DetailRequest {
  after: Partial<Record<DetailConnection, string | null>>;
  // Plain lists in the schema, read whole.
  transactions: boolean;
  refunds: boolean;
}

// What of a list-query order is still to read; null when the order came complete. Connections
// with a next page continue from their cursor; a full transactions list may have more; any
// refund or return is read in full (the list query only probes for them).
export function detailRequest(node: ShopifyOrderNode): DetailRequest | null {
  const after: DetailRequest['after'] = {};
  const more = (part: DetailConnection, c: NodeConnection<unknown>) => {
    if (c.pageInfo.hasNextPage && c.pageInfo.endCursor) after[part] = c.pageInfo.endCursor;
  };
  more('lines', node.lineItems);
  more('shipping', node.shippingLines);
  more('discounts', node.discountApplications);
  more('fulfillmentOrders', node.fulfillmentOrders);
  if (node.returns.nodes.length) after.returns = null;
  const request: DetailRequest = {
    after,
    transactions: node.transactions.length >= LIST_SIZES.transactions,
    refunds: node.refunds.length > 0,
  };
  const pending = Object.keys(after).length > 0 || request.transactions || request.refunds;
  return pending ? request : null;
}

interface OrderDetailData {
  order: {
    lineItems?: NodeConnection<ShopifyLineNode>;
    shippingLines?: NodeConnection<ShopifyShippingLineNode>;
    discountApplications?: NodeConnection<ShopifyDiscountApplicationNode>;
    fulfillmentOrders?: NodeConnection<ShopifyFulfillmentOrderNode>;
    returns?: NodeConnection<ShopifyReturnNode>;
    transactions?: ShopifyTransactionNode[];
    refunds?: ShopifyRefundNode[];
  } | null;
}

interface RefundLinesData {
  refund: {
    refundLineItems?: NodeConnection<ShopifyRefundLineNode>;
    refundShippingLines?: NodeConnection<ShopifyRefundShippingLineNode>;
  } | null;
}

interface ReturnLinesData {
  return: { returnLineItems: NodeConnection<ShopifyReturnLineNode> } | null;
}

export interface WholeOrder {
  lines: ShopifyLineNode[];
  more: OrderMore;
  // Shopify calls made beyond the list query, for the job summary.
  detailCalls: number;
}

const RETURN_LINES_PAGE = largestPageSize(RETURN_LINES);

function vanished(id: string): DomainError {
  return new DomainError(
    ERROR_CODES.shopifyQueryFailed,
    `Shopify no longer finds ${id} while reading the rest of it`,
    'transient',
  );
}

// An order of the list query made whole: its lines and, where the list query had no room, the
// rest read with ORDER_DETAIL (only the parts that need it, from their cursors) and the longer
// refunds and returns with REFUND_LINES / RETURN_LINES.
export async function readWholeOrder(
  client: ShopifyGraphql,
  node: ShopifyOrderNode,
  signal?: AbortSignal,
): Promise<WholeOrder> {
  const lines = [...node.lineItems.nodes];
  let request = detailRequest(node);
  if (!request) return { lines, more: {}, detailCalls: 0 };

  const shipping = [...node.shippingLines.nodes];
  const discounts = [...node.discountApplications.nodes];
  const fulfillmentOrders = [...node.fulfillmentOrders.nodes];
  const returns: ShopifyReturnNode[] = [];
  let transactions = node.transactions;
  let refunds: ShopifyRefundNode[] = [];
  let detailCalls = 0;

  while (request) {
    const { after } = request;
    const data = await client.request<OrderDetailData>(
      ORDER_DETAIL,
      {
        id: node.id,
        lines: 'lines' in after,
        linesAfter: after.lines ?? null,
        shipping: 'shipping' in after,
        shippingAfter: after.shipping ?? null,
        discounts: 'discounts' in after,
        discountsAfter: after.discounts ?? null,
        fulfillmentOrders: 'fulfillmentOrders' in after,
        fulfillmentOrdersAfter: after.fulfillmentOrders ?? null,
        returns: 'returns' in after,
        returnsAfter: after.returns ?? null,
        transactions: request.transactions,
        refunds: request.refunds,
      },
      { operationName: 'OrderDetail', signal },
    );
    detailCalls++;
    const order = data.order;
    if (!order) throw vanished(node.id);
    const next: DetailRequest['after'] = {};
    const take = <T>(part: DetailConnection, c: NodeConnection<T> | undefined, into: T[]) => {
      if (!(part in after) || !c) return;
      into.push(...c.nodes);
      if (c.pageInfo.hasNextPage && c.pageInfo.endCursor) next[part] = c.pageInfo.endCursor;
    };
    take('lines', order.lineItems, lines);
    take('shipping', order.shippingLines, shipping);
    take('discounts', order.discountApplications, discounts);
    take('fulfillmentOrders', order.fulfillmentOrders, fulfillmentOrders);
    take('returns', order.returns, returns);
    if (request.transactions) transactions = order.transactions ?? [];
    if (request.refunds) refunds = order.refunds ?? [];
    request = Object.keys(next).length
      ? { after: next, transactions: false, refunds: false }
      : null;
  }

  for (const refund of refunds) detailCalls += await completeRefund(client, refund, signal);
  for (const ret of returns) detailCalls += await completeReturn(client, ret, signal);

  return {
    lines,
    more: {
      shippingLines: shipping,
      discountApplications: discounts,
      fulfillmentOrders,
      transactions,
      refunds,
      returns,
    },
    detailCalls,
  };
}

// A refund with more lines (or refunded shipping lines) than ORDER_DETAIL reads: the rest from
// their cursors, into the refund's own lists. Returns the calls made.
async function completeRefund(
  client: ShopifyGraphql,
  refund: ShopifyRefundNode,
  signal?: AbortSignal,
): Promise<number> {
  let calls = 0;
  let lines = refund.refundLineItems.pageInfo;
  let shipping = refund.refundShippingLines.pageInfo;
  while (open(lines) || open(shipping)) {
    const data = await client.request<RefundLinesData>(
      REFUND_LINES,
      {
        id: refund.id,
        lines: open(lines),
        linesAfter: open(lines) ? lines.endCursor : null,
        shipping: open(shipping),
        shippingAfter: open(shipping) ? shipping.endCursor : null,
      },
      { operationName: 'RefundLines', signal },
    );
    calls++;
    if (!data.refund) throw vanished(refund.id);
    if (open(lines)) lines = append(refund.refundLineItems.nodes, data.refund.refundLineItems);
    if (open(shipping))
      shipping = append(refund.refundShippingLines.nodes, data.refund.refundShippingLines);
  }
  return calls;
}

const open = (p: PageInfo): boolean => p.hasNextPage && !!p.endCursor;

// Adds a page's nodes; its pageInfo says what is left (nothing when the page did not come).
function append<T>(into: T[], page: NodeConnection<T> | undefined): PageInfo {
  if (!page) return { hasNextPage: false, endCursor: null };
  into.push(...page.nodes);
  return page.pageInfo;
}

async function completeReturn(
  client: ShopifyGraphql,
  ret: ShopifyReturnNode,
  signal?: AbortSignal,
): Promise<number> {
  const { hasNextPage, endCursor } = ret.returnLineItems.pageInfo;
  if (!hasNextPage || !endCursor) return 0;
  let calls = 0;
  const rest = await collectAll<ReturnLinesData, ShopifyReturnLineNode>(client, RETURN_LINES, {
    connection: (d) => {
      calls++;
      if (!d.return) throw vanished(ret.id);
      return d.return.returnLineItems;
    },
    variables: { id: ret.id },
    pageSize: RETURN_LINES_PAGE,
    after: endCursor,
    operationName: 'ReturnLines',
    signal,
  });
  ret.returnLineItems.nodes.push(...rest);
  return calls;
}
