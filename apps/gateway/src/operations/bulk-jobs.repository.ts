import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { JobEntity, JobStatus } from '@shopsync/shared';

export interface BulkSelection {
  statuses: JobStatus[];
  shopIds?: string[];
  task?: string;
  // The time since/until apply to.
  time: 'finishedAt' | 'requestedAt';
  since?: Date;
  until?: Date;
  // Only failures no one has acknowledged (or retried) yet.
  open?: boolean;
}

@Injectable()
export class BulkJobsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  // The oldest `limit` matching jobs, and how many match in all.
  async matching(
    selection: BulkSelection,
    limit: number,
  ): Promise<{ jobs: JobEntity[]; matched: number }> {
    const qb = this.ds
      .getRepository(JobEntity)
      .createQueryBuilder('j')
      .where('j.status IN (:...statuses)', { statuses: selection.statuses });
    if (selection.shopIds) qb.andWhere('j.shopId IN (:...shopIds)', { shopIds: selection.shopIds });
    if (selection.task) qb.andWhere('j.task = :task', { task: selection.task });
    if (selection.since) qb.andWhere(`j.${selection.time} >= :since`, { since: selection.since });
    if (selection.until) qb.andWhere(`j.${selection.time} < :until`, { until: selection.until });
    if (selection.open) qb.andWhere('j.acknowledgedAt IS NULL');
    const matched = await qb.getCount();
    const jobs = await qb
      .orderBy(`j.${selection.time}`, 'ASC')
      .addOrderBy('j.id', 'ASC')
      .take(limit)
      .getMany();
    return { jobs, matched };
  }

  // Marks a failure acknowledged while it is still an open failure; false when it was not.
  async acknowledge(manager: EntityManager, id: string, by: string, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(JobEntity)
      .set({ acknowledgedAt: now, acknowledgedBy: by })
      .where('id = :id AND status = :status AND "acknowledgedAt" IS NULL', {
        id,
        status: 'failed',
      })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
