import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere, In, SelectQueryBuilder } from 'typeorm';
import {
  pgColumns,
  pgHydrate,
  pgPrepared,
  pgUnnestInsert,
  SqlPart,
  withClauses,
} from '../database/pg-statements';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { JobEntity, JobLogEntity, OutboxEntity, ShopEntity } from '../database/entities';
import {
  JOB_VIEW_STATUSES,
  JobStatus,
  JobTrigger,
  JobViewStatus,
  JsonObject,
  TERMINAL_STATUSES,
} from '../domain/tasks';
import { waitingSql } from './key-hold';
import { OutboxPublisher, rowsOf } from '../outbox/outbox.publisher';
import {
  LogLevel,
  logLinesOf,
  newJobsOf,
  NewLogLine,
  RunRequest,
  runMessagesOf,
} from './run-requests';

// Which jobs a list or its statistics covers.
export interface JobScope {
  shopId?: string;
  // Any of these shops (a key limited to shops lists only theirs).
  shopIds?: string[];
  task?: string;
  trigger?: JobTrigger[];
  // Requested in [since, until).
  since?: Date;
  until?: Date;
}

export interface JobFilter extends JobScope {
  // Stored statuses, and `waiting` (queued and held back) apart from `queued` (free to start).
  status?: JobViewStatus[];
  // A job id (exact) or a part of the error text (case-insensitive).
  q?: string;
  limit: number;
  offset: number;
}

// Jobs finished in one bucket of a statistics window.
export interface JobBucket {
  start: Date;
  finished: number;
  succeeded: number;
  failed: number;
}

export interface JobStats {
  // Jobs of the scope by status (`waiting` apart from `queued`).
  counts: Record<JobViewStatus, number>;
  buckets: JobBucket[];
}

// LIKE with its wildcards taken literally (escape character `\`).
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

