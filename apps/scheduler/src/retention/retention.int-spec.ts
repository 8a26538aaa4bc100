import { DataSource } from 'typeorm';
import { ManualClock, MetricsService, openDataSource } from '@shopsync/shared';
import { createTestDatabase } from '../../../../test/support/pg';
import { schedulerConfig, SchedulerEnv } from '../config/scheduler-env';
import { JobBatch, RetentionRepository } from './retention.repository';
import { RetentionService } from './retention.service';

const OLD_SUCCEEDED = 90_000;
const OLD_FAILED = 10_000;
const BATCH = 1000;
const NOW = new Date('2026-11-28T10:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

// One INSERT ... SELECT over generate_series: `prefix-<n>` jobs of a status, with one log line each.
async function insertJobs(
  ds: DataSource,
  prefix: string,
  count: number,
  status: string,
  finishedAt: string | null,
  requestedAt: string,
): Promise<void> {
  await ds.query(
    `INSERT INTO jobs (id, "shopId", task, category, status, trigger, attempt, "maxAttempts",
       "rerunDelaySeconds", "paramsHash", "requestedAt", "finishedAt", "traceId", "updatedAt")
     SELECT $1 || '-' || g, 'shop-1', 'inventory', 'default', $2, 'manual', 1, 3, 0, 'h',
       $4::timestamptz, $3::timestamptz, 't', $4::timestamptz
     FROM generate_series(1, $5) g`,
    [prefix, status, finishedAt, requestedAt, count],
  );
  await ds.query(
    `INSERT INTO job_logs ("jobId", at, attempt, level, message)
     SELECT $1 || '-' || g, $2::timestamptz, 1, 'info', 'line' FROM generate_series(1, $3) g`,
    [prefix, requestedAt, count],
  );
}

async function count(ds: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = (await ds.query(sql, params)) as Array<{ n: string }>;
  return Number(row.n);
}

// Issue 19.1 on the real PostgreSQL: 100,000 old finished jobs go, in batches of at most
// RETENTION_BATCH, while new jobs are written; nothing young or unfinished is touched.
describe('RetentionService', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let service: RetentionService;
  let metrics: MetricsService;
  const batches: number[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('retention');
    ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 4 });
    const config = schedulerConfig({
      DATABASE_URL: db.url,
      RETENTION_BATCH: BATCH,
    } as SchedulerEnv);
    const repository = new RetentionRepository(ds);
    const purgeJobs = repository.purgeJobs.bind(repository);
    repository.purgeJobs = async (...args): Promise<JobBatch> => {
      const done = await purgeJobs(...args);
      batches.push(done.jobs);
      return done;
    };
    metrics = new MetricsService('scheduler');
    service = new RetentionService(repository, new ManualClock(NOW), config, metrics);

    // Purged: old finished jobs of every finished status past their age.
    await insertJobs(ds, 'old-ok', OLD_SUCCEEDED - 2000, 'succeeded', daysAgo(10), daysAgo(11));
    await insertJobs(ds, 'old-cancelled', 1000, 'cancelled', daysAgo(8), daysAgo(9));
    await insertJobs(ds, 'old-skipped', 1000, 'skipped', daysAgo(8), daysAgo(9));
    await insertJobs(ds, 'old-failed', OLD_FAILED, 'failed', daysAgo(40), daysAgo(41));
    // Kept: young finished ones, failed ones inside their longer age, and unfinished ones
    // however old (even with a stale finishedAt left on them).
    await insertJobs(ds, 'keep-young', 500, 'succeeded', daysAgo(6), daysAgo(6));
    await insertJobs(ds, 'keep-failed', 500, 'failed', daysAgo(20), daysAgo(20));
    for (const status of ['queued', 'running', 'retry-scheduled'])
      await insertJobs(ds, `keep-${status}`, 200, status, daysAgo(60), daysAgo(60));
    await ds.query(
      `INSERT INTO schedule_occurrences ("scheduleId", "occurrenceAt", outcome, "recordedAt")
       SELECT 'sched-1', $1::timestamptz + g * interval '1 minute', 'fired',
         $1::timestamptz + g * interval '1 minute'
       FROM generate_series(1, 3000) g`,
      [daysAgo(35)],
    );
    await ds.query(
      `INSERT INTO schedule_occurrences ("scheduleId", "occurrenceAt", outcome, "recordedAt")
       SELECT 'sched-2', $1::timestamptz + g * interval '1 minute', 'missed', $1::timestamptz
       FROM generate_series(1, 100) g`,
      [daysAgo(10)],
    );
  }, 120_000);

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('purges every old finished job and its log lines while new ones are written', async () => {
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        written++;
        await insertJobs(ds, `new-${written}`, 20, 'queued', null, NOW.toISOString());
        await ds.query(`UPDATE jobs SET status = 'succeeded', "finishedAt" = $1 WHERE id = $2`, [
          NOW.toISOString(),
          `new-${written}-1`,
        ]);
      }
    })();

    const started = Date.now();
    let ticks = 0;
    const total = { jobs: 0, job_logs: 0, schedule_occurrences: 0 };
    for (;;) {
      const done = await service.purge();
      ticks++;
      for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += done[k];
      if (!done.jobs && !done.schedule_occurrences) break;
    }
    writing = false;
    await writer;
    const ms = Date.now() - started;
    console.log(
      `retention: ${total.jobs} jobs, ${total.job_logs} log lines, ${total.schedule_occurrences}` +
        ` occurrences in ${ticks} ticks, ${batches.length} batches, ${ms} ms; ${written * 20} jobs written meanwhile`,
    );

    expect(written).toBeGreaterThan(0);
    expect(total).toEqual({ jobs: 100_000, job_logs: 100_000, schedule_occurrences: 3000 });
    expect(Math.max(...batches)).toBeLessThanOrEqual(BATCH);
    expect(ticks).toBeGreaterThan(1);
    expect(await count(ds, `SELECT count(*) n FROM jobs WHERE id LIKE 'old-%'`)).toBe(0);
    expect(await count(ds, `SELECT count(*) n FROM job_logs WHERE "jobId" LIKE 'old-%'`)).toBe(0);
    expect(await count(ds, `SELECT count(*) n FROM jobs WHERE id LIKE 'keep-%'`)).toBe(1600);
    expect(await count(ds, `SELECT count(*) n FROM job_logs WHERE "jobId" LIKE 'keep-%'`)).toBe(
      1600,
    );
    expect(await count(ds, `SELECT count(*) n FROM jobs WHERE id LIKE 'new-%'`)).toBe(written * 20);
    expect(await count(ds, `SELECT count(*) n FROM schedule_occurrences`)).toBe(100);

    const metric = await metrics.registry.getSingleMetric('shopsync_retention_purged_total')!.get();
    const byTable = Object.fromEntries(metric.values.map((v) => [v.labels.table, v.value]));
    expect(byTable).toEqual({ jobs: 100_000, job_logs: 100_000, schedule_occurrences: 3000 });
  }, 300_000);

  it('finds the batch through the partial finishedAt index', async () => {
    const plan = (await ds.query(
      `EXPLAIN SELECT id FROM jobs WHERE status IN ('succeeded', 'cancelled', 'skipped')
         AND "finishedAt" < $1 ORDER BY "finishedAt" LIMIT 1000`,
      [daysAgo(7)],
    )) as Array<{ 'QUERY PLAN': string }>;
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('ix_jobs_finished_at');
  });
});
