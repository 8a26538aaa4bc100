import { Module } from '@nestjs/common';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { LeasesRepository } from '../leases/leases.repository';
import { JobsRepository } from './jobs.repository';

// Needs DatabaseModule and KafkaModule (both global) in the importing app.
@Module({
  providers: [OutboxPublisher, JobsRepository, LeasesRepository],
  exports: [OutboxPublisher, JobsRepository, LeasesRepository],
})
export class JobsModule {}
