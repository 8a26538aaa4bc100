import { createHmac, randomBytes } from 'node:crypto';
import {
  CredentialCipher,
  DomainError,
  ShopCredentials,
  ShopEntity,
  ShopifyWebhookEntity,
  ShopsRepository,
} from '@shopsync/shared';
import type { SyncRequestsService } from '../syncs/sync-requests.service';
import type { WebhookReceiptsRepository } from './webhook-receipts.repository';
import { WebhooksService } from './webhooks.service';

// The receipts key is (shop, webhook id), as in the table: a fake with the same key.
describe('WebhooksService: receipts per shop, ids whole', () => {
  const credentials = new ShopCredentials(new CredentialCipher(randomBytes(32)));
  const shops: ShopEntity[] = ['a', 'b'].map(
    (n) =>
      ({
        id: `shop-${n}`,
        code: n,
        domain: `${n}.myshopify.com`,
        enabled: true,
        settings: {},
        appSecretEnc: credentials.seal(`shop-${n}`, 'appSecret', `secret-${n}`),
      }) as unknown as ShopEntity,
  );
  let stored: Map<string, ShopifyWebhookEntity>;
  let requested: string[];
  let service: WebhooksService;
  const body = Buffer.from('{"id":1}');
  const deliver = (shop: 'a' | 'b', webhookId: string) =>
    service.receive({
      rawBody: body,
      signature: createHmac('sha256', `secret-${shop}`).update(body).digest('base64'),
      shopDomain: `${shop}.myshopify.com`,
      topic: 'orders/create',
      webhookId,
    });

  beforeEach(() => {
    stored = new Map();
    requested = [];
    const receipts = {
      insertOnce: async (r: ShopifyWebhookEntity) => {
        const key = `${r.shopId}\n${r.webhookId}`;
        if (stored.has(key)) return false;
        stored.set(key, r);
        return true;
      },
      update: async () => undefined,
    } as unknown as WebhookReceiptsRepository;
    const requests = {
      request: async ({ shopCode }: { shopCode: string }) => {
        requested.push(shopCode);
        return { coalesced: false, job: { id: `job-${requested.length}` } };
      },
    } as unknown as SyncRequestsService;
    service = new WebhooksService(
      {
        findByDomain: async (d: string) => shops.filter((s) => s.domain === d),
      } as unknown as ShopsRepository,
      credentials,
      receipts,
      requests,
      { now: () => new Date('2026-03-01T00:00:00Z') },
      7,
    );
  });

  it('takes one id on two shops as two deliveries (two jobs), twice on one shop as one', async () => {
    expect(await deliver('a', 'same-id')).toEqual({ received: true, duplicate: false });
    expect(await deliver('b', 'same-id')).toEqual({ received: true, duplicate: false });
    expect(await deliver('b', 'same-id')).toEqual({ received: true, duplicate: true });
    await service.onApplicationShutdown();
    expect(requested.sort()).toEqual(['a', 'b']);
  });

  it('stores ids whole: ids sharing their first 100 characters stay distinct', async () => {
    const prefix = 'p'.repeat(100);
    expect(await deliver('a', `${prefix}-one`)).toEqual({ received: true, duplicate: false });
    expect(await deliver('a', `${prefix}-two`)).toEqual({ received: true, duplicate: false });
    expect([...stored.values()].map((r) => r.webhookId)).toEqual([
      `${prefix}-one`,
      `${prefix}-two`,
    ]);
    await service.onApplicationShutdown();
    expect(requested).toEqual(['a', 'a']);
  });

  it('refuses an id over 255 characters with 400 naming the header, storing nothing', async () => {
    expect(await deliver('a', 'x'.repeat(255))).toEqual({ received: true, duplicate: false });
    const error = (await deliver('a', 'y'.repeat(300)).catch((e: DomainError) => e)) as DomainError;
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual([
      { field: 'X-Shopify-Webhook-Id', message: 'must be at most 255 characters' },
    ]);
    expect(stored.size).toBe(1);
  });
});
