import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  HandBack,
  isTerminal,
  JobEntity,
  jobKey,
  JobsRepository,
  JsonObject,
  Lease,
  LeasesRepository,
  afterLostWorker,
  asOutcomePatch,
  newJob,
  partitionKey,
  PgJobTransitions,
  ShopsRepository,
  sleep,
  SyncRequestedV1,
  Task,
} from '@shopsync/shared';
import { WORKER_CONFIG, WorkerConfig } from '../config/worker-env';
import { TaskRegistry } from '../tasks/task-registry';
import { LifecyclePublisher } from './lifecycle.publisher';
import { conclude, finishedPatch, outcomeLogLine, RunOutcome, StopReason } from './conclude';
import { RunContext } from './run-context';

// Runs one requested job: drops redeliveries, waits for the shop+category lease, runs the
// task's handler while heartbeating the lease, and records the outcome under the fencing token.
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  // Leases already released together with the job's outcome (saves a round trip).
  private readonly released = new WeakSet<Lease>();

  constructor(
    private readonly jobs: JobsRepository,
    private readonly leases: LeasesRepository,
    private readonly shops: ShopsRepository,
    private readonly transitions: PgJobTransitions,
    private readonly registry: TaskRegistry,
    private readonly lifecycle: LifecyclePublisher,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(msg: SyncRequestedV1, shutdown: AbortSignal): Promise<void> {
    if (this.transitions.enabled && (await this.runClaimed(msg, shutdown))) return;
    const first = await this.runnable(msg.jobId);
    if (!first) return;
    const { lease, waited } = await this.acquire(first, shutdown);
    try {
      // After a wait the job may have moved on; without one, the conditional writes below
      // catch any change, so the second read is saved.
      const job = waited ? await this.jobs.findById(msg.jobId) : first;
      if (!job || this.isStale(job)) return;
      await this.execute(job, lease, shutdown);
    } finally {
      await this.releaseUnlessDone(lease);
    }
  }

  // PostgreSQL: one statement takes a free lease and starts the queued job. False when another
  // run holds the lease (the general path then waits for it); with the lease but a job that was
  // not simply queued (a recovery, a cancel, a redelivery), the general rules decide under it.
  private async runClaimed(msg: SyncRequestedV1, shutdown: AbortSignal): Promise<boolean> {
    const key = partitionKey(msg.shopId, msg.category);
    const claimed = await this.transitions.claim(
      { id: msg.jobId, key },
      this.config.workerId,
      this.clock.now(),
      this.config.leaseTtlMs,
    );
    if (claimed.token === null) return false;
    const lease: Lease = { key, token: claimed.token, jobId: msg.jobId };
    try {
      if (claimed.job) {
        await this.runStarted(claimed.job, lease, shutdown);
        return true;
      }
      const job = await this.runnable(msg.jobId);
      if (job) await this.execute(job, lease, shutdown);
      return true;
    } finally {
      await this.releaseUnlessDone(lease);
    }
  }

  // The job this message asks to run, or null when there is nothing to run: a stale
  // redelivery, or a queued job cancelled before it started (finished here).
  private async runnable(jobId: string): Promise<JobEntity | null> {
    const job = await this.jobs.findById(jobId);
    if (!job) throw new DomainError(ERROR_CODES.jobNotFound, `job ${jobId} does not exist`);
    if (this.isStale(job)) return null;
    if (job.cancelRequested && job.status === 'queued') {
      await this.finishUnstarted(job, 'cancelled', 'cancelled before it started');
      return null;
    }
    return job;
  }

  private async releaseUnlessDone(lease: Lease): Promise<void> {
    if (!this.released.has(lease)) await this.leases.release(lease).catch(() => undefined);
  }

  // A message is only a trigger: the job row says what to run. A redelivered message of an
  // earlier attempt still runs a queued job (the reaper re-queued it in place, so it keeps its
  // position in the key's order); the status check and the lease make the run happen once.
  private isStale(job: JobEntity): boolean {
    return isTerminal(job.status) || job.status === 'retry-scheduled';
  }

  private async acquire(
    job: JobEntity,
    shutdown: AbortSignal,
  ): Promise<{ lease: Lease; waited: boolean }> {
    const key = jobKey(job);
    let waitingLogged = false;
    for (;;) {
      const result = await this.leases.tryAcquire(
        key,
        job.id,
        this.config.workerId,
        this.clock.now(),
        this.config.leaseTtlMs,
      );
      if (result.acquired) return { lease: result.lease, waited: waitingLogged };
      if (!waitingLogged) {
        waitingLogged = true;
        this.logger.log({
          msg: 'waiting for the shop+category lease',
          jobId: job.id,
          key,
          heldBy: result.holder.jobId,
        });
      }
      if (shutdown.aborted) throw new HandBack('shutting down while waiting for a lease');
      await sleep(Math.min(1000, this.config.leaseHeartbeatMs), shutdown);
    }
  }

  private async execute(job: JobEntity, lease: Lease, shutdown: AbortSignal): Promise<void> {
    const now = this.clock.now();
    let attempt = job.attempt;
    if (job.status === 'running') {
      // Its last run lost its worker (the lease expired and we now hold it): that attempt is spent.
      await this.jobs.appendLog(
        job.id,
        attempt,
        'warn',
        'the previous run lost its worker (lease expired); recovering',
      );
      const after = afterLostWorker(job);
      if (!after.next) {
        await this.finishFenced(
          job,
          {
            status: after.status,
            error: 'the worker running this job died and no attempts are left',
            errorCode: after.errorCode,
          },
          job.fencingToken,
          lease,
        );
        return;
      }
      attempt = after.attempt;
    }
    const started = await this.jobs.update(
      job.id,
      {
        status: 'running',
        attempt,
        startedAt: now,
        finishedAt: null,
        workerId: this.config.workerId,
        fencingToken: lease.token,
        error: null,
        errorCode: null,
        nextAttemptAt: null,
        updatedAt: now,
      },
      { status: [job.status], fencingToken: job.fencingToken ?? undefined },
    );
    if (!started) return;
    const running: JobEntity = {
      ...job,
      status: 'running',
      attempt,
      startedAt: now,
      fencingToken: lease.token,
      workerId: this.config.workerId,
    };
    await this.jobs.appendLog(job.id, attempt, 'info', 'started', {
      worker: this.config.workerId,
      lease: lease.token,
    });
    await this.runStarted(running, lease, shutdown);
  }

  // The job is running under our lease (its row says so): run the handler and record the outcome.
  private async runStarted(running: JobEntity, lease: Lease, shutdown: AbortSignal): Promise<void> {
    const job = running;
    const now = running.startedAt ?? this.clock.now();
    const attempt = running.attempt;
    this.logger.log({
      msg: 'job started',
      jobId: job.id,
      shop: job.shopId,
      task: job.task,
      attempt,
      traceId: job.traceId,
    });
    await this.lifecycle.publish(running, now);

    const stop = new AbortController();
    let stopReason: StopReason | undefined;
    const halt = (reason: StopReason) => {
      if (!stopReason) stopReason = reason;
      stop.abort();
    };
    const onShutdown = () => halt('shutdown');
    shutdown.addEventListener('abort', onShutdown, { once: true });
    const ctx = new RunContext(running, stop.signal, this.jobs, async (processed, total) => {
      // Only while running: a late buffered write must not undo the final figures.
      const stored = await this.jobs.update(
        job.id,
        { progressProcessed: processed, progressTotal: total ?? null, updatedAt: this.clock.now() },
        { fencingToken: lease.token, status: ['running'] },
      );
      if (!stored) return;
      await this.lifecycle.publish(
        { ...running, progressProcessed: processed, progressTotal: total ?? null },
        this.clock.now(),
      );
    });
    const heartbeat = setInterval(() => {
      void this.beat(job.id, lease).then((state) => {
        if (state !== 'ok') halt(state);
      });
      void ctx.flushProgress();
    }, this.config.leaseHeartbeatMs);

    let outcome: RunOutcome;
    try {
      const result = await this.registry.get(job.task as Task).run(ctx);
      outcome = { ok: true, summary: result?.summary };
    } catch (error) {
      outcome = { ok: false, error };
    } finally {
      clearInterval(heartbeat);
      shutdown.removeEventListener('abort', onShutdown);
    }
    await this.conclude(running, lease, ctx, outcome, stopReason);
  }

  private async beat(jobId: string, lease: Lease): Promise<'ok' | 'lease-lost' | 'cancelled'> {
    try {
      if (!(await this.leases.heartbeat(lease, this.clock.now(), this.config.leaseTtlMs)))
        return 'lease-lost';
      const job = await this.jobs.findById(jobId);
      return job?.cancelRequested ? 'cancelled' : 'ok';
    } catch {
      // The database is unreachable for a moment; the lease has time left.
      return 'ok';
    }
  }

  private async conclude(
    job: JobEntity,
    lease: Lease,
    ctx: RunContext,
    outcome: RunOutcome,
    stopReason: StopReason | undefined,
  ): Promise<void> {
    const conclusion = conclude({
      job,
      outcome,
      stopReason,
      progress: ctx.progressState,
      skipped: { records: ctx.skipped, count: ctx.skippedCount },
      now: this.clock.now(),
    });
    if (conclusion.kind === 'drop') {
      this.logger.warn({
        msg: 'lease lost; the outcome of this run is dropped',
        jobId: job.id,
        attempt: job.attempt,
      });
      return;
    }
    if (conclusion.kind === 'hand-back') {
      // Hand the job back: it is queued again and its message, uncommitted, comes back.
      await this.jobs.update(
        job.id,
        { status: 'queued', workerId: null, updatedAt: this.clock.now() },
        { fencingToken: lease.token },
      );
      await this.jobs.appendLog(
        job.id,
        job.attempt,
        'warn',
        'handed back: the worker is shutting down',
      );
      throw new HandBack('worker shutting down');
    }
    await this.finishFenced(
      job,
      conclusion.patch,
      lease.token,
      lease,
      conclusion.chain ? ctx.chained : [],
    );
  }

  // The outcome is written only while our fencing token is the job's: a run that lost its lease
  // cannot mark the job finished.
  private async finishFenced(
    job: JobEntity,
    patch: Partial<JobEntity>,
    token: number | null,
    lease: Lease,
    chained: Array<{ task: Task; params?: JsonObject }> = [],
  ): Promise<void> {
    const now = this.clock.now();
    const full = finishedPatch(patch, now);
    // A follow-up takes its task's category from the shop, like any new job.
    const categories = chained.length
      ? ((await this.shops.findById(job.shopId))?.categoryMap ?? {})
      : {};
    const followUps = chained.map((c) =>
      this.followUp(job, c.task, c.params ?? null, categories[c.task] ?? job.category, now),
    );
    const line = outcomeLogLine(patch, job.attempt);
    const outcome = this.transitions.enabled && !followUps.length ? asOutcomePatch(full) : null;
    const written = await retryWhileDatabaseIsDown(() =>
      outcome
        ? this.transitions.finish(
            job.id,
            outcome,
            { status: job.status, fencingToken: token },
            lease,
            line,
          )
        : this.jobs.transaction(async (manager) => {
            const ok = await this.jobs.update(
              job.id,
              full,
              { fencingToken: token ?? undefined, status: [job.status] },
              manager,
            );
            if (!ok) return false;
            await this.jobs.appendLog(
              job.id,
              line.attempt,
              line.level,
              line.message,
              line.data,
              manager,
            );
            await this.jobs.requestRuns(
              manager,
              followUps.map((followUp) => ({ job: followUp })),
              now,
            );
            await this.leases.release(lease, manager);
            return true;
          }),
    );
    if (written) this.released.add(lease);
    if (!written) {
      this.logger.warn({
        msg: 'fenced write refused: this run no longer owns the job',
        jobId: job.id,
        token,
      });
      return;
    }
    const finished = { ...job, ...full } as JobEntity;
    this.logger.log({
      msg: `job ${finished.status}`,
      jobId: job.id,
      shop: job.shopId,
      task: job.task,
      attempt: job.attempt,
      error: patch.error,
      traceId: job.traceId,
    });
    await this.lifecycle.publish(finished, now);
  }

  private async finishUnstarted(
    job: JobEntity,
    status: 'cancelled',
    reason: string,
  ): Promise<void> {
    const now = this.clock.now();
    if (
      await this.jobs.update(
        job.id,
        {
          status,
          finishedAt: now,
          updatedAt: now,
          error: reason,
          errorCode: ERROR_CODES.cancelled,
        },
        { status: ['queued'] },
      )
    ) {
      await this.jobs.appendLog(job.id, job.attempt, 'info', reason);
      await this.lifecycle.publish({ ...job, status, finishedAt: now }, now);
    }
  }

  private followUp(
    parent: JobEntity,
    task: Task,
    params: JsonObject | null,
    category: string,
    now: Date,
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
    });
  }
}

// The outcome of a finished run is worth waiting for: a database restart of a few seconds must
// not turn a done job into a lost attempt. The write is conditional, so repeating it is safe.
async function retryWhileDatabaseIsDown<T>(work: () => Promise<T>, budgetMs = 60_000): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError || Date.now() > deadline) throw error;
      await sleep(Math.min(5000, 200 * 2 ** attempt));
    }
  }
}
