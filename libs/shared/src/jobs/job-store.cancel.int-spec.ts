import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { insertShop } from '../../../../test/schedules-harness';
import { createTestDatabase } from '../../../../test/support/pg';
import { JobEntity, JobLogEntity } from '../database/entities';
import { openDataSource } from '../database/data-source';
import type { KafkaProducer } from '../kafka/kafka-producer.service';
import { LeasesRepository } from '../leases/leases.repository';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { ShopsRepository } from '../shops/shops.repository';
import { JobStore } from './job-store';
import { JobsRepository } from './jobs.repository';
import { KeyOrder } from './key-order';
import { newJob } from './new-job';

describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
])('JobStore cancellation on %s', (_name, kind) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let outbox: OutboxPublisher;
  let store: JobStore;
  let shopId: string;
  const now = new Date('2026-11-28T10:00:00Z');

  beforeAll(async () => {
    if (kind === 'pg') {
      const db = await createTestDatabase('job_store_cancel');
      drop = db.drop;
      ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 3 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'shopsync-cancel-'));
      ds = await openDataSource({ sqlitePath: join(dir, 'c.sqlite'), poolSize: 1 });
    }
    outbox = new OutboxPublisher(ds, undefined as unknown as KafkaProducer);
    const jobs = new JobsRepository(ds, outbox);
    const leases = new LeasesRepository(ds);
    const order = new KeyOrder(ds, jobs, leases);
    store = new JobStore(ds, jobs, leases, new ShopsRepository(ds), order);
    shopId = await insertShop(ds, `cancel-${kind}`);
  });

  afterAll(async () => {
    await outbox?.beforeApplicationShutdown();
    await ds?.destroy();
    await drop?.();
  });

  async function stored(patch: Partial<JobEntity>): Promise<JobEntity> {
    const job = {
      ...newJob({
        shopId,
        task: 'orders',
        category: 'default',
        trigger: 'manual',
        now,
        maxAttempts: 3,
        rerunDelaySeconds: 60,
      }),
      ...patch,
    };
    await ds.getRepository(JobEntity).save(job);
    return job;
  }
  const row = (id: string) => ds.getRepository(JobEntity).findOneByOrFail({ id });
  const lines = async (id: string) =>
    (await ds.getRepository(JobLogEntity).find({ where: { jobId: id }, order: { id: 'ASC' } })).map(
      (l) => l.message,
    );

  it('cancels a job waiting for its rerun delay: finished, no next attempt, one log line', async () => {
    const waiting = await stored({
      status: 'retry-scheduled',
      attempt: 2,
      nextAttemptAt: new Date(now.getTime() + 60_000),
    });
    const at = new Date(now.getTime() + 1_000);
    const cancelled = await store.cancelWaiting(waiting, 'cancelled by request', 'CANCELLED', at);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancelRequested: true,
      errorCode: 'CANCELLED',
    });
    const saved = await row(waiting.id);
    expect(saved).toMatchObject({
      status: 'cancelled',
      cancelRequested: true,
      nextAttemptAt: null,
      error: 'cancelled by request',
      errorCode: 'CANCELLED',
    });
    expect(saved.finishedAt?.getTime()).toBe(at.getTime());
    expect(await lines(waiting.id)).toEqual(['cancelled by request']);
  });

  it('changes nothing when the job moved on since it was read', async () => {
    const queued = await stored({ status: 'queued' });
    await ds.getRepository(JobEntity).update(queued.id, { status: 'running' });
    expect(await store.cancelWaiting(queued, 'cancelled by request', 'CANCELLED', now)).toBeNull();
    expect((await row(queued.id)).status).toBe('running');
    expect(await lines(queued.id)).toEqual([]);
  });

  it('asks a running job to stop and refuses one that is no longer running', async () => {
    const running = await stored({ status: 'running' });
    expect(await store.requestCancel(running, now)).toMatchObject({ cancelRequested: true });
    expect(await row(running.id)).toMatchObject({ status: 'running', cancelRequested: true });
    expect(await lines(running.id)).toEqual(['cancellation requested']);
    const done = await stored({ status: 'succeeded' });
    expect(await store.requestCancel(done, now)).toBeNull();
    expect((await row(done.id)).cancelRequested).toBe(false);
  });
});
