import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// A message committed with the state change that caused it; published by whoever flushes first.
@Entity('outbox')
@Index('ix_outbox_unpublished', ['publishedAt', 'id'])
export class OutboxEntity {
  @PrimaryGeneratedColumn('increment')
  id: number;

  @Column({ type: 'varchar', length: 200 })
  topic: string;

  @Column({ type: 'varchar', length: 300 })
  key: string;

  @Column({ type: 'text' })
  payload: string;

  @Column({ type: 'simple-json', nullable: true })
  headers: Record<string, string> | null;

  @DateTimeColumn()
  createdAt: Date;

  @DateTimeColumn({ nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  // Set when the broker refused the row for good; `lastError` says why. Never retried.
  @DateTimeColumn({ nullable: true })
  failedAt: Date | null;
}
