import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  JobEntity,
  JobLogEntity,
  JobsRepository,
  JobStore,
  KafkaProducer,
  KeyOrder,
  LeaseEntity,
  LeasesRepository,
  ManualClock,
  openDataSource,
  OutboxPublisher,
  PgJobStore,
  PgJobTransitions,
  ShopEntity,
  ShopsRepository,
  SyncRequestedV1,
  NotificationSubscriptions,
} from '@shopsync/shared';
import { createTestDatabase } from '@test/support/pg';
import { eventually } from '@test/support/eventually';
import { WorkerConfig } from '../config/worker-env';
import { TaskRegistry } from '../tasks/task-registry';
import { TaskHandler } from '../tasks/task-handler';
import { ShopifyClientFactory } from '../shopify/shopify-client.factory';
import { JobRunner } from './job-runner.service';
import { TaskExecution } from './task-execution';
import { LifecyclePublisher } from './lifecycle.publisher';

// The runner against the real PostgreSQL, with Kafka left out (nothing here needs it).
describe('JobRunner fencing', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  let jobs: JobsRepository;
  let leases: LeasesRepository;
  const clock = new ManualClock(new Date('2026-11-28T10:00:00Z'));
  const config = {
    workerId: 'worker-A',
    leaseTtlMs: 60_000,
    leaseHeartbeatMs: 200,
  } as WorkerConfig;
  const published: string[] = [];
  const lifecycle = {
    publish: async (job: JobEntity) => void published.push(job.status),
  } as unknown as LifecyclePublisher;

  beforeAll(async () => {
    db = await createTestDatabase('fencing');
    ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 4 });
    const producer = { send: async () => undefined } as unknown as KafkaProducer;
    jobs = new JobsRepository(ds, new OutboxPublisher(ds, producer));
    leases = new LeasesRepository(ds);
  });

  beforeEach(() => {
    published.length = 0;
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function seed(): Promise<{ shop: ShopEntity; job: JobEntity; msg: SyncRequestedV1 }> {
    const now = clock.now();
    const shop = {
      id: randomUUID(),
      code: `s-${randomUUID().slice(0, 8)}`,
      domain: 'x.myshopify.com',
      apiVersion: '2026-04',
      plan: 'standard',
      enabled: true,
      allowBackgroundSync: true,
      settings: {},
      categoryMap: {},
      defaultMaxAttempts: 3,
      defaultRerunDelaySeconds: 0,
      accessTokenEnc: null,
      appSecretEnc: null,
      rateLimits: null,
      createdAt: now,
      updatedAt: now,
    } as ShopEntity;
    await ds.getRepository(ShopEntity).insert(shop as never);
    const job = {
      id: randomUUID(),
      shopId: shop.id,
      task: 'orders',
      category: 'default',
      status: 'queued',
      trigger: 'manual',
      attempt: 1,
      maxAttempts: 3,
      rerunDelaySeconds: 0,
      retryBackoff: 'fixed',
      params: null,
      paramsHash: 'h',
      requestedAt: now,
      startedAt: null,
      finishedAt: null,
      nextAttemptAt: null,
      progressProcessed: null,
      progressTotal: null,
      summary: null,
      error: null,
      errorCode: null,
      scheduleId: null,
      occurrenceAt: null,
      parentJobId: null,
      idempotencyKey: null,
      traceId: 't',
      cancelRequested: false,
      fencingToken: null,
      workerId: null,
      updatedAt: now,
    } as JobEntity;
    await ds.getRepository(JobEntity).insert(job as never);
    const msg = {
      jobId: job.id,
      shopId: shop.id,
      task: 'orders',
      category: 'default',
      trigger: 'manual',
      attempt: 1,
      requestedAt: now.toISOString(),
      traceId: 't',
    } as SyncRequestedV1;
    return { shop, job, msg };
  }

  async function logLines(jobId: string): Promise<string[]> {
    const rows = await ds
      .getRepository(JobLogEntity)
      .find({ where: { jobId }, order: { id: 'ASC' } });
    return rows.map((r) => r.message);
  }

  // Both ways of running: PostgreSQL's one-statement transitions, and the general path (SQLite's).
  describe.each([
    ['one-statement transitions', true],
    ['general path', false],
  ])('%s', (_name, fast) => {
    function runnerWith(handler: TaskHandler, shops = new ShopsRepository(ds)): JobRunner {
      const registry = { get: () => handler } as unknown as TaskRegistry;
      const order = new KeyOrder(ds, jobs, leases);
      const store = fast
        ? new PgJobStore(
            ds,
            jobs,
            leases,
            shops,
            order,
            new PgJobTransitions(ds),
            new NotificationSubscriptions(ds),
          )
        : new JobStore(ds, jobs, leases, shops, order);
      const tasks = new TaskExecution(registry, store, shops, {} as ShopifyClientFactory);
      return new JobRunner(store, tasks, lifecycle, clock, config);
    }

    it('gives the handler its shop as stored (read with the claim on the one-statement path)', async () => {
      const { shop, msg } = await seed();
      await ds.getRepository(ShopEntity).update(shop.id, {
        settings: { catalog: { bulkThreshold: 7 }, customers: { import: 'all' } },
        categoryMap: { inventory: 'stock' },
        rateLimits: { bucketSize: 1000 },
        accessScopes: ['read_orders', 'write_products'],
        accessTokenEnc: 'v1:ciphertext',
        apiVersionServed: '2026-04',
        enabled: true,
        updatedAt: new Date('2026-11-30T12:34:56.789Z'),
      });
      const stored = await ds.getRepository(ShopEntity).findOneByOrFail({ id: shop.id });
      let seen: ShopEntity | undefined;
      const shops = new ShopsRepository(ds);
      const reads = jest.spyOn(shops, 'findByIds');
      const handler = {
        task: 'orders',
        run: async (ctx: { shop: ShopEntity }) => {
          seen = ctx.shop;
          return { summary: {} };
        },
      } as unknown as TaskHandler;
      await runnerWith(handler, shops).run(msg, new AbortController().signal);
      expect(seen).toBeInstanceOf(ShopEntity);
      expect(seen).toEqual(stored);
      // PostgreSQL's claim brought it; the general path reads it.
      expect(reads).toHaveBeenCalledTimes(fast ? 0 : 1);
    });

    it('refuses the outcome of a run that lost its lease to another worker', async () => {
      const { job, msg } = await seed();
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let started = false;
      const runner = runnerWith({
        task: 'orders',
        run: async () => {
          started = true;
          await gate;
          return { summary: { updated: 1 } };
        },
      });
      const running = runner.run(msg, new AbortController().signal);
      await eventually(() => expect(started).toBe(true));
      // The lease expires (the worker looked dead) and worker B takes the job over.
      clock.advance(61_000);
      const takeover = await leases.tryAcquire(
        `${job.shopId}/default`,
        job.id,
        'worker-B',
        clock.now(),
        60_000,
      );
      expect(takeover.acquired).toBe(true);
      const tokenB = takeover.acquired ? takeover.lease.token : -1;
      expect(
        await jobs.update(
          job.id,
          { fencingToken: tokenB, workerId: 'worker-B' },
          { status: ['running'] },
        ),
      ).toBe(true);
      release();
      await running;
      const after = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      expect(after.status).toBe('running');
      expect(after.workerId).toBe('worker-B');
      expect(after.fencingToken).toBe(tokenB);
      const lease = await ds
        .getRepository(LeaseEntity)
        .findOneByOrFail({ key: `${job.shopId}/default` });
      expect(lease.holder).toBe('worker-B'); // A's release carried the old token and changed nothing
      expect(published).not.toContain('succeeded');
    });

    it('records the outcome of a run that kept its lease, and releases it', async () => {
      const { job, msg } = await seed();
      const runner = runnerWith({ task: 'orders', run: async () => ({ summary: { updated: 2 } }) });
      await runner.run(msg, new AbortController().signal);
      const after = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      expect(after.status).toBe('succeeded');
      expect(after.summary).toEqual({ updated: 2 });
      const lease = await ds
        .getRepository(LeaseEntity)
        .findOneByOrFail({ key: `${job.shopId}/default` });
      expect(lease.jobId).toBeNull();
      expect(await logLines(job.id)).toEqual(['started', 'succeeded']);
    });

    it('waits for a lease held by a live run, then runs', async () => {
      const { job, msg } = await seed();
      const key = `${job.shopId}/default`;
      const other = await leases.tryAcquire(key, randomUUID(), 'worker-B', clock.now(), 60_000);
      expect(other.acquired).toBe(true);
      let runs = 0;
      const runner = runnerWith({ task: 'orders', run: async () => void runs++ });
      const running = runner.run(msg, new AbortController().signal);
      await new Promise((r) => setTimeout(r, 400));
      expect(runs).toBe(0);
      if (other.acquired) await leases.release(other.lease);
      await running;
      expect(runs).toBe(1);
      expect((await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id })).status).toBe(
        'succeeded',
      );
    });

    it('finishes a job cancelled while queued without running it, and frees the lease', async () => {
      const { job, msg } = await seed();
      await ds.getRepository(JobEntity).update({ id: job.id }, { cancelRequested: true });
      let runs = 0;
      const runner = runnerWith({ task: 'orders', run: async () => void runs++ });
      await runner.run(msg, new AbortController().signal);
      expect(runs).toBe(0);
      expect((await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id })).status).toBe(
        'cancelled',
      );
      const lease = await ds.getRepository(LeaseEntity).findOneBy({ key: `${job.shopId}/default` });
      expect(lease?.jobId ?? null).toBeNull();
    });

    it('recovers a job whose worker died: the next attempt runs under a new token', async () => {
      const { job, msg } = await seed();
      const key = `${job.shopId}/default`;
      const dead = await leases.tryAcquire(key, job.id, 'worker-dead', clock.now(), 60_000);
      const deadToken = dead.acquired ? dead.lease.token : -1;
      await jobs.update(job.id, {
        status: 'running',
        fencingToken: deadToken,
        workerId: 'worker-dead',
      });
      clock.advance(61_000);
      let runs = 0;
      const runner = runnerWith({ task: 'orders', run: async () => void runs++ });
      await runner.run(msg, new AbortController().signal);
      expect(runs).toBe(1);
      const after = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      expect(after.status).toBe('succeeded');
      expect(after.attempt).toBe(2);
      expect(after.fencingToken).toBeGreaterThan(deadToken);
    });

    it('runs 40 jobs of 40 keys at once, each once, with its own outcome and log lines', async () => {
      const seeded = await Promise.all(Array.from({ length: 40 }, () => seed()));
      const runs = new Map<string, number>();
      const runner = runnerWith({
        task: 'orders',
        run: async (ctx) => {
          runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
          return { summary: { job: ctx.job.id } };
        },
      });
      await Promise.all(seeded.map(({ msg }) => runner.run(msg, new AbortController().signal)));
      for (const { job } of seeded) {
        expect(runs.get(job.id)).toBe(1);
        const after = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
        expect(after.status).toBe('succeeded');
        expect(after.summary).toEqual({ job: job.id });
        expect(after.workerId).toBeNull();
        expect(await logLines(job.id)).toEqual(['started', 'succeeded']);
        const lease = await ds
          .getRepository(LeaseEntity)
          .findOneByOrFail({ key: `${job.shopId}/default` });
        expect(lease.jobId).toBeNull();
      }
    });

    it('records a failed attempt as retry-scheduled with its error, then fails at the last', async () => {
      const { job, msg } = await seed();
      const runner = runnerWith({
        task: 'orders',
        run: async () => {
          throw Object.assign(new Error('Shopify answered 503'), { status: 503 });
        },
      });
      await runner.run(msg, new AbortController().signal);
      const after = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      expect(after.status).toBe('retry-scheduled');
      expect(after.error).toContain('503');
      expect(after.nextAttemptAt).not.toBeNull();
      expect(after.finishedAt).toBeNull();
      const lines = await logLines(job.id);
      expect(lines[lines.length - 1]).toMatch(/^attempt failed; retry at .*503/);
      // The last attempt: the job fails for good, with the error kept.
      await jobs.update(job.id, { status: 'queued', attempt: 3, nextAttemptAt: null });
      await runner.run({ ...msg, attempt: 3 }, new AbortController().signal);
      const last = await ds.getRepository(JobEntity).findOneByOrFail({ id: job.id });
      expect(last.status).toBe('failed');
      expect(last.error).toContain('503');
      expect(last.finishedAt).not.toBeNull();
    });

    it('drops a redelivered message of a finished job', async () => {
      const { msg } = await seed();
      let runs = 0;
      const runner = runnerWith({ task: 'orders', run: async () => void runs++ });
      await runner.run(msg, new AbortController().signal);
      await runner.run(msg, new AbortController().signal);
      expect(runs).toBe(1);
    });
  });
});
