import { Inject, Injectable, Logger } from '@nestjs/common';
import { context, Context, ROOT_CONTEXT, Span, SpanKind, trace } from '@opentelemetry/api';
import {
  categoryOf,
  holdsKey,
  orderingOf,
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobsRepository,
  JobTrigger,
  BatchEntry,
  JobTiming,
  JsonObject,
  MicroBatcher,
  readJobTiming,
  taskParamsErrors,
  ValidationFailed,
  newJob,
  newTraceId,
  paramsHash,
  RunRequest,
  ShopEntity,
  ShopNotFound,
  ShopsRepository,
  Task,
  traceHeadersOf,
  traceIdOf,
  tracer,
} from '@shopsync/shared';
import { jobRequestedLine } from '../common/job-requested.log';
import { ShopsService } from '../shops/shops.service';

export interface SyncRequest {
  shopCode: string;
  task: Task;
  params?: Record<string, unknown>;
  trigger: JobTrigger;
  force?: boolean;
  maxAttempts?: number;
  rerunDelaySeconds?: number;
  retryBackoff?: 'fixed' | 'exponential';
  idempotencyKey?: string;
  // The trace context the request was made in (set by request(): batches run in another's).
  parent?: Context;
  // The request's own timing (readJobTiming checks it against the clock).
  timeoutSeconds?: number;
  notBefore?: string;
  expiresAt?: string;
}

export interface SyncRequestOutcome {
  job: JobEntity;
  created: boolean;
  coalesced: boolean;
  foreground: boolean;
}

type PendingRequest = BatchEntry<SyncRequest, SyncRequestOutcome>;

// Requests written in one transaction at most (bounds statement size and lock time).
const MAX_BATCH = 500;

// Manual, webhook and Kafka requests join an identical queued job unless forced or timed (a
// request with its own timeout, start or expiry asks for a run of its own).
function coalesces(req: SyncRequest): boolean {
  const timed =
    req.timeoutSeconds !== undefined || req.notBefore !== undefined || req.expiresAt !== undefined;
  return (
    !req.force &&
    !timed &&
    (req.trigger === 'manual' || req.trigger === 'webhook' || req.trigger === 'kafka')
  );
}

// The producer span of a new job: the job's trace is the request's, and the worker's spans hang
// under this one (its context travels in the sync.requested message's headers).
function requestedSpan(req: SyncRequest, shop: ShopEntity): Span {
  return tracer().startSpan(
    'job requested',
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'shopsync.shop': shop.code,
        'shopsync.task': req.task,
        'shopsync.trigger': req.trigger,
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
      },
    },
    req.parent ?? context.active(),
  );
}

// A request's timing, read against `now`; bad values are refused naming the field.
function timingOf(req: SyncRequest, now: Date, prefix = ''): JobTiming {
  const { timing, errors } = readJobTiming(req, now, prefix);
  if (errors.length) throw new ValidationFailed(errors);
  return timing;
}

// A request's timing and the task's own parameters (params.since, params.skus, ...): a bad
// value is refused naming it, before anything is written.
function checked(req: SyncRequest, now: Date, prefix = ''): void {
  const { errors } = readJobTiming(req, now, prefix);
  errors.push(...taskParamsErrors(req.task, req.params, prefix));
  if (errors.length) throw new ValidationFailed(errors);
}

function twinKey(shopId: string, task: string, hash: string): string {
  return `${shopId}\n${task}\n${hash}`;
}

// Turns a request (HTTP, webhook or Kafka command) into a job: written with its outbox row in
// one transaction, then published at once.
@Injectable()
export class SyncRequestsService {
  private readonly logger = new Logger(SyncRequestsService.name);
  private readonly writer = new MicroBatcher<SyncRequest, SyncRequestOutcome>(
    (batch) => this.writeBatch(batch),
    { maxBatch: MAX_BATCH },
  );

