import { Omittable } from '@shopsync/shared';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';
import { TASKS, type OperatorAuditEntity } from '@shopsync/shared';
import { ApiDateTime, ApiJsonObject, PageOf } from '../../common/api-schema';
import { PageQuery } from '../../common/page.query';

// The most jobs one bulk call acts on; the answer says when more matched (`truncated`).
export const BULK_MAX = 1000;

export class BulkJobsFilterDto {
  @ApiPropertyOptional({ example: 'eu-store', description: 'shop code (required to cancel)' })
  @Omittable()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop?: string;

  @ApiPropertyOptional({ enum: TASKS, example: 'inventory' })
  @Omittable()
  @IsIn(TASKS, { message: `must be one of ${TASKS.join(', ')}` })
  task?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-01T00:00:00Z',
    description: 'from this time on (failed: when they finished; queued: when requested)',
  })
  @Omittable()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  since?: string;

  @ApiPropertyOptional({
    format: 'date-time',
    example: '2026-12-31T00:00:00Z',
    description: 'before this time',
  })
  @Omittable()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  until?: string;

  @ApiPropertyOptional({ example: 100, minimum: 1, maximum: BULK_MAX, default: 100 })
  @Omittable()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(BULK_MAX)
  limit?: number;
}

export class ListAuditQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'jobs.retry-failed' })
  @Omittable()
  @Matches(/^[a-z.-]{1,64}$/, { message: 'must be an action name' })
  action?: string;
}

export class RetriedJobDto {
  @ApiProperty({ format: 'uuid' })
  failedJobId: string;

  @ApiProperty({ format: 'uuid', description: 'the new job' })
  jobId: string;
}

export class BulkResult {
  @ApiProperty({ example: 'jobs.retry-failed' })
  action: string;

  // Jobs that matched the filter; at most `limit` of them were acted on.
  @ApiProperty({ example: 3, description: 'jobs matching the filter' })
  matched: number;

  @ApiProperty({ example: 3, description: 'jobs acted on (at most `limit`)' })
  affected: number;

  @ApiProperty({ example: 100 })
  limit: number;

  @ApiProperty({ example: false, description: 'more matched than `limit`' })
  truncated: boolean;

  @ApiProperty({ type: [String], format: 'uuid' })
  jobIds: string[];

  // retry-failed: the new job of each failed one.
  @ApiPropertyOptional({ type: [RetriedJobDto], description: 'retry-failed: the new jobs' })
  retries?: Array<{ failedJobId: string; jobId: string }>;

  @ApiProperty({ example: 1, description: 'the audit entry written' })
  auditId: number;
}

export class AuditEntryDto {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiDateTime()
  at: string;

  @ApiProperty({ example: 'ops', description: "the API key's name" })
  keyName: string;

  @ApiProperty({ example: '3f9a1c2b7d4e', description: 'names the key without revealing it' })
  keyId: string;

  @ApiProperty({ example: 'jobs.retry-failed' })
  action: string;

  @ApiJsonObject({ example: { shop: 'eu-store' }, description: 'the filter of the call' })
  filter: Record<string, unknown>;

  @ApiProperty({ example: 3 })
  matched: number;

  @ApiProperty({ example: 3 })
  affected: number;

  @ApiProperty({ example: false })
  truncated: boolean;
}

export class AuditPageDto extends PageOf(AuditEntryDto) {}

export function toAuditEntryDto(a: OperatorAuditEntity): AuditEntryDto {
  return {
    id: a.id,
    at: a.at.toISOString(),
    keyName: a.keyName,
    keyId: a.keyId,
    action: a.action,
    filter: a.filter,
    matched: a.matched,
    affected: a.affected,
    truncated: a.truncated,
  };
}
