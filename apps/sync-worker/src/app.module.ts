import { DynamicModule, Module } from '@nestjs/common';
import {
  CLOCK,
  DatabaseModule,
  HealthModule,
  JobsModule,
  KafkaModule,
  loggingModule,
  ShopifyAccessModule,
  MetricsModule,
  SystemClock,
} from '@shopsync/shared';
import { WorkerMetrics } from './metrics/worker-metrics.service';
import { WORKER_CONFIG, WorkerConfig } from './config/worker-env';
import { SyncRequestedConsumer } from './requests/sync-requested.consumer';
import { ShopifyModule } from './shopify/shopify.module';
import { JobRunner } from './runner/job-runner.service';
import { LifecyclePublisher } from './runner/lifecycle.publisher';
import { TaskExecution } from './runner/task-execution';
import { CatalogStore } from './catalog/catalog-store';
import { ShopifyItemImport } from './catalog/shopify-item-import';
import { SyncCursors } from './sync-cursors/sync-cursors';
import { ORDER_SIDE_PROVIDERS } from './order-side/order-side.providers';
import { TASK_PROVIDERS, TaskRegistry } from './tasks/task-registry';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        loggingModule('sync-worker', config.logLevel),
        MetricsModule.forRoot('sync-worker'),
        DatabaseModule.forRoot(config.database),
        KafkaModule.forRoot(config.kafka),
        JobsModule,
        HealthModule,
        ShopifyAccessModule.forRoot(config.shopify),
        ShopifyModule.forRoot(config.shopify),
      ],
      controllers: [SyncRequestedConsumer],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: CLOCK, useClass: SystemClock },
        ...TASK_PROVIDERS,
        ...ORDER_SIDE_PROVIDERS,
        CatalogStore,
        ShopifyItemImport,
        SyncCursors,
        TaskRegistry,
        LifecyclePublisher,
        WorkerMetrics,
        TaskExecution,
        JobRunner,
      ],
    };
  }
}
