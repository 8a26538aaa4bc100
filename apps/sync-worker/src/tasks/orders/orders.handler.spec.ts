import type { Clock, JsonObject, ShopEntity } from '@shopsync/shared';
import type { CustomerStore } from '../../order-side/customer-store';
import type { ShopifyCallStats, ShopifyGraphql } from '../../shopify/shopify-graphql';
import type { SyncCursors } from '../../sync-cursors/sync-cursors';
import type { TaskContext } from '../task-handler';
import type { StagedOrderFields } from './order-mapping';
import { connection, orderNode, richOrder, richRefund, richReturn } from './order-node.fixture';
import type { OrderStagingRepository, StageResult } from './order-staging.repository';
import { ORDERS_CURSOR, ORDERS_PAGE_SIZE, OrdersHandler } from './orders.handler';

// The handler over fakes: what it asks Shopify (the query with the import filter, the detail
// read only for the order that needs it), what it stages, and what its summary and log say.

const NOW = new Date('2026-04-05T12:00:00Z');

function harness(settings: JsonObject, lastSync: string | null = null) {
  const staged: StagedOrderFields[] = [];
  const requests: Array<{ operation: string; variables: Record<string, unknown> }> = [];
  const logs: Array<{ message: string; data?: JsonObject }> = [];
  const answers: Record<string, unknown[]> = {
    OrdersUpdatedSince: [
      {
        orders: {
          nodes: [orderNode(), richOrder],
          pageInfo: { hasNextPage: false, endCursor: 'P1' },
        },
      },
    ],
    OrderDetail: [
      {
        order: {
          returns: connection([richReturn]),
          transactions: richOrder.transactions,
          refunds: [richRefund],
        },
      },
    ],
  };
  const client: ShopifyGraphql = {
    shop: { id: 'shop-1', code: 'NL', domain: 'nl.myshopify.com' },
    stats: { calls: 2 } as ShopifyCallStats,
    request: <T>(
      _document: string,
      variables: Record<string, unknown> = {},
      options: { operationName?: string } = {},
    ): Promise<T> => {
      const operation = options.operationName ?? '?';
      requests.push({ operation, variables });
      const next = answers[operation]?.shift();
      if (next === undefined) return Promise.reject(new Error(`unexpected ${operation}`));
      return Promise.resolve(next as T);
    },
  };
  const staging = {
    stage: (_shopId: string, orders: StagedOrderFields[]): Promise<StageResult> => {
      staged.push(...orders);
      return Promise.resolve({
        created: orders.length,
        updated: 0,
        unchanged: 0,
        refreshedProcessed: [],
        conflicts: 0,
        refundsPending: 0,
      });
    },
  } as unknown as OrderStagingRepository;
  const cursors = {
    get: () => Promise.resolve(lastSync),
    set: jest.fn(() => Promise.resolve()),
  };
  const clock: Clock = { now: () => NOW } as Clock;
  const handler = new OrdersHandler(
    staging,
    {} as CustomerStore,
    cursors as unknown as SyncCursors,
    clock,
  );
  const ctx = {
    job: { id: 'job-1', params: {} },
    shop: { id: 'shop-1', code: 'NL', settings } as unknown as ShopEntity,
    signal: new AbortController().signal,
    throwIfCancelled: () => undefined,
    shopify: () => client,
    log: (_level: string, message: string, data?: JsonObject) => {
      logs.push({ message, data });
      return Promise.resolve();
    },
    progress: () => undefined,
    skip: () => undefined,
    chain: () => undefined,
  } as unknown as TaskContext;
  return { handler, ctx, staged, requests, logs, cursors };
}

const noCustomers = { customers: { import: 'none' } };

describe('OrdersHandler', () => {
  it('ANDs the import filter with the open-orders term, and says so in the log and summary', async () => {
    const h = harness({
      ...noCustomers,
      orders: { importFilter: { financialStatus: ['paid'], excludeTags: ['hold'] } },
    });
    const result = await h.handler.run(h.ctx);
    const query = "status:open AND (financial_status:paid) AND -tag:'hold'";
    expect(h.requests[0]).toEqual({
      operation: 'OrdersUpdatedSince',
      variables: expect.objectContaining({ query, first: ORDERS_PAGE_SIZE }),
    });
    expect(h.logs).toContainEqual({
      message: 'reading orders',
      data: expect.objectContaining({ query }),
    });
    expect(result.summary).toMatchObject({
      query,
      read: 2,
      created: 2,
      readInDetail: { orders: 1, calls: 1 },
    });
    expect(h.cursors.set).toHaveBeenCalledWith('shop-1', ORDERS_CURSOR, NOW.toISOString(), NOW);
  });

  it('reads the rest only of the order that needs it, and stages both whole', async () => {
    const h = harness(noCustomers, '2026-04-04T00:00:00Z');
    await h.handler.run(h.ctx);
    expect(h.requests.map((r) => r.operation)).toEqual(['OrdersUpdatedSince', 'OrderDetail']);
    expect(h.requests[0].variables.query).toBe("updated_at:>'2026-04-03T23:59:59Z'");
    expect(h.requests[1].variables).toMatchObject({ id: richOrder.id, refunds: true });
    expect(h.staged.map((o) => o.shopifyOrderId)).toEqual([orderNode().id, richOrder.id]);
    const rich = h.staged[1];
    expect(rich.extras.refunds.map((r) => r.shopifyRefundId)).toEqual([richRefund.id]);
    expect(rich.extras.returns.map((r) => r.shopifyReturnId)).toEqual([richReturn.id]);
    expect(rich.extras.presentmentCurrency).toBe('USD');
    expect(h.staged[0].extras.refunds).toEqual([]);
  });
});
