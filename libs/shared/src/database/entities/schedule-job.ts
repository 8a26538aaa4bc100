import { randomUUID } from 'node:crypto';
import { DEFAULT_CATEGORY, type JobTrigger } from '../../domain/tasks';
import { newTraceId, paramsHash } from '../../jobs/job-messages';
import type { JobEntity } from './job.entity';
import type { ScheduleEntity } from './schedule.entity';
import type { ShopEntity } from './shop.entity';

// The job a schedule asks for: fired by the scheduler (trigger `schedule`, with its occurrence)
// or by run-now in the gateway (trigger `manual`, no occurrence). Both carry the schedule id.
export function jobForSchedule(
  schedule: ScheduleEntity,
  shop: Pick<ShopEntity, 'id' | 'categoryMap'>,
  trigger: JobTrigger,
  occurrenceAt: Date | null,
  now: Date,
): JobEntity {
  return {
    id: randomUUID(),
    shopId: shop.id,
    task: schedule.task,
    category: shop.categoryMap[schedule.task] ?? DEFAULT_CATEGORY,
    status: 'queued',
    trigger,
    attempt: 1,
    maxAttempts: schedule.maxAttempts,
    rerunDelaySeconds: schedule.rerunDelaySeconds,
    retryBackoff: 'fixed',
    params: schedule.params,
    paramsHash: paramsHash(schedule.task, schedule.params ?? {}),
    requestedAt: now,
    startedAt: null,
    finishedAt: null,
    nextAttemptAt: null,
    progressProcessed: null,
    progressTotal: null,
    summary: null,
    error: null,
    errorCode: null,
    scheduleId: schedule.id,
    occurrenceAt,
    parentJobId: null,
    idempotencyKey: null,
    traceId: newTraceId(),
    cancelRequested: false,
    fencingToken: null,
    workerId: null,
    updatedAt: now,
  };
}
