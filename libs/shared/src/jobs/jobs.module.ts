import { Module } from '@nestjs/common';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { LeasesRepository } from '../leases/leases.repository';
import { ShopsRepository } from '../shops/shops.repository';
import { JobsRepository } from './jobs.repository';
import { PgJobTransitions } from './job-transitions.pg';

// Needs DatabaseModule and KafkaModule (both global) in the importing app.
@Module({
  providers: [OutboxPublisher, JobsRepository, LeasesRepository, ShopsRepository, PgJobTransitions],
  exports: [OutboxPublisher, JobsRepository, LeasesRepository, ShopsRepository, PgJobTransitions],
})
export class JobsModule {}
