import { IsIn, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { Task, TASKS } from '../domain/tasks';
import { IsBoundedJson, PARAMS_BOUNDS } from '../validation/bounded-json';

// Value of shopsync.sync.commands.v1 (key: the shop code): a sync requested by another system.
// It becomes a job exactly like POST /v1/shops/:code/syncs, with trigger `kafka`.
export class SyncCommandV1 {
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a shop code' })
  shop: string;

  @IsIn(TASKS)
  task: Task;

  @IsOptional()
  @IsObject()
  @IsBoundedJson(PARAMS_BOUNDS)
  params?: Record<string, unknown>;

  // Commands with the same key make one job, however often they are delivered or sent.
  @IsOptional()
  @IsString()
  @Length(1, 200)
  idempotencyKey?: string;
}
