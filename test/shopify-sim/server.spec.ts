import { simControl, simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

const PRODUCTS_QUERY = 'query GetProducts { products(first: 10) { nodes { id title } } }';

describe('simulator HTTP API', () => {
  let sim: ShopifySimulator;
  let now = Date.parse('2026-03-01T12:00:00Z');
  const domain = 'http-shop.myshopify.com';
  const token = 'shpat_http';

  beforeAll(async () => {
    // A frozen, hand-advanced clock makes bucket levels exact.
    sim = await startShopifySimulator({ clock: () => now, timeScale: 10 });
  });

  afterAll(async () => {
    await sim.close();
  });

  beforeEach(() => {
    sim.reset();
    sim.createShop({
      domain,
      accessToken: token,
      plan: 'standard',
      seed: { products: 3, locations: 1, seed: 5 },
    });
  });

  it('answers 401 with Shopify’s body for an unknown or missing token', async () => {
    for (const t of ['wrong', null]) {
      const reply = await simGraphql(sim.url, t, '{ shop { name } }');
      expect(reply.status).toBe(401);
      expect(reply.body).toEqual({
        errors: '[API] Invalid API key or access token (unrecognized login or wrong password)',
      });
      expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('accepts any API version and reports requested and actual cost', async () => {
    const reply = await simGraphql<{ products: { nodes: unknown[] } }>(
      sim.url,
      token,
      PRODUCTS_QUERY,
      undefined,
      '2025-10',
    );
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-request-id')).toBeTruthy();
    expect(reply.body.data?.products.nodes).toHaveLength(3);
    expect(reply.body.extensions?.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: 5,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1995, restoreRate: 100 },
    });
    expect(sim.counters(domain)).toMatchObject({
      calls: 1,
      throttled: 0,
      requestedPoints: 12,
      pointsUsed: 5,
      refundedPoints: 7,
      byOperation: { GetProducts: 1 },
    });
  });

  it('rejects an invalid document with validation errors', async () => {
    const reply = await simGraphql(
      sim.url,
      token,
      '{ shop { nme } products(frist: 1) { nodes { id } } }',
    );
    expect(reply.status).toBe(200);
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: expect.stringContaining('Cannot query field "nme" on type "Shop"'),
          locations: [{ line: 1, column: 10 }],
          extensions: { code: 'undefinedField' },
        }),
        expect.objectContaining({
          message: expect.stringContaining('Unknown argument "frist"'),
          extensions: { code: 'argumentNotAccepted' },
        }),
      ]),
    );
    const parseError = await simGraphql(sim.url, token, '{ shop { name }');
    expect(parseError.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('Syntax Error'),
      extensions: { code: 'PARSE_ERROR' },
    });
  });

  it('answers THROTTLED in exactly Shopify’s shape and refills with timeScale', async () => {
    sim.shop(domain).bucket.setAvailable(5);
    const reply = await simGraphql(sim.url, token, PRODUCTS_QUERY);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      errors: [
        {
          message: 'Throttled',
          extensions: {
            code: 'THROTTLED',
            documentation: 'https://shopify.dev/api/usage/rate-limits',
          },
        },
      ],
      extensions: {
        cost: {
          requestedQueryCost: 12,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 5, restoreRate: 100 },
        },
      },
    });
    expect(sim.counters(domain).throttled).toBe(1);
    // timeScale 10: 10 ms of clock time restore 10 × 0.01 s × 100 = 10 points.
    now += 10;
    const after = await simGraphql(sim.url, token, PRODUCTS_QUERY);
    expect(after.body.errors).toBeUndefined();
    expect(after.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(10);
  });

  it('rejects a query above 1,000 points without charging it', async () => {
    const reply = await simGraphql(
      sim.url,
      token,
      '{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }',
    );
    expect(reply.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('exceeds the single query max cost limit (1000)'),
      extensions: { code: 'MAX_COST_EXCEEDED', maxCost: 1000 },
    });
    expect(reply.body.extensions?.cost.throttleStatus.currentlyAvailable).toBe(2000);
  });

  it('refuses input arrays above 250 items', async () => {
    const quantities = Array.from({ length: 251 }, () => ({
      inventoryItemId: 'gid://shopify/InventoryItem/1',
      locationId: 'gid://shopify/Location/1',
      quantity: 1,
      changeFromQuantity: null,
    }));
    const reply = await simGraphql(
      sim.url,
      token,
      'mutation($q: [InventoryQuantityInput!]!) { inventorySetQuantities(input: {name: "available", reason: "correction", quantities: $q}) @idempotent(key: "k") { userErrors { message } } }',
      { q: quantities },
    );
    expect(reply.body.errors?.[0]).toMatchObject({
      message: 'The input array size of 251 is greater than the maximum allowed of 250.',
      extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
    });
    expect(sim.shop(domain).ledger).toHaveLength(0);
  });

  describe('faults', () => {
    it('answers N × 503, then recovers', async () => {
      sim.setFaults(domain, [{ status: 503, times: 2 }]);
      expect((await simGraphql(sim.url, token, PRODUCTS_QUERY)).status).toBe(503);
      expect((await simGraphql(sim.url, token, PRODUCTS_QUERY)).status).toBe(503);
      expect((await simGraphql(sim.url, token, PRODUCTS_QUERY)).status).toBe(200);
      expect(sim.counters(domain)).toMatchObject({ calls: 3, faultsInjected: 2 });
    });

    it('drops the connection without an answer', async () => {
      sim.setFaults(domain, [{ drop: true }]);
      await expect(simGraphql(sim.url, token, PRODUCTS_QUERY)).rejects.toThrow();
      expect((await simGraphql(sim.url, token, PRODUCTS_QUERY)).status).toBe(200);
    });

    it('sends 429 with Retry-After, only for the named operation', async () => {
      sim.setFaults(null, [{ status: 429, operationName: 'GetProducts', times: 1 }]);
      expect((await simGraphql(sim.url, token, '{ shop { name } }')).status).toBe(200);
      const throttled = await simGraphql(sim.url, token, PRODUCTS_QUERY);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('retry-after')).toBe('2.0');
    });

    it('fails a seeded ratio of calls reproducibly', async () => {
      const pattern = async (): Promise<number[]> => {
        sim.setFaults(domain, [{ status: 500, ratio: 0.5, seed: 7 }]);
        const statuses: number[] = [];
        for (let i = 0; i < 12; i++)
          statuses.push((await simGraphql(sim.url, token, '{ shop { name } }')).status);
        sim.clearFaults(domain);
        return statuses;
      };
      const first = await pattern();
      expect(first).toContain(500);
      expect(first).toContain(200);
      expect(await pattern()).toEqual(first);
    });

    it('can apply a mutation and then lose the answer (phase after)', async () => {
      sim.setFaults(domain, [{ drop: true, phase: 'after' }]);
      await expect(
        simGraphql(
          sim.url,
          token,
          'mutation { customerCreate(input: {email: "lost@example.com"}) { customer { id } } }',
        ),
      ).rejects.toThrow();
      expect([...sim.shop(domain).customers.values()].map((c) => c.email)).toContain(
        'lost@example.com',
      );
    });

    it('adds latency', async () => {
      sim.setFaults(domain, [{ latencyMs: 120 }]);
      const started = performance.now();
      expect((await simGraphql(sim.url, token, '{ shop { name } }')).status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    });

    it('is set and cleared through the control API', async () => {
      expect(
        (await simControl(sim.url, 'POST', `/shops/${domain}/faults`, { status: 500, times: 5 }))
          .status,
      ).toBe(201);
      expect((await simGraphql(sim.url, token, '{ shop { name } }')).status).toBe(500);
      await simControl(sim.url, 'DELETE', `/shops/${domain}/faults`);
      expect((await simGraphql(sim.url, token, '{ shop { name } }')).status).toBe(200);
    });
  });

  describe('control API', () => {
    it('creates, seeds and summarises shops', async () => {
      const created = await simControl<{ domain: string }>(sim.url, 'POST', '/shops', {
        domain: 'ctl.myshopify.com',
        accessToken: 'ctl',
        plan: 'plus',
      });
      expect(created).toMatchObject({ status: 201, body: { domain: 'ctl.myshopify.com' } });
      const seeded = await simControl(sim.url, 'POST', '/shops/ctl.myshopify.com/seed', {
        products: 4,
        variantsPerProduct: 2,
        locations: 2,
        customers: 3,
        orders: 2,
        seed: 9,
      });
      expect(seeded.body).toEqual({
        locations: 2,
        products: 4,
        variants: 8,
        inventoryLevels: 16,
        customers: 3,
        orders: 2,
      });
      const summary = await simControl<{
        counts: Record<string, number>;
        throttleStatus: { maximumAvailable: number };
      }>(sim.url, 'GET', '/shops/ctl.myshopify.com');
      expect(summary.body.counts).toMatchObject({
        products: 4,
        variants: 8,
        customers: 3,
        orders: 2,
      });
      expect(summary.body.throttleStatus.maximumAvailable).toBe(20000);
      const products = await simControl<unknown[]>(
        sim.url,
        'GET',
        '/shops/ctl.myshopify.com/state/products',
      );
      expect(products.body).toHaveLength(4);
      expect(
        (await simGraphql(sim.url, 'ctl', '{ shop { plan { shopifyPlus } } }')).body.data,
      ).toEqual({ shop: { plan: { shopifyPlus: true } } });
      expect((await simControl(sim.url, 'GET', '/shops/nope.myshopify.com')).status).toBe(404);
    });

    it('seeds deterministically', () => {
      const a = sim.createShop({
        domain: 'det.myshopify.com',
        accessToken: 'det-a',
        seed: {
          products: 5,
          variantsPerProduct: 3,
          locations: 2,
          customers: 4,
          orders: 6,
          seed: 42,
          baseTime: '2026-01-01T00:00:00Z',
        },
      });
      const snapshotA =
        JSON.stringify(sim.snapshot(a.domain, 'products')) +
        JSON.stringify(sim.snapshot(a.domain, 'orders'));
      sim.removeShop(a.domain);
      const b = sim.createShop({
        domain: 'det.myshopify.com',
        accessToken: 'det-b',
        seed: {
          products: 5,
          variantsPerProduct: 3,
          locations: 2,
          customers: 4,
          orders: 6,
          seed: 42,
          baseTime: '2026-01-01T00:00:00Z',
        },
      });
      const snapshotB =
        JSON.stringify(sim.snapshot(b.domain, 'products')) +
        JSON.stringify(sim.snapshot(b.domain, 'orders'));
      expect(snapshotB).toEqual(snapshotA);
    });
  });
});
