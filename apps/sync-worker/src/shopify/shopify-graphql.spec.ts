import { Logger } from '@nestjs/common';
import {
  DomainError,
  ERROR_CODES,
  errorKind,
  TransportOutcome,
  TransportRequest,
} from '@shopsync/shared';
import { ShopCostLimiter } from './cost-limiter';
import { CallRecord, LimitedShopifyClient, ShopifyClientOptions } from './shopify-graphql';
import { FakeTimer } from './testing';

const SHOP = { id: 'shop-1', code: 'acme', domain: 'acme.myshopify.com' };
const QUERY = 'query ShopInfo { shop { name } }';
const status = (currentlyAvailable: number) => ({
  maximumAvailable: 2000,
  currentlyAvailable,
  restoreRate: 100,
});
const ok = (currentlyAvailable = 1999): TransportOutcome => ({
  kind: 'graphql',
  data: { shop: { name: 'Acme' } },
  errors: [],
  cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: status(currentlyAvailable) },
  requestId: 'req-ok',
});
const throttled = (currentlyAvailable: number): TransportOutcome => ({
  kind: 'graphql',
  data: null,
  errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }],
  cost: {
    requestedQueryCost: 1,
    actualQueryCost: null,
    throttleStatus: status(currentlyAvailable),
  },
});
const http = (httpStatus: number): TransportOutcome => ({
  kind: 'http-error',
  httpStatus,
  message: `HTTP ${httpStatus}`,
  requestId: `req-${httpStatus}`,
});

function setup(outcomes: TransportOutcome[], overrides: Partial<ShopifyClientOptions> = {}) {
  const timer = new FakeTimer();
  const sent: TransportRequest[] = [];
  const logged: CallRecord[] = [];
  const client = new LimitedShopifyClient({
    shop: SHOP,
    jobId: 'job-1',
    transport: {
      send: async (request) => {
        sent.push(request);
        const next = outcomes.shift();
        if (!next) throw new Error('no more outcomes');
        timer.current += 5;
        return next;
      },
    },
    limiter: new ShopCostLimiter({ maximumAvailable: 2000, restoreRate: 100 }, timer),
    timer,
    callLog: { record: (e) => logged.push(e) },
    logMode: 'all',
    requestTimeoutMs: 30_000,
    maxRetries: 5,
    backoffBaseMs: 100,
    random: () => 1,
    ...overrides,
  });
  return { client, timer, sent, logged };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('expected a failure');
}

