import {
  BULK_VARIABLES_MAX_BYTES,
  currentBulkMutation,
  stageBulkVariables,
  startBulkMutation,
} from '../../apps/sync-worker/src/shopify/bulk-mutation';
import {
  readBulkResult,
  waitForBulkOperation,
} from '../../apps/sync-worker/src/shopify/bulk-query';
import type { ShopifyGraphql } from '../../apps/sync-worker/src/shopify/shopify-graphql';
import { CATALOG_PRODUCT_SET } from '../../apps/sync-worker/src/tasks/products/products.graphql';
import { simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

// The worker's bulk mutation steps against the simulator: the staged upload it POSTs, the run,
// "already in progress" answered with the running operation, the poll and the result lines.

describe('bulk mutation client (sync-worker) against the simulator', () => {
  let sim: ShopifySimulator;
  const DOMAIN = 'bulk-client.myshopify.com';
  const TOKEN = 'shpat_bulk_client';
  const client = {
    shop: { id: 's1', code: 'bc', domain: DOMAIN },
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      const reply = await simGraphql<T>(sim.url, TOKEN, document, variables);
      if (reply.body.errors?.length) throw new Error(JSON.stringify(reply.body.errors));
      return reply.body.data as T;
    },
  } as unknown as ShopifyGraphql;
  const line = (handle: string) =>
    JSON.stringify({
      identifier: { handle },
      input: {
        title: handle,
        handle,
        productOptions: [{ name: 'Size', values: [{ name: 'S' }] }],
        variants: [
          { sku: `${handle}-S`, price: '5', optionValues: [{ optionName: 'Size', name: 'S' }] },
        ],
      },
    });

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false, bulkDelayMs: 500 });
    sim.createShop({ domain: DOMAIN, accessToken: TOKEN, seed: { products: 0, locations: 1 } });
  });
  afterAll(async () => sim.close());

  it('stages, runs, reports the running operation to a second run, and reads the result', async () => {
    const path = await stageBulkVariables(client, [line('c-1'), line('c-2')]);
    expect(path).toMatch(/bulk_mutation_variables/);
    const first = await startBulkMutation(client, CATALOG_PRODUCT_SET, path);
    if (!first.started) throw new Error('the first run did not start');
    expect(await currentBulkMutation(client)).toBe(first.id);
    const second = await startBulkMutation(client, CATALOG_PRODUCT_SET, path);
    expect(second).toEqual({ started: false, running: first.id });

    const done = await waitForBulkOperation(client, first.id, { pollMs: 10, maxPollMs: 20 });
    expect(done).toMatchObject({ id: first.id, objectCount: 2 });
    const lines = [];
    for await (const record of readBulkResult(done.url)) lines.push(record);
    expect(lines).toMatchObject([
      {
        __lineNumber: 0,
        data: { productSet: { product: { id: expect.any(String) }, userErrors: [] } },
      },
      { __lineNumber: 1, data: { productSet: { userErrors: [] } } },
    ]);
    expect(await currentBulkMutation(client)).toBeNull();
    // Free again; by handle, the same lines update the products rather than make new ones.
    const third = await startBulkMutation(client, CATALOG_PRODUCT_SET, path);
    if (!third.started) throw new Error('the third run did not start');
    await waitForBulkOperation(client, third.id, { pollMs: 10, maxPollMs: 20 });
    expect(sim.shop(DOMAIN).products.size).toBe(2);
  });

  it('throws a permanent error for a mutation Shopify refuses', async () => {
    const path = await stageBulkVariables(client, [line('bad')]);
    await expect(
      startBulkMutation(
        client,
        'mutation($q: String!) { bulkOperationRunQuery(query: $q) { userErrors { message } } }',
        path,
      ),
    ).rejects.toThrow(/INVALID_MUTATION/);
  });

  it('refuses variables over 20 MiB before asking Shopify for an upload (permanent)', async () => {
    let requests = 0;
    const counting = {
      ...client,
      request: async () => {
        requests++;
        throw new Error('no call expected');
      },
    } as unknown as ShopifyGraphql;
    const big = 'x'.repeat(BULK_VARIABLES_MAX_BYTES / 2);
    await expect(stageBulkVariables(counting, [big, big])).rejects.toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining(`at most ${BULK_VARIABLES_MAX_BYTES}`),
    });
    expect(requests).toBe(0);
  });
});
