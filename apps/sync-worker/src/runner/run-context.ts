import {
  DomainError,
  ERROR_CODES,
  JobEntity,
  JobStore,
  JsonObject,
  ShopEntity,
  Task,
} from '@shopsync/shared';
import type { ShopifyGraphql } from '../shopify/shopify-graphql';
import { TaskContext, TaskJob } from '../tasks/task-handler';

const MAX_SKIPPED_KEPT = 500;

// What the run context needs besides the job: where log lines go, where progress is stored,
// and how the shop and its Shopify client are had.
export interface RunResources {
  store: Pick<JobStore, 'appendLog'>;
  onProgress: (processed: number, total: number | undefined) => Promise<void>;
  loadShop: (shopId: string) => Promise<ShopEntity>;
  clientFor: (shop: ShopEntity, scope: { jobId: string; signal: AbortSignal }) => ShopifyGraphql;
}

// What a handler sees of its job. Progress is buffered and stored at most once a second.
export class RunContext implements TaskContext {
  readonly job: TaskJob;
  readonly skipped: Array<{ record: string; reason: string }> = [];
  skippedCount = 0;
  readonly chained: Array<{ task: Task; params?: JsonObject }> = [];
  private processed: number | null = null;
  private total: number | undefined;
  private dirty = false;
  private lastFlush = 0;
  private loadedShop?: ShopEntity;
  private client?: ShopifyGraphql;

  constructor(
    entity: JobEntity,
    readonly signal: AbortSignal,
    private readonly resources: RunResources,
  ) {
    this.job = {
      id: entity.id,
      shopId: entity.shopId,
      task: entity.task as Task,
      category: entity.category,
      attempt: entity.attempt,
      maxAttempts: entity.maxAttempts,
      trigger: entity.trigger,
      params: entity.params ?? {},
      traceId: entity.traceId,
    };
  }

  // Reads the shop; the runner calls it before the handler (a missing shop fails the run).
  async open(): Promise<void> {
    this.loadedShop = await this.resources.loadShop(this.job.shopId);
  }

  get shop(): ShopEntity {
    if (!this.loadedShop) throw new Error('the run context is not open yet');
    return this.loadedShop;
  }

  throwIfCancelled(): void {
    if (this.signal.aborted)
      throw new DomainError(ERROR_CODES.cancelled, 'the job was cancelled', 'permanent');
  }

  shopify(): ShopifyGraphql {
    this.client ??= this.resources.clientFor(this.shop, {
      jobId: this.job.id,
      signal: this.signal,
    });
    return this.client;
  }

  async log(level: 'info' | 'warn' | 'error', message: string, data?: JsonObject): Promise<void> {
    await this.resources.store.appendLog(this.job.id, this.job.attempt, level, message, data);
  }

  progress(processed: number, total?: number): void {
    this.processed = processed;
    this.total = total;
    this.dirty = true;
    if (Date.now() - this.lastFlush >= 1000) void this.flushProgress();
  }

  skip(record: string, reason: string): void {
    this.skippedCount++;
    if (this.skipped.length < MAX_SKIPPED_KEPT) this.skipped.push({ record, reason });
    void this.log('warn', `skipped ${record}: ${reason}`, { record, reason }).catch(
      () => undefined,
    );
  }

  chain(task: Task, params?: JsonObject): void {
    this.chained.push({ task, params });
  }

  get progressState(): { processed: number | null; total: number | undefined } {
    return { processed: this.processed, total: this.total };
  }

  async flushProgress(): Promise<void> {
    if (!this.dirty || this.processed === null) return;
    this.dirty = false;
    this.lastFlush = Date.now();
    await this.resources.onProgress(this.processed, this.total).catch(() => undefined);
  }
}
