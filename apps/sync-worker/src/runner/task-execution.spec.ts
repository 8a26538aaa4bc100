import {
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobStore,
  ShopEntity,
  ShopsRepository,
} from '@shopsync/shared';
import type { ShopifyClientFactory } from '../shopify/shopify-client.factory';
import type { TaskRegistry } from '../tasks/task-registry';
import { TaskExecution } from './task-execution';

// A job of a task whose scopes the shop's grant lacks fails before the handler runs.
describe('TaskExecution: access scopes', () => {
  const run = jest.fn(async () => ({ summary: {} }));
  const execution = (accessScopes: string[] | null) =>
    new TaskExecution(
      { get: () => ({ run }) } as unknown as TaskRegistry,
      {} as JobStore,
      {
        findByIds: async () => [{ id: 's', code: 'eu', accessScopes } as unknown as ShopEntity],
      } as unknown as ShopsRepository,
      {} as ShopifyClientFactory,
    );
  const job = (task: string) =>
    ({ id: 'j', shopId: 's', task, attempt: 1, maxAttempts: 3, params: {} }) as JobEntity;

  beforeEach(() => run.mockClear());

  async function attempt(task: string, scopes: string[] | null) {
    const ex = execution(scopes);
    const ctx = ex.contextFor(job(task), new AbortController().signal, async () => undefined);
    return ex.run(ctx).catch((e: unknown) => e);
  }

  it('fails a task whose scope is missing, naming it, permanently, without running it', async () => {
    const error = (await attempt('products', ['read_products'])) as DomainError;
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ERROR_CODES.shopifyScopeMissing);
    expect(error.kind).toBe('permanent');
    expect(error.message).toContain('the app lacks write_products for task products');
    expect(error.message).toContain('re-verify the shop');
    expect(run).not.toHaveBeenCalled();
  });

  it('runs a task whose scopes are granted', async () => {
    await expect(attempt('orders', ['read_products', 'read_orders'])).resolves.toEqual({
      summary: {},
    });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs a task when the grant is unknown (verified before scopes were read)', async () => {
    await attempt('products', null);
    expect(run).toHaveBeenCalledTimes(1);
  });
});

// Jobs that start together read their shops in one query; each still gets its own row.
describe('TaskExecution: shop reads', () => {
  it('batches concurrent reads and fails a run whose shop is gone', async () => {
    const calls: string[][] = [];
    const shops = {
      findByIds: async (ids: string[]) => {
        calls.push(ids);
        await new Promise((r) => setImmediate(r));
        return ids
          .filter((id) => id !== 'gone')
          .map((id) => ({ id, code: id, accessScopes: null }) as unknown as ShopEntity);
      },
    } as unknown as ShopsRepository;
    const execution = new TaskExecution(
      {
        get: () => ({
          run: async (ctx: { shop: ShopEntity }) => ({ summary: { shop: ctx.shop.id } }),
        }),
      } as unknown as TaskRegistry,
      {} as JobStore,
      shops,
      {} as ShopifyClientFactory,
    );
    const start = (shopId: string) =>
      execution
        .run(
          execution.contextFor(
            {
              id: `j-${shopId}`,
              shopId,
              task: 'orders',
              attempt: 1,
              maxAttempts: 1,
              params: {},
            } as JobEntity,
            new AbortController().signal,
            async () => undefined,
          ),
        )
        .catch((e: unknown) => e);
    await start('warm');
    const results = await Promise.all(['a', 'b', 'a', 'gone', 'c'].map(start));
    // The first read runs at once; the four that arrive meanwhile share the next query.
    expect(calls).toHaveLength(3);
    expect([...calls[2]].sort()).toEqual(['a', 'b', 'c', 'gone']);
    expect(results.slice(0, 3)).toEqual([
      { summary: { shop: 'a' } },
      { summary: { shop: 'b' } },
      { summary: { shop: 'a' } },
    ]);
    expect((results[3] as DomainError).code).toBe(ERROR_CODES.shopNotFound);
    expect(results[4]).toEqual({ summary: { shop: 'c' } });
  });
});

// A shop that came with the job's claim (PostgreSQL) is used without a read of its own, once.
describe('TaskExecution: primed shops', () => {
  it('uses the shop read with the claim, and reads for a job that has none', async () => {
    const reads: string[][] = [];
    const shops = {
      findByIds: async (ids: string[]) => {
        reads.push(ids);
        return ids.map((id) => ({ id, code: `read-${id}`, accessScopes: null }) as ShopEntity);
      },
    } as unknown as ShopsRepository;
    const execution = new TaskExecution(
      {
        get: () => ({
          run: async (ctx: { shop: ShopEntity }) => ({ summary: { code: ctx.shop.code } }),
        }),
      } as unknown as TaskRegistry,
      {} as JobStore,
      shops,
      {} as ShopifyClientFactory,
    );
    const job = (id: string, shopId: string) =>
      ({ id, shopId, task: 'orders', attempt: 1, maxAttempts: 1, params: {} }) as JobEntity;
    const runOf = (j: JobEntity) =>
      execution.run(execution.contextFor(j, new AbortController().signal, async () => undefined));

    const claimed = job('j1', 's1');
    execution.prime(claimed, { id: 's1', code: 'from-claim', accessScopes: null } as ShopEntity);
    expect(await runOf(claimed)).toEqual({ summary: { code: 'from-claim' } });
    expect(reads).toEqual([]);
    // Used once: the same job object run again (a second context) reads.
    expect(await runOf(claimed)).toEqual({ summary: { code: 'read-s1' } });
    expect(await runOf(job('j2', 's2'))).toEqual({ summary: { code: 'read-s2' } });
    // A primed shop that is not the job's own (never expected) is not used.
    const other = job('j3', 's3');
    execution.prime(other, { id: 's9', code: 'wrong', accessScopes: null } as ShopEntity);
    expect(await runOf(other)).toEqual({ summary: { code: 'read-s3' } });
    expect(reads).toEqual([['s1'], ['s2'], ['s3']]);
  });
});
