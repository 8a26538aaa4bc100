import { DynamicModule, Module } from '@nestjs/common';
import {
  CLOCK,
  DatabaseModule,
  HealthModule,
  JobsModule,
  KafkaModule,
  loggingModule,
  SystemClock,
} from '@shopsync/shared';
import { GATEWAY_CONFIG, GatewayConfig } from './config/gateway-env';
import { JobsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import { JobEventsService } from './lifecycle/job-events.service';
import { JobWaiterService } from './lifecycle/job-waiter.service';
import { LifecycleConsumer } from './lifecycle/lifecycle.consumer';
import { LifecycleNotifier } from './lifecycle/lifecycle-notifier.service';
import { SyncCommandConsumer } from './commands/sync-command.consumer';
import { ShopsModule } from './shops/shops.module';
import { SyncRequestsService } from './syncs/sync-requests.service';
import { SyncsController } from './syncs/syncs.controller';

@Module({})
export class GatewayModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        loggingModule('gateway', config.logLevel),
        DatabaseModule.forRoot(config.database),
        KafkaModule.forRoot(config.kafka),
        { module: ClockModule, global: true },
        JobsModule,
        HealthModule,
        ShopsModule,
      ],
      controllers: [SyncsController, JobsController, LifecycleConsumer, SyncCommandConsumer],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        SyncRequestsService,
        JobsService,
        JobEventsService,
        JobWaiterService,
        LifecycleNotifier,
      ],
    };
  }
}

@Module({ providers: [{ provide: CLOCK, useClass: SystemClock }], exports: [CLOCK] })
class ClockModule {}
