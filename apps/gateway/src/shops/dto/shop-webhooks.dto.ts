import { ApiProperty } from '@nestjs/swagger';
import {
  shopSettings,
  type ShopEntity,
  type ShopWebhooksState,
  WEBHOOK_SUBSCRIPTION_STATES,
  type WebhookSubscriptionState,
  wantedWebhookTopics,
  webhookCallbackUri,
  webhooksBlockedBecause,
} from '@shopsync/shared';

export const SHOP_WEBHOOK_STATUSES = [
  'not-configured',
  'not-needed',
  'pending',
  'synced',
  'failed',
] as const;
export type ShopWebhookStatus = (typeof SHOP_WEBHOOK_STATUSES)[number];

export class WebhookSubscriptionDto {
  @ApiProperty({ example: 'ORDERS_CREATE', description: 'WebhookSubscriptionTopic' })
  topic: string;

  @ApiProperty({
    type: String,
    example: 'gid://shopify/WebhookSubscription/1',
    nullable: true,
    description: "Shopify's id; null until it is made",
  })
  id: string | null;

  @ApiProperty({ example: 'https://shopsync.example.com/v1/webhooks/shopify?shop=eu-store' })
  uri: string;

  @ApiProperty({
    enum: WEBHOOK_SUBSCRIPTION_STATES,
    description:
      'pending: to be made; active: Shopify has it (at checkedAt); failed: Shopify refused it (see error); removing: no longer wanted, to be deleted',
  })
  state: WebhookSubscriptionState;

  @ApiProperty({ type: String, nullable: true, example: null })
  error: string | null;
}

export class ShopWebhooksDto {
  @ApiProperty({
    enum: SHOP_WEBHOOK_STATUSES,
    description:
      'not-configured: SHOPSYNC_PUBLIC_URL is not set, no subscriptions are made; not-needed: no enabled task uses webhooks (see message); pending: the scheduler has work to do; synced: every wanted subscription exists; failed: the last attempt failed (see error), it is retried',
  })
  status: ShopWebhookStatus;

  @ApiProperty({ example: 'every wanted subscription exists' })
  message: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: "where this shop's subscriptions point; null when not configured",
  })
  uri: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'the last completed check with Shopify',
  })
  checkedAt: string | null;

  @ApiProperty({ type: String, nullable: true })
  error: string | null;

  @ApiProperty({ type: [WebhookSubscriptionDto] })
  subscriptions: WebhookSubscriptionDto[];
}

const NOT_CONFIGURED =
  'SHOPSYNC_PUBLIC_URL is not set: shopsync makes no webhook subscriptions (syncs run on their schedules and on request)';

// What shopsync wants of the shop's subscriptions, merged with what the scheduler recorded: a
// wanted topic not recorded yet is pending, a recorded one no longer wanted is being removed.
export function toShopWebhooksDto(
  shop: ShopEntity,
  state: ShopWebhooksState,
  publicUrl: string | null,
): ShopWebhooksDto {
  const recorded = state.subscriptions.map((s): WebhookSubscriptionDto => ({
    topic: s.topic,
    id: s.subscriptionId,
    uri: s.uri,
    state: s.state,
    error: s.error,
  }));
  const sync = state.sync;
  const base = {
    checkedAt: sync?.checkedAt ? new Date(sync.checkedAt).toISOString() : null,
    error: sync?.error ?? null,
  };
  if (!publicUrl)
    return {
      status: 'not-configured',
      message: NOT_CONFIGURED,
      uri: null,
      ...base,
      subscriptions: recorded,
    };
  const uri = webhookCallbackUri(publicUrl, shop.code);
  const flags = {
    enabled: shop.enabled,
    hasToken: Boolean(shop.accessTokenEnc),
    hasAppSecret: Boolean(shop.appSecretEnc),
  };
  const wanted = wantedWebhookTopics(flags, shopSettings(shop));
  const byTopic = new Map(recorded.map((s) => [s.topic, s]));
  const subscriptions = [
    ...wanted.map(
      (topic) =>
        byTopic.get(topic) ?? { topic, id: null, uri, state: 'pending' as const, error: null },
    ),
    ...recorded
      .filter((s) => !wanted.includes(s.topic))
      .map((s) => (s.state === 'failed' ? s : { ...s, state: 'removing' as const })),
  ];
  const failed = subscriptions.find((s) => s.state === 'failed');
  const pending =
    sync?.requestedAt != null ||
    subscriptions.some((s) => s.state === 'pending' || s.state === 'removing');
  const blocked = webhooksBlockedBecause(flags);
  const [status, message]: [ShopWebhookStatus, string] = base.error
    ? ['failed', `the last attempt failed, retried: ${base.error}`]
    : failed
      ? ['failed', `Shopify refused ${failed.topic}: ${failed.error ?? 'no reason given'}`]
      : pending
        ? ['pending', 'the scheduler is bringing the subscriptions in line']
        : !wanted.length
          ? [
              'not-needed',
              blocked
                ? `no subscriptions: ${blocked}`
                : "no subscriptions: no task in settings.webhooks.tasks reads Shopify's changes with these settings",
            ]
          : ['synced', 'every wanted subscription exists'];
  return { status, message, uri, ...base, subscriptions };
}
