import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { JOB_TRIGGERS, JobTrigger, Task, TASKS } from '../domain/tasks';

// Value of shopsync.sync.requested.v1; key `<shopId>/<category>`.
export class SyncRequestedV1 {
  @IsUUID()
  jobId: string;

  @IsUUID()
  shopId: string;

  @IsIn(TASKS)
  task: Task;

  @IsString()
  @Length(1, 64)
  category: string;

  @IsIn(JOB_TRIGGERS)
  trigger: JobTrigger;

  @IsInt()
  @Min(1)
  @Max(10)
  attempt: number;

  @IsISO8601()
  requestedAt: string;

  @IsOptional()
  @IsObject()
  params?: Record<string, unknown>;

  @IsString()
  @Length(1, 64)
  traceId: string;
}
