import { DynamicModule, Module } from '@nestjs/common';
import {
  CLOCK,
  credentialCipherProvider,
  DatabaseModule,
  HealthModule,
  JobsModule,
  KafkaModule,
  loggingModule,
  MetricsModule,
  ShopifyAccessModule,
  SystemClock,
} from '@shopsync/shared';
import { SCHEDULER_CONFIG, SchedulerConfig } from './config/scheduler-env';
import { NotificationDeliveriesRepository } from './notifications/notification-deliveries.repository';
import { NotificationDispatcher } from './notifications/notification-dispatcher.service';
import { OutboxRelayService } from './outbox-relay/outbox-relay.service';
import { RecoveryService } from './recovery/recovery.service';
import { RetentionRepository } from './retention/retention.repository';
import { RetentionService } from './retention/retention.service';
import { ScheduleClaimsRepository } from './schedules/schedule-claims.repository';
import { ScheduleFiringService } from './schedules/schedule-firing.service';
import { WebhookSubscriptionsClient } from './webhook-subscriptions/webhook-subscriptions.client';
import { WebhookSyncService } from './webhook-subscriptions/webhook-sync.service';
import { WebhookSyncsRepository } from './webhook-subscriptions/webhook-syncs.repository';

@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [
        loggingModule('scheduler', config.logLevel),
        MetricsModule.forRoot('scheduler'),
        DatabaseModule.forRoot(config.database),
        KafkaModule.forRoot(config.kafka),
        JobsModule,
        HealthModule,
        ShopifyAccessModule.forRoot(config.shopify),
      ],
      providers: [
        { provide: SCHEDULER_CONFIG, useValue: config },
        { provide: CLOCK, useClass: SystemClock },
        credentialCipherProvider(config.encryption),
        NotificationDeliveriesRepository,
        NotificationDispatcher,
        OutboxRelayService,
        RecoveryService,
        RetentionRepository,
        RetentionService,
        ScheduleClaimsRepository,
        ScheduleFiringService,
        WebhookSubscriptionsClient,
        WebhookSyncsRepository,
        WebhookSyncService,
      ],
    };
  }
}
