import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { JOB_TRIGGERS, JOB_VIEW_STATUSES, TASKS } from '@shopsync/shared';
import { PageQuery } from '../../common/page.query';

// One value of `values` or several, comma separated.
const oneOrMore = (values: readonly string[]) =>
  new RegExp(`^(${values.join('|')})(,(${values.join('|')}))*$`);

// Which jobs: shared by the list and its statistics.
export class JobScopeQuery {
  @ApiPropertyOptional({ example: 'eu-store', description: 'shop code' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop?: string;

  @ApiPropertyOptional({ enum: TASKS })
  @IsOptional()
  @IsIn(TASKS, { message: `must be one of ${TASKS.join(', ')}` })
  task?: string;

  @ApiPropertyOptional({
    example: 'manual,schedule',
    description: `one trigger or several, comma separated: ${JOB_TRIGGERS.join(', ')}`,
  })
  @IsOptional()
  @Matches(oneOrMore(JOB_TRIGGERS), {
    message: `must be one or more of ${JOB_TRIGGERS.join(', ')}, comma separated`,
  })
  trigger?: string;

  @ApiPropertyOptional({
    example: '2026-12-01T00:00:00Z',
    description: 'jobs requested at or after this time (ISO 8601)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  since?: string;

  @ApiPropertyOptional({
    example: '2026-12-02T00:00:00Z',
    description: 'jobs requested before this time (ISO 8601, after `since`)',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'must be an ISO 8601 time' })
  until?: string;
}

export class ListJobsQuery extends IntersectionType(PageQuery, JobScopeQuery) {
  @ApiPropertyOptional({
    example: 'queued,running',
    description:
      'one status or several, comma separated; `waiting`: queued jobs another job of their shop+category holds back (one running, or a strict one not settled), `queued`: the others',
  })
  @IsOptional()
  @Matches(oneOrMore(JOB_VIEW_STATUSES), {
    message: `must be one or more of ${JOB_VIEW_STATUSES.join(', ')}, comma separated`,
  })
  status?: string;

  @ApiPropertyOptional({
    example: 'throttled',
    description:
      'search, 1–200 characters: a job id (exact) or a part of the error text (case-insensitive)',
    minLength: 1,
    maxLength: 200,
  })
  @IsOptional()
  @Length(1, 200, { message: 'must be 1 to 200 characters' })
  q?: string;
}

// The statistics' buckets: from a minute to a day, at most this many over since..until.
export const STATS_MAX_BUCKETS = 500;
export const STATS_DEFAULT_WINDOW_MS = 24 * 3600_000;

export class JobStatsQuery extends JobScopeQuery {
  @ApiPropertyOptional({
    example: 3600,
    minimum: 60,
    maximum: 86400,
    default: 3600,
    description: `bucket width in seconds; (until - since) / bucket at most ${STATS_MAX_BUCKETS}`,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of seconds' })
  @Min(60)
  @Max(86400)
  bucket?: number;
}
