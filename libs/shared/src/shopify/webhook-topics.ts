import type { ShopSettingsV1 } from '../settings/shop-settings.v1';
import { WEBHOOK_TASKS, type WebhookTask } from '../settings/webhook-settings.v1';

// The Shopify webhook topics each task listens to (values of the 2026-04 schema's
// WebhookSubscriptionTopic enum; test/webhook-topics.spec.ts checks them against it). A
// webhook only triggers the task's sync: the task then reads what changed itself.
export const TASK_WEBHOOK_TOPICS: Readonly<Record<WebhookTask, readonly string[]>> = {
  orders: ['ORDERS_CREATE', 'ORDERS_UPDATED'],
  products: ['PRODUCTS_CREATE', 'PRODUCTS_UPDATE'],
  customers: ['CUSTOMERS_CREATE', 'CUSTOMERS_UPDATE'],
};

// ORDERS_CREATE → orders/create (the X-Shopify-Topic form); the last underscore separates
// the resource from the event (INVENTORY_LEVELS_UPDATE → inventory_levels/update).
export function topicHeader(topic: string): string {
  const cut = topic.lastIndexOf('_');
  const lower = topic.toLowerCase();
  return cut < 0 ? lower : `${lower.slice(0, cut)}/${lower.slice(cut + 1)}`;
}

// Whether the task reads Shopify's changes with these settings, so a webhook is worth a run:
// products only when they sync from Shopify; customers when the task reads changed customers
// (import `all`, or `with-order-import` refreshing mapped ones with shopifyCanUpdateCustomer).
export function taskReadsShopifyChanges(task: WebhookTask, settings: ShopSettingsV1): boolean {
  switch (task) {
    case 'orders':
      return true;
    case 'products':
      return settings.directions.products === 'from-shopify';
    case 'customers': {
      const c = settings.customers;
      return c.import === 'all' || (c.import === 'with-order-import' && c.shopifyCanUpdateCustomer);
    }
  }
}

// The task a delivered topic (`orders/create`) triggers with these settings, or null.
export function taskForWebhookTopic(header: string, settings: ShopSettingsV1): WebhookTask | null {
  const wanted = header.trim().toLowerCase();
  for (const task of WEBHOOK_TASKS)
    if (TASK_WEBHOOK_TOPICS[task].some((t) => topicHeader(t) === wanted))
      return taskReadsShopifyChanges(task, settings) ? task : null;
  return null;
}

export interface WebhookShop {
  enabled: boolean;
  hasToken: boolean;
  hasAppSecret: boolean;
}

// Why a shop needs no subscriptions at all, or null. Without an app secret the gateway cannot
// verify a delivery, so subscribing would only produce refused webhooks.
export function webhooksBlockedBecause(shop: WebhookShop): string | null {
  if (!shop.enabled) return 'the shop is disabled';
  if (!shop.hasToken) return 'the shop has no access token';
  if (!shop.hasAppSecret) return 'the shop has no app secret to verify webhooks with';
  return null;
}

// The topics shopsync subscribes to for a shop: those of the tasks named in
// settings.webhooks.tasks that read Shopify's changes, none while the shop is blocked.
export function wantedWebhookTopics(shop: WebhookShop, settings: ShopSettingsV1): string[] {
  if (webhooksBlockedBecause(shop)) return [];
  return WEBHOOK_TASKS.filter(
    (task) => settings.webhooks.tasks.includes(task) && taskReadsShopifyChanges(task, settings),
  ).flatMap((task) => TASK_WEBHOOK_TOPICS[task]);
}

export const WEBHOOK_INTAKE_PATH = '/v1/webhooks/shopify';

// Where a shop's subscriptions point: the gateway's intake under the public URL, the shop's
// code in the query so that two shop entries on one store keep their own subscriptions.
export function webhookCallbackUri(publicUrl: string, shopCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${WEBHOOK_INTAKE_PATH}?shop=${encodeURIComponent(shopCode)}`;
}
