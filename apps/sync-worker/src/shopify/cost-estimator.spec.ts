import { estimateCost, parseOperation } from './cost-estimator';

const cost = (doc: string, vars: Record<string, unknown> = {}) =>
  estimateCost(parseOperation(doc), vars);

describe('estimateCost (Shopify requested-cost rules, without the schema)', () => {
  it('counts objects 1 and scalars 0', () => {
    expect(cost('query ShopInfo { shop { name currencyCode } }')).toBe(1);
    expect(cost('query { shop { name billingAddress { city } } }')).toBe(2);
  });

  it('counts a connection as 2 + first × one node, with variables and nesting', () => {
    const doc = `query Orders($first: Int!) {
      orders(first: $first) {
        nodes { id lineItems(first: 10) { nodes { id sku } } customer { id } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    // node = 1 + (2 + 10 × 1) + 1 = 14
    expect(cost(doc, { first: 50 })).toBe(2 + 50 * 14);
    expect(cost('query { products(first: 5) { edges { cursor node { id } } } }')).toBe(2 + 5);
  });

  it('charges mutations 10 plus their dynamic part; payload objects are free', () => {
    expect(
      cost(
        'mutation C($input: CustomerInput!) { customerCreate(input: $input) { customer { id } userErrors { field message } } }',
      ),
    ).toBe(10);
    const variants = Array.from({ length: 100 }, (_, i) => ({ id: String(i) }));
    expect(
      cost(
        'mutation P($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { userErrors { message } } }',
        { variants },
      ),
    ).toBe(30);
    expect(
      cost(
        'mutation S($input: ProductSetInput!) { productSet(input: $input) { product { id } } }',
        {
          input: { variants: [{}, {}, {}, {}, {}, {}] },
        },
      ),
    ).toBe(12);
  });

  it('takes the dearest of alternative fragments', () => {
    const doc = `query N($id: ID!) { node(id: $id) { id ... on Product { title variants(first: 3) { nodes { id } } } ... on Order { name } ...F } }
      fragment F on Customer { email defaultAddress { city } }`;
    expect(cost(doc, { id: 'x' })).toBe(1 + (2 + 3));
  });

  it('picks the named operation of a multi-operation document', () => {
    const doc =
      'query A { shop { name } } mutation B { tagsAdd(id: "1", tags: ["x"]) { node { id } } }';
    expect(estimateCost(parseOperation(doc, 'B'))).toBe(10);
    expect(() => parseOperation(doc)).toThrow(/one operation/);
  });
});
