import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JobEntity, type LeaseEntity, type ShopEntity } from '../database/entities';
import type { JobStatus, JsonObject, Task } from '../domain/tasks';
import { AcquireResult, Lease, LeasesRepository } from '../leases/leases.repository';
import { ShopsRepository } from '../shops/shops.repository';
import { JobsRepository } from './jobs.repository';
import { recordJobNotification } from '../notifications/notification-outbox';
import { jobKey } from './job-messages';
import { holdAfter, holdsKey } from './key-hold';
import { KeyOrder } from './key-order';
import { ERROR_CODES } from '../domain/errors';
import { timingState } from './job-timing';
import { afterLostWorker } from './lost-worker';
import { newJob, orderingOf } from './new-job';
import type { LogLevel } from './run-requests';

export interface ClaimResult {
  // The lease token when this run took the shop+category lease, null when another run holds it.
  token: number | null;
  // The job, now running under that token; null when it was not a queued job to start.
  job: JobEntity | null;
  // The job started had been parked (KeyOrder): the jobs parked behind it may be released.
  wasParked?: boolean;
  // The started job's shop, read with the claim where the store can (PostgreSQL): the run
  // then needs no read of its own.
  shop?: ShopEntity;
}

export interface OutcomeLine {
  attempt: number;
  level: LogLevel;
  message: string;
  data?: JsonObject;
}

export interface Finish {
  job: JobEntity;
  // The full write: status, finishedAt, updatedAt, workerId and what the outcome sets.
  patch: Partial<JobEntity>;
  // The fencing token the job must still carry (null: whatever it carries).
  token: number | null;
  lease: Lease;
  line: OutcomeLine;
  // Follow-up jobs asked for by a successful run, queued with the outcome.
  chained?: Array<{ task: Task; params?: JsonObject }>;
}

// The job lifecycle's one owner: every transition of a job and its shop+category lease is a
// named operation here, written under the lease's fencing token so that a run that lost its
// lease changes nothing. The portable store runs each as plain statements (SQLite, and
// PostgreSQL's uncommon cases); PgJobStore runs the two hot ones, claim and finish, as
// batched single statements.
@Injectable()
export class JobStore {
  constructor(
    @InjectDataSource() protected readonly ds: DataSource,
    protected readonly jobs: JobsRepository,
    protected readonly leases: LeasesRepository,
    private readonly shops: ShopsRepository,
    readonly order: KeyOrder,
  ) {}

  // Takes the key's lease when it is free (or expired) and, under it, starts the job when it is
  // queued, not cancelled and not held back by its key's order (KeyOrder), with its `started`
  // log line.
  async claim(
    job: { id: string; key: string },
    holder: string,
    now: Date,
    ttlMs: number,
  ): Promise<ClaimResult> {
    const taken = await this.tryLease(job.key, job.id, holder, now, ttlMs);
    if (!taken.acquired) return { token: null, job: null };
    const lease = taken.lease;
    const found = await this.jobs.findById(job.id);
    if (!found || found.status !== 'queued' || found.cancelRequested)
      return { token: lease.token, job: null };
    // Early (notBefore) or expired: the runner delays or ends it under the lease.
    if (timingState(found, now) !== 'due') return { token: lease.token, job: null };
    if (await this.order.blockerOf(found)) return { token: lease.token, job: null };
    const started = await this.start(found, lease, found.attempt, holder, now);
    return { token: lease.token, job: started, wasParked: found.parkedSeq !== null };
  }

  tryLease(
    key: string,
    jobId: string,
    holder: string,
    now: Date,
    ttlMs: number,
  ): Promise<AcquireResult> {
    return this.leases.tryAcquire(key, jobId, holder, now, ttlMs);
  }

  findById(id: string): Promise<JobEntity | null> {
    return this.jobs.findById(id);
  }

  // Starts the job as `attempt` under the lease, from the status and token it was read with;
  // null when it moved on meanwhile.
  async start(
    job: JobEntity,
    lease: Lease,
    attempt: number,
    holder: string,
    now: Date,
  ): Promise<JobEntity | null> {
    const patch = {
      status: 'running' as const,
      attempt,
      startedAt: now,
      finishedAt: null,
      workerId: holder,
      fencingToken: lease.token,
      error: null,
      errorCode: null,
      nextAttemptAt: null,
      parkedSeq: null,
      releasedAt: null,
      updatedAt: now,
    };
    const started = await this.jobs.update(job.id, patch, {
      status: [job.status],
      fencingToken: job.fencingToken ?? undefined,
    });
    if (!started) return null;
    await this.jobs.appendLog(job.id, attempt, 'info', 'started', {
      worker: holder,
      lease: lease.token,
    });
    return { ...job, ...patch };
  }

