import { DynamicModule, Module } from '@nestjs/common';
import {
  CLOCK,
  DatabaseModule,
  HealthModule,
  JobsModule,
  KafkaModule,
  loggingModule,
  MetricsModule,
  ShopifyAccessModule,
  SystemClock,
} from '@shopsync/shared';
import { AuthModule } from './auth/auth.module';
import { ShopCatalogModule } from './catalog/shop-catalog.module';
import { ErpCatalogModule } from './erp/erp-catalog.module';
import { ErpFeedsModule } from './erp/erp-feeds.module';
import { ErpOrdersModule } from './erp/erp-orders.module';
import { DashboardController } from './dashboard/dashboard.controller';
import { DocsController } from './docs/docs.controller';
import { EventsController } from './lifecycle/events.controller';
import { GatewayMetrics } from './metrics/gateway-metrics.service';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway-env';
import { JobsController, JobStatsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import { JobEventsService } from './lifecycle/job-events.service';
import { JobWaiterService } from './lifecycle/job-waiter.service';
import { LifecycleConsumer } from './lifecycle/lifecycle.consumer';
import { LifecycleNotifier } from './lifecycle/lifecycle-notifier.service';
import { StreamSlots } from './lifecycle/stream-slots';
import { SyncCommandConsumer } from './commands/sync-command.consumer';
import { NotificationsModule } from './notifications/notifications.module';
import { AuditLog } from './operations/audit-log.service';
import { BulkJobsController } from './operations/bulk-jobs.controller';
import { BulkJobsRepository } from './operations/bulk-jobs.repository';
import { BulkJobsService } from './operations/bulk-jobs.service';
import { ShopsModule } from './shops/shops.module';
import { SchedulesModule } from './schedules/schedules.module';
import { SyncRequestsModule } from './syncs/sync-requests.module';
import { SyncBatchesController } from './syncs/sync-batches.controller';
import { SyncsController } from './syncs/syncs.controller';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        loggingModule('gateway', config.logLevel),
        MetricsModule.forRoot('gateway'),
        AuthModule.forRoot(config.auth),
        DatabaseModule.forRoot(config.database),
        KafkaModule.forRoot(config.kafka),
        { module: ClockModule, global: true },
        JobsModule,
        HealthModule,
        ShopifyAccessModule.forRoot(config.shopify),
        ShopsModule,
        SyncRequestsModule,
        WebhooksModule.forRoot({ retentionDays: config.webhookRetentionDays }),
        SchedulesModule,
        ErpCatalogModule,
        ErpOrdersModule,
        ErpFeedsModule.forRoot({ settleMs: config.feedSettleMs }),
        ShopCatalogModule,
        NotificationsModule.forRoot(config.callbacks),
      ],
      controllers: [
        SyncsController,
        SyncBatchesController,
        JobsController,
        JobStatsController,
        BulkJobsController,
        LifecycleConsumer,
        SyncCommandConsumer,
        EventsController,
        DashboardController,
        DocsController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        JobsService,
        BulkJobsService,
        BulkJobsRepository,
        AuditLog,
        JobEventsService,
        JobWaiterService,
        LifecycleNotifier,
        GatewayMetrics,
        { provide: StreamSlots, useValue: new StreamSlots(config.sseMaxStreamsPerKey) },
      ],
    };
  }
}

@Module({ providers: [{ provide: CLOCK, useClass: SystemClock }], exports: [CLOCK] })
class ClockModule {}
