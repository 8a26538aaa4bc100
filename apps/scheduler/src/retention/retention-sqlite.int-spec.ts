import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import {
  JobEntity,
  JobLogEntity,
  ManualClock,
  newJob,
  openDataSource,
  ScheduleOccurrenceEntity,
  type JobStatus,
} from '@shopsync/shared';
import { schedulerConfig, SchedulerEnv } from '../config/scheduler-env';
import { RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

const NOW = new Date('2026-11-28T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);

// The same purge on SQLite (embedded default): its instants are text there, and its writes go
// through the write queue.
describe('RetentionService on SQLite', () => {
  let ds: DataSource;
  let service: RetentionService;
  let serial = 0;

  async function insertJobs(n: number, status: JobStatus, finishedDaysAgo: number): Promise<void> {
    for (let done = 0; done < n; done += 500) {
      const jobs = Array.from({ length: Math.min(500, n - done) }, () => ({
        ...newJob({
          shopId: 'shop-1',
          task: 'inventory',
          category: 'default',
          trigger: 'manual',
          now: daysAgo(finishedDaysAgo + 1),
          maxAttempts: 3,
          rerunDelaySeconds: 0,
        }),
        id: `${status}-${finishedDaysAgo}-${++serial}`,
        status,
        finishedAt: daysAgo(finishedDaysAgo),
      }));
      await ds.getRepository(JobEntity).insert(jobs as QueryDeepPartialEntity<JobEntity>[]);
      await ds.getRepository(JobLogEntity).insert(
        jobs.map((j) => ({
          jobId: j.id,
          at: j.requestedAt,
          attempt: 1,
          level: 'info' as const,
          message: 'x',
          data: null,
        })),
      );
    }
  }

  beforeAll(async () => {
    const sqlitePath = join(mkdtempSync(join(tmpdir(), 'shopsync-retention-')), 'r.sqlite');
    ds = await openDataSource({ sqlitePath, poolSize: 1 });
    const config = schedulerConfig({ RETENTION_BATCH: 300 } as SchedulerEnv);
    service = new RetentionService(new RetentionRepository(ds), new ManualClock(NOW), config);
    await insertJobs(3000, 'succeeded', 8);
    await insertJobs(500, 'failed', 31);
    await insertJobs(100, 'succeeded', 6);
    await insertJobs(100, 'failed', 29);
    await insertJobs(100, 'queued', 60);
    await insertJobs(100, 'retry-scheduled', 60);
    await ds.getRepository(ScheduleOccurrenceEntity).insert(
      [31, 29].map((d) => ({
        scheduleId: 's',
        occurrenceAt: daysAgo(d),
        outcome: 'missed' as const,
        jobId: null,
        reason: null,
        recordedAt: daysAgo(d),
      })),
    );
  }, 60_000);

  afterAll(async () => {
    await ds?.destroy();
  });

  it('purges old finished jobs with their log lines and keeps the rest', async () => {
    const done = await service.purge();
    expect(done).toEqual({ jobs: 3500, job_logs: 3500, schedule_occurrences: 1 });
    const left = await ds.getRepository(JobEntity).find({ select: { id: true } });
    expect(left.map((j) => j.id.replace(/-\d+$/, '')).sort()).toEqual(
      [
        ...Array(100).fill('failed-29'),
        ...Array(100).fill('queued-60'),
        ...Array(100).fill('retry-scheduled-60'),
        ...Array(100).fill('succeeded-6'),
      ].sort(),
    );
    expect(await ds.getRepository(JobLogEntity).count()).toBe(400);
    expect(await ds.getRepository(ScheduleOccurrenceEntity).count()).toBe(1);
    expect(await service.purge()).toEqual({ jobs: 0, job_logs: 0, schedule_occurrences: 0 });
  });
});
