import { CATALOG_INVENTORY_ACTIVATE } from '../../apps/sync-worker/src/tasks/inventory/inventory.graphql';
import { simGraphql } from './sim-client';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { ShopifySimulator } from './simulator';

// The inventory task's own inventoryActivate document, sent to the strict simulator: 2026-04
// requires @idempotent on it (the mutation's description says so), as real Shopify does.

interface ActivateData {
  inventoryActivate: {
    inventoryLevel: { id: string } | null;
    userErrors: { field: string[] | null; message: string }[];
  } | null;
}

describe('inventoryActivate as the inventory task sends it', () => {
  let sim: ShopifySimulator;
  const domain = 'activate.myshopify.com';
  const token = 'shpat_activate';
  let itemId: string;
  let locationId: string;
  const send = (variables: Record<string, unknown>, query = CATALOG_INVENTORY_ACTIVATE) =>
    simGraphql<ActivateData>(sim.url, token, query, variables);

  simulatorPerSuite((s) => (sim = s));
  beforeEach(() => {
    sim.reset();
    const shop = sim.createShop({
      domain,
      accessToken: token,
      seed: { products: 1, locations: 2, seed: 5 },
    });
    itemId = [...shop.inventoryItems.keys()][0];
    locationId = [...shop.locations.keys()][1];
    shop.inventoryLevels.delete(`${itemId}|${locationId}`);
  });

  it('is accepted with its key and activates the level once for a repeated key', async () => {
    const variables = {
      inventoryItemId: itemId,
      locationId,
      key: 'a1b2c3d4-0000-5000-a000-000000000001',
    };
    const first = await send(variables);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.inventoryActivate?.userErrors).toEqual([]);
    expect(first.body.data?.inventoryActivate?.inventoryLevel?.id).toMatch(
      /^gid:\/\/shopify\/InventoryLevel\//,
    );
    const again = await send(variables);
    expect(again.body.data).toEqual(first.body.data);
    const keys = sim
      .idempotencyLedger(domain)
      .keys.filter((k) => k.mutation === 'inventoryActivate');
    expect(keys).toEqual([expect.objectContaining({ replays: 1 })]);
  });

  it('refuses the document without @idempotent, as the task sent it before', async () => {
    const old = CATALOG_INVENTORY_ACTIVATE.replace(', $key: String!', '').replace(
      /@idempotent\(key: \$key\)/,
      '',
    );
    const reply = await send({ inventoryItemId: itemId, locationId }, old);
    expect(reply.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(reply.body.errors?.[0].message).toContain(
      '@idempotent directive is required for inventoryActivate',
    );
    expect(reply.body.data?.inventoryActivate).toBeNull();
  });

  it('answers userErrors for an unknown inventory item', async () => {
    const reply = await send({
      inventoryItemId: 'gid://shopify/InventoryItem/999999999',
      locationId,
      key: 'a1b2c3d4-0000-5000-a000-000000000002',
    });
    expect(reply.body.data?.inventoryActivate?.userErrors).toEqual([
      expect.objectContaining({ field: ['inventoryItemId'] }),
    ]);
  });
});
