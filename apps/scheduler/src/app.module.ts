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
import { SCHEDULER_CONFIG, SchedulerConfig } from './config/scheduler-env';
import { OutboxRelayService } from './outbox-relay/outbox-relay.service';
import { RecoveryService } from './recovery/recovery.service';

@Module({})
export class SchedulerModule {
  static forRoot(config: SchedulerConfig): DynamicModule {
    return {
      module: SchedulerModule,
      imports: [
        loggingModule('scheduler', config.logLevel),
        DatabaseModule.forRoot(config.database),
        KafkaModule.forRoot(config.kafka),
        JobsModule,
        HealthModule,
      ],
      providers: [
        { provide: SCHEDULER_CONFIG, useValue: config },
        { provide: CLOCK, useClass: SystemClock },
        OutboxRelayService,
        RecoveryService,
      ],
    };
  }
}