  // Renews the lease and reads whether the job was asked to stop.
  async heartbeat(
    lease: Lease,
    now: Date,
    ttlMs: number,
  ): Promise<'ok' | 'lease-lost' | 'cancelled'> {
    if (!(await this.leases.heartbeat(lease, now, ttlMs))) return 'lease-lost';
    const job = await this.jobs.findById(lease.jobId);
    return job?.cancelRequested ? 'cancelled' : 'ok';
  }

  // Only while running: a late buffered write must not undo the final figures.
  recordProgress(
    lease: Lease,
    processed: number,
    total: number | undefined,
    now: Date,
  ): Promise<boolean> {
    return this.jobs.update(
      lease.jobId,
      { progressProcessed: processed, progressTotal: total ?? null, updatedAt: now },
      { fencingToken: lease.token, status: ['running'] },
    );
  }

  appendLog(
    jobId: string,
    attempt: number,
    level: LogLevel,
    message: string,
    data?: JsonObject,
  ): Promise<void> {
    return this.jobs.appendLog(jobId, attempt, level, message, data);
  }

  // Records the outcome while the job's status and fencing token are still the expected ones,
  // with its log line and follow-ups, and releases the lease. False when refused.
  async finish(f: Finish, now: Date): Promise<boolean> {
    const chained = f.chained ?? [];
    // A follow-up takes its task's category from the shop, like any new job.
    const shop = chained.length ? await this.shops.findById(f.job.shopId) : null;
    const categories: Record<string, string> = shop?.categoryMap ?? {};
    const followUps = chained.map((c) =>
      followUpOf(f.job, c.task, c.params ?? null, categories[c.task] ?? f.job.category, now, {
        ordering: shop ? orderingOf(shop, c.task) : f.job.ordering,
      }),
    );
    const hold = holdAfter(f.job, f.patch.status);
    return this.jobs.transaction(async (manager) => {
      const ok = await this.jobs.update(
        f.job.id,
        f.patch,
        { fencingToken: f.token ?? undefined, status: [f.job.status] },
        manager,
      );
      if (!ok) return false;
      const { attempt, level, message, data } = f.line;
      await this.jobs.appendLog(f.job.id, attempt, level, message, data, manager);
      await recordJobNotification(manager, { ...f.job, ...f.patch } as JobEntity, now);
      await this.jobs.requestRuns(
        manager,
        followUps.map((job) => ({ job })),
        now,
      );
      await this.leases.release(f.lease, manager);
      if (hold === 'set') await this.leases.hold(f.lease.key, f.job.id, manager);
      if (hold === 'clear') await this.leases.unhold(f.lease.key, f.job.id, manager);
      return true;
    });
  }

  // The worker is shutting down: the job is queued again and its message, uncommitted, comes back.
  async handBack(job: JobEntity, lease: Lease, now: Date): Promise<void> {
    await this.jobs.update(
      job.id,
      { status: 'queued', workerId: null, updatedAt: now },
      { fencingToken: lease.token },
    );
    await this.jobs.appendLog(
      job.id,
      job.attempt,
      'warn',
      'handed back: the worker is shutting down',
    );
  }

  // A job that has not started (queued, delayed, or waiting for its rerun delay) is finished
  // cancelled without running, from the status it was read with; null when it moved on meanwhile.
  cancelWaiting(
    job: JobEntity,
    reason: string,
    errorCode: string,
    now: Date,
  ): Promise<JobEntity | null> {
    return this.endUnstarted(
      job,
      { status: 'cancelled', cancelRequested: true },
      reason,
      errorCode,
      now,
    );
  }

  // A job still not started at its expiresAt ends `expired`, from the status it was read with
  // (queued or delayed, never started); null when it started or moved on meanwhile.
  expire(job: JobEntity, now: Date): Promise<JobEntity | null> {
    if (job.startedAt || !job.expiresAt) return Promise.resolve(null);
    const reason = `expired: not started by its expiresAt ${job.expiresAt.toISOString()}`;
    return this.endUnstarted(job, { status: 'expired' }, reason, ERROR_CODES.expired, now, true);
  }

  private async endUnstarted(
    job: JobEntity,
    end: { status: JobStatus; cancelRequested?: boolean },
    reason: string,
    errorCode: string,
    now: Date,
    unstarted = false,
  ): Promise<JobEntity | null> {
    const patch = {
      ...end,
      finishedAt: now,
      nextAttemptAt: null,
      parkedSeq: null,
      releasedAt: null,
      updatedAt: now,
      error: reason,
      errorCode,
    };
    if (!(await this.jobs.update(job.id, patch, { status: [job.status], unstarted }))) return null;
    await this.jobs.appendLog(job.id, job.attempt, 'info', reason);
    // A strict job that held its key lets the jobs parked behind it go.
    if (holdsKey(job)) await this.order.release(job.shopId, job.category, now);
    return { ...job, ...patch };
  }

