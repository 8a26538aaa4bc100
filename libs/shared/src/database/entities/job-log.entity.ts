import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonObject } from '../../domain/tasks';
import { DateTimeColumn } from '../columns';

@Entity('job_logs')
@Index('ix_job_logs_job', ['jobId', 'id'])
export class JobLogEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 36 })
  jobId: string;

  @DateTimeColumn()
  at: Date;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'varchar', length: 8 })
  level: 'info' | 'warn' | 'error';

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'simple-json', nullable: true })
  data: JsonObject | null;
}
