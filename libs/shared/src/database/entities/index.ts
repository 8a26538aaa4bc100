import { ApiKeyEntity } from './api-key.entity';
import { CATALOG_ENTITIES } from './catalog.entities';
import { JobLogEntity } from './job-log.entity';
import { JobEntity } from './job.entity';
import { LeaseEntity } from './lease.entity';
import { OutboxEntity } from './outbox.entity';
import { NOTIFICATION_ENTITIES } from './notification.entities';
import { ORDER_ENTITIES } from './orders';
import { ScheduleOccurrenceEntity } from './schedule-occurrence.entity';
import { ScheduleEntity } from './schedule.entity';
import { ShopEntity } from './shop.entity';
import { ShopifyCallLogEntity } from './shopify-call-log.entity';
import { ShopifyWebhookEntity } from './shopify-webhook.entity';
import {
  ShopWebhookSubscriptionEntity,
  ShopWebhookSyncEntity,
} from './webhook-subscription.entities';

export { ApiKeyEntity, JobEntity, JobLogEntity, LeaseEntity, OutboxEntity, ShopEntity };
export * from './schedule.entity';
export * from './schedule-occurrence.entity';
export * from './shopify-call-log.entity';
export * from './shopify-webhook.entity';
export * from './webhook-subscription.entities';
export * from './catalog.entities';
export * from './orders';
export * from './notification.entities';
export const ENTITIES = [
  ShopEntity,
  JobEntity,
  JobLogEntity,
  OutboxEntity,
  LeaseEntity,
  ScheduleEntity,
  ScheduleOccurrenceEntity,
  ShopifyCallLogEntity,
  ShopifyWebhookEntity,
  ShopWebhookSubscriptionEntity,
  ShopWebhookSyncEntity,
  ...CATALOG_ENTITIES,
  ...ORDER_ENTITIES,
  ...NOTIFICATION_ENTITIES,
  ApiKeyEntity,
];
