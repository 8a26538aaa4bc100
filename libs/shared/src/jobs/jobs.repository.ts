import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { pgPrepared, pgUnnestInsert, SqlPart, withClauses } from '../database/pg-statements';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JobEntity, JobLogEntity, OutboxEntity, ShopEntity } from '../database/entities';
import { JobStatus, JobViewStatus, JsonObject } from '../domain/tasks';
import { waitingSql } from './key-hold';
import { OutboxPublisher, rowsOf } from '../outbox/outbox.publisher';
import {
  LogLevel,
  logLinesOf,
  newJobsOf,
  NewLogLine,
  requestMessageOf,
  RunRequest,
} from './run-requests';

export interface JobFilter {
  shopId?: string;
  // Any of these shops (a key limited to shops lists only theirs).
  shopIds?: string[];
  task?: string;
  // Stored statuses, and `waiting` (queued and held back) apart from `queued` (free to start).
  status?: JobViewStatus[];
  limit: number;
  offset: number;
}

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

  // The one way to ask for runs: the new jobs, every request's outbox row and first log lines,
  // all or nothing. Given the caller's transaction (`manager`) they commit with its work and the
  // publisher is kicked after that commit. Without one they are written on their own, on
  // PostgreSQL as one statement (three array inserts as WITH clauses, prepared once; the
  // gateway's group commit relies on it), elsewhere in one transaction.
  async requestRuns(
    manager: EntityManager | null,
    requests: RunRequest[],
    now: Date,
  ): Promise<void> {
    if (!requests.length) return;
    if (manager) {
      await this.enqueue(
        manager,
        newJobsOf(requests),
        now,
        requests.filter((r) => r.requeued),
      );
      await this.appendLogs(logLinesOf(requests), manager);
      this.outbox.kickAfterCommit(manager);
    } else if (this.ds.options.type === 'postgres') {
      await this.requestRunsInOneStatement(requests, now);
      this.outbox.kick();
    } else {
      await this.transaction((m) => this.requestRuns(m, requests, now));
    }
  }

  // Inserts jobs and the sync.requested messages of them and of re-queued ones in the caller's
  // transaction, without log lines or a kick (the caller publishes: the outbox relay's tests).
  async enqueue(
    manager: EntityManager,
    jobs: JobEntity[],
    now: Date,
    requeued: RunRequest[] = [],
  ): Promise<void> {
    // Entities are complete rows; TypeORM's deep-partial type chokes on recursive JSON columns.
    // updateEntity(false): on SQLite, TypeORM re-reads defaulted columns of a multi-row insert and
    // merges them back by position, which can hand one job's id to another object.
    if (jobs.length)
      await manager
        .createQueryBuilder()
        .insert()
        .into(JobEntity)
        .values(jobs as QueryDeepPartialEntity<JobEntity>[])
        .updateEntity(false)
        .execute();
    const messages = [...jobs, ...requeued.map((r) => r.job)].map(requestMessageOf);
    await this.outbox.add(manager, messages, now);
  }

  private async requestRunsInOneStatement(requests: RunRequest[], now: Date): Promise<void> {
    const jobs = newJobsOf(requests);
    const logs = logLinesOf(requests);
    const at = new Date();
    const parts: Array<[string, SqlPart]> = [];
    if (jobs.length) parts.push(['new_jobs', pgUnnestInsert(this.ds, JobEntity, jobs)]);
    parts.push([
      'new_outbox',
      pgUnnestInsert(
        this.ds,
        OutboxEntity,
        rowsOf(
          requests.map((r) => requestMessageOf(r.job)),
          now,
        ),
      ),
    ]);
    if (logs.length)
      parts.push([
        'new_logs',
        pgUnnestInsert(
          this.ds,
          JobLogEntity,
          logs.map((l) => ({ ...l, data: l.data ?? null, at })),
        ),
      ]);
    const { sql, params } = withClauses(parts, { sql: 'SELECT 1', params: [] });
    await pgPrepared(this.ds, sql, params);
  }

  findById(id: string, manager?: EntityManager): Promise<JobEntity | null> {
    return (manager ?? this.ds.manager).findOne(JobEntity, { where: { id } });
  }

  // Still-queued jobs that may be twins of a batch of requests to these shops (by code; the
  // caller matches shop, task and hash).
  findQueuedTwins(shopCodes: string[], hashes: string[]): Promise<JobEntity[]> {
    if (!shopCodes.length || !hashes.length) return Promise.resolve([]);
    return (
      this.ds
        .getRepository(JobEntity)
        .createQueryBuilder('j')
        .innerJoin(ShopEntity, 's', 's.id = j.shopId')
        .where('s.code IN (:...codes) AND j.paramsHash IN (:...hashes) AND j.status = :status', {
          codes: shopCodes,
          hashes,
          status: 'queued',
        })
        // A job with its own timing is nobody's twin (a request with timing never coalesces).
        .andWhere('j.timeoutSeconds IS NULL AND j.notBefore IS NULL AND j.expiresAt IS NULL')
        .orderBy('j.requestedAt', 'ASC')
        .getMany()
    );
  }

  findByIdempotencyKeys(keys: string[]): Promise<JobEntity[]> {
    if (!keys.length) return Promise.resolve([]);
    return this.ds.getRepository(JobEntity).find({ where: { idempotencyKey: In(keys) } });
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

  // Delayed jobs whose notBefore has come, earliest first.
  dueDelayed(now: Date, limit = 200): Promise<JobEntity[]> {
    return this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where('j.status = :status AND j.notBefore <= :now', { status: 'delayed', now })
      .orderBy('j.notBefore', 'ASC')
      .take(limit)
      .getMany();
  }

  // Jobs never started whose expiresAt has passed (queued, parked, or delayed).
  expiredUnstarted(now: Date, limit = 200): Promise<JobEntity[]> {
    return this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where('j.expiresAt IS NOT NULL AND j.startedAt IS NULL AND j.expiresAt <= :now', { now })
      .andWhere('j.status IN (:...statuses)', { statuses: ['queued', 'delayed'] })
      .orderBy('j.expiresAt', 'ASC')
      .take(limit)
      .getMany();
  }

  findByIdempotencyKey(key: string): Promise<JobEntity | null> {
    return this.ds.getRepository(JobEntity).findOne({ where: { idempotencyKey: key } });
  }

  async list(filter: JobFilter): Promise<{ items: JobEntity[]; total: number }> {
    const where: FindOptionsWhere<JobEntity> = {};
    if (filter.shopId) where.shopId = filter.shopId;
    else if (filter.shopIds) where.shopId = In(filter.shopIds);
    if (filter.task) where.task = filter.task;
    const qb = this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where(where)
      .orderBy('j.requestedAt', 'DESC')
      .addOrderBy('j.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset);
    const status = filter.status ?? [];
    if (status.length) {
      const waiting = status.includes('waiting');
      const queued = status.includes('queued');
      const stored = status.filter((s): s is JobStatus => s !== 'waiting' && s !== 'queued');
      if (queued || waiting) stored.push('queued');
      // `waiting` is read, never stored (key-hold.ts): queued and held back, or queued and free.
      const held = waiting === queued ? '' : ` AND ${waiting ? '' : 'NOT '}${waitingSql('j')}`;
      qb.andWhere(
        `(j.status IN (:...stored)${held ? ` AND (j.status <> 'queued' OR (1 = 1${held}))` : ''})`,
        { stored },
      );
    }
    const [items, total] = await qb.getManyAndCount();
    return { items, total };
  }

  async update(
    id: string,
    patch: Partial<JobEntity>,
    // `unstarted`: only while the job has never started.
    expect?: { status?: JobStatus[]; fencingToken?: number; unstarted?: boolean },
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
    if (expect?.unstarted) qb.andWhere('"startedAt" IS NULL');
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

  // Several log rows in one statement (the caller's transaction, if any).
  async appendLogs(rows: NewLogLine[], manager?: EntityManager): Promise<void> {
    if (!rows.length) return;
    const at = new Date();
    await (manager ?? this.ds.manager).getRepository(JobLogEntity).insert(
      rows.map((r) => ({
        ...r,
        data: r.data ?? null,
        at,
      })) as QueryDeepPartialEntity<JobLogEntity>[],
    );
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
