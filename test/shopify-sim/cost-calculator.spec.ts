import { getOperationAST, getVariableValues, parse } from 'graphql';
import { calculateActualCost, calculateRequestedCost } from './cost-calculator';
import { findOversizedInputArray } from './input-limits';
import { loadAdminSchema } from './schema-loader';

// Costs worked out by hand from Shopify's published rules.
describe('cost calculator', () => {
  const { schema } = loadAdminSchema();

  function requested(query: string, variables: Record<string, unknown> = {}): number {
    const document = parse(query);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
    if (coerced.errors) throw coerced.errors[0];
    return calculateRequestedCost(schema, document, operation, coerced.coerced).total;
  }

  it('charges 1 per object and 0 for scalars', () => {
    expect(requested('{ shop { name currencyCode plan { publicDisplayName } } }')).toBe(2);
    expect(requested('{ a: shop { name } b: shop { id } }')).toBe(2);
  });

  it('charges connections 2 + first × node', () => {
    expect(
      requested(
        '{ products(first: 10) { edges { cursor node { id title } } pageInfo { hasNextPage } } }',
      ),
    ).toBe(12);
    expect(requested('query($n: Int!) { orders(first: $n) { nodes { id } } }', { n: 50 })).toBe(52);
    expect(requested('{ locations(last: 3) { nodes { id } } }')).toBe(5);
  });

  it('multiplies nested connections', () => {
    const query =
      '{ products(first: 10) { nodes { id variants(first: 5) { nodes { id inventoryItem { id } } } } } }';
    // node = 1 + (2 + 5 × (1 + 1)) = 13; total = 2 + 10 × 13
    expect(requested(query)).toBe(132);
  });

  it('takes the most expensive branch of an interface', () => {
    const query = `{ node(id: "gid://shopify/Product/1") { id
      ... on Product { title variants(first: 10) { nodes { id } } }
      ... on Customer { firstName } } }`;
    expect(requested(query)).toBe(13);
  });

  it('charges mutations 10, plus connections in the payload', () => {
    expect(
      requested(
        'mutation { customerCreate(input: {email: "a@example.com"}) { customer { id } userErrors { field message } } }',
      ),
    ).toBe(10);
    const withConnection =
      'mutation { customerCreate(input: {email: "a@example.com"}) { customer { id orders(first: 5) { nodes { id } } } } }';
    expect(requested(withConnection)).toBe(17);
  });

  it('gives productSet its dynamic cost of 10 + 0.2 per variant, rounded up', () => {
    const variants = Array.from({ length: 12 }, (_, i) => ({
      optionValues: [{ optionName: 'Size', name: `S${i}` }],
    }));
    const query =
      'mutation($input: ProductSetInput!) { productSet(input: $input) { product { id } userErrors { message } } }';
    expect(requested(query, { input: { title: 'T', variants } })).toBe(13);
    expect(requested(query, { input: { title: 'T' } })).toBe(10);
  });

  it('computes the actual cost from the returned nodes', () => {
    const document = parse(
      '{ products(first: 10) { nodes { id variants(first: 5) { nodes { id } } } } }',
    );
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    const data = {
      products: {
        nodes: [
          { id: 'a', variants: { nodes: [{ id: 'v' }] } },
          { id: 'b', variants: { nodes: [] } },
        ],
      },
    };
    // actual: 2 + (1 + 2 + 1) + (1 + 2); requested: 2 + 10 × (1 + 2 + 5 × 1)
    expect(calculateActualCost(schema, document, operation, {}, data)).toBe(9);
    expect(calculateRequestedCost(schema, document, operation, {}).total).toBe(82);
  });

  it('finds input arrays over 250 items, inline or in variables', () => {
    const query =
      'mutation($q: [InventoryQuantityInput!]!) { inventorySetQuantities(input: {name: "available", reason: "correction", quantities: $q}) { userErrors { message } } }';
    const document = parse(query);
    const operation = getOperationAST(document);
    if (!operation) throw new Error('no operation');
    const quantities = (n: number) =>
      Array.from({ length: n }, () => ({
        inventoryItemId: 'gid://shopify/InventoryItem/1',
        locationId: 'gid://shopify/Location/1',
        quantity: 1,
        changeFromQuantity: null,
      }));
    const coerce = (n: number) =>
      getVariableValues(schema, operation.variableDefinitions ?? [], { q: quantities(n) })
        .coerced ?? {};
    expect(findOversizedInputArray(schema, document, operation, coerce(250))).toBeNull();
    expect(findOversizedInputArray(schema, document, operation, coerce(251))).toMatchObject({
      size: 251,
      path: ['inventorySetQuantities', 'input', 'quantities'],
    });
  });
});
