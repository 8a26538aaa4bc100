import { Inject, Injectable } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  ERROR_CODES,
  JobEntity,
  JobsRepository,
  JobStore,
  RunRequest,
  ShopEntity,
  ShopsRepository,
  ValidationFailed,
} from '@shopsync/shared';
import type { Principal } from '../auth/api-keys';
import { LifecycleNotifier } from '../lifecycle/lifecycle-notifier.service';
import { SyncRequestsService } from '../syncs/sync-requests.service';
import { timeRange } from '../common/time-range';
import { AuditLog } from './audit-log.service';
import { BulkJobsRepository, BulkSelection } from './bulk-jobs.repository';
import { BulkJobsFilterDto, BulkResult } from './dto/bulk-jobs.dto';

const DEFAULT_LIMIT = 100;

// Operators' bulk operations on jobs: retry the open failures matching a filter, cancel the
// queued jobs of a shop, acknowledge failures. Each acts on at most `limit` jobs (oldest first),
// says how many matched, and is written to the audit with the key, the filter and the counts.
@Injectable()
export class BulkJobsService {
  constructor(
    private readonly bulk: BulkJobsRepository,
    private readonly jobs: JobsRepository,
    private readonly store: JobStore,
    private readonly shops: ShopsRepository,
    private readonly requests: SyncRequestsService,
    private readonly notifier: LifecycleNotifier,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Each open failure becomes acknowledged and gets a new job (trigger retry), all in one
  // transaction with the audit row; a failure another call retried meanwhile is left out.
  async retryFailed(
    filter: BulkJobsFilterDto,
    principal: Principal | undefined,
    allowed: string[] | null,
  ): Promise<BulkResult> {
    const { selection, limit, shops } = await this.selection(filter, allowed, 'finishedAt');
    const { jobs, matched } = await this.bulk.matching(
      { ...selection, statuses: ['failed'], open: true },
      limit,
    );
    const shopById = await this.shopsOf(
      jobs.map((j) => j.shopId),
      shops,
    );
    const now = this.clock.now();
    return this.jobs.transaction(async (manager) => {
      const runs: RunRequest[] = [];
      const retries: Array<{ failedJobId: string; jobId: string }> = [];
      const acted: JobEntity[] = [];
      for (const job of jobs) {
        if (!(await this.bulk.acknowledge(manager, job.id, keyName(principal), now))) continue;
        const run = this.requests.retryRun(job, shopById.get(job.shopId)!, now);
        runs.push(run);
        acted.push(job);
        retries.push({ failedJobId: job.id, jobId: run.job.id });
      }
      await this.jobs.requestRuns(manager, runs, now);
      // A strict failure holding its key hands the hold to its retry, as a single retry does.
      for (const [i, job] of acted.entries())
        await this.store.handHoldToRetry(job, runs[i].job, keyName(principal), now, manager);
      const counts = { matched, affected: runs.length, truncated: matched > limit };
      const auditId = await this.audit.record(
        principal,
        'jobs.retry-failed',
        auditFilter(filter, limit),
        counts,
        manager,
      );
      return {
        action: 'jobs.retry-failed',
        ...counts,
        limit,
        jobIds: retries.map((r) => r.failedJobId),
        retries,
        auditId,
      };
    });
  }

  // Queued and delayed jobs and jobs waiting for a retry of one shop are cancelled at once (as a single
  // cancel does); one that started meanwhile is left alone.
  async cancelQueued(
    filter: BulkJobsFilterDto,
    principal: Principal | undefined,
    allowed: string[] | null,
  ): Promise<BulkResult> {
    if (!filter.shop)
      throw new ValidationFailed([
        { field: 'shop', message: 'is required: a cancel acts on one shop' },
      ]);
    const { selection, limit } = await this.selection(filter, allowed, 'requestedAt');
    const { jobs, matched } = await this.bulk.matching(
      { ...selection, statuses: ['queued', 'delayed', 'retry-scheduled'] },
      limit,
    );
    const cancelled: string[] = [];
    for (const job of jobs) {
      const now = this.clock.now();
      const reason = `cancelled by ${keyName(principal)} (bulk cancel)`;
      const done = await this.store.cancelWaiting(job, reason, ERROR_CODES.cancelled, now);
      if (!done) continue;
      cancelled.push(job.id);
      await this.notifier.publish(done, now);
    }
    const counts = { matched, affected: cancelled.length, truncated: matched > limit };
    const auditId = await this.audit.record(
      principal,
      'jobs.cancel-queued',
      auditFilter(filter, limit),
      counts,
    );
    return { action: 'jobs.cancel-queued', ...counts, limit, jobIds: cancelled, auditId };
  }

  async acknowledgeFailed(
    filter: BulkJobsFilterDto,
    principal: Principal | undefined,
    allowed: string[] | null,
  ): Promise<BulkResult> {
    const { selection, limit } = await this.selection(filter, allowed, 'finishedAt');
    const { jobs, matched } = await this.bulk.matching(
      { ...selection, statuses: ['failed'], open: true },
      limit,
    );
    const now = this.clock.now();
    const result = await this.jobs.transaction(async (manager) => {
      const acknowledged: JobEntity[] = [];
      for (const job of jobs)
        if (await this.bulk.acknowledge(manager, job.id, keyName(principal), now))
          acknowledged.push(job);
      const counts = { matched, affected: acknowledged.length, truncated: matched > limit };
      const auditId = await this.audit.record(
        principal,
        'jobs.acknowledge-failed',
        auditFilter(filter, limit),
        counts,
        manager,
      );
      return { ...counts, acknowledged, auditId };
    });
    // An acknowledged strict failure no longer holds its key: the jobs parked behind it go on
    // now (the scheduler's sweep would release them too).
    const keys = new Map(
      result.acknowledged
        .filter((j) => j.ordering === 'strict')
        .map((j) => [`${j.shopId}\u0000${j.category}`, j] as const),
    );
    for (const job of keys.values()) await this.store.order.release(job.shopId, job.category, now);
    const { acknowledged, ...counts } = result;
    return {
      action: 'jobs.acknowledge-failed',
      ...counts,
      limit,
      jobIds: acknowledged.map((j) => j.id),
    };
  }

  private async selection(
    filter: BulkJobsFilterDto,
    allowed: string[] | null,
    time: BulkSelection['time'],
  ): Promise<{ selection: Omit<BulkSelection, 'statuses'>; limit: number; shops: ShopEntity[] }> {
    const { since, until } = timeRange(filter.since, filter.until);
    // A key limited to shops acts on its shops only (the guard has checked a named one).
    const shops = filter.shop
      ? [await this.shops.getByCode(filter.shop)]
      : allowed
        ? await this.shops.findByCodes(allowed)
        : [];
    const shopIds = filter.shop || allowed ? shops.map((s) => s.id) : undefined;
    return {
      selection: { shopIds: shopIds ?? undefined, task: filter.task, since, until, time },
      limit: filter.limit ?? DEFAULT_LIMIT,
      shops,
    };
  }

  private async shopsOf(ids: string[], known: ShopEntity[]): Promise<Map<string, ShopEntity>> {
    const byId = new Map(known.map((s) => [s.id, s]));
    for (const id of new Set(ids)) if (!byId.has(id)) byId.set(id, await this.shops.getById(id));
    return byId;
  }
}

function keyName(principal: Principal | undefined): string {
  return principal?.name ?? 'unknown';
}

function auditFilter(filter: BulkJobsFilterDto, limit: number): Record<string, unknown> {
  const { shop, task, since, until } = filter;
  return Object.fromEntries(
    Object.entries({ shop, task, since, until, limit }).filter(([, v]) => v !== undefined),
  );
}
