import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  categoryOf,
  CLOCK,
  Clock,
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobsRepository,
  JobTrigger,
  JsonObject,
  newJob,
  paramsHash,
  ShopEntity,
  Task,
} from '@shopsync/shared';
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
}

export interface SyncRequestOutcome {
  job: JobEntity;
  created: boolean;
  coalesced: boolean;
  foreground: boolean;
}

// Turns a request (HTTP, webhook or Kafka command) into a job: written with its outbox row in
// one transaction, then published at once.
@Injectable()
export class SyncRequestsService {
  private readonly logger = new Logger(SyncRequestsService.name);

  constructor(
    private readonly jobs: JobsRepository,
    private readonly shops: ShopsService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async request(req: SyncRequest): Promise<SyncRequestOutcome> {
    const shop = await this.shops.get(req.shopCode);
    if (!shop.enabled)
      throw new DomainError(ERROR_CODES.shopDisabled, `shop '${shop.code}' is disabled`);
    const hash = paramsHash(req.task, req.params ?? {});
    const foreground = !shop.allowBackgroundSync;
    if (req.idempotencyKey) {
      const known = await this.jobs.findByIdempotencyKey(req.idempotencyKey);
      if (known) return { job: known, created: false, coalesced: true, foreground };
    }
    if (
      !req.force &&
      (req.trigger === 'manual' || req.trigger === 'webhook' || req.trigger === 'kafka')
    ) {
      const queued = await this.jobs.findQueuedTwin(shop.id, req.task, hash);
      if (queued) return { job: queued, created: false, coalesced: true, foreground };
    }
    const now = this.clock.now();
    const job = this.newJob(shop, req, now);
    try {
      await this.jobs.transaction(async (manager) => {
        await this.jobs.enqueue(manager, [job], now);
        await this.jobs.appendLog(
          job.id,
          1,
          'info',
          `requested (${req.trigger})`,
          { task: req.task },
          manager,
        );
      });
    } catch (error) {
      // The same idempotency key raced in: answer with the job that won.
      if (req.idempotencyKey) {
        const existing = await this.jobs.findByIdempotencyKey(req.idempotencyKey);
        if (existing) return { job: existing, created: false, coalesced: true, foreground };
      }
      throw error;
    }
    this.jobs.publishSoon();
    this.logger.log({
      msg: 'job requested',
      jobId: job.id,
      shop: shop.code,
      task: job.task,
      trigger: job.trigger,
      traceId: job.traceId,
    });
    return { job, created: true, coalesced: false, foreground };
  }

  // A new job for a failed or cancelled one: same shop, task and params, linked to it.
  async retryOf(previous: JobEntity): Promise<JobEntity> {
    const shop = await this.shops.getById(previous.shopId);
    const now = this.clock.now();
    const req: SyncRequest = {
      shopCode: shop.code,
      task: previous.task as Task,
      params: previous.params ?? undefined,
      trigger: 'retry',
      maxAttempts: previous.maxAttempts,
      rerunDelaySeconds: previous.rerunDelaySeconds,
      retryBackoff: previous.retryBackoff,
    };
    const job = { ...this.newJob(shop, req, now), parentJobId: previous.id };
    await this.jobs.transaction(async (manager) => {
      await this.jobs.enqueue(manager, [job], now);
      await this.jobs.appendLog(
        job.id,
        1,
        'info',
        `requested (retry of ${previous.id})`,
        { task: job.task },
        manager,
      );
    });
    this.jobs.publishSoon();
    return job;
  }

  private newJob(shop: ShopEntity, req: SyncRequest, now: Date): JobEntity {
    return newJob({
      shopId: shop.id,
      task: req.task,
      category: categoryOf(shop, req.task),
      trigger: req.trigger,
      now,
      params: (req.params ?? null) as JsonObject | null,
      maxAttempts: req.maxAttempts ?? shop.defaultMaxAttempts,
      rerunDelaySeconds: req.rerunDelaySeconds ?? shop.defaultRerunDelaySeconds,
      retryBackoff: req.retryBackoff,
      idempotencyKey: req.idempotencyKey,
    });
  }
}
