import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { partitionKey } from '../contracts/partition-key';
import { JobEntity, LeaseEntity } from '../database/entities';
import { LeasesRepository } from '../leases/leases.repository';
import { jobKey } from './job-messages';
import { JobsRepository } from './jobs.repository';
import { holdsKey } from './key-hold';

// Parked jobs released per call; the rest go at the next call (the scheduler's sweep).
const RELEASE_BATCH = 500;

// Per-key order under retries (issue 19). A strict job holds its key from its first start until
// it settles (the lease row's holdJobId); every other job of the key that reaches a worker
// meanwhile is parked: its message is done (the partition's other keys go on), the job stays
// queued with its place (parkedSeq, the lease token it parked under, so parks are ordered even
// across workers), and its run is requested again through the outbox once nothing holds the
// key. A job that reaches a worker while parked jobs are ahead of it parks behind them. Releases
// happen right after a hold ends (worker, gateway) and in the scheduler's sweep, which also
// frees what a crash between the two left parked: no stuck jobs.
@Injectable()
export class KeyOrder {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly jobs: JobsRepository,
    private readonly leases: LeasesRepository,
  ) {}

  // The job that holds `job` back, or null when it may start now. Called under the key's lease.
  // `stranded`: nothing holds the key but a parked job ahead has no run requested (a crash
  // between a hold's end and the release): releasing the key now puts `job` behind it.
  async blockerOf(job: JobEntity): Promise<{ id: string; stranded: boolean } | null> {
    const key = jobKey(job);
    const hold = await this.currentHold(key);
    if (hold === job.id) return null;
    if (hold) return { id: hold, stranded: false };
    const qb = this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('p')
      .select(['p.id', 'p.releasedAt'])
      .where('p.shopId = :shopId AND p.category = :category AND p.parkedSeq IS NOT NULL', job)
      .andWhere('p.status = :queued AND p.id <> :id', { queued: 'queued', id: job.id });
    if (job.parkedSeq !== null) qb.andWhere('p.parkedSeq < :seq', { seq: job.parkedSeq });
    const ahead = await qb.orderBy('p.parkedSeq', 'ASC').getOne();
    return ahead ? { id: ahead.id, stranded: ahead.releasedAt === null } : null;
  }

  // Parks a queued job behind `blocker` (under the key's lease, `seq` its token); a job parked
  // again keeps its place. True when it was written; its first park writes a log line.
  async park(job: JobEntity, seq: number, blocker: string, now: Date): Promise<boolean> {
    const patch = { parkedSeq: job.parkedSeq ?? seq, releasedAt: null, updatedAt: now };
    if (!(await this.jobs.update(job.id, patch, { status: ['queued'] }))) return false;
    if (job.parkedSeq === null)
      await this.jobs.appendLog(
        job.id,
        job.attempt,
        'info',
        `waiting for job ${blocker}: a strict job holds its shop+category`,
        { waitingFor: blocker },
      );
    return true;
  }

  // Requests again, in the order they parked, the runs of the key's parked jobs, unless a strict
  // job still holds the key; lets go of a hold whose job settled. Callers may race (worker,
  // gateway, schedulers): each release is a compare-and-set, so one message per release.
  async release(shopId: string, category: string, now: Date): Promise<number> {
    const key = partitionKey(shopId, category);
    return this.jobs.transaction(async (manager) => {
      if (await this.currentHold(key, manager)) return 0;
      const parked = await manager
        .getRepository(JobEntity)
        .createQueryBuilder('p')
        .where('p.shopId = :shopId AND p.category = :category AND p.parkedSeq IS NOT NULL', {
          shopId,
          category,
        })
        .andWhere('p.releasedAt IS NULL AND p.status = :queued', { queued: 'queued' })
        .orderBy('p.parkedSeq', 'ASC')
        .take(RELEASE_BATCH)
        .getMany();
      const released: JobEntity[] = [];
      for (const job of parked) {
        const won = await manager
          .createQueryBuilder()
          .update(JobEntity)
          .set({ releasedAt: now, updatedAt: now })
          .where('id = :id AND "releasedAt" IS NULL AND status = :queued', {
            id: job.id,
            queued: 'queued',
          })
          .execute();
        if (won.affected) released.push({ ...job, releasedAt: now, updatedAt: now });
      }
      await this.jobs.requestRuns(
        manager,
        released.map((job) => ({
          job,
          requeued: true,
          log: { message: 'released: nothing holds its shop+category any more' },
        })),
        now,
      );
      return released.length;
    });
  }

  // Keys with parked jobs whose run is not requested: the sweep's work (most are still held).
  async strandedKeys(limit = 100): Promise<Array<{ shopId: string; category: string }>> {
    return this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('p')
      .select('p.shopId', 'shopId')
      .addSelect('p.category', 'category')
      .where('p.parkedSeq IS NOT NULL AND p.releasedAt IS NULL AND p.status = :queued', {
        queued: 'queued',
      })
      .groupBy('p.shopId')
      .addGroupBy('p.category')
      .limit(limit)
      .getRawMany();
  }

  // `waiting`, read: which job holds back each queued job given (a run of its key under the
  // lease, else the strict job holding the key). Two primary-key lookups for the lot.
  async waitingFor(jobs: JobEntity[]): Promise<Map<string, string>> {
    const queued = jobs.filter((j) => j.status === 'queued');
    const out = new Map<string, string>();
    if (!queued.length) return out;
    const keys = [...new Set(queued.map(jobKey))];
    const leases = await this.ds.getRepository(LeaseEntity).find({ where: { key: In(keys) } });
    const byKey = new Map(leases.map((l) => [l.key, l]));
    const holdIds = [...new Set(leases.flatMap((l) => (l.holdJobId ? [l.holdJobId] : [])))];
    const holders = holdIds.length
      ? await this.ds.getRepository(JobEntity).find({ where: { id: In(holdIds) } })
      : [];
    const holding = new Set(holders.filter(holdsKey).map((h) => h.id));
    for (const job of queued) {
      const lease = byKey.get(jobKey(job));
      if (!lease) continue;
      if (lease.jobId && lease.jobId !== job.id) out.set(job.id, lease.jobId);
      else if (lease.holdJobId && lease.holdJobId !== job.id && holding.has(lease.holdJobId))
        out.set(job.id, lease.holdJobId);
    }
    return out;
  }

  // The strict job holding the key, or null; a hold left by a job that settled is let go.
  private async currentHold(key: string, manager?: EntityManager): Promise<string | null> {
    const lease = await this.leases.findByKey(key, manager);
    const hold = lease?.holdJobId ?? null;
    if (!hold) return null;
    const holder = await this.jobs.findById(hold, manager);
    if (holder && holdsKey(holder)) return hold;
    await this.leases.unhold(key, hold, manager);
    return null;
  }
}
