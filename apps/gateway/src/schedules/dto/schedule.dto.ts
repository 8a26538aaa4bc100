import {
  describeOccurrence,
  type JobStatus,
  type Recurrence,
  type ScheduleEntity,
  type ScheduleOccurrenceEntity,
} from '@shopsync/shared';

export interface OccurrenceTimeDto {
  utc: string;
  // The same instant in the schedule's zone, with its offset.
  local: string;
}

export interface ScheduleDto {
  id: string;
  shopId: string;
  task: string;
  params: Record<string, unknown> | null;
  recurrence: Recurrence;
  timeZone: string;
  status: string;
  maxAttempts: number;
  rerunDelaySeconds: number;
  overlapPolicy: string;
  catchUpWindowSeconds: number;
  earliestStartAt: string | null;
  expiresAt: string | null;
  nextRunAt: string | null;
  nextRun: OccurrenceTimeDto | null;
  lastScheduledAt: string | null;
  lastJobId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface OccurrenceRecordDto {
  occurrenceAt: string;
  local: string;
  outcome: string;
  reason: string | null;
  jobId: string | null;
  jobStatus: JobStatus | null;
  recordedAt: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toScheduleDto(s: ScheduleEntity): ScheduleDto {
  return {
    id: s.id,
    shopId: s.shopId,
    task: s.task,
    params: s.params,
    recurrence: s.recurrence,
    timeZone: s.timeZone,
    status: s.status,
    maxAttempts: s.maxAttempts,
    rerunDelaySeconds: s.rerunDelaySeconds,
    overlapPolicy: s.overlapPolicy,
    catchUpWindowSeconds: s.catchUpWindowSeconds,
    earliestStartAt: iso(s.earliestStartAt),
    expiresAt: iso(s.expiresAt),
    nextRunAt: iso(s.nextRunAt),
    nextRun: s.nextRunAt ? describeOccurrence(s.nextRunAt, s.timeZone) : null,
    lastScheduledAt: iso(s.lastScheduledAt),
    lastJobId: s.lastJobId,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    version: s.version,
  };
}

export function toOccurrenceRecordDto(
  o: ScheduleOccurrenceEntity,
  timeZone: string,
  jobStatus: JobStatus | null,
): OccurrenceRecordDto {
  return {
    occurrenceAt: o.occurrenceAt.toISOString(),
    local: describeOccurrence(o.occurrenceAt, timeZone).local,
    outcome: o.outcome,
    reason: o.reason,
    jobId: o.jobId,
    jobStatus,
    recordedAt: o.recordedAt.toISOString(),
  };
}
