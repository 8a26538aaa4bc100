import { ERROR_CODES, JobEntity, ShopEntity, ShopNotFound } from '@shopsync/shared';
import type { ShopifyGraphql } from '../shopify/shopify-graphql';
import { RunContext, RunResources } from './run-context';

const job = {
  id: 'job-1',
  shopId: 'shop-1',
  task: 'orders',
  category: 'default',
  attempt: 1,
  maxAttempts: 3,
  trigger: 'manual',
  params: null,
  traceId: 't',
} as unknown as JobEntity;
const shop = { id: 'shop-1', code: 'eu' } as ShopEntity;

function contextWith(over: Partial<RunResources> = {}, signal = new AbortController().signal) {
  const loads: string[] = [];
  const clients: Array<{ shop: ShopEntity; scope: { jobId: string } }> = [];
  const resources: RunResources = {
    store: { appendLog: async () => undefined },
    onProgress: async () => undefined,
    loadShop: async (id) => {
      loads.push(id);
      return shop;
    },
    clientFor: (s, scope) => {
      clients.push({ shop: s, scope });
      return {} as ShopifyGraphql;
    },
    ...over,
  };
  return { ctx: new RunContext(job, signal, resources), loads, clients };
}

describe('RunContext (the handler context)', () => {
  it('reads the shop once when opened and builds the Shopify client from it on first use', async () => {
    const { ctx, loads, clients } = contextWith();
    expect(() => ctx.shop).toThrow(/not open/);
    await ctx.open();
    expect(ctx.shop).toBe(shop);
    expect(ctx.shop).toBe(shop);
    expect(clients).toHaveLength(0);
    const client = ctx.shopify();
    expect(ctx.shopify()).toBe(client);
    expect(loads).toEqual(['shop-1']);
    expect(clients).toEqual([
      { shop, scope: { jobId: 'job-1', signal: expect.any(AbortSignal) as AbortSignal } },
    ]);
  });

  it('fails to open for a shop that is gone', async () => {
    const { ctx } = contextWith({
      loadShop: async (id) => {
        throw new ShopNotFound(id);
      },
    });
    await expect(ctx.open()).rejects.toThrow(ShopNotFound);
  });

  it('throws JOB_CANCELLED once its signal is aborted, not before', () => {
    const stop = new AbortController();
    const { ctx } = contextWith({}, stop.signal);
    expect(() => ctx.throwIfCancelled()).not.toThrow();
    stop.abort();
    expect(() => ctx.throwIfCancelled()).toThrow(
      expect.objectContaining({ code: ERROR_CODES.cancelled, kind: 'permanent' }),
    );
  });
});
