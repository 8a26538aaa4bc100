import { Omittable } from '@shopsync/shared';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import {
  IsBoundedJson,
  OVERLAP_POLICIES,
  PARAMS_BOUNDS,
  SCHEDULE_STATUSES,
  TASKS,
} from '@shopsync/shared';
import type { OverlapPolicy, ScheduleStatus, Task } from '@shopsync/shared';
import { IsInstant } from '../../common/instant';
import { CronRecurrenceDto, RECURRENCE_SCHEMA, WindowRecurrenceDto } from './schedule.dto';

export const MAX_CATCH_UP_WINDOW_SECONDS = 7 * 24 * 3600;

@ApiExtraModels(CronRecurrenceDto, WindowRecurrenceDto)
export class CreateScheduleDto {
  @ApiProperty({ enum: TASKS, example: 'inventory' })
  @IsIn(TASKS, { message: `must be one of ${TASKS.join(', ')}` })
  task: Task;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { skipImport: true },
    description: `task parameters, at most ${PARAMS_BOUNDS.maxBytes} bytes of JSON and ${PARAMS_BOUNDS.maxDepth} levels deep`,
  })
  @IsOptional()
  @IsObject()
  @IsBoundedJson(PARAMS_BOUNDS)
  params?: Record<string, unknown> | null;

  @ApiProperty({
    ...RECURRENCE_SCHEMA,
    example: { kind: 'cron', expression: '*/15 * * * *', timeZone: 'Europe/Amsterdam' },
    description:
      "{kind: 'cron', expression (5 or 6 fields), timeZone} or {kind: 'window', weekdays, " +
      'startTime, endTime, everyMinutes, timeZone}; times are wall-clock times in the IANA zone',
  })
  @IsDefined({ message: "is required: {kind: 'cron', ...} or {kind: 'window', ...}" })
  @IsObject({ message: "must be an object: {kind: 'cron', ...} or {kind: 'window', ...}" })
  recurrence: object;

  @ApiPropertyOptional({
    enum: SCHEDULE_STATUSES,
    example: 'active',
    description: 'on hold: paused',
  })
  @Omittable()
  @IsIn(SCHEDULE_STATUSES, { message: `must be one of ${SCHEDULE_STATUSES.join(', ')}` })
  status?: ScheduleStatus;

  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: 10, description: "default: the shop's" })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts?: number;

  @ApiPropertyOptional({
    example: 60,
    minimum: 0,
    maximum: 3600,
    description: "default: the shop's",
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(3600)
  rerunDelaySeconds?: number;

  @ApiPropertyOptional({ enum: OVERLAP_POLICIES, example: 'skip' })
  @Omittable()
  @IsIn(OVERLAP_POLICIES, { message: `must be one of ${OVERLAP_POLICIES.join(', ')}` })
  overlapPolicy?: OverlapPolicy;

  @ApiPropertyOptional({
    example: 3600,
    minimum: 0,
    maximum: MAX_CATCH_UP_WINDOW_SECONDS,
    description: 'after downtime, the latest missed occurrence runs if at most this old; 0 = never',
  })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(MAX_CATCH_UP_WINDOW_SECONDS)
  catchUpWindowSeconds?: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-05-01T08:00:00+02:00',
    description: 'no run before',
  })
  @IsOptional()
  @IsInstant()
  earliestStartAt?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    example: '2030-12-31T23:59:59Z',
    description: 'no run after',
  })
  @IsOptional()
  @IsInstant()
  expiresAt?: string | null;
}
