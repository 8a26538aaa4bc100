import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, Max, Min } from 'class-validator';
import { IsBoundedJson, PARAMS_BOUNDS, TASKS } from '@shopsync/shared';
import type { Task } from '@shopsync/shared';

export class CreateSyncDto {
  @ApiProperty({ enum: TASKS, example: 'inventory' })
  @IsIn(TASKS, { message: `must be one of ${TASKS.join(', ')}` })
  task: Task;

  @ApiPropertyOptional({
    example: { skipImport: true },
    description: `task parameters, at most ${PARAMS_BOUNDS.maxBytes} bytes of JSON and ${PARAMS_BOUNDS.maxDepth} levels deep`,
  })
  @IsOptional()
  @IsObject()
  @IsBoundedJson(PARAMS_BOUNDS)
  params?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: false,
    description: 'create a new job even when an identical one is still queued',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @ApiPropertyOptional({ example: false, description: 'wait for the job to end (foreground mode)' })
  @IsOptional()
  @IsBoolean()
  wait?: boolean;

  @ApiPropertyOptional({ example: 3, minimum: 1, maximum: 10 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts?: number;

  @ApiPropertyOptional({ example: 60, minimum: 0, maximum: 3600 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600)
  rerunDelaySeconds?: number;

  @ApiPropertyOptional({ enum: ['fixed', 'exponential'], example: 'fixed' })
  @IsOptional()
  @IsIn(['fixed', 'exponential'])
  retryBackoff?: 'fixed' | 'exponential';
}
