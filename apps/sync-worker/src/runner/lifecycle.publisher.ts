import { Injectable, Logger } from '@nestjs/common';
import { WorkerMetrics } from '../metrics/worker-metrics.service';
import {
  JobEntity,
  jobKey,
  KafkaProducer,
  lifecycleOf,
  TOPICS,
  traceparent,
} from '@shopsync/shared';

// Lifecycle events are notifications: the database holds the truth, so a failed publish is
// logged and does not fail the job.
@Injectable()
export class LifecyclePublisher {
  private readonly logger = new Logger(LifecyclePublisher.name);

  constructor(
    private readonly producer: KafkaProducer,
    private readonly metrics: WorkerMetrics,
  ) {}

  async publish(job: JobEntity, at: Date): Promise<void> {
    this.metrics.observe(job, at);
    try {
      await this.producer.send(TOPICS.syncLifecycle, [
        {
          key: jobKey(job),
          value: JSON.stringify(lifecycleOf(job, at)),
          headers: { traceparent: traceparent(job.traceId) },
        },
      ]);
    } catch (error) {
      this.logger.warn({
        msg: 'lifecycle event not published',
        jobId: job.id,
        status: job.status,
        error: String(error),
      });
    }
  }
}
