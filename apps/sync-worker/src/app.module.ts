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
import { WORKER_CONFIG, WorkerConfig } from './config/worker-env';
import { SyncRequestedConsumer } from './requests/sync-requested.consumer';
import { JobRunner } from './runner/job-runner.service';
import { LifecyclePublisher } from './runner/lifecycle.publisher';
import { TASK_HANDLERS, TaskRegistry } from './tasks/task-registry';

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        loggingModule('sync-worker', config.logLevel),
        DatabaseModule.forRoot(config.database),
        KafkaModule.forRoot(config.kafka),
        JobsModule,
        HealthModule,
      ],
      controllers: [SyncRequestedConsumer],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: CLOCK, useClass: SystemClock },
        ...TASK_HANDLERS,
        TaskRegistry,
        LifecyclePublisher,
        JobRunner,
      ],
    };
  }
}
