import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeasesRepository } from '../leases/leases.repository';
import { ShopsRepository } from '../shops/shops.repository';
import { asOutcomePatch, PgJobTransitions } from './job-transitions.pg';
import { ClaimResult, Finish, JobStore } from './job-store';
import { JobsRepository } from './jobs.repository';
import { holdAfter } from './key-hold';
import { KeyOrder } from './key-order';

// PostgreSQL: claim and finish, the worker's hot transitions, as one batched statement each
// (see job-transitions.pg.ts); a finish that queues follow-ups, or writes more than an outcome,
// takes the portable transaction.
@Injectable()
export class PgJobStore extends JobStore {
  constructor(
    @InjectDataSource() ds: DataSource,
    jobs: JobsRepository,
    leases: LeasesRepository,
    shops: ShopsRepository,
    order: KeyOrder,
    private readonly transitions: PgJobTransitions,
  ) {
    super(ds, jobs, leases, shops, order);
  }

  override claim(
    job: { id: string; key: string },
    holder: string,
    now: Date,
    ttlMs: number,
  ): Promise<ClaimResult> {
    return this.transitions.claim(job, holder, now, ttlMs);
  }

  override finish(f: Finish, now: Date): Promise<boolean> {
    const outcome = f.chained?.length ? null : asOutcomePatch(f.patch);
    if (!outcome) return super.finish(f, now);
    return this.transitions.finish(
      f.job.id,
      outcome,
      { status: f.job.status, fencingToken: f.token },
      f.lease,
      f.line,
      holdAfter(f.job, f.patch.status),
    );
  }
}

// The store the database calls for.
export function jobStoreFor(
  ds: DataSource,
  jobs: JobsRepository,
  leases: LeasesRepository,
  shops: ShopsRepository,
  order: KeyOrder,
  transitions: PgJobTransitions,
): JobStore {
  return ds.options.type === 'postgres'
    ? new PgJobStore(ds, jobs, leases, shops, order, transitions)
    : new JobStore(ds, jobs, leases, shops, order);
}
