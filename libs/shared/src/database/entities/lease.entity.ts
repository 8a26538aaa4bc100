import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../columns';

// One row per shop+category. `token` only grows: a write carrying an older token is refused.
@Entity('leases')
export class LeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  jobId: string | null;

  @Column({ type: 'integer' })
  token: number;

  @Column({ type: 'varchar', length: 100, nullable: true })
  holder: string | null;

  @DateTimeColumn({ nullable: true })
  heartbeatAt: Date | null;

  @DateTimeColumn({ nullable: true })
  expiresAt: Date | null;

  // The strict job that holds the key between runs (waiting for a retry, re-queued, or failed
  // and not acknowledged): every other job of the key parks behind it. Taking and releasing the
  // lease leave it alone.
  @Column({ type: 'varchar', length: 36, nullable: true })
  holdJobId: string | null;
}
