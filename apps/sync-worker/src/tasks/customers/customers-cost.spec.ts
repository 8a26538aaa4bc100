import { DocumentNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { loadAdminSchema } from '@test/shopify-sim';
import { calculateRequestedCost } from '@test/shopify-sim/cost-calculator';
import { estimateCost, parseOperation } from '../../shopify/cost-estimator';
import { CUSTOMERS_PAGE_SIZE } from './customers.handler';
import { CUSTOMER_ADDRESSES, CUSTOMERS_UPDATED_SINCE } from './customers.graphql';

// The customers task's reads against Shopify's requested-cost rules (the simulator's calculator
// over the real schema): with addresses, consent and tax fields a page stays under 1,000 points.

const { schema } = loadAdminSchema();

function cost(text: string, variables: Record<string, unknown>): number {
  const doc: DocumentNode = parse(text);
  const op = doc.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!op) throw new Error('no operation');
  return calculateRequestedCost(schema, doc, op, variables).total;
}

describe('customers task query cost', () => {
  it('pages the changed customers as full as 1,000 points allow', () => {
    expect(CUSTOMERS_PAGE_SIZE).toBeGreaterThanOrEqual(20);
    expect(cost(CUSTOMERS_UPDATED_SINCE, { first: CUSTOMERS_PAGE_SIZE })).toBeLessThanOrEqual(1000);
    expect(cost(CUSTOMERS_UPDATED_SINCE, { first: CUSTOMERS_PAGE_SIZE + 1 })).toBeGreaterThan(1000);
    expect(estimateCost(parseOperation(CUSTOMERS_UPDATED_SINCE), { first: 7 })).toBe(
      cost(CUSTOMERS_UPDATED_SINCE, { first: 7 }),
    );
  });

  it('reads the rest of one customer’s addresses under 1,000 points', () => {
    expect(cost(CUSTOMER_ADDRESSES, { id: 'x', first: 250 })).toBeLessThanOrEqual(1000);
  });
});
