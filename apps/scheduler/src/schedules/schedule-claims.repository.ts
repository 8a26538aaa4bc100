import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  JobEntity,
  pgUnnestInsert,
  ScheduleEntity,
  ScheduleOccurrenceEntity,
  ShopEntity,
  type JobStatus,
} from '@shopsync/shared';
import { DataSource, EntityManager, In, QueryFailedError } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export type OccurrenceRow = Omit<ScheduleOccurrenceEntity, 'id'>;

// Rows of a multi-row insert; PostgreSQL allows 65,535 parameters per statement.
const INSERT_CHUNK = 1_000;

// The scheduler's view of schedules: claim the due ones, record what became of each
// occurrence, and advance them, all in the caller's transaction.
@Injectable()
export class ScheduleClaimsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  // Due, active schedules, oldest first. On PostgreSQL the rows stay locked until the
  // transaction ends and rows another scheduler holds are passed over (FOR UPDATE SKIP LOCKED),
  // so each schedule is worked on by one scheduler at a time. SQLite has one writer anyway.
  claimDue(manager: EntityManager, now: Date, limit: number): Promise<ScheduleEntity[]> {
    const qb = manager
      .getRepository(ScheduleEntity)
      .createQueryBuilder('s')
      .where('s.status = :status AND s.nextRunAt <= :now', { status: 'active', now })
      .orderBy('s.nextRunAt', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(limit);
    if (this.ds.options.type === 'postgres')
      qb.setLock('pessimistic_write').setOnLocked('skip_locked');
    return qb.getMany();
  }

  async shops(manager: EntityManager, ids: string[]): Promise<Map<string, ShopEntity>> {
    if (!ids.length) return new Map();
    const rows = await manager.getRepository(ShopEntity).find({ where: { id: In(ids) } });
    return new Map(rows.map((s) => [s.id, s]));
  }

  async jobStatuses(manager: EntityManager, ids: string[]): Promise<Map<string, JobStatus>> {
    if (!ids.length) return new Map();
    const rows = await manager
      .getRepository(JobEntity)
      .find({ select: { id: true, status: true }, where: { id: In(ids) } });
    return new Map(rows.map((j) => [j.id, j.status]));
  }

  // An occurrence that is already recorded keeps its first record.
  async recordOccurrences(manager: EntityManager, rows: OccurrenceRow[]): Promise<void> {
    if (!rows.length) return;
    if (this.ds.options.type === 'postgres') {
      // One statement over arrays, whatever the row count (TypeORM's insert builder costs more
      // CPU than the insert).
      const { sql, params } = pgUnnestInsert(this.ds, ScheduleOccurrenceEntity, rows);
      await manager.query(`${sql} ON CONFLICT DO NOTHING`, params);
      return;
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ScheduleOccurrenceEntity)
        .values(
          rows.slice(i, i + INSERT_CHUNK) as QueryDeepPartialEntity<ScheduleOccurrenceEntity>[],
        )
        .orIgnore()
        .execute();
    }
  }

  // Compare-and-set on the version the claim read: false when the row changed meanwhile (an
  // edit through the API), and the caller rolls its work on this schedule back.
  async advance(
    manager: EntityManager,
    schedule: ScheduleEntity,
    patch: AdvancePatch,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ScheduleEntity)
      .set({ ...patch, version: schedule.version + 1 })
      .where('id = :id AND version = :version', { id: schedule.id, version: schedule.version })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  // advance() for many schedules; how many were advanced (fewer than given: some changed
  // meanwhile, and the caller rolls the whole lot back). On PostgreSQL one statement over arrays;
  // on SQLite (in-process, no round trip) one update each.
  async advanceMany(
    manager: EntityManager,
    items: Array<{ schedule: ScheduleEntity; patch: AdvancePatch }>,
  ): Promise<number> {
    if (!items.length) return 0;
    if (this.ds.options.type !== 'postgres') {
      let advanced = 0;
      for (const { schedule, patch } of items)
        if (await this.advance(manager, schedule, patch)) advanced++;
      return advanced;
    }
    const at = (d: Date | null) => (d ? d.toISOString() : null);
    const result: unknown = await manager.query(
      `UPDATE "schedules" s
          SET "nextRunAt" = u.next, "lastScheduledAt" = u.last, "lastJobId" = u.job,
              "updatedAt" = u.updated, "version" = s."version" + 1
         FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::timestamptz[], $5::text[],
                     $6::timestamptz[]) AS u(id, version, next, last, job, updated)
        WHERE s."id" = u.id AND s."version" = u.version`,
      [
        items.map((i) => i.schedule.id),
        items.map((i) => i.schedule.version),
        items.map((i) => at(i.patch.nextRunAt)),
        items.map((i) => at(i.patch.lastScheduledAt)),
        items.map((i) => i.patch.lastJobId),
        items.map((i) => i.patch.updatedAt.toISOString()),
      ],
    );
    // TypeORM hands an UPDATE back as [returned rows, affected count].
    return (result as [unknown[], number])[1];
  }
}

export type AdvancePatch = Pick<
  ScheduleEntity,
  'nextRunAt' | 'lastScheduledAt' | 'lastJobId' | 'updatedAt'
>;

// The (scheduleId, occurrenceAt) unique index on jobs refused a second job for an occurrence.
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as Error & { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
