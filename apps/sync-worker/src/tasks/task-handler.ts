import type { JobTrigger, JsonObject, ShopEntity, Task } from '@shopsync/shared';
import type { ShopifyGraphql } from '../shopify/shopify-graphql';

export interface JobSummary {
  created?: number;
  updated?: number;
  skipped?: number;
  failed?: number;
  [extra: string]: unknown;
}

export interface TaskJob {
  id: string;
  shopId: string;
  task: Task;
  category: string;
  attempt: number;
  maxAttempts: number;
  trigger: JobTrigger;
  params: JsonObject;
  traceId: string;
}

export interface TaskContext {
  readonly job: TaskJob;
  // The job's shop, read once when the run starts.
  readonly shop: ShopEntity;
  // Aborted when the job is cancelled or the worker shuts down: check it between batches.
  readonly signal: AbortSignal;
  // Throws JOB_CANCELLED once the signal is aborted.
  throwIfCancelled(): void;
  // The Shopify client for the shop above, built on first use (a task that never calls Shopify
  // needs no token).
  shopify(): ShopifyGraphql;
  log(level: 'info' | 'warn' | 'error', message: string, data?: JsonObject): Promise<void>;
  // Stored at most once a second; the last value is always stored when the job ends.
  progress(processed: number, total?: number): void;
  // A record that could not be synced: recorded with its reason, the job goes on.
  skip(record: string, reason: string): void;
  // A follow-up job for the same shop, queued when this one succeeds.
  chain(task: Task, params?: JsonObject): void;
}

export interface TaskResult {
  summary?: JobSummary;
}

export interface TaskHandler {
  readonly task: Task;
  run(ctx: TaskContext): Promise<TaskResult | void>;
}

// What a handler module (WORKER_HANDLER_MODULE) exports: handlers that replace built-in ones.
export interface HandlerModule {
  handlers: Partial<Record<Task, (ctx: TaskContext) => Promise<TaskResult | void>>>;
}
