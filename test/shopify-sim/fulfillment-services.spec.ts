import {
  FULFILLMENT_CREATE,
  FULFILLMENT_REQUEST_ACCEPT,
  ORDER_FULFILLMENT_ORDERS,
} from '../../apps/sync-worker/src/tasks/shipments/shipments.graphql';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { simGraphql } from './sim-client';
import { ShopifySimulator } from './simulator';

// Fulfillment services in the strict simulator, with the shipments task's own documents: a
// fulfillment order at a service's location is fulfilled only once the service accepted its
// request, and one fulfillmentCreate takes at most 250 fulfillment order line items.

interface Payload {
  userErrors: { field: string[] | null; message: string }[];
}
interface FoData {
  order: {
    fulfillmentOrders: {
      nodes: Array<{
        id: string;
        status: string;
        requestStatus: string;
        assignedLocation: { location: { id: string; isFulfillmentService: boolean } };
        lineItems: { nodes: Array<{ id: string; remainingQuantity: number }> };
      }>;
    };
  };
}

describe('fulfillment services and fulfillmentCreate limits', () => {
  let sim: ShopifySimulator;
  const domain = 'fulfil.myshopify.com';
  const token = 'shpat_fulfil';
  const send = <T>(query: string, variables: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);
  const fulfillmentOrders = async (orderId: string) =>
    (await send<FoData>(ORDER_FULFILLMENT_ORDERS, { id: orderId })).body.data!.order
      .fulfillmentOrders.nodes;
  const create = (foId: string, lines: Array<{ id: string; quantity: number }>) =>
    send<{ fulfillmentCreate: Payload & { fulfillment: { id: string } | null } }>(
      FULFILLMENT_CREATE,
      {
        fulfillment: {
          lineItemsByFulfillmentOrder: [
            { fulfillmentOrderId: foId, fulfillmentOrderLineItems: lines },
          ],
        },
      },
    );

  simulatorPerSuite((s) => (sim = s));
  beforeEach(() => {
    sim.reset();
    sim.createShop({
      domain,
      accessToken: token,
      seed: { products: 2, locations: 1, fulfillmentServices: 1, seed: 3 },
    });
  });

  it('fulfils a service location only after its request is submitted and accepted', async () => {
    const shop = sim.shop(domain);
    const service = [...shop.fulfillmentServices.values()][0];
    const sku = [...shop.variants.values()][0].sku!;
    const order = sim.createOrder(domain, {
      lineItems: [{ sku, quantity: 2 }],
      locationId: service.locationId,
    });
    const [fo] = await fulfillmentOrders(order.id);
    expect(fo).toMatchObject({
      requestStatus: 'UNSUBMITTED',
      assignedLocation: { location: { id: service.locationId, isFulfillmentService: true } },
    });
    const lines = fo.lineItems.nodes.map((l) => ({ id: l.id, quantity: 2 }));
    const early = await create(fo.id, lines);
    expect(early.body.data!.fulfillmentCreate.userErrors[0].message).toMatch(
      /has not accepted its request \(request status unsubmitted\)/,
    );
    const unsubmitted = await send<{ fulfillmentOrderAcceptFulfillmentRequest: Payload }>(
      FULFILLMENT_REQUEST_ACCEPT,
      { id: fo.id },
    );
    expect(unsubmitted.body.data!.fulfillmentOrderAcceptFulfillmentRequest.userErrors).toEqual([
      {
        field: ['id'],
        message:
          'Cannot accept a fulfillment request of a fulfillment order with request status unsubmitted.',
      },
    ]);

    sim.submitFulfillmentRequest(domain, fo.id);
    const accepted = await send<{
      fulfillmentOrderAcceptFulfillmentRequest: Payload & {
        fulfillmentOrder: { status: string; requestStatus: string };
      };
    }>(FULFILLMENT_REQUEST_ACCEPT, { id: fo.id, message: 'on it' });
    expect(accepted.body.data!.fulfillmentOrderAcceptFulfillmentRequest).toMatchObject({
      fulfillmentOrder: { status: 'IN_PROGRESS', requestStatus: 'ACCEPTED' },
      userErrors: [],
    });
    const done = await create(fo.id, lines);
    expect(done.body.data!.fulfillmentCreate.userErrors).toEqual([]);
    expect(sim.mutationCalls(domain).map((c) => c.mutation)).toEqual([
      'fulfillmentOrderAcceptFulfillmentRequest',
      'fulfillmentCreate',
    ]);
  });

  it('refuses more than 250 fulfillment order line items in one call', async () => {
    const shop = sim.shop(domain);
    const sku = [...shop.variants.values()][0].sku!;
    const order = sim.createOrder(domain, {
      lineItems: Array.from({ length: 251 }, () => ({ sku, quantity: 1 })),
    });
    const [fo] = await fulfillmentOrders(order.id);
    const all = order.fulfillmentOrders[0].lineItems.map((l) => ({ id: l.id, quantity: 1 }));
    expect(all).toHaveLength(251);
    const tooMany = await send<{ fulfillmentCreate: Payload | null }>(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: all.slice(0, 200) },
          { fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: all.slice(200) },
        ],
      },
    });
    expect(tooMany.body.data!.fulfillmentCreate!.userErrors[0].message).toBe(
      'A fulfillment can contain at most 250 fulfillment order line items (251 given).',
    );
    // One array of 251 is refused by the input-array cap before it runs.
    const oneArray = await create(fo.id, all);
    expect(oneArray.body.errors?.[0].message).toMatch(/250/);
    expect(
      (await create(fo.id, all.slice(0, 250))).body.data!.fulfillmentCreate.userErrors,
    ).toEqual([]);
    expect(sim.mutationCalls(domain, 'fulfillmentCreate')).toEqual([
      expect.objectContaining({ lineItems: 250 }),
    ]);
  });
});
