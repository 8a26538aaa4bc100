import { COMPANY_LOCATIONS } from '../../apps/sync-worker/src/tasks/orders/orders.graphql';
import { simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

// B2B companies: `companies` (search, sort), `company`, their locations and contacts,
// Order.purchasingEntity, the seed, and strictness: an unknown id finds nothing, a malformed
// one is refused, a field the schema lacks fails validation, one not modelled says so.

const COMPANIES = `
  query Companies($first: Int!, $query: String) {
    companies(first: $first, query: $query, sortKey: NAME) {
      nodes {
        id
        name
        externalId
        locationsCount { count }
        mainContact { id customer { id email } }
        locations(first: 5) {
          nodes {
            id
            name
            externalId
            billingAddress { companyName address1 city countryCode }
            shippingAddress { address1 countryCode }
          }
        }
      }
    }
  }
`;
const ORDER_ENTITY = `
  query OrderEntity($id: ID!) {
    order(id: $id) {
      customer { id }
      purchasingEntity {
        __typename
        ... on Customer { id }
        ... on PurchasingCompany {
          company { id name }
          location { id name externalId }
          contact { id isMainContact }
        }
      }
    }
  }
`;

interface Company {
  id: string;
  name: string;
  externalId: string | null;
  locationsCount: { count: number };
  mainContact: { id: string; customer: { id: string; email: string } } | null;
  locations: {
    nodes: Array<{
      id: string;
      name: string;
      externalId: string | null;
      billingAddress: { companyName: string; address1: string; city: string; countryCode: string };
      shippingAddress: { address1: string; countryCode: string };
    }>;
  };
}

describe('shopify-sim: B2B companies', () => {
  let sim: ShopifySimulator;
  const DOMAIN = 'companies-sim.myshopify.com';
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, 'tok-b2b', query, variables);

  beforeAll(async () => {
    sim = await startShopifySimulator();
    sim.createShop({
      domain: DOMAIN,
      accessToken: 'tok-b2b',
      seed: { products: 1, variantsPerProduct: 1, locations: 1, companies: 2, seed: 5 },
    });
  });
  afterAll(() => sim.close());

  it('seeds companies with two locations each, a main contact and an order by the contact', async () => {
    const res = await gql<{ companies: { nodes: Company[] } }>(COMPANIES, { first: 10 });
    expect(res.body.errors).toBeUndefined();
    const [first, second] = res.body.data!.companies.nodes;
    expect([first.name, second.name]).toEqual(['Company 1 BV', 'Company 2 BV']);
    expect(first.locationsCount).toEqual({ count: 2 });
    expect(first.locations.nodes.map((l) => [l.name, l.externalId])).toEqual([
      ['Company 1 head office', 'B2B-1'],
      ['Company 1 depot', null],
    ]);
    expect(first.locations.nodes[1]).toMatchObject({
      billingAddress: { companyName: 'Company 1 BV', address1: 'Head Street 1', countryCode: 'NL' },
      shippingAddress: { address1: 'Depot Lane 1', countryCode: 'NL' },
    });
    expect(first.mainContact?.customer.email).toBe('buyer.1@company1.example');

    const order = [...sim.shop(DOMAIN).orders.values()].find(
      (o) => o.purchasingCompany?.companyId === first.id,
    )!;
    const entity = await gql<{
      order: { customer: { id: string }; purchasingEntity: Record<string, unknown> };
    }>(ORDER_ENTITY, { id: order.id });
    expect(entity.body.errors).toBeUndefined();
    expect(entity.body.data!.order).toEqual({
      customer: { id: first.mainContact!.customer.id },
      purchasingEntity: {
        __typename: 'PurchasingCompany',
        company: { id: first.id, name: 'Company 1 BV' },
        location: { id: first.locations.nodes[1].id, name: 'Company 1 depot', externalId: null },
        contact: { id: first.mainContact!.id, isMainContact: true },
      },
    });
  });

  it('searches by name and external id; a consumer order’s entity is its customer', async () => {
    const byName = await gql<{ companies: { nodes: Company[] } }>(COMPANIES, {
      first: 10,
      query: "name:'Company 2 BV'",
    });
    expect(byName.body.data!.companies.nodes.map((c) => c.name)).toEqual(['Company 2 BV']);
    const { company } = sim.createCompany(DOMAIN, {
      name: 'Extern NV',
      externalId: 'EXT-9',
      locations: [{ name: 'Main', billingAddress: { address1: 'A 1', countryCode: 'BE' } }],
    });
    const byExternal = await gql<{ companies: { nodes: Company[] } }>(COMPANIES, {
      first: 10,
      query: 'external_id:EXT-9',
    });
    expect(byExternal.body.data!.companies.nodes.map((c) => c.id)).toEqual([company.id]);
    const customer = sim.createCustomer(DOMAIN, { email: 'consumer@example.com' });
    const variant = [...sim.shop(DOMAIN).variants.values()][0];
    const placed = sim.createOrder(DOMAIN, {
      lineItems: [{ variantId: variant.id, quantity: 1 }],
      customerId: customer.id,
    });
    const entity = await gql<{ order: { purchasingEntity: unknown } }>(ORDER_ENTITY, {
      id: placed.id,
    });
    expect(entity.body.data!.order.purchasingEntity).toEqual({
      __typename: 'Customer',
      id: customer.id,
    });
  });

  it('reads company locations by id with nodes (the orders task’s document)', async () => {
    const location = [...sim.shop(DOMAIN).companyLocations.values()][0];
    const res = await gql<{ nodes: Array<Record<string, unknown> | null> }>(COMPANY_LOCATIONS, {
      ids: [location.id, 'gid://shopify/CompanyLocation/999999'],
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data!.nodes).toEqual([
      expect.objectContaining({
        id: location.id,
        externalId: 'B2B-1',
        company: expect.objectContaining({ name: 'Company 1 BV' }),
      }),
      null,
    ]);
  });

  it('is strict: unknown ids find nothing, malformed ids and unknown fields are refused', async () => {
    const unknown = await gql<{ company: unknown; companyLocation: unknown }>(
      `query { company(id: "gid://shopify/Company/999999") { id }
               companyLocation(id: "gid://shopify/Customer/1") { id } }`,
    );
    expect(unknown.body.errors).toBeUndefined();
    expect(unknown.body.data).toEqual({ company: null, companyLocation: null });
    const malformed = await gql(`query Q($id: ID!) { company(id: $id) { id } }`, { id: '42' });
    expect(malformed.body.errors?.[0].message).toContain('invalid value');
    const field = await gql(`query { companies(first: 1) { nodes { id vatNumber } } }`);
    expect(field.body.errors?.[0].message).toContain(
      'Cannot query field "vatNumber" on type "Company"',
    );
    const notModelled = await gql(
      `query { companies(first: 1) { nodes { totalSpent { amount } } } }`,
    );
    expect(notModelled.body.errors?.[0].extensions?.code).toBe('NOT_IMPLEMENTED_IN_SIMULATOR');
  });

  it('refuses what Shopify refuses when setting up a company', () => {
    expect(() =>
      sim.createCompany(DOMAIN, { name: 'Twice', externalId: 'EXT-9', locations: [{ name: 'x' }] }),
    ).toThrow(/external id EXT-9 is taken/);
    expect(() => sim.createCompany(DOMAIN, { name: 'Empty', locations: [] })).toThrow(
      /needs a location/,
    );
  });
});
