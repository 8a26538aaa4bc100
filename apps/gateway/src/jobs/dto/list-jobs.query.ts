import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { JOB_VIEW_STATUSES, TASKS } from '@shopsync/shared';
import { PageQuery } from '../../common/page.query';

export class ListJobsQuery extends PageQuery {
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
    description:
      'one status or several, comma separated; `waiting`: queued jobs another job of their shop+category holds back (one running, or a strict one not settled), `queued`: the others',
  })
  @IsOptional()
  @Matches(new RegExp(`^(${JOB_VIEW_STATUSES.join('|')})(,(${JOB_VIEW_STATUSES.join('|')}))*$`), {
    message: `must be one or more of ${JOB_VIEW_STATUSES.join(', ')}, comma separated`,
  })
  status?: string;
}
