import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  JobEntity,
  JobLogEntity,
  ScheduleOccurrenceEntity,
  type JobStatus,
} from '@shopsync/shared';
import {
  DataSource,
  EntityManager,
  FindManyOptions,
  FindOptionsWhere,
  In,
  IsNull,
  LessThan,
  Not,
} from 'typeorm';

export interface JobBatch {
  jobs: number;
  logs: number;
}

// One short transaction per batch, by primary key, so a purge never holds many locks for long.
// On PostgreSQL, rows another scheduler is purging are skipped rather than waited for; on
// SQLite the write queue serialises the transaction with the process's other writes.
@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // Purges at most `limit` jobs of `statuses` finished before `before`, with their log lines.
  // A strict failure nobody acknowledged still holds its key (the jobs behind it wait for an
  // operator), so it is kept, however old.
  async purgeJobs(statuses: readonly JobStatus[], before: Date, limit: number): Promise<JobBatch> {
    const finishedAt = LessThan(before);
    const others = statuses.filter((s) => s !== 'failed');
    const where: Array<FindOptionsWhere<JobEntity>> = [];
    if (others.length) where.push({ status: In(others), finishedAt });
    if (statuses.includes('failed'))
      where.push(
        { status: 'failed', finishedAt, ordering: 'lenient' },
        { status: 'failed', finishedAt, acknowledgedAt: Not(IsNull()) },
      );
    return this.ds.transaction(async (m) => {
      const picked = await m.find(JobEntity, {
        select: { id: true },
        where,
        order: { finishedAt: 'ASC' },
        take: limit,
        ...this.lock(),
      });
      if (!picked.length) return { jobs: 0, logs: 0 };
      const ids = picked.map((j) => j.id);
      const logs = await m.delete(JobLogEntity, { jobId: In(ids) });
      // Belt and braces: the picked rows are locked, and only a finished status is ever purged.
      const jobs = await m.delete(JobEntity, { id: In(ids), status: In([...statuses]) });
      return { jobs: jobs.affected ?? 0, logs: logs.affected ?? 0 };
    });
  }

  async purgeOccurrences(before: Date, limit: number): Promise<number> {
    return this.ds.transaction(async (m: EntityManager) => {
      const picked = await m.find(ScheduleOccurrenceEntity, {
        select: { id: true },
        where: { recordedAt: LessThan(before) },
        order: { recordedAt: 'ASC' },
        take: limit,
        ...this.lock(),
      });
      if (!picked.length) return 0;
      const result = await m.delete(ScheduleOccurrenceEntity, { id: In(picked.map((o) => o.id)) });
      return result.affected ?? 0;
    });
  }

  private lock(): Pick<FindManyOptions, 'lock'> {
    if (this.ds.options.type !== 'postgres') return {};
    return { lock: { mode: 'pessimistic_write', onLocked: 'skip_locked' } };
  }
}
