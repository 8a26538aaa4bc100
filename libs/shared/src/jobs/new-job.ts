import { randomUUID } from 'node:crypto';
import type { JobEntity } from '../database/entities/job.entity';
import {
  DEFAULT_CATEGORY,
  isTask,
  type JobTrigger,
  type JsonObject,
  type Ordering,
} from '../domain/tasks';
import { shopSettings } from '../settings/shop-settings.v1';
import { newTraceId, traceIdOf } from '../tracing/trace-context';
import { paramsHash } from './job-messages';
import type { JobTiming } from './job-timing';

export interface NewJob {
  shopId: string;
  task: string;
  category: string;
  trigger: JobTrigger;
  now: Date;
  params?: JsonObject | null;
  maxAttempts: number;
  rerunDelaySeconds: number;
  retryBackoff?: 'fixed' | 'exponential';
  scheduleId?: string | null;
  occurrenceAt?: Date | null;
  parentJobId?: string | null;
  idempotencyKey?: string | null;
  // The task's ordering for the shop (orderingOf); lenient when not given.
  ordering?: Ordering;
  // The trace the job joins; by default the active one (the request's), else a new one.
  traceId?: string;
  // The request's own timing (job-timing.ts).
  timing?: Partial<JobTiming>;
}

// Every job starts the same way, whoever asks for it (HTTP, Kafka, webhook, schedule, retry,
// chained follow-up): queued, attempt 1, in the trace of whoever asked (a fresh one if none).
export function newJob(n: NewJob): JobEntity {
  const params = n.params ?? null;
  return {
    id: randomUUID(),
    shopId: n.shopId,
    task: n.task,
    category: n.category,
    status: 'queued',
    trigger: n.trigger,
    attempt: 1,
    maxAttempts: n.maxAttempts,
    rerunDelaySeconds: n.rerunDelaySeconds,
    retryBackoff: n.retryBackoff ?? 'fixed',
    params,
    paramsHash: paramsHash(n.task, params ?? {}),
    requestedAt: n.now,
    startedAt: null,
    finishedAt: null,
    nextAttemptAt: null,
    progressProcessed: null,
    progressTotal: null,
    summary: null,
    error: null,
    errorCode: null,
    scheduleId: n.scheduleId ?? null,
    occurrenceAt: n.occurrenceAt ?? null,
    parentJobId: n.parentJobId ?? null,
    idempotencyKey: n.idempotencyKey ?? null,
    traceId: n.traceId ?? traceIdOf() ?? newTraceId(),
    cancelRequested: false,
    fencingToken: null,
    workerId: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    updatedAt: n.now,
    ordering: n.ordering ?? 'lenient',
    parkedSeq: null,
    releasedAt: null,
    timeoutSeconds: n.timing?.timeoutSeconds ?? null,
    notBefore: n.timing?.notBefore ?? null,
    expiresAt: n.timing?.expiresAt ?? null,
  };
}

// The category a shop puts a task in (new jobs only; queued ones keep theirs).
export function categoryOf(shop: { categoryMap: Record<string, string> }, task: string): string {
  return shop.categoryMap[task] ?? DEFAULT_CATEGORY;
}

// How a shop's settings order a task's jobs (new jobs only; requested ones keep theirs).
export function orderingOf(shop: { settings: JsonObject | null }, task: string): Ordering {
  return isTask(task) ? shopSettings(shop).ordering[task] : 'lenient';
}
