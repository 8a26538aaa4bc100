import { loadAdminSchema } from './schema-loader';
import { requiredScope, scopeMap } from './access-scopes';
import { simControl, simGraphql } from './sim-client';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { ShopifySimulator } from './simulator';

// Access scopes: granted per shop (seed or control API), reported by currentAppInstallation,
// enforced on every root field with the scope derived from the schema.

describe('access scopes', () => {
  let sim: ShopifySimulator;
  const domain = 'scopes.myshopify.com';
  const token = 'shpat_scopes';
  const gql = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  simulatorPerSuite((s) => (sim = s));
  beforeEach(() => {
    sim.reset();
    sim.createShop({
      domain,
      accessToken: token,
      accessScopes: ['read_products', 'write_inventory'],
      seed: { products: 2, locations: 1, seed: 4 },
    });
  });

  it('derives the scope of the fields shopsync uses from the schema', () => {
    const schema = loadAdminSchema().schema;
    const q = schema.getQueryType()!.getFields();
    const m = schema.getMutationType()!.getFields();
    expect(scopeMap(schema).resources.get('product')).toBe('read_products');
    expect(
      Object.fromEntries(
        ['products', 'locations', 'orders', 'customers', 'inventoryItem', 'shop'].map((n) => [
          n,
          requiredScope(schema, 'query', q[n]),
        ]),
      ),
    ).toEqual({
      products: 'read_products',
      locations: 'read_locations',
      orders: 'read_orders',
      customers: 'read_customers',
      inventoryItem: 'read_inventory',
      shop: null,
    });
    expect(
      ['productSet', 'inventorySetQuantities', 'customerUpdate', 'fulfillmentCreate'].map((n) =>
        requiredScope(schema, 'mutation', m[n]),
      ),
    ).toEqual(['write_products', 'write_inventory', 'write_customers', 'write_fulfillments']);
    // Named in the field's own description.
    expect(requiredScope(schema, 'query', q.assignedFulfillmentOrders)).toBe(
      'read_assigned_fulfillment_orders',
    );
  });

  it('reports the granted scopes through currentAppInstallation', async () => {
    const reply = await gql<{
      currentAppInstallation: { id: string; accessScopes: { handle: string }[] };
    }>('{ currentAppInstallation { id accessScopes { handle } } }');
    expect(reply.body.errors).toBeUndefined();
    expect(reply.body.data?.currentAppInstallation.accessScopes).toEqual([
      { handle: 'read_products' },
      { handle: 'write_inventory' },
    ]);
    expect(reply.body.data?.currentAppInstallation.id).toMatch(
      /^gid:\/\/shopify\/AppInstallation\/\d+$/,
    );
  });

  it('answers ACCESS_DENIED outside the granted scopes, per root field', async () => {
    const reply = await gql(
      '{ products(first: 1) { nodes { id } } customers(first: 1) { nodes { id } } }',
    );
    expect(reply.body.data).toBeNull();
    expect(reply.body.errors).toEqual([
      expect.objectContaining({
        message:
          'Access denied for customers field. Required access: `read_customers` access scope.',
        path: ['customers'],
        extensions: expect.objectContaining({
          code: 'ACCESS_DENIED',
          requiredAccess: '`read_customers` access scope.',
        }),
      }),
    ]);
  });

  it('lets a write scope read, and refuses a write with only the read scope', async () => {
    const shop = sim.shop(domain);
    const item = [...shop.inventoryItems.keys()][0];
    const read = await gql('query I($id: ID!) { inventoryItem(id: $id) { id } }', { id: item });
    expect(read.body.errors).toBeUndefined();
    const write = await gql(
      'mutation { productSet(input: { title: "x" }, synchronous: true) { product { id } userErrors { message } } }',
    );
    expect(write.body.errors?.[0]).toMatchObject({
      path: ['productSet'],
      extensions: { code: 'ACCESS_DENIED', requiredAccess: '`write_products` access scope.' },
    });
    expect(shop.products.size).toBe(2);
  });

  it('changes the grant through the control API, and refuses a malformed list', async () => {
    const put = await simControl(sim.url, 'PUT', `/shops/${domain}/access-scopes`, {
      accessScopes: ['read_customers'],
    });
    expect(put).toEqual({ status: 200, body: { accessScopes: ['read_customers'] } });
    expect((await gql('{ customers(first: 1) { nodes { id } } }')).body.errors).toBeUndefined();
    expect(
      (await gql('{ products(first: 1) { nodes { id } } }')).body.errors?.[0].extensions?.code,
    ).toBe('ACCESS_DENIED');
    const bad = await simControl(sim.url, 'PUT', `/shops/${domain}/access-scopes`, {
      accessScopes: 'all',
    });
    expect(bad.status).toBe(400);
    expect(sim.shop(domain).accessScopes).toEqual(['read_customers']);
  });

  it('grants every derived scope when a shop is created without a list', async () => {
    sim.createShop({ domain: 'full.myshopify.com', accessToken: 'shpat_full' });
    const scopes = sim.shop('full.myshopify.com').accessScopes;
    expect(scopes).toEqual(
      expect.arrayContaining(['write_products', 'write_inventory', 'read_orders']),
    );
  });
});
