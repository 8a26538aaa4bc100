// Drives the schedule firing path without processes or sleeping: scheduler instances on their
// own DataSources (connection pools) of one database, the gateway's schedule service for
// creating and changing schedules, and a ManualClock for time.
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  defaultCategoryMap,
  JobEntity,
  JobsRepository,
  KafkaProducer,
  ManualClock,
  openDataSource,
  OutboxPublisher,
  ScheduleOccurrenceEntity,
  ShopEntity,
  ShopsRepository,
} from '@shopsync/shared';
import { SchedulesRepository } from '../apps/gateway/src/schedules/schedules.repository';
import { SchedulesService } from '../apps/gateway/src/schedules/schedules.service';
import { schedulerConfig, SchedulerEnv } from '../apps/scheduler/src/config/scheduler-env';
import { ScheduleClaimsRepository } from '../apps/scheduler/src/schedules/schedule-claims.repository';
import {
  FiringStats,
  ScheduleFiringService,
} from '../apps/scheduler/src/schedules/schedule-firing.service';

// These tests read the database, not Kafka: outbox rows are written and left unpublished.
class HeldOutbox extends OutboxPublisher {
  override kick(): void {}
}

export interface SchedulerUnderTest {
  ds: DataSource;
  firing: ScheduleFiringService;
  jobs: JobsRepository;
  claims: ScheduleClaimsRepository;
}

export interface Database {
  url?: string;
  sqlitePath?: string;
}

export function quietLogs(): void {
  Logger.overrideLogger(['error']);
}

export async function openScheduler(
  db: Database,
  clock: ManualClock,
  env: Partial<SchedulerEnv> = {},
): Promise<SchedulerUnderTest> {
  const ds = await openDataSource({ url: db.url, sqlitePath: db.sqlitePath ?? '', poolSize: 3 });
  const config = schedulerConfig({ ...env, DATABASE_URL: db.url } as SchedulerEnv);
  const jobs = new JobsRepository(ds, new HeldOutbox(ds, undefined as unknown as KafkaProducer));
  const claims = new ScheduleClaimsRepository(ds);
  const firing = new ScheduleFiringService(claims, jobs, clock, config);
  return { ds, firing, jobs, claims };
}

export function scheduleService(ds: DataSource, clock: ManualClock): SchedulesService {
  const jobs = new JobsRepository(ds, new HeldOutbox(ds, undefined as unknown as KafkaProducer));
  return new SchedulesService(new SchedulesRepository(ds), new ShopsRepository(ds), jobs, clock);
}

// A shop row as the gateway would store it (the columns schedules read; the rest default).
export async function insertShop(ds: DataSource, code: string, enabled = true): Promise<string> {
  const id = randomUUID();
  const now = new Date();
  await ds
    .createQueryBuilder()
    .insert()
    .into(ShopEntity)
    .values({
      id,
      code,
      domain: `${code}.myshopify.com`,
      apiVersion: '2026-04',
      plan: 'standard',
      enabled,
      allowBackgroundSync: true,
      settings: {},
      categoryMap: defaultCategoryMap(),
      defaultMaxAttempts: 3,
      defaultRerunDelaySeconds: 60,
      createdAt: now,
      updatedAt: now,
    } as QueryDeepPartialEntity<ShopEntity>)
    .execute();
  return id;
}

export function emptyStats(): FiringStats {
  return { schedules: 0, jobs: 0, skipped: 0, missed: 0, alreadyFired: 0, stale: 0, failed: 0 };
}

export function addStats(into: FiringStats, more: FiringStats): FiringStats {
  for (const key of Object.keys(into) as Array<keyof FiringStats>) into[key] += more[key];
  return into;
}

export function jobsOf(ds: DataSource, scheduleId: string): Promise<JobEntity[]> {
  return ds.getRepository(JobEntity).find({
    where: { scheduleId },
    order: { requestedAt: 'ASC', occurrenceAt: 'ASC' },
  });
}

export function historyOf(ds: DataSource, scheduleId: string): Promise<ScheduleOccurrenceEntity[]> {
  return ds
    .getRepository(ScheduleOccurrenceEntity)
    .find({ where: { scheduleId }, order: { occurrenceAt: 'ASC' } });
}

export const isoOf = (dates: Array<Date | null>): Array<string | null> =>
  dates.map((d) => (d ? d.toISOString() : null));
