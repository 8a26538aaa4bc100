import { Injectable, Logger } from '@nestjs/common';
import {
  JobEntity,
  jobKey,
  KafkaProducer,
  lifecycleOf,
  TOPICS,
  traceparent,
} from '@shopsync/shared';

// Status changes made by the gateway itself (a queued job cancelled) are announced like the
// worker's; the database stays the truth, so a failed publish is only logged.
@Injectable()
export class LifecycleNotifier {
  private readonly logger = new Logger(LifecycleNotifier.name);

  constructor(private readonly producer: KafkaProducer) {}

  async publish(job: JobEntity, at: Date): Promise<void> {
    await this.producer
      .send(TOPICS.syncLifecycle, [
        {
          key: jobKey(job),
          value: JSON.stringify(lifecycleOf(job, at)),
          headers: { traceparent: traceparent(job.traceId) },
        },
      ])
      .catch((error: unknown) =>
        this.logger.warn({
          msg: 'lifecycle event not published',
          jobId: job.id,
          error: String(error),
        }),
      );
  }
}
