import { JobEntity, JobStore, JsonObject, Task } from '@shopsync/shared';
import { TaskContext, TaskJob } from '../tasks/task-handler';

const MAX_SKIPPED_KEPT = 500;

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

  constructor(
    entity: JobEntity,
    readonly signal: AbortSignal,
    private readonly store: Pick<JobStore, 'appendLog'>,
    private readonly onProgress: (processed: number, total: number | undefined) => Promise<void>,
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

  async log(level: 'info' | 'warn' | 'error', message: string, data?: JsonObject): Promise<void> {
    await this.store.appendLog(this.job.id, this.job.attempt, level, message, data);
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
    await this.onProgress(this.processed, this.total).catch(() => undefined);
  }
}
