import { DomainError, ERROR_CODES } from '@shopsync/shared';
import {
  currentBulkOperation,
  runBulkQuery,
  waitWhileRunning,
} from '../../apps/sync-worker/src/shopify/bulk-query';
import { realTimer } from '../../apps/sync-worker/src/shopify/timer';
import type { ShopifyGraphql } from '../../apps/sync-worker/src/shopify/shopify-graphql';
import { simGraphql } from './sim-client';
import { ShopifySimulator, startShopifySimulator } from './simulator';

// The worker's bulk query against the simulator when another bulk query of the shop is running
// (Shopify runs one at a time): waited for within waitForRunningMs, never cancelled, and given
// up as transient after that.

const QUERY = '{ products { edges { node { id } } } }';

describe('bulk query client (sync-worker) with another bulk query running', () => {
  let sim: ShopifySimulator;
  const DOMAIN = 'bulk-query-client.myshopify.com';
  const TOKEN = 'shpat_bulk_query_client';
  const client = {
    shop: { id: 's1', code: 'bq', domain: DOMAIN },
    async request<T>(document: string, variables?: Record<string, unknown>): Promise<T> {
      const reply = await simGraphql<T>(sim.url, TOKEN, document, variables);
      if (reply.body.errors?.length) throw new Error(JSON.stringify(reply.body.errors));
      return reply.body.data as T;
    },
  } as unknown as ShopifyGraphql;

  // Another process's bulk query, started straight against the simulator.
  async function otherQuery(): Promise<string> {
    const reply = await simGraphql<{
      bulkOperationRunQuery: { bulkOperation: { id: string } | null };
    }>(
      sim.url,
      TOKEN,
      'mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }',
      { q: QUERY },
    );
    const id = reply.body.data?.bulkOperationRunQuery.bulkOperation?.id;
    if (!id) throw new Error(`the other bulk query did not start: ${JSON.stringify(reply.body)}`);
    return id;
  }
  async function statusOf(id: string): Promise<string> {
    const reply = await simGraphql<{ node: { status: string } | null }>(
      sim.url,
      TOKEN,
      'query($id: ID!) { node(id: $id) { ... on BulkOperation { status } } }',
      { id },
    );
    return reply.body.data?.node?.status ?? 'missing';
  }

  beforeAll(async () => {
    sim = await startShopifySimulator({ emitWebhooks: false, bulkDelayMs: 400 });
    sim.createShop({ domain: DOMAIN, accessToken: TOKEN, seed: { products: 3, locations: 1 } });
  });
  afterAll(async () => sim.close());

  it('waits for the other bulk query to end, then runs its own', async () => {
    const other = await otherQuery();
    const done = await runBulkQuery(client, QUERY, {
      pollMs: 20,
      maxPollMs: 50,
      waitForRunningMs: 30_000,
    });
    expect(done.id).not.toBe(other);
    expect(done.objectCount).toBe(3);
    expect(await statusOf(other)).toBe('COMPLETED');
  });

  it('without a wait, fails at once as transient (the job retries later)', async () => {
    const other = await otherQuery();
    const error = (await runBulkQuery(client, QUERY, { pollMs: 20 }).catch(
      (e) => e,
    )) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ERROR_CODES.shopifyThrottled);
    expect(error.kind).toBe('transient');
    await runBulkQuery(client, QUERY, { pollMs: 20, maxPollMs: 50, waitForRunningMs: 30_000 });
    expect(await statusOf(other)).toBe('COMPLETED');
  });

  it('gives up after waitForRunningMs, and never cancels the other one', async () => {
    const other = await otherQuery();
    const error = (await runBulkQuery(client, QUERY, {
      pollMs: 20,
      maxPollMs: 20,
      waitForRunningMs: 100,
    }).catch((e) => e)) as DomainError;
    expect(error.code).toBe(ERROR_CODES.shopifyThrottled);
    expect(['CREATED', 'RUNNING', 'COMPLETED']).toContain(await statusOf(other));
    // A cancelled job stops waiting, and leaves the other one running too.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const cancelled = (await runBulkQuery(client, QUERY, {
      pollMs: 20,
      maxPollMs: 20,
      waitForRunningMs: 30_000,
      signal: controller.signal,
    }).catch((e) => e)) as DomainError;
    expect(cancelled.code).toBe(ERROR_CODES.cancelled);
    expect(['CREATED', 'RUNNING', 'COMPLETED']).toContain(await statusOf(other));
    await runBulkQuery(client, QUERY, { pollMs: 20, maxPollMs: 50, waitForRunningMs: 30_000 });
    expect(await statusOf(other)).toBe('COMPLETED');
  });

  it('waitWhileRunning returns at its bound leaving the operation running, or when it ends', async () => {
    const other = await otherQuery();
    expect(await currentBulkOperation(client, 'QUERY')).toBe(other);
    await waitWhileRunning(client, other, realTimer.now() + 50, { pollMs: 10, maxPollMs: 10 });
    expect(['CREATED', 'RUNNING']).toContain(await statusOf(other));
    await waitWhileRunning(client, other, realTimer.now() + 30_000, { pollMs: 20, maxPollMs: 50 });
    expect(await statusOf(other)).toBe('COMPLETED');
    expect(await currentBulkOperation(client, 'QUERY')).toBeNull();
  });
});