// Jobs and their logs, shared by the three apps. Every state change that must reach the worker
// is written together with its outbox row.
@Injectable()
export class JobsRepository {
  private shopsAndTwinsSql?: string;

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
    if (manager && this.ds.options.type === 'postgres') {
      // The same single statement in the caller's transaction (the scheduler's batches): TypeORM's
      // multi-row insert builder costs more CPU than the inserts themselves.
      const { sql, params } = this.runsStatement(requests, now);
      await manager.query(sql, params);
      this.outbox.kickAfterCommit(manager);
    } else if (manager) {
      await this.enqueue(
        manager,
        newJobsOf(requests),
        now,
        requests.filter((r) => r.requeued),
        new Map(requests.map((r) => [r.job, r.traceHeaders])),
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
    traced = new Map<JobEntity, Record<string, string> | undefined>(),
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
    const messages = [...jobs, ...requeued.map((r) => r.job)].flatMap((job) =>
      runMessagesOf(job, now, traced.get(job)),
    );
    await this.outbox.add(manager, messages, now);
  }

  private async requestRunsInOneStatement(requests: RunRequest[], now: Date): Promise<void> {
    const { sql, params } = this.runsStatement(requests, now);
    await pgPrepared(this.ds, sql, params);
  }

  // The new jobs, every request's outbox row and the first log lines as one PostgreSQL statement
  // (three array inserts as WITH clauses; its text depends only on which parts are present).
  private runsStatement(requests: RunRequest[], now: Date): SqlPart {
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
          requests.flatMap((r) => runMessagesOf(r.job, now, r.traceHeaders)),
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
    return withClauses(parts, { sql: 'SELECT 1', params: [] });
  }

  findById(id: string, manager?: EntityManager): Promise<JobEntity | null> {
    return (manager ?? this.ds.manager).findOne(JobEntity, { where: { id } });
  }

  // Still-queued jobs that may be twins of a batch of requests to these shops (by code; the
  // caller matches shop, task and hash).
  // The shops of these codes and their queued twins (as findQueuedTwins) together: a request
  // batch needs both before it writes. On PostgreSQL one statement (shops joined with their
  // twins), elsewhere the two reads.
  async findShopsAndQueuedTwins(
    shopCodes: string[],
    hashes: string[],
  ): Promise<{ shops: ShopEntity[]; twins: JobEntity[] }> {
    if (!shopCodes.length) return { shops: [], twins: [] };
    if (this.ds.options.type !== 'postgres') {
      const [shops, twins] = await Promise.all([
        this.ds.getRepository(ShopEntity).find({ where: { code: In(shopCodes) } }),
        this.findQueuedTwins(shopCodes, hashes),
      ]);
      return { shops, twins };
    }
    this.shopsAndTwinsSql ??= `SELECT ${pgColumns(this.ds, ShopEntity, 'sh', '__shop_')},
        ${pgColumns(this.ds, JobEntity, 'j', '__job_')}
      FROM shops sh LEFT JOIN jobs j ON j."shopId" = sh.id AND j."paramsHash" = ANY($2::text[])
        AND j.status = 'queued'
        AND j."timeoutSeconds" IS NULL AND j."notBefore" IS NULL AND j."expiresAt" IS NULL
      WHERE sh.code = ANY($1::text[])
      ORDER BY j."requestedAt" ASC NULLS LAST`;
    const rows = await pgPrepared<Record<string, unknown>>(this.ds, this.shopsAndTwinsSql, [
      shopCodes,
      hashes,
    ]);
    const shops = new Map<string, ShopEntity>();
    const twins: JobEntity[] = [];
    for (const row of rows) {
      const id = row.__shop_id as string;
      if (!shops.has(id)) shops.set(id, pgHydrate(this.ds, ShopEntity, row, '__shop_'));
      if (row.__job_id != null) twins.push(pgHydrate(this.ds, JobEntity, row, '__job_'));
    }
    return { shops: [...shops.values()], twins };
  }

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

  private scoped(scope: JobScope): SelectQueryBuilder<JobEntity> {
    const where: FindOptionsWhere<JobEntity> = {};
    if (scope.shopId) where.shopId = scope.shopId;
    else if (scope.shopIds?.length) where.shopId = In(scope.shopIds);
    if (scope.task) where.task = scope.task;
    if (scope.trigger?.length) where.trigger = In(scope.trigger);
    const qb = this.ds.getRepository(JobEntity).createQueryBuilder('j').where(where);
    // None of no shops.
    if (!scope.shopId && scope.shopIds && !scope.shopIds.length) qb.andWhere('1 = 0');
    if (scope.since) qb.andWhere('j.requestedAt >= :since', { since: scope.since });
    if (scope.until) qb.andWhere('j.requestedAt < :until', { until: scope.until });
    return qb;
  }

  async list(filter: JobFilter): Promise<{ items: JobEntity[]; total: number }> {
    const qb = this.scoped(filter)
      .orderBy('j.requestedAt', 'DESC')
      .addOrderBy('j.id', 'ASC')
      .take(filter.limit)
      .skip(filter.offset);
    if (filter.q)
      qb.andWhere(`(j.id = :q OR LOWER(j.error) LIKE LOWER(:pattern) ESCAPE '\\')`, {
        q: filter.q,
        pattern: `%${likeLiteral(filter.q)}%`,
      });
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

  // The scope's jobs by status, and those of them that finished in [since, until) counted per
  // `bucketSeconds` from `since` (every bucket listed, empty ones too).
  async stats(
    scope: JobScope & { since: Date; until: Date },
    bucketSeconds: number,
  ): Promise<JobStats> {
    const counts = Object.fromEntries(JOB_VIEW_STATUSES.map((s) => [s, 0])) as Record<
      JobViewStatus,
      number
    >;
    const byStatus = await this.scoped(scope)
      .select('j.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .addSelect(
        `SUM(CASE WHEN j.status = 'queued' AND ${waitingSql('j')} THEN 1 ELSE 0 END)`,
        'held',
      )
      .groupBy('j.status')
      .getRawMany<{ status: JobStatus; n: string | number; held: string | number | null }>();
    for (const row of byStatus) {
      const held = Number(row.held ?? 0);
      counts[row.status] = Number(row.n) - (row.status === 'queued' ? held : 0);
      if (row.status === 'queued') counts.waiting = held;
    }
    // Seconds from `since` over the bucket width, rounded down (finishedAt >= since: SQLite's
    // integer division rounds down too).
    const bucket =
      this.ds.options.type === 'postgres'
        ? `FLOOR((EXTRACT(EPOCH FROM j."finishedAt") - :from) / :size)`
        : `(CAST(strftime('%s', j."finishedAt") AS INTEGER) - :from) / :size`;
    const from = Math.floor(scope.since.getTime() / 1000);
    const finished = await this.scoped({ ...scope, since: undefined, until: undefined })
      .select(bucket, 'bucket')
      .addSelect('COUNT(*)', 'finished')
      .addSelect(`SUM(CASE WHEN j.status = 'succeeded' THEN 1 ELSE 0 END)`, 'succeeded')
      .addSelect(`SUM(CASE WHEN j.status = 'failed' THEN 1 ELSE 0 END)`, 'failed')
      .andWhere('j.status IN (:...terminal)', { terminal: TERMINAL_STATUSES })
      .andWhere('j.finishedAt >= :since AND j.finishedAt < :until', {
        since: scope.since,
        until: scope.until,
      })
      .setParameters({ from, size: bucketSeconds })
      .groupBy('bucket')
      .getRawMany<Record<'bucket' | 'finished' | 'succeeded' | 'failed', string | number>>();
    const span = scope.until.getTime() - scope.since.getTime();
    const buckets: JobBucket[] = Array.from(
      { length: Math.ceil(span / (bucketSeconds * 1000)) },
      (_, i) => ({
        start: new Date(scope.since.getTime() + i * bucketSeconds * 1000),
        finished: 0,
        succeeded: 0,
        failed: 0,
      }),
    );
    for (const row of finished) {
      const bucket = buckets[Number(row.bucket)];
      if (!bucket) continue;
      bucket.finished = Number(row.finished);
      bucket.succeeded = Number(row.succeeded);
      bucket.failed = Number(row.failed);
    }
    return { counts, buckets };
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
