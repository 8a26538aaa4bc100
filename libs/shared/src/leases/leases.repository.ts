import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LeaseEntity } from '../database/entities';

export interface Lease {
  key: string;
  token: number;
  jobId: string;
}

export type AcquireResult =
  | { acquired: true; lease: Lease; previous: LeaseEntity | null }
  | { acquired: false; holder: LeaseEntity };

// Guarantee 2: one run per shop+category, enforced here and not by Kafka. Every take-over bumps
// the token; writes elsewhere carry it, so a run that lost its lease cannot change anything.
@Injectable()
export class LeasesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async tryAcquire(
    key: string,
    jobId: string,
    holder: string,
    now: Date,
    ttlMs: number,
  ): Promise<AcquireResult> {
    const repo = this.ds.getRepository(LeaseEntity);
    const expiresAt = new Date(now.getTime() + ttlMs);
    const current = await repo.findOne({ where: { key } });
    if (!current) {
      try {
        await repo.insert({ key, jobId, token: 1, holder, heartbeatAt: now, expiresAt });
        return { acquired: true, lease: { key, token: 1, jobId }, previous: null };
      } catch {
        const winner = await repo.findOne({ where: { key } });
        return winner
          ? { acquired: false, holder: winner }
          : this.tryAcquire(key, jobId, holder, now, ttlMs);
      }
    }
    const free =
      current.jobId === null ||
      current.expiresAt === null ||
      current.expiresAt.getTime() <= now.getTime();
    if (!free) return { acquired: false, holder: current };
    const token = current.token + 1;
    const result = await repo
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ jobId, token, holder, heartbeatAt: now, expiresAt })
      .where('key = :key AND token = :old', { key, old: current.token })
      .execute();
    if (!result.affected) {
      const winner = await repo.findOne({ where: { key } });
      return { acquired: false, holder: winner ?? current };
    }
    return { acquired: true, lease: { key, token, jobId }, previous: current };
  }

  async heartbeat(lease: Lease, now: Date, ttlMs: number): Promise<boolean> {
    const result = await this.ds
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ heartbeatAt: now, expiresAt: new Date(now.getTime() + ttlMs) })
      .where('key = :key AND token = :token', { key: lease.key, token: lease.token })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async release(lease: Lease, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.ds.manager)
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ jobId: null, holder: null, expiresAt: null })
      .where('key = :key AND token = :token', { key: lease.key, token: lease.token })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  // The reaper takes an expired lease over (bumping the token) so a late heartbeat from a
  // worker that was only slow, not dead, fails and that worker stops.
  async seizeExpired(
    key: string,
    token: number,
    now: Date,
    manager: EntityManager,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ jobId: null, holder: null, expiresAt: null, token: token + 1 })
      .where('key = :key AND token = :token AND "expiresAt" <= :now', { key, token, now })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  findByKey(key: string, manager?: EntityManager): Promise<LeaseEntity | null> {
    return (manager ?? this.ds.manager).findOne(LeaseEntity, { where: { key } });
  }

  // A strict job holds the key between its runs (see LeaseEntity.holdJobId). The row exists:
  // the job ran under this key's lease.
  async hold(key: string, jobId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.ds.manager)
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ holdJobId: jobId })
      .where('key = :key', { key })
      .execute();
  }

  // Lets go of the key's hold while `jobId` (and only it) holds it.
  async unhold(key: string, jobId: string, manager?: EntityManager): Promise<boolean> {
    const result = await (manager ?? this.ds.manager)
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ holdJobId: null })
      .where('key = :key AND "holdJobId" = :jobId', { key, jobId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  // Hands the hold from a failed job to its retry (only while the failed one holds it).
  async passHold(key: string, from: string, to: string, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(LeaseEntity)
      .set({ holdJobId: to })
      .where('key = :key AND "holdJobId" = :from', { key, from })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  expired(now: Date, limit = 100): Promise<LeaseEntity[]> {
    return this.ds
      .getRepository(LeaseEntity)
      .createQueryBuilder('l')
      .where('l.jobId IS NOT NULL AND l.expiresAt <= :now', { now })
      .orderBy('l.expiresAt', 'ASC')
      .take(limit)
      .getMany();
  }
}
