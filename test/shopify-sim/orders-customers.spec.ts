import { simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

const ORDERS = `
  query Orders($after: String, $query: String) {
    orders(first: 4, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id name updatedAt displayFinancialStatus displayFulfillmentStatus
        customer { id email }
        shippingAddress { city countryCodeV2 }
        totalPriceSet { shopMoney { amount currencyCode } }
        lineItems(first: 5) { nodes { sku quantity variant { id } originalUnitPriceSet { shopMoney { amount } } } }
      }
    }
  }`;

interface OrderNode {
  id: string;
  name: string;
  updatedAt: string;
  displayFinancialStatus: string;
  displayFulfillmentStatus: string;
  customer: { id: string; email: string } | null;
  lineItems: { nodes: { sku: string; quantity: number }[] };
}

interface OrdersData {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] };
}

describe('orders and customers', () => {
  let sim: ShopifySimulator;
  let now = Date.parse('2026-02-01T08:00:00Z');
  const domain = 'orders.myshopify.com';
  const token = 'shpat_orders';
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);

  beforeAll(async () => {
    sim = await startShopifySimulator({ clock: () => now, emitWebhooks: false });
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(() => {
    now = Date.parse('2026-02-01T08:00:00Z');
    sim.reset();
    sim.createShop({
      domain,
      accessToken: token,
      seed: {
        products: 4,
        variantsPerProduct: 2,
        locations: 2,
        customers: 5,
        orders: 10,
        seed: 21,
        baseTime: '2026-01-31T00:00:00Z',
      },
    });
  });

  it('pages all orders by updated_at with cursors', async () => {
    const seen: OrderNode[] = [];
    let after: string | null = null;
    for (let page = 0; page < 5; page++) {
      const reply: Awaited<ReturnType<typeof gql<OrdersData>>> = await gql<OrdersData>(ORDERS, {
        after,
      });
      expect(reply.body.errors).toBeUndefined();
      const data = reply.body.data;
      if (!data) throw new Error('no data');
      seen.push(...data.orders.nodes);
      if (!data.orders.pageInfo.hasNextPage) break;
      after = data.orders.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(10);
    expect(new Set(seen.map((o) => o.id)).size).toBe(10);
    const times = seen.map((o) => o.updatedAt);
    expect([...times].sort()).toEqual(times);
    expect(seen[0].lineItems.nodes.length).toBeGreaterThan(0);
  });

  it('finds only orders changed after a time, with status filters', async () => {
    now = Date.parse('2026-02-02T09:30:00Z');
    const variant = [...sim.shop(domain).variants.values()][0];
    const fresh = sim.createOrder(domain, {
      lineItems: [{ variantId: variant.id, quantity: 1 }],
      email: 'new@example.com',
      financialStatus: 'AUTHORIZED',
    });
    const reply = await gql<OrdersData>(ORDERS, {
      query: "updated_at:>'2026-02-01T00:00:00Z' status:open",
    });
    expect(reply.body.data?.orders.nodes.map((o) => o.id)).toEqual([fresh.id]);
    expect(reply.body.data?.orders.nodes[0]).toMatchObject({
      name: fresh.name,
      displayFinancialStatus: 'AUTHORIZED',
      displayFulfillmentStatus: 'UNFULFILLED',
      customer: { email: 'new@example.com' },
    });
  });

  it('fulfils through fulfillment orders with tracking', async () => {
    const variant = [...sim.shop(domain).variants.values()][0];
    const order = sim.createOrder(domain, { lineItems: [{ variantId: variant.id, quantity: 2 }] });
    const levelBefore = {
      ...sim.shop(domain).getLevel(variant.inventoryItemId, order.fulfillmentOrders[0].locationId)
        ?.quantities,
    };
    type FoData = {
      order: {
        fulfillmentOrders: {
          nodes: {
            id: string;
            status: string;
            lineItems: { nodes: { id: string; remainingQuantity: number; sku: string }[] };
          }[];
        };
        transactions: { kind: string; status: string }[];
      };
    };
    const fos = await gql<FoData>(
      'query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 10) { nodes { id remainingQuantity sku } } } } transactions { kind status } } }',
      { id: order.id },
    );
    const fo = fos.body.data?.order.fulfillmentOrders.nodes[0];
    expect(fo).toMatchObject({
      status: 'OPEN',
      lineItems: { nodes: [{ remainingQuantity: 2, sku: variant.sku }] },
    });
    expect(fos.body.data?.order.transactions).toEqual([{ kind: 'SALE', status: 'SUCCESS' }]);

    const create = `mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id status trackingInfo { number company } } userErrors { field message } } }`;
    type CreateData = {
      fulfillmentCreate: {
        fulfillment: { status: string; trackingInfo: { number: string }[] } | null;
        userErrors: { message: string }[];
      };
    };
    const input = {
      lineItemsByFulfillmentOrder: [
        {
          fulfillmentOrderId: fo?.id,
          fulfillmentOrderLineItems: [{ id: fo?.lineItems.nodes[0].id, quantity: 2 }],
        },
      ],
      trackingInfo: { number: 'TRACK-1', company: 'PostNL' },
      notifyCustomer: false,
    };
    const done = await gql<CreateData>(create, { f: input });
    expect(done.body.data?.fulfillmentCreate).toEqual({
      fulfillment: {
        id: expect.any(String),
        status: 'SUCCESS',
        trackingInfo: [{ number: 'TRACK-1', company: 'PostNL' }],
      },
      userErrors: [],
    });
    const again = await gql<CreateData>(create, { f: input });
    expect(again.body.data?.fulfillmentCreate.userErrors[0].message).toContain(
      'unfulfillable status',
    );

    const after = sim.shop(domain).orders.get(order.id);
    expect(after?.fulfillmentOrders[0].status).toBe('CLOSED');
    const level = sim
      .shop(domain)
      .getLevel(variant.inventoryItemId, order.fulfillmentOrders[0].locationId)?.quantities;
    expect(level?.committed).toBe((levelBefore.committed ?? 0) - 2);
    expect(level?.on_hand).toBe((levelBefore.on_hand ?? 0) - 2);
    const status = await gql<{ order: { displayFulfillmentStatus: string } }>(
      'query($id: ID!) { order(id: $id) { displayFulfillmentStatus } }',
      { id: order.id },
    );
    expect(status.body.data?.order.displayFulfillmentStatus).toBe('FULFILLED');
  });

  it('queries, creates, updates and upserts customers', async () => {
    now = Date.parse('2026-02-03T10:00:00Z');
    type Payload = {
      customer: { id: string; email: string; firstName: string | null } | null;
      userErrors: { field: string[] | null; message: string }[];
    };
    const created = await gql<{ customerCreate: Payload }>(
      'mutation($i: CustomerInput!) { customerCreate(input: $i) { customer { id email firstName } userErrors { field message } } }',
      {
        i: { email: 'jan@example.com', firstName: 'Jan', tags: ['erp'] },
      },
    );
    const id = created.body.data?.customerCreate.customer?.id;
    expect(id).toMatch(/Customer\/\d+$/);
    const dupe = await gql<{ customerCreate: Payload }>(
      'mutation($i: CustomerInput!) { customerCreate(input: $i) { customer { id } userErrors { field message } } }',
      { i: { email: 'jan@example.com' } },
    );
    expect(dupe.body.data?.customerCreate.userErrors).toEqual([
      { field: ['input', 'email'], message: 'Email has already been taken' },
    ]);
    const updated = await gql<{ customerUpdate: Payload }>(
      'mutation($i: CustomerInput!) { customerUpdate(input: $i) { customer { id email firstName } userErrors { field message } } }',
      { i: { id, firstName: 'Janneke' } },
    );
    expect(updated.body.data?.customerUpdate.customer).toEqual({
      id,
      email: 'jan@example.com',
      firstName: 'Janneke',
    });
    const upserted = await gql<{ customerSet: Payload }>(
      'mutation($i: CustomerSetInput!, $id: CustomerSetIdentifiers) { customerSet(input: $i, identifier: $id) { customer { id email firstName } userErrors { field message } } }',
      { i: { firstName: 'J.' }, id: { email: 'jan@example.com' } },
    );
    expect(upserted.body.data?.customerSet.customer).toEqual({
      id,
      email: 'jan@example.com',
      firstName: 'J.',
    });

    type List = {
      customers: {
        nodes: {
          id: string;
          defaultEmailAddress: { emailAddress: string } | null;
          updatedAt: string;
        }[];
      };
    };
    const changed = await gql<List>(
      `{ customers(first: 50, query: "updated_at:>'2026-02-01T00:00:00Z'") { nodes { id updatedAt defaultEmailAddress { emailAddress } } } }`,
    );
    expect(changed.body.data?.customers.nodes).toEqual([
      {
        id,
        updatedAt: '2026-02-03T10:00:00Z',
        defaultEmailAddress: { emailAddress: 'jan@example.com' },
      },
    ]);
    const all = await gql<List>('{ customers(first: 50) { nodes { id } } }');
    expect(all.body.data?.customers.nodes.length).toBeGreaterThanOrEqual(6);
  });

  it('answers shop and locations queries', async () => {
    const reply = await gql<{
      shop: {
        name: string;
        currencyCode: string;
        ianaTimezone: string;
        myshopifyDomain: string;
        plan: { publicDisplayName: string; shopifyPlus: boolean };
      };
      locations: { nodes: { name: string; isActive: boolean }[] };
    }>(
      '{ shop { name currencyCode ianaTimezone myshopifyDomain plan { publicDisplayName shopifyPlus partnerDevelopment } } locations(first: 10) { nodes { name isActive address { city countryCode } } } }',
    );
    expect(reply.body.data?.shop).toMatchObject({
      currencyCode: 'EUR',
      ianaTimezone: 'Europe/Amsterdam',
      myshopifyDomain: domain,
      plan: { publicDisplayName: 'Shopify', shopifyPlus: false },
    });
    expect(reply.body.data?.locations.nodes.map((l) => l.name)).toEqual([
      'Warehouse 1',
      'Warehouse 2',
    ]);
  });
});
