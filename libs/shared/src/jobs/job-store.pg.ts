import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { LeasesRepository } from '../leases/leases.repository';
import { NotificationSubscriptions } from '../notifications/notification-subscriptions';
import { ShopsRepository } from '../shops/shops.repository';
import { asOutcomePatch, PgJobTransitions } from './job-transitions.pg';
import { ClaimResult, Finish, JobStore } from './job-store';
import { JobsRepository } from './jobs.repository';
import { holdAfter } from './key-hold';
import { KeyOrder } from './key-order';

// PostgreSQL: claim and finish, the worker's hot transitions, as one batched statement each
// (see job-transitions.pg.ts); a finish that queues follow-ups, writes more than an outcome, or
// raises a notification (a final failure; a success its shop subscribed to) takes the portable
// transaction, which records the notification with the outcome.
@Injectable()
export class PgJobStore extends JobStore {
  constructor(
    @InjectDataSource() ds: DataSource,
    jobs: JobsRepository,
    leases: LeasesRepository,
    shops: ShopsRepository,
    order: KeyOrder,
    private readonly transitions: PgJobTransitions,
    private readonly subscriptions: NotificationSubscriptions,
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

  override async finish(f: Finish, now: Date): Promise<boolean> {
    const notifies =
      f.patch.status === 'failed' ||
      (f.patch.status === 'succeeded' && (await this.subscriptions.wantsSuccesses(f.job.shopId)));
    const outcome = f.chained?.length || notifies ? null : asOutcomePatch(f.patch);
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
  subscriptions: NotificationSubscriptions,
): JobStore {
  return ds.options.type === 'postgres'
    ? new PgJobStore(ds, jobs, leases, shops, order, transitions, subscriptions)
    : new JobStore(ds, jobs, leases, shops, order);
}
