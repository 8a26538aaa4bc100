import { InventoryHandler } from '../../apps/sync-worker/src/tasks/inventory/inventory.handler';
import type { TaskContext } from '../../apps/sync-worker/src/tasks/task-handler';
import { simGraphql } from './sim-client';
import { simulatorPerSuite } from '../support/shopify-sim-fixture';
import { ShopifySimulator } from './simulator';

// The inventory task against the strict simulator, with the ERP side faked: levels Shopify does
// not stock are activated with an @idempotent key, and an activation Shopify refuses (userErrors)
// skips that level instead of counting it activated and sending a doomed quantity.

describe('inventory task: inventoryActivate on the strict simulator', () => {
  let sim: ShopifySimulator;
  const domain = 'task.myshopify.com';
  const token = 'shpat_task';
  const GONE = 'gid://shopify/InventoryItem/999999999';

  simulatorPerSuite((s) => (sim = s));

  // The handler's Shopify client, straight to the simulator.
  const client = {
    shop: { id: 's1', code: 'task', domain },
    stats: {},
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      const reply = await simGraphql<T>(sim.url, token, document, variables);
      if (reply.body.errors?.length) throw new Error(JSON.stringify(reply.body.errors));
      return reply.body.data as T;
    },
  };

  it('activates with a deterministic key, reads userErrors and skips what was refused', async () => {
    sim.reset();
    const shop = sim.createShop({
      domain,
      accessToken: token,
      seed: { products: 1, locations: 2, seed: 8 },
    });
    const item = [...shop.inventoryItems.keys()][0];
    const location = [...shop.locations.keys()][1];
    shop.inventoryLevels.delete(`${item}|${location}`);
    const known = new Map<string, number>();
    const store = {
      shop: async () => ({ id: 's1', settings: {} }),
      locations: async () => [
        { erpLocationCode: 'L1', shopifyLocationId: location, stockSync: true, active: true },
      ],
      mappedItems: async () => [
        { mapping: { inventoryItemIds: { 'SKU-1': item, 'SKU-GONE': GONE } } },
      ],
      stock: async () =>
        new Map([
          ['SKU-1|L1', { onHand: 7, reserved: 0, incoming: 0 }],
          ['SKU-GONE|L1', { onHand: 3, reserved: 0, incoming: 0 }],
        ]),
      saveLevels: async (
        _s: string,
        levels: { inventoryItemId: string; locationId: string; quantity: number }[],
      ) => {
        for (const l of levels) known.set(`${l.inventoryItemId}|${l.locationId}`, l.quantity);
      },
      knownLevels: async () => new Map(known),
    };
    const skipped: [string, string][] = [];
    const ctx = {
      job: { id: 'job-1', shopId: 's1', task: 'inventory', params: {} },
      shop: { id: 's1', settings: {} },
      signal: new AbortController().signal,
      throwIfCancelled: () => undefined,
      shopify: () => client,
      log: async () => undefined,
      progress: () => undefined,
      skip: (record: string, reason: string) => skipped.push([record, reason]),
      chain: () => undefined,
    } as unknown as TaskContext;
    const handler = new InventoryHandler(store as never, { now: () => new Date() } as never);

    const result = await handler.run(ctx);

    expect(result.summary).toMatchObject({ activated: 1, changed: 1, skipped: 0 });
    expect(skipped).toEqual([
      ['SKU-GONE@L1', expect.stringContaining('inventoryActivate refused')],
    ]);
    expect(shop.getLevel(item, location)?.quantities.available).toBe(7);
    const keys = sim
      .idempotencyLedger(domain)
      .keys.filter((k) => k.mutation === 'inventoryActivate');
    expect(keys).toHaveLength(2);
    // The same job activating the same level again sends the same key: Shopify replays it.
    const again = await handler.run(ctx);
    expect(again.summary).toMatchObject({ changed: 0 });
    expect(
      sim.idempotencyLedger(domain).keys.filter((k) => k.mutation === 'inventoryActivate'),
    ).toEqual(expect.arrayContaining([expect.objectContaining({ replays: 1 })]));
  });

  it("waits for another job's bulk query instead of failing the attempt (one bulk query per shop)", async () => {
    sim.reset();
    const shop = sim.createShop({
      domain,
      accessToken: token,
      seed: { products: 2, locations: 1, seed: 9 },
    });
    const [item] = [...shop.inventoryItems.keys()];
    const [location] = [...shop.locations.keys()];
    const known = new Map<string, number>();
    const store = {
      locations: async () => [
        { erpLocationCode: 'L1', shopifyLocationId: location, stockSync: true, active: true },
      ],
      mappedItems: async () => [{ mapping: { inventoryItemIds: { 'SKU-1': item } } }],
      stock: async () => new Map([['SKU-1|L1', { onHand: 11, reserved: 0, incoming: 0 }]]),
      saveLevels: async (
        _s: string,
        levels: { inventoryItemId: string; locationId: string; quantity: number }[],
      ) => {
        for (const l of levels) known.set(`${l.inventoryItemId}|${l.locationId}`, l.quantity);
      },
      knownLevels: async () => new Map(known),
    };
    // Another job's bulk query, running when this one starts.
    const other = await simGraphql<{
      bulkOperationRunQuery: { bulkOperation: { id: string } | null };
    }>(
      sim.url,
      token,
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    expect(other.body.data?.bulkOperationRunQuery.bulkOperation?.id).toBeDefined();
    const settings = { catalog: { bulkThreshold: 0 } };
    const ctx = {
      job: { id: 'job-2', shopId: 's1', task: 'inventory', params: {} },
      shop: { id: 's1', settings },
      signal: new AbortController().signal,
      throwIfCancelled: () => undefined,
      shopify: () => client,
      log: async () => undefined,
      progress: () => undefined,
      skip: () => undefined,
      chain: () => undefined,
    } as unknown as TaskContext;
    const handler = new InventoryHandler(store as never, { now: () => new Date() } as never);

    const result = await handler.run(ctx);

    expect(result.summary).toMatchObject({ changed: 1 });
    expect(result.summary?.imported).toBeGreaterThan(0);
    expect(shop.getLevel(item, location)?.quantities.available).toBe(11);
  });
});
