import { ApiExtraModels, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import {
  describeOccurrence,
  JOB_STATUSES,
  OCCURRENCE_OUTCOMES,
  OVERLAP_POLICIES,
  SCHEDULE_STATUSES,
  TASKS,
  WEEKDAYS,
  type JobStatus,
  type Recurrence,
  type ScheduleEntity,
  type ScheduleOccurrenceEntity,
  type Weekday,
} from '@shopsync/shared';
import {
  ApiDateTime,
  ApiJsonObject,
  ApiNullableDateTime,
  ApiNullableString,
  ListOf,
  PageOf,
} from '../../common/api-schema';

export class CronRecurrenceDto {
  @ApiProperty({ enum: ['cron'] })
  kind: 'cron';

  @ApiProperty({ example: '*/15 * * * *', description: '5 or 6 fields' })
  expression: string;

  @ApiProperty({ example: 'Europe/Amsterdam', description: 'IANA time zone' })
  timeZone: string;
}

export class WindowRecurrenceDto {
  @ApiProperty({ enum: ['window'] })
  kind: 'window';

  @ApiProperty({ enum: WEEKDAYS, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  weekdays: Weekday[];

  @ApiProperty({ example: '08:00', description: 'wall-clock time in the zone' })
  startTime: string;

  @ApiProperty({ example: '18:00' })
  endTime: string;

  @ApiProperty({ example: 30, minimum: 1 })
  everyMinutes: number;

  @ApiProperty({ example: 'Europe/Amsterdam', description: 'IANA time zone' })
  timeZone: string;
}

// The schema of a recurrence: one of the two kinds, told apart by `kind`.
export const RECURRENCE_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(CronRecurrenceDto) }, { $ref: getSchemaPath(WindowRecurrenceDto) }],
  discriminator: {
    propertyName: 'kind',
    mapping: {
      cron: getSchemaPath(CronRecurrenceDto),
      window: getSchemaPath(WindowRecurrenceDto),
    },
  },
};

export class OccurrenceTimeDto {
  @ApiDateTime()
  utc: string;

  // The same instant in the schedule's zone, with its offset.
  @ApiProperty({ example: '2026-12-01T11:00:00.000+01:00', description: "in the schedule's zone" })
  local: string;
}

@ApiExtraModels(CronRecurrenceDto, WindowRecurrenceDto)
export class ScheduleDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  shopId: string;

  @ApiProperty({ enum: TASKS, example: 'inventory' })
  task: string;

  @ApiJsonObject({ nullable: true, example: null })
  params: Record<string, unknown> | null;

  @ApiProperty(RECURRENCE_SCHEMA)
  recurrence: Recurrence;

  @ApiProperty({ example: 'Europe/Amsterdam' })
  timeZone: string;

  @ApiProperty({ enum: SCHEDULE_STATUSES, example: 'active' })
  status: string;

  @ApiProperty({ example: 3 })
  maxAttempts: number;

  @ApiProperty({ example: 60 })
  rerunDelaySeconds: number;

  @ApiProperty({ enum: OVERLAP_POLICIES, example: 'skip' })
  overlapPolicy: string;

  @ApiProperty({ example: 3600 })
  catchUpWindowSeconds: number;

  @ApiNullableDateTime()
  earliestStartAt: string | null;

  @ApiNullableDateTime()
  expiresAt: string | null;

  @ApiNullableDateTime()
  nextRunAt: string | null;

  @ApiProperty({ type: OccurrenceTimeDto, nullable: true })
  nextRun: OccurrenceTimeDto | null;

  @ApiNullableDateTime()
  lastScheduledAt: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  lastJobId: string | null;

  @ApiDateTime()
  createdAt: string;

  @ApiDateTime()
  updatedAt: string;

  @ApiProperty({ example: 1 })
  version: number;
}

export class ScheduleListDto extends ListOf(ScheduleDto) {}

export class OccurrenceRecordDto {
  @ApiDateTime()
  occurrenceAt: string;

  @ApiProperty({ example: '2026-12-01T11:00:00.000+01:00' })
  local: string;

  @ApiProperty({ enum: OCCURRENCE_OUTCOMES, example: 'fired' })
  outcome: string;

  @ApiNullableString()
  reason: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  jobId: string | null;

  @ApiProperty({ enum: JOB_STATUSES, nullable: true })
  jobStatus: JobStatus | null;

  @ApiDateTime()
  recordedAt: string;
}

export class OccurrenceHistoryDto extends PageOf(OccurrenceRecordDto) {}

export class OccurrencePreviewDto extends ListOf(OccurrenceTimeDto) {
  @ApiProperty({ format: 'uuid' })
  scheduleId: string;

  @ApiProperty({ example: 'Europe/Amsterdam' })
  timeZone: string;

  @ApiProperty({ enum: SCHEDULE_STATUSES, example: 'active' })
  status: string;
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
