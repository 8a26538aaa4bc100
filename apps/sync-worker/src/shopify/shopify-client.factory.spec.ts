import { randomBytes } from 'node:crypto';
import {
  CredentialCipher,
  DomainError,
  ERROR_CODES,
  parseEndpointOverrides,
  ShopCredentials,
  ShopEntity,
  ShopifyEndpoints,
  ShopifyTransportFactory,
  ShopsRepository,
} from '@shopsync/shared';
import type { ShopifyClientSettings } from '../config/worker-env';
import { ShopifyClientFactory } from './shopify-client.factory';
import type { ShopifyCallLogWriter } from './shopify-call-log.writer';
import type { Timer } from './timer';

// Rows stored before the domain rule may hold any host: the worker calls none of them unless
// configuration routes it.
describe('ShopifyClientFactory: stored domains', () => {
  const credentials = new ShopCredentials(new CredentialCipher(randomBytes(32)));
  const shop = (domain: string): ShopEntity =>
    ({
      id: 'shop-1',
      code: 'legacy',
      domain,
      apiVersion: '2026-04',
      plan: 'standard',
      settings: {},
      rateLimits: null,
      accessTokenEnc: credentials.seal('shop-1', 'accessToken', 'shpat_stored_secret'),
    }) as unknown as ShopEntity;
  const factoryFor = (row: ShopEntity, overrides = '') => {
    const create = jest.fn(() => ({ send: jest.fn() }));
    const transports = {
      endpoints: new ShopifyEndpoints(parseEndpointOverrides(overrides)),
      create,
    } as unknown as ShopifyTransportFactory;
    const factory = new ShopifyClientFactory(
      { getById: async () => row } as unknown as ShopsRepository,
      credentials,
      transports,
      {} as ShopifyCallLogWriter,
      { requestTimeoutMs: 1000, maxRetries: 0, limiterTimeScale: 1 } as ShopifyClientSettings,
      { now: () => 0, sleep: async () => undefined } as unknown as Timer,
      { now: () => new Date('2026-12-01T00:00:00Z') },
    );
    return { factory, create };
  };

  it.each(['127.0.0.1:4199', 'localhost', '169.254.169.254', '2130706433', 'evil.com'])(
    'refuses %j permanently and builds no transport',
    async (domain) => {
      const { factory, create } = factoryFor(shop(domain));
      const error = (await factory.forShop('shop-1').catch((e: DomainError) => e)) as DomainError;
      expect(error.code).toBe(ERROR_CODES.shopDomainRefused);
      expect(error.kind).toBe('permanent');
      expect(error.message).not.toContain('shpat_stored_secret');
      expect(create).not.toHaveBeenCalled();
    },
  );

  it('calls a myshopify domain, and another host only when configuration routes it', async () => {
    for (const [domain, overrides] of [
      ['legacy.myshopify.com', ''],
      ['127.0.0.1:4199', '127.0.0.1:4199=http://127.0.0.1:8787'],
    ]) {
      const { factory, create } = factoryFor(shop(domain), overrides);
      await factory.forShop('shop-1');
      expect(create).toHaveBeenCalledWith(expect.objectContaining({ domain }));
    }
  });
});
