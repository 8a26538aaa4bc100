import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobStore,
  JobLogEntity,
  JobNotFound,
  JobScope,
  JobsRepository,
  JobStats,
  JobTrigger,
  JobViewStatus,
  ShopsRepository,
  ValidationFailed,
} from '@shopsync/shared';
import { LifecycleNotifier } from '../lifecycle/lifecycle-notifier.service';
import { SyncRequestsService } from '../syncs/sync-requests.service';
import { timeRange } from '../common/time-range';
import {
  JobScopeQuery,
  JobStatsQuery,
  ListJobsQuery,
  STATS_DEFAULT_WINDOW_MS,
  STATS_MAX_BUCKETS,
} from './dto/list-jobs.query';

@Injectable()
export class JobsService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly store: JobStore,
    private readonly shops: ShopsRepository,
    private readonly requests: SyncRequestsService,
    private readonly notifier: LifecycleNotifier,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<JobEntity> {
    const job = await this.jobs.findById(id);
    if (!job) throw new JobNotFound(id);
    return job;
  }

  // The job with the one holding it back, when it is waiting.
  async view(id: string): Promise<{ job: JobEntity; waitingFor: string | null }> {
    const job = await this.get(id);
    return { job, waitingFor: (await this.store.order.waitingFor([job])).get(job.id) ?? null };
  }

  // `allowedShops`: the codes a limited key may see (null: every shop).
  async list(
    query: ListJobsQuery,
    allowedShops: string[] | null = null,
  ): Promise<{
    items: JobEntity[];
    waitingFor: Map<string, string>;
    total: number;
    limit: number;
    offset: number;
  }> {
    const limit = query.limit ?? 50;
    const offset = query.offset ?? 0;
    const scope = await this.scope(query, allowedShops);
    if (!scope) return { items: [], waitingFor: new Map(), total: 0, limit, offset };
    const status = query.status ? (query.status.split(',') as JobViewStatus[]) : undefined;
    const page = await this.jobs.list({ ...scope, status, q: query.q, limit, offset });
    const waitingFor = await this.store.order.waitingFor(page.items);
    return { ...page, waitingFor, limit, offset };
  }

  // Counts by status of the jobs requested in [since, until) (default: the last 24 hours), and
  // how many of the scope's jobs finished (and failed) in each bucket of that window.
  async stats(
    query: JobStatsQuery,
    allowedShops: string[] | null = null,
  ): Promise<JobStats & { since: Date; until: Date; bucketSeconds: number }> {
    const bucketSeconds = query.bucket ?? 3600;
    const range = timeRange(query.since, query.until);
    const until = range.until ?? this.clock.now();
    const since = range.since ?? new Date(until.getTime() - STATS_DEFAULT_WINDOW_MS);
    if (since >= until)
      throw new ValidationFailed([{ field: 'since', message: 'must be before until' }]);
    const count = Math.ceil((until.getTime() - since.getTime()) / (bucketSeconds * 1000));
    if (count > STATS_MAX_BUCKETS)
      throw new ValidationFailed([
        {
          field: 'bucket',
          message: `makes ${count} buckets from since to until; at most ${STATS_MAX_BUCKETS} (a wider bucket or a shorter range)`,
        },
      ]);
    const scope = (await this.scope(query, allowedShops)) ?? { shopIds: [] };
    const stats = await this.jobs.stats({ ...scope, since, until }, bucketSeconds);
    return { ...stats, since, until, bucketSeconds };
  }

  // The repository's scope of a query; null when a key limited to shops has none of them.
  private async scope(
    query: JobScopeQuery,
    allowedShops: string[] | null,
  ): Promise<JobScope | null> {
    const shopId = query.shop ? (await this.shops.getByCode(query.shop)).id : undefined;
    const shopIds =
      shopId || !allowedShops
        ? undefined
        : (await this.shops.findByCodes(allowedShops)).map((s) => s.id);
    if (shopIds && !shopIds.length) return null;
    return {
      shopId,
      shopIds,
      task: query.task,
      trigger: query.trigger ? (query.trigger.split(',') as JobTrigger[]) : undefined,
      ...timeRange(query.since, query.until),
    };
  }

  async logs(id: string, afterId: number): Promise<JobLogEntity[]> {
    await this.get(id);
    return this.jobs.logs(id, afterId);
  }

  // Queued, delayed or waiting for a retry: cancelled at once. Running: the worker is asked to stop between
  // batches (it sees the request at its next heartbeat) and ends the job `cancelled`.
  async cancel(id: string): Promise<{ job: JobEntity; immediate: boolean }> {
    for (let round = 0; round < 3; round++) {
      const job = await this.get(id);
      const now = this.clock.now();
      if (job.status === 'queued' || job.status === 'delayed' || job.status === 'retry-scheduled') {
        const cancelled = await this.store.cancelWaiting(
          job,
          'cancelled by request',
          ERROR_CODES.cancelled,
          now,
        );
        if (!cancelled) continue;
        await this.notifier.publish(cancelled, now);
        return { job: cancelled, immediate: true };
      }
      if (job.status === 'running') {
        const requested = await this.store.requestCancel(job, now);
        if (!requested) continue;
        return { job: requested, immediate: false };
      }
      throw new DomainError(ERROR_CODES.jobConflict, `job ${id} is already ${job.status}`);
    }
    throw new DomainError(
      ERROR_CODES.jobConflict,
      `job ${id} changed while it was being cancelled; try again`,
    );
  }

  async retry(id: string, who: string): Promise<JobEntity> {
    const job = await this.get(id);
    if (job.status !== 'failed' && job.status !== 'cancelled' && job.status !== 'expired') {
      throw new DomainError(
        ERROR_CODES.jobConflict,
        `only a failed, cancelled or expired job can be retried; job ${id} is ${job.status}`,
      );
    }
    const retry = await this.requests.retryOf(job);
    await this.store.requestRetry(job, retry, who, this.clock.now());
    return retry;
  }

  // Audited (who, when) on the job; a strict failure then lets its key go.
  async acknowledge(id: string, who: string): Promise<JobEntity> {
    const job = await this.get(id);
    if (job.status !== 'failed')
      throw new DomainError(
        ERROR_CODES.jobConflict,
        `only a failed job can be acknowledged; job ${id} is ${job.status}`,
      );
    return (await this.store.acknowledge(job, who, this.clock.now())) ?? this.get(id);
  }
}
