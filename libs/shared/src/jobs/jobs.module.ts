import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { LeasesRepository } from '../leases/leases.repository';
import { NotificationSubscriptions } from '../notifications/notification-subscriptions';
import { ShopsRepository } from '../shops/shops.repository';
import { JobsRepository } from './jobs.repository';
import { PgJobTransitions } from './job-transitions.pg';
import { JobStore } from './job-store';
import { jobStoreFor } from './job-store.pg';
import { KeyOrder } from './key-order';

// Needs DatabaseModule and KafkaModule (both global) in the importing app.
@Module({
  providers: [
    OutboxPublisher,
    JobsRepository,
    LeasesRepository,
    ShopsRepository,
    KeyOrder,
    PgJobTransitions,
    NotificationSubscriptions,
    {
      provide: JobStore,
      useFactory: jobStoreFor,
      inject: [
        getDataSourceToken(),
        JobsRepository,
        LeasesRepository,
        ShopsRepository,
        KeyOrder,
        PgJobTransitions,
        NotificationSubscriptions,
      ],
    },
  ],
  exports: [
    OutboxPublisher,
    JobsRepository,
    LeasesRepository,
    ShopsRepository,
    KeyOrder,
    PgJobTransitions,
    JobStore,
  ],
})
export class JobsModule {}
