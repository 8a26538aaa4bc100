import { randomBytes } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  CredentialCipher,
  DomainError,
  ShopCredentials,
  ShopEntity,
  ShopifyEndpoints,
  ShopifyTransportFactory,
  ShopsRepository,
  ShopWebhooksRepository,
  SystemClock,
} from '@shopsync/shared';
import { validationPipe } from '../common/validation';
import { CreateShopDto } from './dto/create-shop.dto';
import { UpdateShopDto } from './dto/update-shop.dto';
import { ShopVerifier } from './shop-verifier.service';
import { ShopsService } from './shops.service';

const HOSTILE = [
  '127.0.0.1:4199',
  'localhost',
  '169.254.169.254',
  '2130706433',
  'evil.com',
  'a.myshopify.com.evil.com',
  'evil.com/a.myshopify.com',
  'a.myshopify.com:443',
  'https://a.myshopify.com',
  '-a.myshopify.com',
  'bücher.myshopify.com',
  'a..myshopify.com',
  `${'a'.repeat(64)}.myshopify.com`,
  'myshopify.com',
  'a.myshopify.com.',
  ' a.myshopify.com',
  'a.myshopify.com\n',
  '',
];

async function fieldsRefused(metatype: typeof CreateShopDto | typeof UpdateShopDto, body: object) {
  try {
    await validationPipe().transform(body, { type: 'body', metatype });
  } catch (error) {
    return ((error as DomainError).details ?? []).map((d) => d.field);
  }
  return [];
}

describe('shop DTOs: the domain rule', () => {
  it.each(HOSTILE)('refuses %j on create and update', async (domain) => {
    expect(await fieldsRefused(CreateShopDto, { code: 'x', domain })).toEqual(['domain']);
    expect(await fieldsRefused(UpdateShopDto, { domain, accessToken: 'shpat_12345678' })).toEqual([
      'domain',
    ]);
  });

  it('takes a myshopify domain in any case', async () => {
    expect(await fieldsRefused(CreateShopDto, { code: 'x', domain: 'A.MYSHOPIFY.COM' })).toEqual(
      [],
    );
  });
});

describe('ShopsService: domain and token', () => {
  const credentials = new ShopCredentials(new CredentialCipher(randomBytes(32)));
  const STORED = 'shpat_stored_token_of_the_old_store';
  let rows: Map<string, ShopEntity>;
  let verify: jest.Mock;
  let service: ShopsService;

  beforeEach(async () => {
    rows = new Map();
    const repo = {
      findByCode: async (code: string) => [...rows.values()].find((s) => s.code === code) ?? null,
      getByCode: async (code: string) => [...rows.values()].find((s) => s.code === code)!,
      insert: async (shop: ShopEntity) => void rows.set(shop.id, { ...shop }),
      update: async (id: string, patch: Partial<ShopEntity>) =>
        void rows.set(id, { ...rows.get(id)!, ...patch }),
      transaction: async (work: (m: unknown) => Promise<unknown>) => work(null),
    } as unknown as ShopsRepository;
    verify = jest.fn(async () => ({ name: 'n', currencyCode: 'EUR', rateLimits: null }));
    const webhooks = { requestSync: async () => undefined } as unknown as ShopWebhooksRepository;
    service = new ShopsService(repo, credentials, { verify } as unknown as ShopVerifier, webhooks, {
      now: () => new Date('2026-03-01T00:00:00Z'),
    });
    await service.create({ code: 'eu', domain: 'eu.myshopify.com', accessToken: STORED });
    verify.mockClear();
  });

  it('re-verifies with the stored token and stores the grant and the version served', async () => {
    verify.mockResolvedValueOnce({
      name: 'n',
      currencyCode: 'EUR',
      rateLimits: null,
      accessScopes: ['read_products'],
      apiVersionServed: '2026-04',
    });
    const shop = await service.reverify('eu');
    expect(verify.mock.calls).toEqual([
      [{ domain: 'eu.myshopify.com', apiVersion: '2026-04', accessToken: STORED }],
    ]);
    expect(shop).toMatchObject({ accessScopes: ['read_products'], apiVersionServed: '2026-04' });
    expect([...rows.values()][0]).toMatchObject({ accessScopes: ['read_products'] });
  });

  it('forgets the version served for the old version when the version changes', async () => {
    [...rows.values()][0].apiVersionServed = '2026-04';
    verify.mockResolvedValueOnce({
      name: 'n',
      currencyCode: 'EUR',
      rateLimits: null,
      accessScopes: null,
      apiVersionServed: null,
    });
    const shop = await service.update('eu', { apiVersion: '2026-01' });
    expect(shop.apiVersionServed).toBeNull();
  });

  it('refuses a new domain without a new token, naming accessToken, and calls nobody', async () => {
    const before = { ...[...rows.values()][0] };
    const error = await service
      .update('eu', { domain: 'other.myshopify.com' })
      .catch((e: DomainError) => e);
    expect((error as DomainError).details).toEqual([
      expect.objectContaining({ field: 'accessToken' }),
    ]);
    expect(verify).not.toHaveBeenCalled();
    expect([...rows.values()][0]).toEqual(before);
  });

  it('verifies only the new token against the new domain', async () => {
    const updated = await service.update('eu', {
      domain: 'Other.MyShopify.com',
      accessToken: 'shpat_new_token_of_the_new_store',
    });
    expect(updated.domain).toBe('other.myshopify.com');
    expect(verify.mock.calls).toEqual([
      [
        {
          domain: 'other.myshopify.com',
          apiVersion: '2026-04',
          accessToken: 'shpat_new_token_of_the_new_store',
        },
      ],
    ]);
  });

  it('takes the same domain in another case as no change', async () => {
    await service.update('eu', { domain: 'EU.myshopify.com' });
    expect(verify).not.toHaveBeenCalled();
  });

  it('re-verifies the stored token on its own domain when only the API version changes', async () => {
    await service.update('eu', { apiVersion: '2026-07' });
    expect(verify.mock.calls).toEqual([
      [{ domain: 'eu.myshopify.com', apiVersion: '2026-07', accessToken: STORED }],
    ]);
  });

  it('refuses a hostile domain that bypassed the DTO', async () => {
    for (const call of [
      () => service.create({ code: 'x', domain: '127.0.0.1:4199', accessToken: STORED }),
      () => service.update('eu', { domain: '127.0.0.1:4199', accessToken: STORED }),
    ]) {
      const error = (await call().catch((e: DomainError) => e)) as DomainError;
      expect(error.details?.map((d) => d.field)).toEqual(['domain']);
    }
    expect(verify).not.toHaveBeenCalled();
  });
});

describe('ShopVerifier: defence in depth', () => {
  let trap: Server;
  let port = 0;
  let hits = 0;

  beforeAll(async () => {
    trap = createServer((_req, res) => {
      hits++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    port = (trap.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => trap.close(resolve)));

  it('never sends a token to a host that is neither myshopify nor configured', async () => {
    const verifier = new ShopVerifier(
      new ShopifyTransportFactory(new ShopifyEndpoints([])),
      new SystemClock(),
    );
    for (const domain of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const error = (await verifier
        .verify({ domain, apiVersion: '2026-04', accessToken: 'shpat_secret_token' })
        .catch((e: DomainError) => e)) as DomainError;
      expect(error.details?.map((d) => d.field)).toEqual(['domain']);
      expect(error.message).not.toContain('shpat_secret_token');
    }
    expect(hits).toBe(0);
  });
});
