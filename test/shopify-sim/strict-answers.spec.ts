import { simGraphql } from './sim-client';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { ShopifySimulator } from './simulator';

// No silent success: what the simulator does not model answers NOT_IMPLEMENTED_IN_SIMULATOR,
// every id it returns is a GID of its own type, and a malformed GID is refused as Shopify does.

describe('strict answers and GIDs', () => {
  let sim: ShopifySimulator;
  const domain = 'strict.myshopify.com';
  const token = 'shpat_strict';
  const gql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  simulatorPerSuite((s) => {
    sim = s;
    sim.createShop({
      domain,
      accessToken: token,
      seed: { products: 3, variantsPerProduct: 2, locations: 2, customers: 3, orders: 3, seed: 9 },
    });
  });

  it('answers NOT_IMPLEMENTED_IN_SIMULATOR for an unmodelled query root field', async () => {
    const reply = await gql('{ giftCards(first: 1) { nodes { id } } }');
    // giftCards is non-null: the error nulls the whole answer, as graphql does.
    expect(reply.body.data).toBeNull();
    expect(reply.body.errors).toEqual([
      expect.objectContaining({
        path: ['giftCards'],
        extensions: { code: 'NOT_IMPLEMENTED_IN_SIMULATOR' },
      }),
    ]);
  });

  it('answers NOT_IMPLEMENTED_IN_SIMULATOR for an unmodelled mutation', async () => {
    const reply = await gql(
      'mutation { tagsAdd(id: "gid://shopify/Product/1", tags: ["x"]) { userErrors { message } } }',
    );
    expect(reply.body.data).toEqual({ tagsAdd: null });
    expect(reply.body.errors?.[0].extensions?.code).toBe('NOT_IMPLEMENTED_IN_SIMULATOR');
  });

  it('answers NOT_IMPLEMENTED_IN_SIMULATOR, not a made-up value, for an unmodelled field', async () => {
    const reply = await gql('{ shop { name resourceLimits { maxProductVariants } } }');
    expect(reply.body.errors?.[0]).toMatchObject({
      path: ['shop', 'resourceLimits'],
      extensions: { code: 'NOT_IMPLEMENTED_IN_SIMULATOR' },
    });
    expect(reply.body.errors?.[0].message).toContain('Shop.resourceLimits');
  });

  it('returns ids that are GIDs of their own type', async () => {
    const reply = await gql<Record<string, unknown>>(`{
      shop { __typename id }
      locations(first: 5) { nodes { __typename id } }
      products(first: 5) { nodes { __typename id variants(first: 5) { nodes { __typename id
        inventoryItem { __typename id inventoryLevels(first: 5) { nodes { __typename id } } } } } } }
      orders(first: 5) { nodes { __typename id } }
      customers(first: 5) { nodes { __typename id } }
    }`);
    expect(reply.body.errors).toBeUndefined();
    const ids: [string, string][] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.id === 'string') ids.push([String(o.__typename), o.id]);
        Object.values(o).forEach(walk);
      }
    };
    walk(reply.body.data);
    expect(ids.length).toBeGreaterThan(20);
    for (const [type, id] of ids)
      expect(id).toMatch(new RegExp(`^gid://shopify/${type}/\\d+(\\?.*)?$`));
  });

  it('refuses a malformed GID in a variable as Shopify does', async () => {
    const reply = await gql('query P($id: ID!) { product(id: $id) { id } }', { id: '12345' });
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors).toEqual([
      expect.objectContaining({
        message: 'Variable $id of type ID! was provided invalid value',
        extensions: expect.objectContaining({
          value: '12345',
          problems: [{ path: [], explanation: "Invalid global id '12345'" }],
        }),
      }),
    ]);
  });

  it('refuses a malformed GID literal inside an input', async () => {
    const reply = await gql(
      'mutation { inventoryActivate(inventoryItemId: "nope", locationId: "gid://shopify/Location/1") @idempotent(key: "k") { userErrors { message } } }',
    );
    expect(reply.body.errors?.[0]).toMatchObject({
      extensions: { code: 'argumentLiteralsIncompatible' },
    });
    expect(reply.body.errors?.[0].message).toContain("Invalid global id 'nope'");
  });

  it('finds nothing for a GID of the wrong type', async () => {
    const location = [...sim.shop(domain).locations.keys()][0];
    const reply = await gql('query P($id: ID!) { product(id: $id) { id } }', { id: location });
    expect(reply.body).toMatchObject({ data: { product: null } });
    expect(reply.body.errors).toBeUndefined();
  });
});