  // A queued job whose notBefore has not come waits `delayed` (its message is done, so the
  // other keys and the later jobs of a lenient key go on); the scheduler queues it again when
  // it is due. A strict one keeps its place: it holds its key, so the later jobs park behind it.
  async delay(job: JobEntity, lease: Lease, now: Date): Promise<JobEntity | null> {
    const patch = {
      status: 'delayed' as const,
      workerId: null,
      parkedSeq: null,
      releasedAt: null,
      updatedAt: now,
    };
    const notBefore = job.notBefore?.toISOString() ?? '?';
    return this.jobs.transaction(async (manager) => {
      if (!(await this.jobs.update(job.id, patch, { status: ['queued'] }, manager))) return null;
      const line = `delayed: not before ${notBefore}`;
      const data = {
        notBefore,
        ...(job.expiresAt ? { expiresAt: job.expiresAt.toISOString() } : {}),
      };
      await this.jobs.appendLog(job.id, job.attempt, 'info', line, data, manager);
      if (job.ordering === 'strict') await this.leases.hold(lease.key, job.id, manager);
      return { ...job, ...patch };
    });
  }

  // A running job is asked to stop: its worker reads the request at its next heartbeat.
  async requestCancel(job: JobEntity, now: Date): Promise<JobEntity | null> {
    const patch = { cancelRequested: true, updatedAt: now };
    if (!(await this.jobs.update(job.id, patch, { status: ['running'] }))) return null;
    await this.jobs.appendLog(job.id, job.attempt, 'info', 'cancellation requested');
    return { ...job, ...patch };
  }

  async release(lease: Lease): Promise<void> {
    await this.leases.release(lease);
  }

  // An operator saw a failure (`who`: the API key's name). Once: again answers the job as it
  // is. A strict failure stops holding its key, so the jobs parked behind it run, in order.
  async acknowledge(job: JobEntity, who: string, now: Date): Promise<JobEntity | null> {
    if (job.acknowledgedAt) return job;
    const patch = { acknowledgedAt: now, acknowledgedBy: who, updatedAt: now };
    const won = await this.ds
      .createQueryBuilder()
      .update(JobEntity)
      .set(patch)
      .where('id = :id AND status = :failed AND "acknowledgedAt" IS NULL', {
        id: job.id,
        failed: 'failed',
      })
      .execute();
    if (!won.affected) return null;
    await this.jobs.appendLog(job.id, job.attempt, 'info', `failure acknowledged by ${who}`, {
      acknowledgedBy: who,
    });
    if (job.ordering === 'strict') await this.order.release(job.shopId, job.category, now);
    return { ...job, ...patch };
  }

  // The retry of a failed or cancelled job, requested. A strict failure that holds its key hands
  // the hold to its retry in the same transaction (and counts as acknowledged by `who`), so the
  // retry runs first and the jobs parked behind the failure after it, in their order.
  async requestRetry(previous: JobEntity, retry: JobEntity, who: string, now: Date) {
    const log = { message: `requested (retry of ${previous.id})`, data: { task: retry.task } };
    await this.jobs.transaction(async (manager) => {
      await this.jobs.requestRuns(manager, [{ job: retry, log }], now);
      await this.handHoldToRetry(previous, retry, who, now, manager);
    });
  }

  // In the transaction that requests `retry`: when `previous` is a strict failure holding its
  // key, the hold passes to the retry and the failure counts as acknowledged by `who`.
  async handHoldToRetry(
    previous: JobEntity,
    retry: JobEntity,
    who: string,
    now: Date,
    manager: EntityManager,
  ): Promise<void> {
    if (!holdsKey(previous) || jobKey(previous) !== jobKey(retry)) return;
    await this.leases.passHold(jobKey(previous), previous.id, retry.id, manager);
    await this.jobs.update(
      previous.id,
      { acknowledgedAt: now, acknowledgedBy: who, updatedAt: now },
      { status: ['failed'] },
      manager,
    );
    const line = `retried as job ${retry.id} by ${who}; the retry holds the shop+category`;
    await this.jobs.appendLog(previous.id, previous.attempt, 'info', line, undefined, manager);
  }

  dueRetries(now: Date): Promise<JobEntity[]> {
    return this.jobs.dueRetries(now);
  }

  dueDelayed(now: Date): Promise<JobEntity[]> {
    return this.jobs.dueDelayed(now);
  }

