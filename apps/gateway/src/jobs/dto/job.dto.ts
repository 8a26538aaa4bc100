import { ApiProperty } from '@nestjs/swagger';
import {
  JOB_TRIGGERS,
  JOB_VIEW_STATUSES,
  ORDERINGS,
  recordsOutcome,
  TASKS,
} from '@shopsync/shared';
import type { JobEntity, JobLogEntity, RecordsOutcome } from '@shopsync/shared';
import {
  ApiDateTime,
  ApiJsonObject,
  ApiNullableDateTime,
  ApiNullableString,
  ListOf,
  PageOf,
} from '../../common/api-schema';

const RECORDS_OUTCOMES: RecordsOutcome[] = ['complete', 'partial', 'all-failed'];
const RETRY_BACKOFFS = ['fixed', 'exponential'] as const;

export class JobProgressDto {
  @ApiProperty({ example: 40 })
  processed: number;

  @ApiProperty({ type: Number, nullable: true, example: 120, description: 'null: not known yet' })
  total: number | null;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ enum: TASKS, example: 'inventory' })
  task: string;

  @ApiProperty({
    example: 'default',
    description: "the job queue category (the shop's category map)",
  })
  category: string;

  // A stored status, or `waiting`: queued behind `waitingFor` (read when the job is read).
  @ApiProperty({
    enum: JOB_VIEW_STATUSES,
    example: 'queued',
    description: '`waiting`: queued behind the job `waitingFor` of its shop+category',
  })
  status: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  waitingFor: string | null;

  @ApiProperty({ enum: ORDERINGS, example: 'lenient' })
  ordering: string;

  @ApiProperty({ enum: JOB_TRIGGERS, example: 'manual' })
  trigger: string;

  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiProperty({ example: 3 })
  maxAttempts: number;

  @ApiProperty({ example: 60 })
  rerunDelaySeconds: number;

  @ApiProperty({ enum: RETRY_BACKOFFS, example: 'fixed' })
  retryBackoff: string;

  @ApiJsonObject({ nullable: true, example: null })
  params: Record<string, unknown> | null;

  @ApiDateTime()
  requestedAt: string;

  @ApiNullableDateTime()
  startedAt: string | null;

  @ApiNullableDateTime()
  finishedAt: string | null;

  @ApiNullableDateTime({ description: 'retry-scheduled: when it runs again' })
  nextAttemptAt: string | null;

  @ApiProperty({ type: JobProgressDto, nullable: true })
  progress: JobProgressDto | null;

  @ApiJsonObject({ nullable: true, description: "the task's result counters" })
  summary: Record<string, unknown> | null;

  // For a succeeded job: complete, partial (some records skipped or failed) or all-failed.
  @ApiProperty({
    enum: RECORDS_OUTCOMES,
    nullable: true,
    description: 'for a succeeded job: whether every record went through',
  })
  recordsOutcome: RecordsOutcome | null;

  @ApiNullableString()
  error: string | null;

  @ApiNullableString({ example: null })
  errorCode: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  scheduleId: string | null;

  @ApiNullableDateTime({ description: 'the schedule occurrence it runs for' })
  occurrenceAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentJobId: string | null;

  @ApiProperty({ example: false })
  cancelRequested: boolean;

  // A failure an operator acknowledged (or retried), and the key that did.
  @ApiNullableDateTime()
  acknowledgedAt: string | null;

  @ApiNullableString({ description: 'the name of the API key that acknowledged it' })
  acknowledgedBy: string | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: null,
    description:
      "the request's own timeout of one attempt, in seconds; null: settings.timeouts.<task>",
  })
  timeoutSeconds: number | null;

  @ApiNullableDateTime({ description: 'earliest start: `delayed` until then' })
  notBefore: string | null;

  @ApiNullableDateTime({ description: 'not started by then: ends `expired`' })
  expiresAt: string | null;

  @ApiProperty({ example: '4bf92f3577b34da6a3ce929d0e0e4736' })
  traceId: string;
}

// A job as a sync request answers it.
export class RequestedJobDto extends JobDto {
  @ApiProperty({
    example: false,
    description: 'true: an identical job was still queued, and this is that job',
  })
  coalesced: boolean;
}

export class JobPageDto extends PageOf(JobDto) {}

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

export class JobBucketDto {
  @ApiDateTime({ description: 'the bucket is [start, start + bucketSeconds)' })
  start: string;

  @ApiProperty({ example: 12, description: 'jobs that ended in the bucket, in any end status' })
  finished: number;

  @ApiProperty({ example: 11 })
  succeeded: number;

  @ApiProperty({ example: 1 })
  failed: number;
}

export class JobStatsDto {
  @ApiDateTime()
  since: string;

  @ApiDateTime()
  until: string;

  @ApiProperty({ example: 3600 })
  bucketSeconds: number;

  @ApiProperty({
    type: 'object',
    properties: Object.fromEntries(JOB_VIEW_STATUSES.map((s) => [s, { type: 'integer' }])),
    required: [...JOB_VIEW_STATUSES],
    example: { queued: 2, running: 1, waiting: 1, succeeded: 40, failed: 3 },
    description: 'jobs requested in [since, until) by status (`waiting` apart from `queued`)',
  })
  counts: Record<string, number>;

  @ApiProperty({ type: [JobBucketDto], description: 'one per bucket from `since`, empty ones too' })
  buckets: JobBucketDto[];
}

export class JobLogDto {
  @ApiProperty({ example: 1, description: 'ascending: read on with `after`' })
  id: number;

  @ApiDateTime()
  at: string;

  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiProperty({ enum: ['info', 'warn', 'error'], example: 'info' })
  level: string;

  @ApiProperty({ example: 'inventory: 12 levels set' })
  message: string;

  @ApiJsonObject({ nullable: true })
  data: Record<string, unknown> | null;
}

export class JobLogListDto extends ListOf(JobLogDto) {}

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
