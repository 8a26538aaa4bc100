import { Logger } from '@nestjs/common';
import {
  DomainError,
  ERROR_CODES,
  ShopifyTransportFactory,
  SystemClock,
  TransportOutcome,
} from '@shopsync/shared';
import { ShopVerifier } from './shop-verifier.service';

const TARGET = { domain: 'acme.myshopify.com', apiVersion: '2026-04', accessToken: 'shpat_secret' };
const verified: TransportOutcome = {
  kind: 'graphql',
  data: { shop: { name: 'Acme', currencyCode: 'EUR' } },
  errors: [],
  cost: {
    requestedQueryCost: 1,
    actualQueryCost: 1,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
  },
};
const http = (httpStatus: number): TransportOutcome => ({
  kind: 'http-error',
  httpStatus,
  message: `HTTP ${httpStatus}`,
});

function verifier(answers: TransportOutcome[]) {
  const sent: unknown[] = [];
  const factory = {
    endpoints: { allows: () => true },
    create: () => ({
      send: async (request: unknown) => {
        sent.push(request);
        return answers.shift() ?? verified;
      },
    }),
  } as unknown as ShopifyTransportFactory;
  return { verifier: new ShopVerifier(factory, new SystemClock()), sent };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DomainError)) throw new Error(`expected a DomainError, got ${error}`);
  return error;
}

describe('ShopVerifier', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('returns the shop and the bucket Shopify reports', async () => {
    const { verifier: v } = verifier([verified]);
    await expect(v.verify(TARGET)).resolves.toEqual({
      name: 'Acme',
      currencyCode: 'EUR',
      rateLimits: { maximumAvailable: 2000, restoreRate: 100 },
      accessScopes: null,
      apiVersionServed: null,
    });
  });

  it('returns the granted scopes and the version Shopify served', async () => {
    const { verifier: v } = verifier([
      {
        kind: 'graphql',
        data: {
          shop: { name: 'Acme', currencyCode: 'EUR' },
          currentAppInstallation: {
            accessScopes: [{ handle: 'write_products' }, { handle: 'read_orders' }],
          },
        },
        errors: [],
        apiVersion: '2025-07',
      },
    ]);
    await expect(v.verify({ ...TARGET, apiVersion: '2025-01' })).resolves.toMatchObject({
      accessScopes: ['read_orders', 'write_products'],
      apiVersionServed: '2025-07',
    });
  });

  it('refuses a token Shopify refuses, at once, naming the field and not the token', async () => {
    const { verifier: v, sent } = verifier([http(401), verified]);
    const error = await failure(v.verify(TARGET));
    expect(error.code).toBe(ERROR_CODES.shopifyUnauthorized);
    expect(error.details).toEqual([
      { field: 'accessToken', message: 'was refused by acme.myshopify.com' },
    ]);
    expect(error.message).not.toContain('shpat_secret');
    expect(sent).toHaveLength(1);
  });

  it('names the domain when there is no Admin API there', async () => {
    const { verifier: v } = verifier([http(404)]);
    const error = await failure(v.verify(TARGET));
    expect(error.code).toBe(ERROR_CODES.shopifyQueryFailed);
    expect(error.details).toEqual([{ field: 'domain', message: 'has no Shopify Admin API' }]);
  });

  it('retries an unavailable store, then gives up after three attempts', async () => {
    const { verifier: v, sent } = verifier([http(503), http(502), http(503), verified]);
    const error = await failure(v.verify(TARGET));
    expect(error.code).toBe(ERROR_CODES.shopifyUnavailable);
    expect(error.kind).toBe('transient');
    expect(error.message).toContain('did not answer (HTTP 503)');
    expect(sent).toHaveLength(3);
  }, 10_000);

  it('succeeds when a retry is answered', async () => {
    const { verifier: v, sent } = verifier([{ kind: 'network-error', message: 'fetch failed' }]);
    await expect(v.verify(TARGET)).resolves.toMatchObject({ name: 'Acme' });
    expect(sent).toHaveLength(2);
  }, 10_000);
});