  expiredUnstarted(now: Date): Promise<JobEntity[]> {
    return this.jobs.expiredUnstarted(now);
  }

  // A delayed job whose notBefore has come is queued again and its run requested (compare-and-
  // set: with several schedulers, one of them re-queues it). A strict one still holds its key.
  requeueDelayed(job: JobEntity, now: Date): Promise<boolean> {
    return this.jobs.transaction(async (manager) => {
      const won = await this.jobs.update(
        job.id,
        { status: 'queued', updatedAt: now },
        { status: ['delayed'] },
        manager,
      );
      if (!won) return false;
      const message = `due: not before ${job.notBefore?.toISOString() ?? '?'} has come; queued`;
      const queued = { ...job, status: 'queued' as const, updatedAt: now };
      await this.jobs.requestRuns(
        manager,
        [{ job: queued, requeued: true, log: { message } }],
        now,
      );
      return true;
    });
  }

  expiredLeases(now: Date): Promise<LeaseEntity[]> {
    return this.leases.expired(now);
  }

  // A retry whose delay has passed is queued again as its next attempt (compare-and-set: with
  // several schedulers, one of them re-queues each attempt).
  requeueRetry(job: JobEntity, now: Date): Promise<boolean> {
    const attempt = job.attempt + 1;
    return this.jobs.transaction(async (manager) => {
      const won = await this.jobs.update(
        job.id,
        { status: 'queued', attempt, nextAttemptAt: null, updatedAt: now },
        { status: ['retry-scheduled'] },
        manager,
      );
      if (!won) return false;
      const message = `re-queued as attempt ${attempt} of ${job.maxAttempts} (trigger retry)`;
      const requeued = { ...job, status: 'queued' as const, attempt, nextAttemptAt: null };
      await this.jobs.requestRuns(
        manager,
        [
          {
            job: { ...requeued, updatedAt: now, trigger: 'retry' },
            requeued: true,
            log: { message },
          },
        ],
        now,
      );
      return true;
    });
  }

  // Takes an expired lease over (bumping its token, so a late heartbeat of a worker that was only
  // slow fails) and applies the lost-worker rule to the job it held. False when another reaper
  // or the worker itself got there first.
  reapExpired(lease: LeaseEntity, now: Date): Promise<boolean> {
    return this.jobs.transaction(async (manager) => {
      if (!(await this.leases.seizeExpired(lease.key, lease.token, now, manager))) return false;
      const job = lease.jobId ? await this.jobs.findById(lease.jobId, manager) : null;
      if (!job || job.status !== 'running' || job.fencingToken !== lease.token) return true;
      const reason = `worker ${job.workerId ?? '?'} stopped heartbeating (lease expired at ${lease.expiresAt?.toISOString()})`;
      const expect = { status: ['running' as JobStatus], fencingToken: lease.token };
      const after = afterLostWorker(job);
      // A strict job keeps its key whether it is re-queued or failed.
      if (job.ordering === 'strict') await this.leases.hold(lease.key, job.id, manager);
      if (!after.next) {
        const error = `${reason}; no attempts left`;
        const failed = {
          status: after.status,
          finishedAt: now,
          error,
          errorCode: after.errorCode,
          fencingToken: null,
          workerId: null,
          updatedAt: now,
        };
        await this.jobs.update(job.id, failed, expect, manager);
        await recordJobNotification(manager, { ...job, ...failed }, now);
        await this.jobs.appendLog(
          job.id,
          job.attempt,
          'error',
          `failed: ${error}`,
          undefined,
          manager,
        );
        return true;
      }
      const attempt = after.attempt;
      await this.jobs.update(
        job.id,
        { status: 'queued', attempt, fencingToken: null, workerId: null, updatedAt: now },
        expect,
        manager,
      );
      const message = `recovered: ${reason}; re-queued as attempt ${attempt}`;
      await this.jobs.requestRuns(
        manager,
        [
          {
            job: { ...job, status: 'queued', attempt, trigger: 'retry' },
            requeued: true,
            log: { level: 'warn', message },
          },
        ],
        now,
      );
      return true;
    });
  }
}

// A follow-up job of a successful run: same shop and retry settings, linked to its parent.
export function followUpOf(
  parent: JobEntity,
  task: Task,
  params: JsonObject | null,
  category: string,
  now: Date,
  extra: { ordering?: JobEntity['ordering'] } = {},
): JobEntity {
  return newJob({
    shopId: parent.shopId,
    task,
    category,
    trigger: 'chained',
    now,
    params,
    maxAttempts: parent.maxAttempts,
    rerunDelaySeconds: parent.rerunDelaySeconds,
    retryBackoff: parent.retryBackoff,
    parentJobId: parent.id,
    ordering: extra.ordering,
  });
}
