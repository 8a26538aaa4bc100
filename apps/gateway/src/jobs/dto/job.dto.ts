import { recordsOutcome } from '@shopsync/shared';
import type { JobEntity, JobLogEntity, RecordsOutcome } from '@shopsync/shared';

export interface JobDto {
  id: string;
  shopId: string;
  task: string;
  category: string;
  // A stored status, or `waiting`: queued behind `waitingFor` (read when the job is read).
  status: string;
  waitingFor: string | null;
  ordering: string;
  trigger: string;
  attempt: number;
  maxAttempts: number;
  rerunDelaySeconds: number;
  retryBackoff: string;
  params: Record<string, unknown> | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  nextAttemptAt: string | null;
  progress: { processed: number; total: number | null } | null;
  summary: Record<string, unknown> | null;
  // For a succeeded job: complete, partial (some records skipped or failed) or all-failed.
  recordsOutcome: RecordsOutcome | null;
  error: string | null;
  errorCode: string | null;
  scheduleId: string | null;
  occurrenceAt: string | null;
  parentJobId: string | null;
  cancelRequested: boolean;
  // A failure an operator acknowledged (or retried), and the key that did.
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  // The request's own timeout (null: settings.timeouts.<task>), earliest start and expiry.
  timeoutSeconds: number | null;
  notBefore: string | null;
  expiresAt: string | null;
  traceId: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

// `waitingFor`: the job holding this queued one back, if any (KeyOrder.waitingFor).
export function toJobDto(job: JobEntity, waitingFor: string | null = null): JobDto {
  return {
    id: job.id,
    shopId: job.shopId,
    task: job.task,
    category: job.category,
    status: waitingFor ? 'waiting' : job.status,
    waitingFor,
    ordering: job.ordering,
    trigger: job.trigger,
    attempt: job.attempt,
    maxAttempts: job.maxAttempts,
    rerunDelaySeconds: job.rerunDelaySeconds,
    retryBackoff: job.retryBackoff,
    params: job.params,
    requestedAt: job.requestedAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    nextAttemptAt: iso(job.nextAttemptAt),
    progress:
      job.progressProcessed === null
        ? null
        : { processed: job.progressProcessed, total: job.progressTotal },
    summary: job.summary,
    recordsOutcome: recordsOutcome(job),
    error: job.error,
    errorCode: job.errorCode,
    scheduleId: job.scheduleId,
    occurrenceAt: iso(job.occurrenceAt),
    parentJobId: job.parentJobId,
    cancelRequested: job.cancelRequested,
    acknowledgedAt: iso(job.acknowledgedAt),
    acknowledgedBy: job.acknowledgedBy,
    timeoutSeconds: job.timeoutSeconds,
    notBefore: iso(job.notBefore),
    expiresAt: iso(job.expiresAt),
    traceId: job.traceId,
  };
}

export interface JobLogDto {
  id: number;
  at: string;
  attempt: number;
  level: string;
  message: string;
  data: Record<string, unknown> | null;
}

export function toJobLogDto(log: JobLogEntity): JobLogDto {
  return {
    id: log.id,
    at: log.at.toISOString(),
    attempt: log.attempt,
    level: log.level,
    message: log.message,
    data: log.data,
  };
}
