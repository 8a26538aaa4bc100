import type {
  ShopEntity,
  ShopWebhookSubscriptionEntity,
  ShopWebhookSyncEntity,
} from '@shopsync/shared';
import { toShopWebhooksDto } from './shop-webhooks.dto';

const URL = 'https://hooks.shopsync.test';
const URI = `${URL}/v1/webhooks/shopify?shop=eu`;
const shop = (patch: Partial<ShopEntity> = {}) =>
  ({
    id: 'shop-1',
    code: 'eu',
    enabled: true,
    settings: {},
    accessTokenEnc: 'sealed',
    appSecretEnc: 'sealed',
    ...patch,
  }) as ShopEntity;
const row = (
  topic: string,
  state: ShopWebhookSubscriptionEntity['state'] = 'active',
): ShopWebhookSubscriptionEntity => ({
  shopId: 'shop-1',
  topic,
  subscriptionId: `gid://shopify/WebhookSubscription/${topic.length}`,
  uri: URI,
  state,
  error: state === 'failed' ? 'Address is invalid' : null,
  updatedAt: new Date('2026-03-01T00:00:00Z'),
});
const checked = {
  id: 'shop-1',
  requestedAt: null,
  checkedAt: new Date('2026-03-01T00:00:00Z'),
  error: null,
} as ShopWebhookSyncEntity;

describe('the shop view of its webhook subscriptions', () => {
  it('says so when SHOPSYNC_PUBLIC_URL is not set, and wants nothing', () => {
    const dto = toShopWebhooksDto(shop(), { sync: null, subscriptions: [] }, null);
    expect(dto).toMatchObject({ status: 'not-configured', uri: null, subscriptions: [] });
    expect(dto.message).toContain('SHOPSYNC_PUBLIC_URL is not set');
  });

  it('shows wanted topics not made yet as pending', () => {
    const dto = toShopWebhooksDto(shop(), { sync: null, subscriptions: [] }, URL);
    expect(dto.status).toBe('pending');
    expect(dto.subscriptions).toEqual([
      { topic: 'ORDERS_CREATE', id: null, uri: URI, state: 'pending', error: null },
      { topic: 'ORDERS_UPDATED', id: null, uri: URI, state: 'pending', error: null },
    ]);
  });

  it('is synced when every wanted topic is active and nothing is requested', () => {
    const dto = toShopWebhooksDto(
      shop(),
      { sync: checked, subscriptions: [row('ORDERS_CREATE'), row('ORDERS_UPDATED')] },
      URL,
    );
    expect(dto).toMatchObject({ status: 'synced', checkedAt: '2026-03-01T00:00:00.000Z' });
    expect(dto.subscriptions.map((s) => s.state)).toEqual(['active', 'active']);
  });

  it('shows a recorded topic no longer wanted as removing, and a refusal as failed', () => {
    const removing = toShopWebhooksDto(
      shop({ settings: { webhooks: { tasks: [] } } }),
      { sync: checked, subscriptions: [row('ORDERS_CREATE')] },
      URL,
    );
    expect(removing.status).toBe('pending');
    expect(removing.subscriptions.map((s) => [s.topic, s.state])).toEqual([
      ['ORDERS_CREATE', 'removing'],
    ]);
    const failed = toShopWebhooksDto(
      shop(),
      { sync: checked, subscriptions: [row('ORDERS_CREATE'), row('ORDERS_UPDATED', 'failed')] },
      URL,
    );
    expect(failed.status).toBe('failed');
    expect(failed.message).toBe('Shopify refused ORDERS_UPDATED: Address is invalid');
  });

  it('needs none for a shop without an app secret, and says why', () => {
    const dto = toShopWebhooksDto(
      shop({ appSecretEnc: null }),
      { sync: checked, subscriptions: [] },
      URL,
    );
    expect(dto).toMatchObject({
      status: 'not-needed',
      message: 'no subscriptions: the shop has no app secret to verify webhooks with',
      subscriptions: [],
    });
  });

  it('reports the last failed attempt', () => {
    const dto = toShopWebhooksDto(
      shop(),
      { sync: { ...checked, error: 'Shopify did not answer' }, subscriptions: [] },
      URL,
    );
    expect(dto).toMatchObject({ status: 'failed', error: 'Shopify did not answer' });
  });
});
