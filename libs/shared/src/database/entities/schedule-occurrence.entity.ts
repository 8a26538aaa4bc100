import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// fired: a job was created; buffered: a job was created while the previous one still ran, and
// waits behind it; skipped: the overlap policy (or a disabled shop) held it back; missed: the
// scheduler was not running and the occurrence fell outside the catch-up, or was coalesced
// into the one catch-up run.
export const OCCURRENCE_OUTCOMES = ['fired', 'buffered', 'skipped', 'missed'] as const;
export type OccurrenceOutcome = (typeof OCCURRENCE_OUTCOMES)[number];

// What became of each occurrence of a schedule; unique per schedule and occurrence.
@Entity('schedule_occurrences')
@Index('ux_schedule_occurrences', ['scheduleId', 'occurrenceAt'], { unique: true })
@Index('ix_schedule_occurrences_recorded_at', ['recordedAt'])
export class ScheduleOccurrenceEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 36 })
  scheduleId: string;

  @DateTimeColumn()
  occurrenceAt: Date;

  @Column({ type: 'varchar', length: 16 })
  outcome: OccurrenceOutcome;

  @Column({ type: 'varchar', length: 36, nullable: true })
  jobId: string | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @DateTimeColumn()
  recordedAt: Date;
}
