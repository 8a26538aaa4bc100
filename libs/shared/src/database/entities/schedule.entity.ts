import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JsonObject } from '../../domain/tasks';
import type { Recurrence } from '../../schedules/recurrence/recurrence.types';
import { DateTimeColumn } from '../columns';

export const SCHEDULE_STATUSES = ['active', 'paused'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

// skip: no new job while this schedule's latest job is still queued or running;
// buffer-one: at most one job waits behind a running one; allow: every occurrence runs.
export const OVERLAP_POLICIES = ['skip', 'buffer-one', 'allow'] as const;
export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

// A recurring job queue entry. `nextRunAt` is the next *scheduled* occurrence (null when none
// is left: paused, expired, or a recurrence that ends); the scheduler advances it from the
// scheduled time, never from the time it fired, so nothing drifts.
@Entity('schedules')
@Index('ix_schedules_status_next_run', ['status', 'nextRunAt'])
@Index('ix_schedules_shop', ['shopId'])
export class ScheduleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 32 })
  task: string;

  @Column({ type: 'simple-json', nullable: true })
  params: JsonObject | null;

  @Column({ type: 'simple-json' })
  recurrence: Recurrence;

  // The recurrence's zone, repeated as a column for listing and filtering.
  @Column({ type: 'varchar', length: 64 })
  timeZone: string;

  @Column({ type: 'varchar', length: 16 })
  status: ScheduleStatus;

  @Column({ type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'integer' })
  rerunDelaySeconds: number;

  @Column({ type: 'varchar', length: 16, default: 'skip' })
  overlapPolicy: OverlapPolicy;

  // After downtime the latest missed occurrence still runs when it is at most this old; 0 = never.
  @Column({ type: 'integer', default: 3600 })
  catchUpWindowSeconds: number;

  @DateTimeColumn({ nullable: true })
  earliestStartAt: Date | null;

  @DateTimeColumn({ nullable: true })
  expiresAt: Date | null;

  @DateTimeColumn({ nullable: true })
  nextRunAt: Date | null;

  // The latest occurrence the scheduler has dealt with (fired, skipped or missed).
  @DateTimeColumn({ nullable: true })
  lastScheduledAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  lastJobId: string | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn()
  updatedAt: Date;

  // Grows on every write; writers compare-and-set on it.
  @Column({ type: 'integer', default: 1 })
  version: number;
}
