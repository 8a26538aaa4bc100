import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  afterLostWorker,
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  HandBack,
  holdAfter,
  inSpan,
  isTerminal,
  JobEntity,
  jobTimeout,
  jobKey,
  JobStore,
  JsonObject,
  Lease,
  partitionKey,
  ShopEntity,
  shopSettings,
  sleep,
  SyncRequestedV1,
  Task,
  timingState,
} from '@shopsync/shared';
import { WORKER_CONFIG, WorkerConfig } from '../config/worker-env';
import { conclude, finishedPatch, outcomeLogLine, RunOutcome } from './conclude';
import { LifecyclePublisher } from './lifecycle.publisher';
import { retryWhileDatabaseIsDown } from './retry-while-database-is-down';
import { RunStops } from './run-stops';
import { TaskExecution } from './task-execution';

// Runs one requested job: drops redeliveries, takes (or waits for) the shop+category lease,
// parks the job when its key's order holds it back (KeyOrder: a strict job holds the key),
// runs the task's handler while heartbeating the lease, and records the outcome under the
// fencing token. What the outcome is, is conclude()'s; how it is written, the JobStore's.
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  // Leases already released together with the job's outcome (saves a round trip).
  private readonly released = new WeakSet<Lease>();

  constructor(
    private readonly store: JobStore,
    private readonly tasks: TaskExecution,
    private readonly lifecycle: LifecyclePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(msg: SyncRequestedV1, shutdown: AbortSignal): Promise<void> {
    // Most often the lease is free and the job queued: one claim takes the one and starts the
    // other. With the lease but a job that was not simply queued (a recovery, a cancel, a
    // redelivery), the general rules decide under it.
    const key = partitionKey(msg.shopId, msg.category);
    const claimed = await this.store.claim(
      { id: msg.jobId, key },
      this.config.workerId,
      this.clock.now(),
      this.config.leaseTtlMs,
    );
    if (claimed.token !== null) {
      const lease: Lease = { key, token: claimed.token, jobId: msg.jobId };
      await this.underLease(lease, async () => {
        if (claimed.job) {
          if (claimed.shop) this.tasks.prime(claimed.job, claimed.shop);
          if (claimed.wasParked) await this.releaseKey(claimed.job);
          return this.runStarted(claimed.job, lease, shutdown);
        }
        const job = await this.runnable(msg.jobId);
        if (job) await this.execute(job, lease, shutdown);
      });
      return;
    }
    const first = await this.runnable(msg.jobId);
    if (!first) return;
    const { lease, waited } = await this.acquire(first, shutdown);
    await this.underLease(lease, async () => {
      // After a wait the job may have moved on; without one, the conditional writes below
      // catch any change, so the second read is saved.
      const job = waited ? await this.store.findById(msg.jobId) : first;
      if (job && !isStale(job)) await this.execute(job, lease, shutdown);
    });
  }

  private async underLease(lease: Lease, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } finally {
      if (!this.released.has(lease)) await this.store.release(lease).catch(() => undefined);
    }
  }

  // The job this message asks to run, or null when there is nothing to run: a stale
  // redelivery, or a queued job cancelled before it started (finished here).
  private async runnable(jobId: string): Promise<JobEntity | null> {
    const job = await this.store.findById(jobId);
    if (!job) throw new DomainError(ERROR_CODES.jobNotFound, `job ${jobId} does not exist`);
    if (isStale(job)) return null;
    if (job.cancelRequested && job.status === 'queued') {
      const now = this.clock.now();
      const reason = 'cancelled before it started';
      if (await this.store.cancelWaiting(job, reason, ERROR_CODES.cancelled, now))
        await this.lifecycle.publish({ ...job, status: 'cancelled', finishedAt: now }, now);
      return null;
    }
    if (job.status === 'queued' && timingState(job, this.clock.now()) === 'expired') {
      const now = this.clock.now();
      const expired = await this.store.expire(job, now);
      if (expired) await this.lifecycle.publish(expired, now);
      return null;
    }
    return job;
  }

  private async acquire(
    job: JobEntity,
    shutdown: AbortSignal,
  ): Promise<{ lease: Lease; waited: boolean }> {
    const key = jobKey(job);
    let waitingLogged = false;
    for (;;) {
      const result = await this.store.tryLease(
        key,
        job.id,
        this.config.workerId,
        this.clock.now(),
        this.config.leaseTtlMs,
      );
      if (result.acquired) return { lease: result.lease, waited: waitingLogged };
      if (!waitingLogged) {
        waitingLogged = true;
        const heldBy = result.holder.jobId;
        this.logger.log({ msg: 'waiting for the shop+category lease', jobId: job.id, key, heldBy });
        if (heldBy && heldBy !== job.id)
          await this.lifecycle.publish(job, this.clock.now(), heldBy);
      }
      if (shutdown.aborted) throw new HandBack('shutting down while waiting for a lease');
      await sleep(Math.min(1000, this.config.leaseHeartbeatMs), shutdown);
    }
  }

  private async execute(job: JobEntity, lease: Lease, shutdown: AbortSignal): Promise<void> {
    let attempt = job.attempt;
    if (job.status === 'running') {
      // Its last run lost its worker (the lease expired and we now hold it): that attempt is spent.
      const lost = 'the previous run lost its worker (lease expired); recovering';
      await this.store.appendLog(job.id, attempt, 'warn', lost);
      const after = afterLostWorker(job);
      if (!after.next) {
        const error = 'the worker running this job died and no attempts are left';
        const patch = { status: after.status, error, errorCode: after.errorCode };
        await this.finish(job, patch, job.fencingToken, lease);
        return;
      }
      attempt = after.attempt;
    } else if ((await this.parkIfHeld(job, lease)) || (await this.delayIfEarly(job, lease))) return;
    const now = this.clock.now();
    const running = await this.store.start(job, lease, attempt, this.config.workerId, now);
    if (!running) return;
    if (job.parkedSeq !== null) await this.releaseKey(job);
    await this.runStarted(running, lease, shutdown);
  }

  // A queued job its key's order holds back is parked (its message is done) and announced
  // `waiting`; its run is requested again once the key lets it go.
  private async parkIfHeld(job: JobEntity, lease: Lease): Promise<boolean> {
    const blocker = await this.store.order.blockerOf(job);
    if (!blocker) return false;
    const now = this.clock.now();
    if (await this.store.order.park(job, lease.token, blocker.id, now)) {
      const { id: jobId, shopId: shop, task, traceId } = job;
      const waitingFor = blocker.id;
      this.logger.log({ msg: 'job parked behind its key', jobId, shop, task, waitingFor, traceId });
      await this.lifecycle.publish(job, now, waitingFor);
    }
    if (blocker.stranded) await this.releaseKey(job);
    return true;
  }

  // A queued job whose notBefore has not come waits `delayed` (JobStore.delay); the scheduler
  // requests its run again when it is due.
  private async delayIfEarly(job: JobEntity, lease: Lease): Promise<boolean> {
    const now = this.clock.now();
    if (timingState(job, now) !== 'early') return false;
    const delayed = await this.store.delay(job, lease, now);
    if (delayed) {
      const { id: jobId, shopId: shop, task, notBefore, traceId } = job;
      this.logger.log({ msg: 'job delayed', jobId, shop, task, notBefore, traceId });
      await this.lifecycle.publish(delayed, now);
    }
    if (job.parkedSeq !== null) await this.releaseKey(job);
    return true;
  }

  // Requests the runs of the key's parked jobs that nothing holds back any more. Best effort:
  // the scheduler's sweep releases what a failure here leaves parked.
  private async releaseKey(job: JobEntity): Promise<void> {
    try {
      await this.store.order.release(job.shopId, job.category, this.clock.now());
    } catch (error) {
      this.logger.warn({ msg: 'parked jobs not released', jobId: job.id, error: String(error) });
    }
  }

  // The job is running under our lease (its row says so): run the handler and record the outcome.
  private runStarted(job: JobEntity, lease: Lease, shutdown: AbortSignal): Promise<void> {
    const attributes = {
      'shopsync.job.id': job.id,
      'shopsync.shop.id': job.shopId,
      'shopsync.task': job.task,
      'shopsync.job.attempt': job.attempt,
    };
    return inSpan(`job run ${job.task}`, { attributes }, () => this.runTask(job, lease, shutdown));
  }

  private async runTask(job: JobEntity, lease: Lease, shutdown: AbortSignal): Promise<void> {
    const now = job.startedAt ?? this.clock.now();
    const { id: jobId, shopId: shop, task, attempt, traceId } = job;
    this.logger.log({ msg: 'job started', jobId, shop, task, attempt, traceId });
    await this.lifecycle.publish(job, now);

    const stops = new RunStops(shutdown);
    let timeout: { seconds: number; source: string } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const armTimeout = (shop: ShopEntity) => {
      timeout = jobTimeout(job, shopSettings(shop));
      const left = now.getTime() + timeout.seconds * 1000 - this.clock.now().getTime();
      timer = setTimeout(() => stops.halt('timeout'), Math.max(0, left));
    };
    const ctx = this.tasks.contextFor(job, stops.signal, async (processed, total) => {
      if (!(await this.store.recordProgress(lease, processed, total, this.clock.now()))) return;
      const progress = { progressProcessed: processed, progressTotal: total ?? null };
      await this.lifecycle.publish({ ...job, ...progress }, this.clock.now());
    });
    const heartbeat = setInterval(() => {
      void this.beat(lease).then((state) => state !== 'ok' && stops.halt(state));
      void ctx.flushProgress();
    }, this.config.leaseHeartbeatMs);

    let outcome: RunOutcome;
    try {
      const result = await this.tasks.run(ctx, armTimeout);
      outcome = { ok: true, summary: result?.summary };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      clearInterval(heartbeat);
      clearTimeout(timer);
      stops.close();
    }
    if (stops.reason === 'timeout' && timeout)
      await this.store
        .appendLog(jobId, attempt, 'warn', `timed out after ${timeout.seconds} s: stopped`, {
          timeoutSeconds: timeout.seconds,
          from: timeout.source,
        })
        .catch(() => undefined);
    const conclusion = conclude({
      job,
      outcome,
      stopReason: stops.reason,
      timeout,
      progress: ctx.progressState,
      skipped: { records: ctx.skipped, count: ctx.skippedCount },
      now: this.clock.now(),
    });
    if (conclusion.kind === 'drop') {
      this.logger.warn({ msg: 'lease lost; the outcome of this run is dropped', jobId, attempt });
    } else if (conclusion.kind === 'hand-back') {
      await this.store.handBack(job, lease, this.clock.now());
      throw new HandBack('worker shutting down');
    } else {
      const chained = conclusion.chain ? ctx.chained : [];
      await this.finish(job, conclusion.patch, lease.token, lease, chained);
    }
  }

  private async beat(lease: Lease): Promise<'ok' | 'lease-lost' | 'cancelled'> {
    try {
      return await this.store.heartbeat(lease, this.clock.now(), this.config.leaseTtlMs);
    } catch {
      // The database is unreachable for a moment; the lease has time left.
      return 'ok';
    }
  }

  // The outcome is written only while our fencing token is the job's: a run that lost its lease
  // cannot mark the job finished.
  private async finish(
    job: JobEntity,
    outcome: Partial<JobEntity>,
    token: number | null,
    lease: Lease,
    chained: Array<{ task: Task; params?: JsonObject }> = [],
  ): Promise<void> {
    const now = this.clock.now();
    const patch = finishedPatch(outcome, now);
    const line = outcomeLogLine(outcome, job.attempt);
    const written = await retryWhileDatabaseIsDown(() =>
      this.store.finish({ job, patch, token, lease, line, chained }, now),
    );
    if (!written) {
      this.logger.warn({
        msg: 'fenced write refused: this run no longer owns the job',
        jobId: job.id,
        token,
      });
      return;
    }
    this.released.add(lease);
    const finished = { ...job, ...patch } as JobEntity;
    if (holdAfter(job, patch.status) === 'clear') await this.releaseKey(job);
    this.logger.log({
      msg: `job ${finished.status}`,
      jobId: job.id,
      shop: job.shopId,
      task: job.task,
      attempt: job.attempt,
      error: outcome.error,
      traceId: job.traceId,
    });
    await this.lifecycle.publish(finished, now);
  }
}

// A message is only a trigger: the job row says what to run. A redelivered message of an
// earlier attempt still runs a queued job (the reaper re-queued it in place, so it keeps its
// position in the key's order); the status check and the lease make the run happen once.
function isStale(job: JobEntity): boolean {
  return isTerminal(job.status) || job.status === 'retry-scheduled' || job.status === 'delayed';
}
