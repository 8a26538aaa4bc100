import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  CLOCK,
  Clock,
  JobEntity,
  JobStore,
  KafkaProducer,
  lifecycleMessageOf,
  TOPICS,
} from '@shopsync/shared';
import { Ticker } from '../common/ticker';
import { SCHEDULER_CONFIG, SchedulerConfig } from '../config/scheduler-env';

// Guarantee 4, no stuck jobs: re-queues failed attempts whose rerun delay has passed, and jobs
// whose worker died (lease expired) as their next attempt, or fails them when attempts are spent;
// and releases parked jobs (strict ordering) that nothing holds back any more, whatever left
// them parked (a crash between a hold's end and its release, a hold whose job was removed).
// Delayed jobs (notBefore) are queued again when they come due, and jobs still not started at
// their expiresAt end `expired` (job-timing.ts).
@Injectable()
export class RecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecoveryService.name);
  private readonly retries: Ticker;
  private readonly reaper: Ticker;
  private readonly parked: Ticker;
  private readonly delayed: Ticker;

  constructor(
    private readonly store: JobStore,
    private readonly producer: KafkaProducer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER_CONFIG) config: SchedulerConfig,
  ) {
    this.retries = new Ticker('retry-requeue', config.tickMs, () => this.requeueDueRetries());
    this.reaper = new Ticker('lease-reaper', config.reaperIntervalMs, () =>
      this.reapExpiredLeases(),
    );
    this.parked = new Ticker('parked-release', config.reaperIntervalMs, () => this.releaseParked());
    this.delayed = new Ticker('delayed-requeue', config.tickMs, () => this.settleTiming());
  }

  onApplicationBootstrap(): void {
    this.retries.start();
    this.reaper.start();
    this.parked.start();
    this.delayed.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([
      this.retries.stop(),
      this.reaper.stop(),
      this.parked.stop(),
      this.delayed.stop(),
    ]);
  }

  async requeueDueRetries(): Promise<number> {
    const now = this.clock.now();
    let requeued = 0;
    for (const job of await this.store.dueRetries(now))
      if (await this.store.requeueRetry(job, now)) requeued++;
    return requeued;
  }

  // Expiry first: a job due and expired at once ends expired (it could not start in time).
  async settleTiming(): Promise<{ expired: number; requeued: number }> {
    const now = this.clock.now();
    let expired = 0;
    let requeued = 0;
    for (const job of await this.store.expiredUnstarted(now)) {
      const ended = await this.store.expire(job, now);
      if (!ended) continue;
      expired++;
      await this.announce(ended, now);
    }
    for (const job of await this.store.dueDelayed(now))
      if (await this.store.requeueDelayed(job, now)) requeued++;
    if (expired) this.logger.log({ msg: 'unstarted jobs expired', count: expired });
    return { expired, requeued };
  }

  // Waiters and the job stream learn of the expiry like of any end; best effort (the database
  // is the truth).
  private async announce(job: JobEntity, at: Date): Promise<void> {
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

  async reapExpiredLeases(): Promise<number> {
    const now = this.clock.now();
    let recovered = 0;
    for (const lease of await this.store.expiredLeases(now))
      if (await this.store.reapExpired(lease, now)) recovered++;
    if (recovered) this.logger.log({ msg: 'expired leases reaped', count: recovered });
    return recovered;
  }

  async releaseParked(): Promise<number> {
    const now = this.clock.now();
    let released = 0;
    for (const { shopId, category } of await this.store.order.strandedKeys())
      released += await this.store.order.release(shopId, category, now);
    if (released) this.logger.log({ msg: 'parked jobs released', count: released });
    return released;
  }
}
