import { LIST_SIZES } from './orders.graphql';
import { DomainError } from '@shopsync/shared';
import type { ShopifyCallStats, ShopifyGraphql } from '../../shopify/shopify-graphql';
import { detailRequest, readWholeOrder } from './order-detail.reader';
import type { ShopifyOrderNode } from './order-nodes';
import {
  bag,
  connection,
  lineNode,
  orderNode,
  richOrder,
  richRefund,
  richReturn,
} from './order-node.fixture';
import { ORDER_DETAIL, REFUND_LINES, RETURN_LINES } from './orders.graphql';

interface Call {
  operation: string;
  variables: Record<string, unknown>;
}

// A Shopify client that answers each operation from a queue and records what it was asked.
function fakeShopify(answers: Record<string, unknown[]>) {
  const calls: Call[] = [];
  const documents: Record<string, string> = {
    OrderDetail: ORDER_DETAIL,
    RefundLines: REFUND_LINES,
    ReturnLines: RETURN_LINES,
  };
  const client: ShopifyGraphql = {
    shop: { id: 's', code: 'S', domain: 's.myshopify.com' },
    stats: {} as ShopifyCallStats,
    request: <T>(
      document: string,
      variables: Record<string, unknown> = {},
      options: { operationName?: string } = {},
    ): Promise<T> => {
      const operation = options.operationName ?? '?';
      expect(document).toBe(documents[operation]);
      calls.push({ operation, variables });
      const next = answers[operation]?.shift();
      if (next === undefined) throw new Error(`unexpected ${operation} call`);
      return Promise.resolve(next as T);
    },
  };
  return { client, calls };
}

const line = (n: number) => lineNode({ id: `gid://shopify/LineItem/${n}` });
const nothingElse = {
  lines: false,
  shipping: false,
  discounts: false,
  fulfillmentOrders: false,
  returns: false,
  transactions: false,
  refunds: false,
};

describe('detailRequest (which orders need more than the list query)', () => {
  it('asks nothing for an order that came complete', () => {
    expect(detailRequest(orderNode())).toBeNull();
  });

  it('continues each connection with a next page from its cursor', () => {
    const node = orderNode({
      lineItems: connection([line(1)], 'L1'),
      fulfillmentOrders: connection([], 'F1'),
    });
    expect(detailRequest(node)).toEqual({
      after: { lines: 'L1', fulfillmentOrders: 'F1' },
      transactions: false,
      refunds: false,
    });
  });

  it('reads a full transactions list again, and refunds and returns whenever there are any', () => {
    expect(detailRequest(richOrder)).toEqual({
      after: { returns: null },
      transactions: true,
      refunds: true,
    });
    const fewer = orderNode({
      transactions: richOrder.transactions.slice(0, LIST_SIZES.transactions - 1),
    });
    expect(detailRequest(fewer)).toBeNull();
  });

  it('does not restart a connection that says it has more but gives no cursor', () => {
    const node = orderNode({
      lineItems: { nodes: [line(1)], pageInfo: { hasNextPage: true, endCursor: null } },
    });
    expect(detailRequest(node)).toBeNull();
  });
});

