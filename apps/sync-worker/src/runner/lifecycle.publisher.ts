import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import {
  JobEntity,
  KafkaProducer,
  lifecycleMessageOf,
  OutgoingMessage,
  TOPICS,
} from '@shopsync/shared';
import { WorkerMetrics } from '../metrics/worker-metrics.service';

const LINGER_MS = 5;
const MAX_BATCH = 500;

// Lifecycle events are notifications: the database holds the truth, so a job never waits for
// one. Events are gathered for a few milliseconds and sent in batches, in the order they were
// raised (so a key's events keep their order); a failed send is logged, not retried forever.
@Injectable()
export class LifecyclePublisher implements OnApplicationShutdown {
  private readonly logger = new Logger(LifecyclePublisher.name);
  private buffer: OutgoingMessage[] = [];
  private timer?: NodeJS.Timeout;
  private sending: Promise<void> = Promise.resolve();

  constructor(
    private readonly producer: KafkaProducer,
    private readonly metrics: WorkerMetrics,
  ) {}

  // `waitingFor`: the job is announced `waiting` behind that one (nothing for the metrics).
  async publish(job: JobEntity, at: Date, waitingFor?: string): Promise<void> {
    if (!waitingFor) this.metrics.observe(job, at);
    this.buffer.push(lifecycleMessageOf(job, at, waitingFor));
    if (this.buffer.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), LINGER_MS);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (!batch.length) return this.sending;
    this.sending = this.sending.then(async () => {
      try {
        await this.producer.send(TOPICS.syncLifecycle, batch);
      } catch (error) {
        this.logger.warn({
          msg: 'lifecycle events not published',
          count: batch.length,
          error: String(error),
        });
      }
    });
    return this.sending;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.flush();
  }
}