describe('LimitedShopifyClient', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('returns the data and counts calls and cost', async () => {
    const { client, logged } = setup([ok()]);
    await expect(client.request(QUERY)).resolves.toEqual({ shop: { name: 'Acme' } });
    expect(client.stats).toMatchObject({ calls: 1, requestedCost: 1, actualCost: 1, throttled: 0 });
    expect(logged[0]).toMatchObject({
      shopId: 'shop-1',
      jobId: 'job-1',
      operation: 'ShopInfo',
      status: 'ok',
      httpStatus: 200,
      requestId: 'req-ok',
      attempt: 1,
    });
  });

  it('waits out THROTTLED using the reported bucket, and accounts the wait', async () => {
    const { client, timer } = setup([throttled(0), ok()]);
    await expect(client.request(QUERY)).resolves.toBeDefined();
    expect(client.stats).toMatchObject({ calls: 2, throttled: 1, retries: 1, errors: 0 });
    // 1 point at 100 points/s.
    expect(client.stats.waitedMs).toBeGreaterThanOrEqual(10);
    expect(timer.slept).toContain(10);
  });

  it('retries 503 three times with growing backoff, then succeeds', async () => {
    const { client, timer } = setup([http(503), http(503), http(503), ok()]);
    await expect(client.request(QUERY)).resolves.toBeDefined();
    expect(timer.slept).toEqual([100, 200, 400]);
    expect(client.stats).toMatchObject({ calls: 4, retries: 3, errors: 3 });
  });

  it('retries a dropped connection and honours Retry-After on 429', async () => {
    const { client, timer } = setup([
      { kind: 'network-error', message: 'fetch failed' },
      { ...http(429), retryAfterMs: 2000 } as TransportOutcome,
      ok(),
    ]);
    await expect(client.request(QUERY)).resolves.toBeDefined();
    expect(timer.slept).toEqual([100, 2000]);
  });

  it('fails at once, permanently, on 401', async () => {
    const { client, sent, logged } = setup([http(401), ok()]);
    const error = await failure(client.request(QUERY));
    expect(error).toBeInstanceOf(DomainError);
    expect(error.code).toBe(ERROR_CODES.shopifyUnauthorized);
    expect(errorKind(error)).toBe('permanent');
    expect(sent).toHaveLength(1);
    expect(logged[0]).toMatchObject({ status: 'http-error', httpStatus: 401 });
  });

  it('gives up after the retry budget with a transient error', async () => {
    const { client } = setup(
      Array.from({ length: 10 }, () => http(502)),
      { maxRetries: 2 },
    );
    const error = await failure(client.request(QUERY));
    expect(error.code).toBe(ERROR_CODES.shopifyUnavailable);
    expect(errorKind(error)).toBe('transient');
    expect(client.stats.calls).toBe(3);
  });

  it('reports GraphQL errors as a permanent failure naming them', async () => {
    const { client } = setup([
      {
        kind: 'graphql',
        data: null,
        errors: [
          {
            message: "Field 'nme' doesn't exist",
            extensions: { code: 'undefinedField' },
            path: ['query'],
          },
        ],
      },
    ]);
    const error = await failure(client.request(QUERY));
    expect(error.code).toBe(ERROR_CODES.shopifyQueryFailed);
    expect(error.message).toContain("Field 'nme' doesn't exist [undefinedField] at query");
    expect(errorKind(error)).toBe('permanent');
  });

  it('turns ACCESS_DENIED into a permanent SHOPIFY_SCOPE_MISSING naming the scope, once', async () => {
    const { client, sent } = setup(
      [
        {
          kind: 'graphql',
          data: null,
          errors: [
            {
              message:
                'Access denied for `orders` field. Required access: `read_orders` access scope.',
              extensions: { code: 'ACCESS_DENIED' },
              path: ['orders'],
            },
          ],
        },
        ok(),
      ],
      { task: 'orders' },
    );
    const error = await failure(client.request(QUERY));
    expect(error.code).toBe(ERROR_CODES.shopifyScopeMissing);
    expect(errorKind(error)).toBe('permanent');
    expect(error.message).toContain('the app lacks read_orders for task orders');
    expect(error.message).toContain('re-verify the shop');
    expect(sent).toHaveLength(1);
  });

  it('reports the version each answer was served with', async () => {
    const served: string[] = [];
    const { client } = setup([{ ...ok(), apiVersion: '2025-07' } as TransportOutcome], {
      onServedVersion: (v) => served.push(v),
    });
    await client.request(QUERY);
    expect(served).toEqual(['2025-07']);
  });

  it('hands a payload with userErrors back to the handler, once, logged as ok', async () => {
    const refused = { productSet: { product: null, userErrors: [{ message: 'taken' }] } };
    const { client, sent, logged } = setup([{ kind: 'graphql', data: refused, errors: [] }, ok()]);
    await expect(client.request(QUERY)).resolves.toEqual(refused);
    expect(sent).toHaveLength(1);
    expect(logged[0]).toMatchObject({ status: 'ok', error: null });
  });

  it('logs only failed calls in errors mode, nothing when off', async () => {
    const errorsOnly = setup([http(500), ok()], { logMode: 'errors' });
    await errorsOnly.client.request(QUERY);
    expect(errorsOnly.logged.map((l) => l.status)).toEqual(['http-error']);
    const off = setup([http(500), ok()], { logMode: 'off' });
    await off.client.request(QUERY);
    expect(off.logged).toEqual([]);
  });

  it('stops when the job is cancelled', async () => {
    const abort = new AbortController();
    const { client } = setup([http(503), ok()], { signal: abort.signal });
    abort.abort();
    const error = await failure(client.request(QUERY));
    expect(error.code).toBe(ERROR_CODES.cancelled);
  });

  it('estimates from what Shopify charged before', async () => {
    const doc = 'query P($first: Int!) { products(first: $first) { nodes { id } } }';
    const dear: TransportOutcome = {
      kind: 'graphql',
      data: { products: { nodes: [] } },
      errors: [],
      cost: { requestedQueryCost: 900, actualQueryCost: 2, throttleStatus: status(1998) },
    };
    const { client, timer } = setup([dear, dear]);
    await client.request(doc, { first: 10 });
    expect(timer.slept).toEqual([]);
    expect(client.stats).toMatchObject({ requestedCost: 900, actualCost: 2 });
  });
});