describe('readWholeOrder', () => {
  it('makes no call for a complete order', async () => {
    const { client, calls } = fakeShopify({});
    const node = orderNode();
    await expect(readWholeOrder(client, node)).resolves.toEqual({
      lines: node.lineItems.nodes,
      more: {},
      detailCalls: 0,
    });
    expect(calls).toEqual([]);
  });

  it('pages the lines from the list cursor, asking only for the lines', async () => {
    const node = orderNode({ lineItems: connection([line(1), line(2)], 'L2') });
    const { client, calls } = fakeShopify({
      OrderDetail: [
        { order: { lineItems: connection([line(3), line(4)], 'L4') } },
        { order: { lineItems: connection([line(5)]) } },
      ],
    });
    const whole = await readWholeOrder(client, node);
    expect(whole.lines.map((l) => l.id)).toEqual([1, 2, 3, 4, 5].map((n) => line(n).id));
    expect(whole.detailCalls).toBe(2);
    expect(calls.map((c) => c.variables)).toEqual([
      expect.objectContaining({ ...nothingElse, id: node.id, lines: true, linesAfter: 'L2' }),
      expect.objectContaining({ ...nothingElse, id: node.id, lines: true, linesAfter: 'L4' }),
    ]);
  });

  it('reads refunds, returns and transactions in one call, then their longer lists', async () => {
    const longRefund = {
      ...richRefund,
      refundLineItems: connection([...richRefund.refundLineItems.nodes], 'RL1'),
      refundShippingLines: connection([], null),
    };
    const longReturn = {
      ...richReturn,
      returnLineItems: connection(richReturn.returnLineItems.nodes.slice(0, 1), 'RT1'),
    };
    const refundLine = { ...richRefund.refundLineItems.nodes[0], quantity: 2 };
    const { client, calls } = fakeShopify({
      OrderDetail: [
        {
          order: {
            returns: connection([longReturn]),
            transactions: richOrder.transactions,
            refunds: [longRefund],
          },
        },
      ],
      RefundLines: [{ refund: { refundLineItems: connection([refundLine]) } }],
      ReturnLines: [
        { return: { returnLineItems: connection(richReturn.returnLineItems.nodes.slice(1)) } },
      ],
    });
    const whole = await readWholeOrder(client, richOrder);
    expect(calls.map((c) => c.operation)).toEqual(['OrderDetail', 'RefundLines', 'ReturnLines']);
    expect(calls[0].variables).toEqual(
      expect.objectContaining({
        ...nothingElse,
        returns: true,
        returnsAfter: null,
        transactions: true,
        refunds: true,
      }),
    );
    expect(calls[1].variables).toEqual({
      id: richRefund.id,
      lines: true,
      linesAfter: 'RL1',
      shipping: false,
      shippingAfter: null,
    });
    expect(calls[2].variables).toEqual(
      expect.objectContaining({ id: richReturn.id, after: 'RT1', first: 250 }),
    );
    expect(whole.detailCalls).toBe(3);
    expect(whole.more.refunds?.[0].refundLineItems.nodes.map((l) => l.quantity)).toEqual([1, 2]);
    expect(whole.more.returns?.[0].returnLineItems.nodes).toHaveLength(2);
    expect(whole.more.transactions).toHaveLength(5);
    // What the list query read completely is kept as it was.
    expect(whole.more.shippingLines).toEqual(richOrder.shippingLines.nodes);
    expect(whole.lines).toEqual(richOrder.lineItems.nodes);
  });

  it('pages several connections together until each has no next page', async () => {
    const shipping = (id: string) => ({
      ...richOrder.shippingLines.nodes[0],
      id,
      discountedPriceSet: bag('1', '1'),
    });
    const node: ShopifyOrderNode = orderNode({
      lineItems: connection([line(1)], 'L1'),
      shippingLines: connection([shipping('S1')], 'S1'),
    });
    const { client, calls } = fakeShopify({
      OrderDetail: [
        {
          order: {
            lineItems: connection([line(2)]),
            shippingLines: connection([shipping('S2')], 'S2'),
          },
        },
        { order: { shippingLines: connection([shipping('S3')]) } },
      ],
    });
    const whole = await readWholeOrder(client, node);
    expect(whole.more.shippingLines?.map((s) => s.id)).toEqual(['S1', 'S2', 'S3']);
    expect(whole.lines).toHaveLength(2);
    expect(calls[1].variables).toEqual(
      expect.objectContaining({ lines: false, shipping: true, shippingAfter: 'S2' }),
    );
  });

  it('fails (transient) when the order is gone between the list and the detail read', async () => {
    const { client } = fakeShopify({ OrderDetail: [{ order: null }] });
    const read = readWholeOrder(client, orderNode({ refunds: [{ id: richRefund.id }] }));
    await expect(read).rejects.toBeInstanceOf(DomainError);
    await expect(read).rejects.toMatchObject({ kind: 'transient', code: 'SHOPIFY_QUERY_FAILED' });
  });
});
