import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { JOB_STATUSES, TASKS } from '@shopsync/shared';

export class ListJobsQuery {
  @ApiPropertyOptional({ example: 'eu-store', description: 'shop code' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop?: string;

  @ApiPropertyOptional({ enum: TASKS })
  @IsOptional()
  @IsIn(TASKS)
  task?: string;

  @ApiPropertyOptional({
    example: 'queued,running',
    description: 'one status or several, comma separated',
  })
  @IsOptional()
  @Matches(new RegExp(`^(${JOB_STATUSES.join('|')})(,(${JOB_STATUSES.join('|')}))*$`), {
    message: `must be one or more of ${JOB_STATUSES.join(', ')}, comma separated`,
  })
  status?: string;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
