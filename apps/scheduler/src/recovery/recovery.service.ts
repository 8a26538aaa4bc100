import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import {
  afterLostWorker,
  CLOCK,
  Clock,
  JobEntity,
  JobsRepository,
  LeasesRepository,
} from '@shopsync/shared';
import { Ticker } from '../common/ticker';
import { SCHEDULER_CONFIG, SchedulerConfig } from '../config/scheduler-env';

// Guarantee 4, no stuck jobs: re-queues failed attempts whose rerun delay has passed, and jobs
// whose worker died (lease expired) as their next attempt, or fails them when attempts are spent.
@Injectable()
export class RecoveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RecoveryService.name);
  private readonly retries: Ticker;
  private readonly reaper: Ticker;

  constructor(
    private readonly jobs: JobsRepository,
    private readonly leases: LeasesRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SCHEDULER_CONFIG) config: SchedulerConfig,
  ) {
    this.retries = new Ticker('retry-requeue', config.tickMs, () => this.requeueDueRetries());
    this.reaper = new Ticker('lease-reaper', config.reaperIntervalMs, () =>
      this.reapExpiredLeases(),
    );
  }

  onApplicationBootstrap(): void {
    this.retries.start();
    this.reaper.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.retries.stop(), this.reaper.stop()]);
  }

  async requeueDueRetries(): Promise<number> {
    const now = this.clock.now();
    let requeued = 0;
    for (const job of await this.jobs.dueRetries(now)) {
      const next: JobEntity = {
        ...job,
        status: 'queued',
        attempt: job.attempt + 1,
        nextAttemptAt: null,
        updatedAt: now,
      };
      const ok = await this.jobs.transaction(async (manager) => {
        // Compare-and-set: with several schedulers, one of them re-queues each attempt.
        const won = await this.jobs.update(
          job.id,
          { status: 'queued', attempt: next.attempt, nextAttemptAt: null, updatedAt: now },
          { status: ['retry-scheduled'] },
          manager,
        );
        if (!won) return false;
        await this.jobs.requestRuns(
          manager,
          [
            {
              job: { ...next, trigger: 'retry' },
              requeued: true,
              log: {
                message: `re-queued as attempt ${next.attempt} of ${job.maxAttempts} (trigger retry)`,
              },
            },
          ],
          now,
        );
        return true;
      });
      if (ok) requeued++;
    }
    return requeued;
  }

  async reapExpiredLeases(): Promise<number> {
    const now = this.clock.now();
    let recovered = 0;
    for (const lease of await this.leases.expired(now)) {
      const done = await this.jobs.transaction(async (manager) => {
        if (!(await this.leases.seizeExpired(lease.key, lease.token, now, manager))) return false;
        const job = lease.jobId ? await this.jobs.findById(lease.jobId, manager) : null;
        if (!job || job.status !== 'running' || job.fencingToken !== lease.token) return true;
        const reason = `worker ${job.workerId ?? '?'} stopped heartbeating (lease expired at ${lease.expiresAt?.toISOString()})`;
        const after = afterLostWorker(job);
        if (!after.next) {
          await this.jobs.update(
            job.id,
            {
              status: after.status,
              finishedAt: now,
              error: `${reason}; no attempts left`,
              errorCode: after.errorCode,
              fencingToken: null,
              workerId: null,
              updatedAt: now,
            },
            { status: ['running'], fencingToken: lease.token },
            manager,
          );
          await this.jobs.appendLog(
            job.id,
            job.attempt,
            'error',
            `failed: ${reason}; no attempts left`,
            undefined,
            manager,
          );
          return true;
        }
        const attempt = after.attempt;
        await this.jobs.update(
          job.id,
          { status: 'queued', attempt, fencingToken: null, workerId: null, updatedAt: now },
          { status: ['running'], fencingToken: lease.token },
          manager,
        );
        await this.jobs.requestRuns(
          manager,
          [
            {
              job: { ...job, status: 'queued', attempt, trigger: 'retry' },
              requeued: true,
              log: {
                level: 'warn',
                message: `recovered: ${reason}; re-queued as attempt ${attempt}`,
              },
            },
          ],
          now,
        );
        return true;
      });
      if (done) recovered++;
    }
    if (recovered) {
      this.logger.log({ msg: 'expired leases reaped', count: recovered });
    }
    return recovered;
  }
}
