import { simControl, simGraphql } from './sim-client';
import { IdempotencyLedger, ShopifySimulator, startShopifySimulator } from './simulator';

const SET = (directive: string) => `
  mutation Set($input: InventorySetQuantitiesInput!) {
    inventorySetQuantities(input: $input) ${directive} {
      inventoryAdjustmentGroup { id reason changes { name delta quantityAfterChange item { id } location { id } } }
      userErrors { field message code }
    }
  }`;

interface SetData {
  inventorySetQuantities: {
    inventoryAdjustmentGroup: {
      id: string;
      changes: { name: string; delta: number; quantityAfterChange: number }[];
    } | null;
    userErrors: { field: string[] | null; message: string; code: string }[];
  } | null;
}

describe('inventory: inventorySetQuantities with @idempotent and changeFromQuantity', () => {
  let sim: ShopifySimulator;
  const domain = 'stock.myshopify.com';
  const token = 'shpat_stock';
  let itemId: string;
  let locationId: string;
  const gql = <T>(query: string, variables?: Record<string, unknown>) =>
    simGraphql<T>(sim.url, token, query, variables);
  const available = () => sim.shop(domain).getLevel(itemId, locationId)?.quantities.available;
  const input = (quantity: number, changeFromQuantity: number | null) => ({
    name: 'available',
    reason: 'correction',
    referenceDocumentUri: 'logistics://erp/sync/1',
    quantities: [{ inventoryItemId: itemId, locationId, quantity, changeFromQuantity }],
  });

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false });
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(() => {
    sim.reset();
    const shop = sim.createShop({
      domain,
      accessToken: token,
      seed: { products: 1, locations: 1, seed: 3 },
    });
    itemId = [...shop.inventoryItems.keys()][0];
    locationId = [...shop.locations.keys()][0];
    sim.setInventory(domain, { inventoryItemId: itemId, locationId, quantity: 10 });
  });

  it('requires the @idempotent directive in 2026-04', async () => {
    const reply = await gql<SetData>(SET(''), { input: input(12, 10) });
    expect(reply.status).toBe(200);
    expect(reply.body.data?.inventorySetQuantities).toBeNull();
    expect(reply.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('@idempotent directive is required'),
      path: ['inventorySetQuantities'],
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(available()).toBe(10);
  });

  it('applies a key once: the repeat replays the first result and changes nothing', async () => {
    const first = await gql<SetData>(
      SET('@idempotent(key: "5d0e6d55-0000-4000-8000-000000000001")'),
      { input: input(12, 10) },
    );
    expect(first.body.data?.inventorySetQuantities?.userErrors).toEqual([]);
    expect(first.body.data?.inventorySetQuantities?.inventoryAdjustmentGroup?.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'available', delta: 2, quantityAfterChange: 12 }),
      ]),
    );
    sim.setInventory(domain, { inventoryItemId: itemId, locationId, quantity: 11 });
    const repeat = await gql<SetData>(
      SET('@idempotent(key: "5d0e6d55-0000-4000-8000-000000000001")'),
      { input: input(12, 10) },
    );
    expect(repeat.body.data).toEqual(first.body.data);
    expect(available()).toBe(11);
    const ledger = sim.idempotencyLedger(domain);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({
      idempotencyKey: '5d0e6d55-0000-4000-8000-000000000001',
      inventoryItemId: itemId,
      locationId,
      delta: 2,
      quantityAfterChange: 12,
      changeFromQuantity: 10,
    });
    expect(ledger.keys[0]).toMatchObject({
      key: '5d0e6d55-0000-4000-8000-000000000001',
      mutation: 'inventorySetQuantities',
      replays: 1,
    });
  });

  it('refuses the same key with a different input', async () => {
    await gql<SetData>(SET('@idempotent(key: "k-1")'), { input: input(12, 10) });
    const other = await gql<SetData>(SET('@idempotent(key: "k-1")'), { input: input(13, 12) });
    expect(other.body.data?.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [expect.objectContaining({ code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH' })],
    });
    expect(available()).toBe(12);
  });

  it('answers CHANGE_FROM_QUANTITY_STALE when the level moved, and null opts out', async () => {
    const stale = await gql<SetData>(SET('@idempotent(key: "k-stale")'), { input: input(20, 7) });
    expect(stale.body.data?.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [
        {
          field: ['input', 'quantities', '0', 'changeFromQuantity'],
          message: expect.any(String),
          code: 'CHANGE_FROM_QUANTITY_STALE',
        },
      ],
    });
    expect(available()).toBe(10);
    const forced = await gql<SetData>(SET('@idempotent(key: "k-force")'), {
      input: input(20, null),
    });
    expect(forced.body.data?.inventorySetQuantities?.userErrors).toEqual([]);
    expect(available()).toBe(20);
    expect(sim.shop(domain).getLevel(itemId, locationId)?.quantities.on_hand).toBe(20);
  });

  it('requires changeFromQuantity to be present (null allowed)', async () => {
    const reply = await gql<SetData>(SET('@idempotent(key: "k-missing")'), {
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [{ inventoryItemId: itemId, locationId, quantity: 3 }],
      },
    });
    expect(reply.body.errors?.[0].message).toContain('changeFromQuantity is required');
    expect(available()).toBe(10);
  });

  it('validates items, locations, names and reasons before applying anything', async () => {
    const reply = await gql<SetData>(SET('@idempotent(key: "k-bad")'), {
      input: {
        name: 'available',
        reason: 'correction',
        quantities: [
          { inventoryItemId: itemId, locationId, quantity: 50, changeFromQuantity: 10 },
          {
            inventoryItemId: 'gid://shopify/InventoryItem/1',
            locationId,
            quantity: 1,
            changeFromQuantity: null,
          },
        ],
      },
    });
    expect(reply.body.data?.inventorySetQuantities?.userErrors.map((e) => e.code)).toEqual([
      'INVALID_INVENTORY_ITEM',
    ]);
    expect(available()).toBe(10);
    const badReason = await gql<SetData>(SET('@idempotent(key: "k-reason")'), {
      input: { ...input(1, null), reason: 'because' },
    });
    expect(badReason.body.data?.inventorySetQuantities?.userErrors.map((e) => e.code)).toEqual([
      'INVALID_REASON',
    ]);
  });

  it('reads levels back through inventoryItem and exposes the ledger over the control API', async () => {
    await gql<SetData>(SET('@idempotent(key: "k-read")'), { input: input(15, 10) });
    const read = await gql<{
      inventoryItem: {
        inventoryLevels: {
          nodes: { location: { id: string }; quantities: { name: string; quantity: number }[] }[];
        };
      };
    }>(
      'query($id: ID!) { inventoryItem(id: $id) { inventoryLevels(first: 5) { nodes { location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } } }',
      { id: itemId },
    );
    expect(read.body.data?.inventoryItem.inventoryLevels.nodes[0]).toEqual({
      location: { id: locationId },
      quantities: [
        { name: 'available', quantity: 15 },
        { name: 'on_hand', quantity: 15 },
        { name: 'committed', quantity: 0 },
      ],
    });
    const ledger = await simControl<IdempotencyLedger>(
      sim.url,
      'GET',
      `/shops/${domain}/idempotency`,
    );
    expect(ledger.body.entries).toHaveLength(1);
  });
});
