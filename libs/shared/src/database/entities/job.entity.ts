import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { JobStatus, JobTrigger, JsonObject, Ordering } from '../../domain/tasks';
import { DateTimeColumn } from '../columns';

@Entity('jobs')
@Index('ix_jobs_shop_task_status', ['shopId', 'task', 'status'])
@Index('ix_jobs_retry_due', ['nextAttemptAt'], { where: `"status" = 'retry-scheduled'` })
@Index('ix_jobs_requested_at', ['requestedAt'])
@Index('ix_jobs_finished_at', ['finishedAt'], {
  where: `"status" IN ('succeeded', 'failed', 'cancelled', 'skipped', 'expired')`,
})
@Index('ix_jobs_delayed_due', ['notBefore'], { where: `"status" = 'delayed'` })
@Index('ix_jobs_expiry', ['expiresAt'], {
  where: `"expiresAt" IS NOT NULL AND "startedAt" IS NULL`,
})
@Index('ux_jobs_schedule_occurrence', ['scheduleId', 'occurrenceAt'], {
  unique: true,
  where: `"scheduleId" IS NOT NULL`,
})
// Parked jobs (strict ordering) by key, in the order they parked: few rows, so partial.
@Index('ix_jobs_parked', ['shopId', 'category', 'parkedSeq'], {
  where: `"parkedSeq" IS NOT NULL`,
})
@Index('ux_jobs_idempotency_key', ['idempotencyKey'], {
  unique: true,
  where: `"idempotencyKey" IS NOT NULL`,
})
export class JobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  shopId: string;

  @Column({ type: 'varchar', length: 32 })
  task: string;

  @Column({ type: 'varchar', length: 64 })
  category: string;

  @Column({ type: 'varchar', length: 20 })
  status: JobStatus;

  @Column({ type: 'varchar', length: 16 })
  trigger: JobTrigger;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'integer' })
  maxAttempts: number;

  @Column({ type: 'integer' })
  rerunDelaySeconds: number;

  @Column({ type: 'varchar', length: 16, default: 'fixed' })
  retryBackoff: 'fixed' | 'exponential';

  @Column({ type: 'simple-json', nullable: true })
  params: JsonObject | null;

  // Hash of task + params, so an identical queued request can be coalesced with one lookup.
  @Column({ type: 'varchar', length: 64 })
  paramsHash: string;

  @DateTimeColumn()
  requestedAt: Date;

  @DateTimeColumn({ nullable: true })
  startedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  finishedAt: Date | null;

  @DateTimeColumn({ nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  progressProcessed: number | null;

  @Column({ type: 'integer', nullable: true })
  progressTotal: number | null;

  @Column({ type: 'simple-json', nullable: true })
  summary: JsonObject | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  errorCode: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  scheduleId: string | null;

  @DateTimeColumn({ nullable: true })
  occurrenceAt: Date | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  parentJobId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'varchar', length: 64 })
  traceId: string;

  @Column({ type: 'boolean', default: false })
  cancelRequested: boolean;

  @Column({ type: 'integer', nullable: true })
  fencingToken: number | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  workerId: string | null;

  // A failure an operator has dealt with (acknowledged, or retried): no longer an open failure,
  // and a strict one stops holding its key.
  @DateTimeColumn({ nullable: true })
  acknowledgedAt: Date | null;

  // The API key (name) that acknowledged it.
  @Column({ type: 'varchar', length: 100, nullable: true })
  acknowledgedBy: string | null;

  @DateTimeColumn()
  updatedAt: Date;

  // How the job holds its key (its task's `ordering` setting when it was requested).
  @Column({ type: 'varchar', length: 8, default: 'lenient' })
  ordering: Ordering;

  // Set while the job is parked behind a strict job of its key (no message of it pending until
  // it is released): its place among the key's parked jobs, the lease token it parked under.
  @Column({ type: 'integer', nullable: true })
  parkedSeq: number | null;

  // When a parked job's run was requested again (null: parked, nothing pending).
  @DateTimeColumn({ nullable: true })
  releasedAt: Date | null;

  // The request's own timeout of one attempt, in seconds (null: settings.timeouts.<task>).
  @Column({ type: 'integer', nullable: true })
  timeoutSeconds: number | null;

  // A delayed job's earliest start: until then it waits `delayed` (job-timing.ts).
  @DateTimeColumn({ nullable: true })
  notBefore: Date | null;

  // A job still not started by then ends `expired`.
  @DateTimeColumn({ nullable: true })
  expiresAt: Date | null;
}
