import { readShopSettings } from '../settings/shop-settings.v1';
import {
  TASK_WEBHOOK_TOPICS,
  taskForWebhookTopic,
  topicHeader,
  wantedWebhookTopics,
  webhookCallbackUri,
  webhooksBlockedBecause,
} from './webhook-topics';

const settings = (raw: object) => {
  const read = readShopSettings(raw as never);
  if (read.errors.length) throw new Error(JSON.stringify(read.errors));
  return read.settings;
};
const READY = { enabled: true, hasToken: true, hasAppSecret: true };

describe('webhook topics', () => {
  it('names two topics per task and turns them into the X-Shopify-Topic form', () => {
    expect(TASK_WEBHOOK_TOPICS).toEqual({
      orders: ['ORDERS_CREATE', 'ORDERS_UPDATED'],
      products: ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE'],
      customers: ['CUSTOMERS_CREATE', 'CUSTOMERS_UPDATE'],
    });
    expect(topicHeader('ORDERS_UPDATED')).toBe('orders/updated');
    expect(topicHeader('INVENTORY_LEVELS_UPDATE')).toBe('inventory_levels/update');
    expect(topicHeader('SHOP')).toBe('shop');
  });

  it('wants the orders topics by default, products and customers only when they read Shopify', () => {
    expect(wantedWebhookTopics(READY, settings({}))).toEqual(['ORDERS_CREATE', 'ORDERS_UPDATED']);
    expect(
      wantedWebhookTopics(
        READY,
        settings({ directions: { products: 'from-shopify' }, customers: { import: 'all' } }),
      ),
    ).toEqual([
      'ORDERS_CREATE',
      'ORDERS_UPDATED',
      'PRODUCTS_CREATE',
      'PRODUCTS_UPDATE',
      'CUSTOMERS_CREATE',
      'CUSTOMERS_UPDATE',
    ]);
    expect(
      wantedWebhookTopics(
        READY,
        settings({ customers: { import: 'with-order-import', shopifyCanUpdateCustomer: true } }),
      ),
    ).toContain('CUSTOMERS_UPDATE');
  });

  it('drops the topics of a task left out of settings.webhooks.tasks', () => {
    const s = settings({
      directions: { products: 'from-shopify' },
      webhooks: { tasks: ['products'] },
    });
    expect(wantedWebhookTopics(READY, s)).toEqual(['PRODUCTS_CREATE', 'PRODUCTS_UPDATE']);
    expect(wantedWebhookTopics(READY, settings({ webhooks: { tasks: [] } }))).toEqual([]);
  });

  it('wants nothing for a disabled shop, one without a token or without an app secret', () => {
    const s = settings({});
    expect(wantedWebhookTopics({ ...READY, enabled: false }, s)).toEqual([]);
    expect(wantedWebhookTopics({ ...READY, hasToken: false }, s)).toEqual([]);
    expect(wantedWebhookTopics({ ...READY, hasAppSecret: false }, s)).toEqual([]);
    expect(webhooksBlockedBecause({ ...READY, hasAppSecret: false })).toBe(
      'the shop has no app secret to verify webhooks with',
    );
    expect(webhooksBlockedBecause(READY)).toBeNull();
  });

  it('maps a delivered topic back to the task that reads it', () => {
    expect(taskForWebhookTopic(' Orders/Create ', settings({}))).toBe('orders');
    expect(taskForWebhookTopic('products/update', settings({}))).toBeNull();
    expect(taskForWebhookTopic('app/uninstalled', settings({}))).toBeNull();
  });

  it('points at the intake under the public URL, the shop named in the query', () => {
    expect(webhookCallbackUri('https://hooks.example.org/base/', 'eu-store')).toBe(
      'https://hooks.example.org/base/v1/webhooks/shopify?shop=eu-store',
    );
  });

  it('refuses bad settings.webhooks.tasks with the field and why', () => {
    expect(readShopSettings({ webhooks: { tasks: ['orders', 'orders'] } }).errors).toEqual([
      { field: 'settings.webhooks.tasks', message: 'must not repeat a task' },
    ]);
    expect(readShopSettings({ webhooks: { tasks: ['payments'] } }).errors).toEqual([
      {
        field: 'settings.webhooks.tasks',
        message: 'values must be among orders, products, customers',
      },
    ]);
    expect(readShopSettings({ webhooks: { tasks: 'orders' } }).errors).toEqual([
      { field: 'settings.webhooks.tasks', message: 'must be an array' },
    ]);
  });
});
