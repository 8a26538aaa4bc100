import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import { JOB_VIEW_STATUSES, JobViewStatus } from '../domain/tasks';

export class JobProgressV1 {
  @IsInt()
  @Min(0)
  processed: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  total?: number;
}

// Value of shopsync.sync.lifecycle.v1; same key as the request.
export class SyncLifecycleV1 {
  @IsUUID()
  jobId: string;

  // `waiting`: queued behind `waitingFor` (a job of its key running, or a strict one holding it).
  @IsIn(JOB_VIEW_STATUSES)
  status: JobViewStatus;

  @IsOptional()
  @IsUUID()
  waitingFor?: string;

  @IsISO8601()
  at: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  attempt?: number;

  @IsOptional()
  @ValidateNested()
  @Type(() => JobProgressV1)
  progress?: JobProgressV1;

  @IsOptional()
  @IsObject()
  summary?: Record<string, unknown>;

  @IsOptional()
  @IsString()
  error?: string;
}
