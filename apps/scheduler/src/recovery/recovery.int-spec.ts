import { DataSource } from 'typeorm';
import {
  ERROR_CODES,
  JobEntity,
  JobLogEntity,
  JobsRepository,
  JobStore,
  KeyOrder,
  KafkaProducer,
  LeaseEntity,
  LeasesRepository,
  ManualClock,
  newJob,
  openDataSource,
  OutboxEntity,
  OutboxPublisher,
  ShopsRepository,
} from '@shopsync/shared';
import { insertShop } from '../../../../test/schedules-harness';
import { createTestDatabase } from '../../../../test/support/pg';
import { schedulerConfig, SchedulerEnv } from '../config/scheduler-env';
import { RecoveryService } from './recovery.service';

class HeldOutbox extends OutboxPublisher {
  override kick(): void {}
}

// What the recovery announces on the lifecycle topic, kept instead of sent.
const lifecycleEvents: Array<{ topic: string; event: Record<string, unknown> }> = [];
const announced = {
  send: (topic: string, messages: Array<{ value: string }>) => {
    for (const m of messages)
      lifecycleEvents.push({ topic, event: JSON.parse(m.value) as Record<string, unknown> });
    return Promise.resolve();
  },
} as unknown as KafkaProducer;

// Guarantee 4 against the real PostgreSQL: a due retry and a run whose worker died are queued
// again as their next attempt (with the message that asks for it), or fail when none is left.
describe('RecoveryService', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let jobs: JobsRepository;
  let leases: LeasesRepository;
  let recovery: RecoveryService;
  let shopId: string;
  const clock = new ManualClock(new Date('2026-11-28T10:00:00Z'));

  beforeAll(async () => {
    db = await createTestDatabase('recovery');
    ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 3 });
    jobs = new JobsRepository(ds, new HeldOutbox(ds, undefined as unknown as KafkaProducer));
    leases = new LeasesRepository(ds);
    const config = schedulerConfig({ DATABASE_URL: db.url } as SchedulerEnv);
    const store = new JobStore(
      ds,
      jobs,
      leases,
      new ShopsRepository(ds),
      new KeyOrder(ds, jobs, leases),
    );
    recovery = new RecoveryService(store, announced, clock, config);
    shopId = await insertShop(ds, 'recovery');
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function runningJob(attempt: number): Promise<JobEntity> {
    const job = newJob({
      shopId,
      task: 'orders',
      category: `c-${attempt}-${Math.random().toString(36).slice(2, 8)}`,
      trigger: 'manual',
      now: clock.now(),
      maxAttempts: 3,
      rerunDelaySeconds: 0,
    });
    await jobs.requestRuns(null, [{ job }], clock.now());
    const taken = await leases.tryAcquire(
      `${shopId}/${job.category}`,
      job.id,
      'worker-dead',
      clock.now(),
      1000,
    );
    if (!taken.acquired) throw new Error('lease not taken');
    await jobs.update(job.id, {
      status: 'running',
      attempt,
      fencingToken: taken.lease.token,
      workerId: 'worker-dead',
    });
    return { ...job, attempt };
  }

  const rowOf = (id: string) => ds.getRepository(JobEntity).findOneByOrFail({ id });
  const logsOf = async (jobId: string) =>
    (await ds.getRepository(JobLogEntity).find({ where: { jobId }, order: { id: 'ASC' } })).map(
      (l) => [l.attempt, l.level, l.message],
    );
  const messagesOf = async (jobId: string) =>
    (await ds.getRepository(OutboxEntity).find({ order: { id: 'ASC' } }))
      // The run requests (CloudEvents), not the jobs' `queued` lifecycle events beside them.
      .filter((r) => r.topic.includes('sync.requested'))
      .map(
        (r) =>
          (JSON.parse(r.payload) as { data: { jobId: string; attempt: number; trigger: string } })
            .data,
      )
      .filter((m) => m.jobId === jobId)
      .map((m) => [m.attempt, m.trigger]);

  it('re-queues a run whose worker died as its next attempt, and fails it at the last', async () => {
    const early = await runningJob(1);
    const last = await runningJob(3);
    clock.advance(2000);
    expect(await recovery.reapExpiredLeases()).toBe(2);

    const requeued = await rowOf(early.id);
    expect([requeued.status, requeued.attempt, requeued.fencingToken]).toEqual(['queued', 2, null]);
    expect(await messagesOf(early.id)).toEqual([
      [1, 'manual'],
      [2, 'retry'],
    ]);
    const [line] = await logsOf(early.id);
    expect(line.slice(0, 2)).toEqual([2, 'warn']);
    expect(line[2]).toMatch(/^recovered: worker worker-dead stopped heartbeating .*attempt 2$/);

    const failed = await rowOf(last.id);
    expect([failed.status, failed.errorCode]).toEqual(['failed', ERROR_CODES.workerLost]);
    expect(failed.finishedAt).not.toBeNull();
    expect(await messagesOf(last.id)).toEqual([[1, 'manual']]);
    expect((await logsOf(last.id)).map((l) => l.slice(0, 2))).toEqual([[3, 'error']]);

    const lease = await ds
      .getRepository(LeaseEntity)
      .findOneByOrFail({ key: `${shopId}/${early.category}` });
    expect(lease.jobId).toBeNull();
    expect(await recovery.reapExpiredLeases()).toBe(0);
  });

  it('re-queues a retry whose delay has passed, once', async () => {
    const job = await runningJob(1);
    await jobs.update(job.id, {
      status: 'retry-scheduled',
      nextAttemptAt: new Date(clock.now().getTime() + 1000),
    });
    expect(await recovery.requeueDueRetries()).toBe(0);
    clock.advance(1000);
    expect(await recovery.requeueDueRetries()).toBe(1);
    expect(await recovery.requeueDueRetries()).toBe(0);
    const row = await rowOf(job.id);
    expect([row.status, row.attempt, row.nextAttemptAt]).toEqual(['queued', 2, null]);
    expect(await messagesOf(job.id)).toEqual([
      [1, 'manual'],
      [2, 'retry'],
    ]);
    expect(await logsOf(job.id)).toEqual([
      [2, 'info', 're-queued as attempt 2 of 3 (trigger retry)'],
    ]);
  });

  it('queues a delayed job again once its notBefore has come (once), and ends a job not started by its expiresAt expired', async () => {
    const delayedFor = (ms: number, expiresInMs?: number) =>
      newJob({
        shopId,
        task: 'products',
        category: `d-${Math.random().toString(36).slice(2, 8)}`,
        trigger: 'manual',
        now: clock.now(),
        maxAttempts: 1,
        rerunDelaySeconds: 0,
        timing: {
          notBefore: new Date(clock.now().getTime() + ms),
          expiresAt: expiresInMs ? new Date(clock.now().getTime() + expiresInMs) : null,
        },
      });
    const due = delayedFor(60_000);
    const late = delayedFor(120_000, 180_000);
    await jobs.requestRuns(null, [{ job: due }, { job: late }], clock.now());
    for (const j of [due, late]) await jobs.update(j.id, { status: 'delayed' });

    expect(await recovery.settleTiming()).toEqual({ expired: 0, requeued: 0 });
    clock.advance(61_000);
    expect(await recovery.settleTiming()).toEqual({ expired: 0, requeued: 1 });
    expect((await rowOf(due.id)).status).toBe('queued');
    expect(await messagesOf(due.id)).toEqual([
      [1, 'manual'],
      [1, 'manual'],
    ]);
    expect((await logsOf(due.id)).map((l) => l[2])).toContain(
      `due: not before ${due.notBefore!.toISOString()} has come; queued`,
    );
    expect(await recovery.settleTiming()).toEqual({ expired: 0, requeued: 0 });

    // Due and expired at once: it could not start in time, so it ends expired.
    clock.advance(180_000);
    expect(await recovery.settleTiming()).toEqual({ expired: 1, requeued: 0 });
    const expired = await rowOf(late.id);
    expect([expired.status, expired.errorCode]).toEqual(['expired', ERROR_CODES.expired]);
    expect(expired.finishedAt).not.toBeNull();
    expect((await logsOf(late.id)).map((l) => l[2])).toContain(
      `expired: not started by its expiresAt ${late.expiresAt!.toISOString()}`,
    );
    expect(lifecycleEvents).toContainEqual({
      topic: 'shopsync.sync.lifecycle.v1',
      event: expect.objectContaining({
        type: 'dev.shopsync.job.lifecycle.v1',
        data: expect.objectContaining({ jobId: late.id, status: 'expired' }) as unknown,
      }) as unknown,
    });
    expect(await recovery.settleTiming()).toEqual({ expired: 0, requeued: 0 });
  });
});
