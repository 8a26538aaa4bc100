import { Injectable, Logger } from '@nestjs/common';
import { JobEntity, KafkaProducer, lifecycleMessageOf, TOPICS } from '@shopsync/shared';

// Status changes made by the gateway itself (a queued job cancelled) are announced like the
// worker's; the database stays the truth, so a failed publish is only logged.
@Injectable()
export class LifecycleNotifier {
  private readonly logger = new Logger(LifecycleNotifier.name);

  constructor(private readonly producer: KafkaProducer) {}

  async publish(job: JobEntity, at: Date): Promise<void> {
    await this.producer
      .send(TOPICS.syncLifecycle, [lifecycleMessageOf(job, at)])
      .catch((error: unknown) =>
        this.logger.warn({
          msg: 'lifecycle event not published',
          jobId: job.id,
          error: String(error),
        }),
      );
  }
}