  constructor(
    private readonly jobs: JobsRepository,
    private readonly shops: ShopsService,
    private readonly shopRows: ShopsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  // Requests that arrive while a batch is being written wait for the next one: under load many
  // requests share a transaction (one multi-row insert each for jobs, outbox and logs); alone, a
  // request is written at once. A request is answered only after its batch has committed, and a
  // batch commits before the next starts, so a key's jobs keep the order of their requests.
  async request(req: SyncRequest): Promise<SyncRequestOutcome> {
    checked(req, this.clock.now());
    return this.writer.add({ ...req, parent: req.parent ?? context.active() });
  }

  // Many requests at once, all or nothing up front: every shop must exist and be enabled (the
  // error names requests[i].shop), then all go to the writer together, in this order.
  async requestMany(reqs: SyncRequest[]): Promise<SyncRequestOutcome[]> {
    const now = this.clock.now();
    reqs.forEach((req, i) => checked(req, now, `requests[${i}].`));
    const shops = new Map(
      (await this.shopRows.findByCodes([...new Set(reqs.map((r) => r.shopCode))])).map((s) => [
        s.code,
        s,
      ]),
    );
    reqs.forEach((req, i) => {
      const shop = shops.get(req.shopCode);
      if (!shop)
        throw new DomainError(
          ERROR_CODES.shopNotFound,
          `requests[${i}].shop: shop '${req.shopCode}' does not exist`,
          'permanent',
          [{ field: `requests[${i}].shop`, message: `shop '${req.shopCode}' does not exist` }],
        );
      if (!shop.enabled)
        throw new DomainError(
          ERROR_CODES.shopDisabled,
          `requests[${i}].shop: shop '${req.shopCode}' is disabled`,
          'permanent',
          [{ field: `requests[${i}].shop`, message: `shop '${req.shopCode}' is disabled` }],
        );
    });
    return Promise.all(reqs.map((req) => this.request(req)));
  }

  private async writeBatch(batch: PendingRequest[]): Promise<void> {
    try {
      await this.resolveBatch(batch);
    } catch (error) {
      if (batch.length === 1) {
        await this.settleFailure(batch[0], error);
        return;
      }
      // One bad request (say, an idempotency key that raced in) must not fail the others.
      for (const entry of batch) {
        try {
          await this.resolveBatch([entry]);
        } catch (single) {
          await this.settleFailure(entry, single);
        }
      }
    }
  }

  private async settleFailure(entry: PendingRequest, error: unknown): Promise<void> {
    // The same idempotency key raced in: answer with the job that won.
    if (entry.input.idempotencyKey) {
      const existing = await this.jobs
        .findByIdempotencyKey(entry.input.idempotencyKey)
        .catch(() => null);
      if (existing) {
        const shop = await this.shops.getById(existing.shopId).catch(() => null);
        entry.resolve({
          job: existing,
          created: false,
          coalesced: true,
          foreground: shop ? !shop.allowBackgroundSync : false,
        });
        return;
      }
    }
    entry.reject(error);
  }

  // Resolves every entry of the batch or throws before any is resolved (nothing written).
  private async resolveBatch(batch: PendingRequest[]): Promise<void> {
    // The reads do not depend on each other: they go in parallel (the shops and the queued
    // twins of the coalescing requests in one statement on PostgreSQL).
    const coalescing = batch.filter((e) => coalesces(e.input));
    const [{ shops: shopRows, twins: queued }, knownJobs] = await Promise.all([
      this.jobs.findShopsAndQueuedTwins(
        [...new Set(batch.map((e) => e.input.shopCode))],
        [...new Set(coalescing.map((e) => paramsHash(e.input.task, e.input.params ?? {})))],
      ),
      this.jobs.findByIdempotencyKeys(
        batch.flatMap((e) => (e.input.idempotencyKey ? [e.input.idempotencyKey] : [])),
      ),
    ]);
    const shops = new Map(shopRows.map((s) => [s.code, s]));
    const settled: Array<() => void> = [];
    const live: Array<{ entry: PendingRequest; shop: ShopEntity; hash: string }> = [];
    for (const entry of batch) {
      const shop = shops.get(entry.input.shopCode);
      if (!shop) {
        const error = new ShopNotFound(entry.input.shopCode);
        settled.push(() => entry.reject(error));
      } else if (!shop.enabled) {
        const error = new DomainError(ERROR_CODES.shopDisabled, `shop '${shop.code}' is disabled`);
        settled.push(() => entry.reject(error));
      } else {
        live.push({ entry, shop, hash: paramsHash(entry.input.task, entry.input.params ?? {}) });
      }
    }
    const byIdempotencyKey = new Map(knownJobs.map((j) => [j.idempotencyKey!, j]));
    const twins = new Map<string, JobEntity>();
    for (const job of queued) {
      const key = twinKey(job.shopId, job.task, job.paramsHash);
      if (!twins.has(key)) twins.set(key, job);
    }

    const now = this.clock.now();
    const created: Array<{ job: JobEntity; shop: ShopEntity; req: SyncRequest; span: Span }> = [];
    for (const { entry, shop, hash } of live) {
      const foreground = !shop.allowBackgroundSync;
      const req = entry.input;
      const known = req.idempotencyKey ? byIdempotencyKey.get(req.idempotencyKey) : undefined;
      if (known) {
        settled.push(() =>
          entry.resolve({ job: known, created: false, coalesced: true, foreground }),
        );
        continue;
      }
      const key = twinKey(shop.id, req.task, hash);
      const twin = coalesces(req) ? twins.get(key) : undefined;
      if (twin) {
        settled.push(() =>
          entry.resolve({ job: twin, created: false, coalesced: true, foreground }),
        );
        continue;
      }
      const span = requestedSpan(req, shop);
      const job = this.newJob(shop, req, now, span);
      created.push({ job, shop, req, span });
      // Later identical requests in this batch coalesce into this one, as they would across batches.
      twins.set(key, job);
      if (req.idempotencyKey) byIdempotencyKey.set(req.idempotencyKey, job);
      settled.push(() => entry.resolve({ job, created: true, coalesced: false, foreground }));
    }

    if (created.length) {
      try {
        await this.jobs.requestRuns(
          null,
          created.map(({ job, req, span }) => ({
            job,
            log: { message: `requested (${req.trigger})`, data: { task: req.task } },
            traceHeaders: traceHeadersOf(trace.setSpan(req.parent ?? context.active(), span)),
          })),
          now,
        );
      } finally {
        for (const { job, span } of created) span.setAttribute('shopsync.job.id', job.id).end();
      }
      for (const { job, shop } of created) this.logger.log(jobRequestedLine(job, shop.code));
    }
    for (const settle of settled) settle();
  }

  // A new job for a failed or cancelled one (the caller requests it: JobStore.requestRetry). A
  // strict failure's retry is strict too: it takes the failure's hold over.
  async retryOf(previous: JobEntity): Promise<JobEntity> {
    const shop = await this.shops.getById(previous.shopId);
    return this.retryRun(previous, shop, this.clock.now()).job;
  }

  // A new run of a finished job, same task, parameters and retry settings, linked to it (a
  // strict failure that holds its key: strict too, see JobStore.handHoldToRetry).
  retryRun(previous: JobEntity, shop: ShopEntity, now: Date): RunRequest {
    const req: SyncRequest = {
      shopCode: shop.code,
      task: previous.task as Task,
      params: previous.params ?? undefined,
      trigger: 'retry',
      maxAttempts: previous.maxAttempts,
      rerunDelaySeconds: previous.rerunDelaySeconds,
      retryBackoff: previous.retryBackoff,
      timeoutSeconds: previous.timeoutSeconds ?? undefined,
    };
    const job = { ...this.newJob(shop, req, now), parentJobId: previous.id };
    if (holdsKey(previous)) job.ordering = 'strict';
    return {
      job,
      log: { message: `requested (retry of ${previous.id})`, data: { task: job.task } },
    };
  }

  private newJob(shop: ShopEntity, req: SyncRequest, now: Date, span?: Span): JobEntity {
    return newJob({
      // A batch runs in the context of the request that started it: a job never takes that one's.
      traceId: span ? (traceIdOf(trace.setSpan(ROOT_CONTEXT, span)) ?? newTraceId()) : undefined,
      shopId: shop.id,
      task: req.task,
      category: categoryOf(shop, req.task),
      ordering: orderingOf(shop, req.task),
      trigger: req.trigger,
      now,
      params: (req.params ?? null) as JsonObject | null,
      maxAttempts: req.maxAttempts ?? shop.defaultMaxAttempts,
      rerunDelaySeconds: req.rerunDelaySeconds ?? shop.defaultRerunDelaySeconds,
      retryBackoff: req.retryBackoff,
      idempotencyKey: req.idempotencyKey,
      timing: timingOf(req, now),
    });
  }
}
