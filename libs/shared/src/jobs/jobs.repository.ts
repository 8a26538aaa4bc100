import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TOPICS } from '../contracts/topics';
import { JobEntity, JobLogEntity } from '../database/entities';
import { JobStatus, JsonObject } from '../domain/tasks';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { jobKey, syncRequestedOf, traceparent } from './job-messages';

export interface JobFilter {
  shopId?: string;
  task?: string;
  status?: JobStatus[];
  limit: number;
  offset: number;
}

export type LogLevel = 'info' | 'warn' | 'error';

// Jobs and their logs, shared by the three apps. Every state change that must reach the worker
// is written together with its outbox row.
@Injectable()
export class JobsRepository {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxPublisher,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  // Inserts jobs and their sync.requested messages in the caller's transaction.
  async enqueue(manager: EntityManager, jobs: JobEntity[], now: Date): Promise<void> {
    if (!jobs.length) return;
    // Entities are complete rows; TypeORM's deep-partial type chokes on recursive JSON columns.
    await manager.getRepository(JobEntity).insert(jobs as QueryDeepPartialEntity<JobEntity>[]);
    await this.requestRun(manager, jobs, now);
  }

  // The outbox rows that ask a worker to run (or re-run) these jobs.
  async requestRun(manager: EntityManager, jobs: JobEntity[], now: Date): Promise<void> {
    await this.outbox.add(
      manager,
      jobs.map((job) => ({
        topic: TOPICS.syncRequested,
        key: jobKey(job),
        payload: syncRequestedOf(job),
        headers: { traceparent: traceparent(job.traceId) },
      })),
      now,
    );
  }

  publishSoon(): void {
    this.outbox.kick();
  }

  findById(id: string, manager?: EntityManager): Promise<JobEntity | null> {
    return (manager ?? this.ds.manager).findOne(JobEntity, { where: { id } });
  }

  // A still-queued job of the same shop, task and params, for coalescing.
  findQueuedTwin(shopId: string, task: string, paramsHash: string): Promise<JobEntity | null> {
    return this.ds.getRepository(JobEntity).findOne({
      where: { shopId, task, paramsHash, status: 'queued' },
      order: { requestedAt: 'ASC' },
    });
  }

  dueRetries(now: Date, limit = 200): Promise<JobEntity[]> {
    return this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where('j.status = :status AND j.nextAttemptAt <= :now', { status: 'retry-scheduled', now })
      .orderBy('j.nextAttemptAt', 'ASC')
      .take(limit)
      .getMany();
  }

  findByIdempotencyKey(key: string): Promise<JobEntity | null> {
    return this.ds.getRepository(JobEntity).findOne({ where: { idempotencyKey: key } });
  }

  async list(filter: JobFilter): Promise<{ items: JobEntity[]; total: number }> {
    const where: FindOptionsWhere<JobEntity> = {};
    if (filter.shopId) where.shopId = filter.shopId;
    if (filter.task) where.task = filter.task;
    if (filter.status?.length) where.status = In(filter.status);
    const [items, total] = await this.ds.getRepository(JobEntity).findAndCount({
      where,
      order: { requestedAt: 'DESC', id: 'ASC' },
      take: filter.limit,
      skip: filter.offset,
    });
    return { items, total };
  }

  async update(
    id: string,
    patch: Partial<JobEntity>,
    expect?: { status?: JobStatus[]; fencingToken?: number },
    manager?: EntityManager,
  ): Promise<boolean> {
    const qb = (manager ?? this.ds.manager)
      .createQueryBuilder()
      .update(JobEntity)
      .set(patch as QueryDeepPartialEntity<JobEntity>)
      .where('id = :id', { id });
    if (expect?.status) qb.andWhere('status IN (:...statuses)', { statuses: expect.status });
    if (expect?.fencingToken !== undefined)
      qb.andWhere('"fencingToken" = :token', { token: expect.fencingToken });
    const result = await qb.execute();
    return (result.affected ?? 0) > 0;
  }

  async appendLog(
    jobId: string,
    attempt: number,
    level: LogLevel,
    message: string,
    data?: JsonObject,
    manager?: EntityManager,
  ): Promise<void> {
    const row: Omit<JobLogEntity, 'id'> = {
      jobId,
      attempt,
      level,
      message,
      data: data ?? null,
      at: new Date(),
    };
    await (manager ?? this.ds.manager)
      .getRepository(JobLogEntity)
      .insert(row as QueryDeepPartialEntity<JobLogEntity>);
  }

  logs(jobId: string, afterId = 0, limit = 500): Promise<JobLogEntity[]> {
    return this.ds
      .getRepository(JobLogEntity)
      .createQueryBuilder('l')
      .where('l.jobId = :jobId AND l.id > :afterId', { jobId, afterId })
      .orderBy('l.id', 'ASC')
      .take(limit)
      .getMany();
  }
}
