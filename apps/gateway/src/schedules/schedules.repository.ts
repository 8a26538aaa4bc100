import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  JobEntity,
  ScheduleEntity,
  ScheduleOccurrenceEntity,
  type JobStatus,
} from '@shopsync/shared';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

export type SchedulePatch = Partial<Omit<ScheduleEntity, 'id' | 'version' | 'createdAt'>>;

@Injectable()
export class SchedulesRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  async insert(schedule: ScheduleEntity): Promise<void> {
    await this.ds
      .getRepository(ScheduleEntity)
      .insert(schedule as QueryDeepPartialEntity<ScheduleEntity>);
  }

  findById(id: string): Promise<ScheduleEntity | null> {
    return this.ds.getRepository(ScheduleEntity).findOne({ where: { id } });
  }

  listByShop(shopId: string): Promise<ScheduleEntity[]> {
    return this.ds
      .getRepository(ScheduleEntity)
      .find({ where: { shopId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  // Compare-and-set on `version`: the scheduler advances the same row while it fires it.
  async updateIfVersion(
    manager: EntityManager,
    id: string,
    version: number,
    patch: SchedulePatch,
  ): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ScheduleEntity)
      .set({ ...patch, version: version + 1 } as QueryDeepPartialEntity<ScheduleEntity>)
      .where('id = :id AND version = :version', { id, version })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  // Its jobs stay (they name the schedule); its occurrence records go with it.
  async remove(id: string): Promise<void> {
    await this.ds.transaction(async (manager) => {
      await manager.delete(ScheduleOccurrenceEntity, { scheduleId: id });
      await manager.delete(ScheduleEntity, { id });
    });
  }

  async history(
    scheduleId: string,
    limit: number,
    offset: number,
  ): Promise<{ items: ScheduleOccurrenceEntity[]; total: number }> {
    const [items, total] = await this.ds.getRepository(ScheduleOccurrenceEntity).findAndCount({
      where: { scheduleId },
      order: { occurrenceAt: 'DESC' },
      take: limit,
      skip: offset,
    });
    return { items, total };
  }

  async jobStatuses(ids: string[]): Promise<Map<string, JobStatus>> {
    if (!ids.length) return new Map();
    const rows = await this.ds
      .getRepository(JobEntity)
      .find({ select: { id: true, status: true }, where: { id: In(ids) } });
    return new Map(rows.map((j) => [j.id, j.status]));
  }
}
