import { Omittable } from '@shopsync/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsString, Max, MaxLength, Min } from 'class-validator';
import {
  IsBoundedJson,
  MAX_DELAY_DAYS,
  PARAMS_BOUNDS,
  TASKS,
  TIMEOUT_BOUNDS,
} from '@shopsync/shared';
import type { Task } from '@shopsync/shared';

export class CreateSyncDto {
  @ApiProperty({ enum: TASKS, example: 'inventory' })
  @IsIn(TASKS, { message: `must be one of ${TASKS.join(', ')}` })
  task: Task;

  @ApiPropertyOptional({
    example: { skipImport: true },
    description: `task parameters, at most ${PARAMS_BOUNDS.maxBytes} bytes of JSON and ${PARAMS_BOUNDS.maxDepth} levels deep`,
  })
  @Omittable()
  @IsObject()
  @IsBoundedJson(PARAMS_BOUNDS)
  params?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: false,
    description: 'create a new job even when an identical one is still queued',
  })
  @Omittable()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({ example: false, description: 'wait for the job to end (foreground mode)' })
  @Omittable()
  @IsBoolean()
  wait?: boolean;

  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: 10 })
  @Omittable()
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts?: number;

  @ApiPropertyOptional({ example: 60, minimum: 0, maximum: 3600 })
  @Omittable()
  @IsInt()
  @Min(0)
  @Max(3600)
  rerunDelaySeconds?: number;

  @ApiPropertyOptional({ enum: ['fixed', 'exponential'], example: 'fixed' })
  @Omittable()
  @IsIn(['fixed', 'exponential'])
  retryBackoff?: 'fixed' | 'exponential';

  @ApiPropertyOptional({
    example: 900,
    minimum: TIMEOUT_BOUNDS.minSeconds,
    maximum: TIMEOUT_BOUNDS.maxSeconds,
    description:
      'how long one attempt may run, in seconds, before it is stopped and fails TIMEOUT (retried like any transient failure); default: the shop setting timeouts.<task>',
  })
  @Omittable()
  @IsInt()
  @Min(TIMEOUT_BOUNDS.minSeconds)
  @Max(TIMEOUT_BOUNDS.maxSeconds)
  timeoutSeconds?: number;

  @ApiPropertyOptional({
    // No example: a fixed date-time would soon be in the past.
    format: 'date-time',
    description: `earliest start (ISO 8601 with a time zone, e.g. 2026-05-01T08:00:00Z, at most ${MAX_DELAY_DAYS} days ahead): the job waits \`delayed\` until then. A lenient task's later jobs go ahead meanwhile; a strict task's wait behind it`,
  })
  @Omittable()
  @IsString()
  @MaxLength(40)
  notBefore?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    description: `a job still not started by then ends \`expired\` (ISO 8601 with a time zone, in the future, after notBefore, at most ${MAX_DELAY_DAYS} days ahead)`,
  })
  @Omittable()
  @IsString()
  @MaxLength(40)
  expiresAt?: string;
}
