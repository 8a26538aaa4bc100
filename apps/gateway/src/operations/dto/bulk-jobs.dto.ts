import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Matches, Max, Min } from 'class-validator';
import { TASKS } from '@shopsync/shared';
import { PageQuery } from '../../common/page.query';

// The most jobs one bulk call acts on; the answer says when more matched (`truncated`).
export const BULK_MAX = 1000;

export class BulkJobsFilterDto {
  @ApiPropertyOptional({ example: 'eu-store', description: 'shop code (required to cancel)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop?: string;

  @ApiPropertyOptional({ enum: TASKS, example: 'inventory' })
  @IsOptional()
  @IsIn(TASKS, { message: `must be one of ${TASKS.join(', ')}` })
  task?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'from this time on (failed: when they finished; queued: when requested)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  since?: string;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00Z', description: 'before this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  until?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: BULK_MAX, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(BULK_MAX)
  limit?: number;
}

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'jobs.retry-failed' })
  @IsOptional()
  @Matches(/^[a-z.-]{1,64}$/, { message: 'must be an action name' })
  action?: string;
}

export interface BulkResult {
  action: string;
  // Jobs that matched the filter; at most `limit` of them were acted on.
  matched: number;
  affected: number;
  limit: number;
  truncated: boolean;
  jobIds: string[];
  // retry-failed: the new job of each failed one.
  retries?: Array<{ failedJobId: string; jobId: string }>;
  auditId: number;
}
