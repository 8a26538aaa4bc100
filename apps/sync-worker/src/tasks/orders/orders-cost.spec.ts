import { DocumentNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { loadAdminSchema } from '@test/shopify-sim';
import { calculateRequestedCost, MAX_QUERY_COST } from '@test/shopify-sim/cost-calculator';
import { estimateCost, parseOperation } from '../../shopify/cost-estimator';
import { ORDERS_PAGE_SIZE } from './orders.handler';
import { ORDER_DETAIL, ORDERS_UPDATED_SINCE, REFUND_LINES, RETURN_LINES } from './orders.graphql';
import { largestPageSize } from './page-size';

// The orders task's documents against Shopify's requested-cost rules, computed by the
// simulator's calculator over the real schema: no query may request more than 1,000 points.

const { schema } = loadAdminSchema();

function cost(text: string, variables: Record<string, unknown>): number {
  const doc: DocumentNode = parse(text);
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!op) throw new Error('no operation');
  return calculateRequestedCost(schema, doc, op, variables).total;
}

const PARTS = [
  'lines',
  'shipping',
  'discounts',
  'fulfillmentOrders',
  'returns',
  'transactions',
  'refunds',
] as const;
const detailVariables = (on: readonly string[]) => ({
  id: 'gid://shopify/Order/1',
  ...Object.fromEntries(PARTS.map((p) => [p, on.includes(p)])),
});

describe('orders task query cost', () => {
  it('pages the list query as full as 1,000 points allow', () => {
    expect(MAX_QUERY_COST).toBe(1000);
    expect(ORDERS_PAGE_SIZE).toBe(4);
    expect(cost(ORDERS_UPDATED_SINCE, { first: ORDERS_PAGE_SIZE })).toBeLessThanOrEqual(1000);
    expect(cost(ORDERS_UPDATED_SINCE, { first: ORDERS_PAGE_SIZE + 1 })).toBeGreaterThan(1000);
  });

  it('works the page size out with the worker estimator, which agrees with Shopify rules', () => {
    for (const first of [1, 2, 4])
      expect(estimateCost(parseOperation(ORDERS_UPDATED_SINCE), { first })).toBe(
        cost(ORDERS_UPDATED_SINCE, { first }),
      );
    expect(largestPageSize(ORDERS_UPDATED_SINCE)).toBe(ORDERS_PAGE_SIZE);
  });

  it('keeps the detail query under 1,000 with every part asked for', () => {
    const all = cost(ORDER_DETAIL, detailVariables(PARTS));
    expect(all).toBeLessThanOrEqual(1000);
    // One part alone costs less; the worker's estimate (blind to @include) never undercounts.
    const estimate = estimateCost(parseOperation(ORDER_DETAIL), detailVariables(PARTS));
    for (const part of PARTS) {
      const alone = cost(ORDER_DETAIL, detailVariables([part]));
      expect({ part, less: alone < all }).toEqual({ part, less: true });
      expect(estimate).toBeGreaterThanOrEqual(alone);
    }
  });

  it('keeps the refund and return line pages under 1,000', () => {
    expect(cost(REFUND_LINES, { id: 'x', lines: true, shipping: true })).toBeLessThanOrEqual(1000);
    const returnPage = largestPageSize(RETURN_LINES);
    expect(returnPage).toBe(250);
    expect(cost(RETURN_LINES, { id: 'x', first: returnPage })).toBeLessThanOrEqual(1000);
  });
});
