import {
  IsIn,
  IsInt,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { Omittable } from './omittable';
import { TIMEOUT_BOUNDS } from '../settings/timeout-settings.v1';
import { Task, TASKS } from '../domain/tasks';
import { IsBoundedJson, PARAMS_BOUNDS } from '../validation/bounded-json';

// Value of shopsync.sync.commands.v1 (key: the shop code): a sync requested by another system.
// It becomes a job exactly like POST /v1/shops/:code/syncs, with trigger `kafka`.
export class SyncCommandV1 {
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop: string;

  @IsIn(TASKS)
  task: Task;

  @Omittable()
  @IsObject()
  @IsBoundedJson(PARAMS_BOUNDS)
  params?: Record<string, unknown>;

  // Commands with the same key make one job, however often they are delivered or sent.
  @Omittable()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string;

  // The request's own timing, as on POST /v1/shops/:code/syncs (checked by readJobTiming: a
  // bad value sends the command to the DLQ naming the field).
  @Omittable()
  @IsInt()
  @Min(TIMEOUT_BOUNDS.minSeconds)
  @Max(TIMEOUT_BOUNDS.maxSeconds)
  timeoutSeconds?: number;

  @Omittable()
  @IsString()
  @MaxLength(40)
  notBefore?: string;

  @Omittable()
  @IsString()
  @MaxLength(40)
  expiresAt?: string;
}
