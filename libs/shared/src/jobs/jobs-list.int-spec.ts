import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { insertShop } from '../../../../test/schedules-harness';
import { createTestDatabase } from '../../../../test/support/pg';
import { JobEntity } from '../database/entities';
import { openDataSource } from '../database/data-source';
import type { JobTrigger } from '../domain/tasks';
import type { KafkaProducer } from '../kafka/kafka-producer.service';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { JobsRepository } from './jobs.repository';
import { newJob } from './new-job';

// The job list's filters and its statistics, the same on both databases.
describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
])('the job list and its statistics on %s', (_name, kind) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let outbox: OutboxPublisher;
  let jobs: JobsRepository;
  let shopId: string;
  let otherShopId: string;
  const t0 = new Date('2026-11-30T10:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
  const stored: Record<string, JobEntity> = {};

  async function store(
    name: string,
    patch: Partial<JobEntity> & { trigger?: JobTrigger; minute: number },
  ): Promise<void> {
    const { minute, trigger, ...rest } = patch;
    const job = {
      ...newJob({
        shopId,
        task: 'orders',
        category: 'default',
        trigger: trigger ?? 'manual',
        now: at(minute),
        maxAttempts: 3,
        rerunDelaySeconds: 60,
      }),
      ...rest,
    };
    await ds.getRepository(JobEntity).save(job);
    stored[name] = job;
  }

  beforeAll(async () => {
    if (kind === 'pg') {
      const db = await createTestDatabase('jobs_list');
      drop = db.drop;
      ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 3 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'shopsync-jobs-list-'));
      ds = await openDataSource({ sqlitePath: join(dir, 'l.sqlite'), poolSize: 1 });
    }
    outbox = new OutboxPublisher(ds, undefined as unknown as KafkaProducer);
    jobs = new JobsRepository(ds, outbox);
    shopId = await insertShop(ds, `list-${kind}`);
    otherShopId = await insertShop(ds, `other-${kind}`);
    const done = (minute: number, status: JobEntity['status'], error: string | null = null) => ({
      status,
      error,
      startedAt: at(minute - 1),
      finishedAt: at(minute),
    });
    await store('throttled', {
      minute: 0,
      ...done(5, 'failed', 'Shopify THROTTLED the call'),
    });
    await store('sku', {
      minute: 10,
      trigger: 'schedule',
      ...done(12, 'failed', 'unknown SKU 100%_A on line 2'),
    });
    await store('near', {
      minute: 20,
      trigger: 'schedule',
      ...done(75, 'failed', 'unknown SKU 100xxA on line 3'),
    });
    await store('ok', { minute: 30, trigger: 'webhook', ...done(70, 'succeeded') });
    await store('queued', { minute: 90, trigger: 'kafka' });
    await store('elsewhere', {
      minute: 40,
      shopId: otherShopId,
      ...done(41, 'cancelled', 'cancelled by request'),
    });
  });

  afterAll(async () => {
    await outbox?.beforeApplicationShutdown();
    await ds?.destroy();
    await drop?.();
  });

  const names = (items: JobEntity[]) =>
    items.map((j) => Object.keys(stored).find((n) => stored[n].id === j.id));
  const page = { limit: 50, offset: 0 };

  it('filters by one trigger or several', async () => {
    expect(names((await jobs.list({ ...page, trigger: ['schedule'] })).items)).toEqual([
      'near',
      'sku',
    ]);
    const several = await jobs.list({ ...page, shopId, trigger: ['webhook', 'kafka'] });
    expect(names(several.items)).toEqual(['queued', 'ok']);
    expect(several.total).toBe(2);
  });

  it('filters by the time requested, since included and until not', async () => {
    const range = await jobs.list({ ...page, since: at(10), until: at(30) });
    expect(names(range.items)).toEqual(['near', 'sku']);
    expect(names((await jobs.list({ ...page, shopId, since: at(30) })).items)).toEqual([
      'queued',
      'ok',
    ]);
  });

  it('finds a job by its id, and jobs by a part of their error in any case', async () => {
    expect(names((await jobs.list({ ...page, q: stored.ok.id })).items)).toEqual(['ok']);
    expect(names((await jobs.list({ ...page, q: 'throttled' })).items)).toEqual(['throttled']);
    expect(names((await jobs.list({ ...page, q: 'Unknown sku' })).items)).toEqual(['near', 'sku']);
    // LIKE's wildcards are taken as they are written.
    expect(names((await jobs.list({ ...page, q: '100%_a' })).items)).toEqual(['sku']);
    expect((await jobs.list({ ...page, q: 'nowhere' })).total).toBe(0);
  });

  it('pages with the total of all that match', async () => {
    const first = await jobs.list({ shopId, limit: 2, offset: 0 });
    const second = await jobs.list({ shopId, limit: 2, offset: 2 });
    expect(first.total).toBe(5);
    expect(second.total).toBe(5);
    expect(names([...first.items, ...second.items])).toEqual(['queued', 'ok', 'near', 'sku']);
  });

  it('counts by status and buckets what finished, empty buckets too', async () => {
    const stats = await jobs.stats({ shopId, since: t0, until: at(120) }, 1800);
    expect(stats.counts).toMatchObject({ failed: 3, succeeded: 1, queued: 1, waiting: 0 });
    expect(stats.counts.cancelled).toBe(0);
    expect(
      stats.buckets.map((b) => [b.start.toISOString(), b.finished, b.succeeded, b.failed]),
    ).toEqual([
      ['2026-11-30T10:00:00.000Z', 2, 0, 2],
      ['2026-11-30T10:30:00.000Z', 0, 0, 0],
      ['2026-11-30T11:00:00.000Z', 2, 1, 1],
      ['2026-11-30T11:30:00.000Z', 0, 0, 0],
    ]);
    const all = await jobs.stats({ since: t0, until: at(60), trigger: ['manual'] }, 3600);
    expect(all.counts).toMatchObject({ failed: 1, cancelled: 1 });
    expect(all.buckets.map((b) => [b.finished, b.failed])).toEqual([[2, 1]]);
  });

  it('answers nothing for no shops', async () => {
    const none = await jobs.stats({ shopIds: [], since: t0, until: at(120) }, 3600);
    expect(Object.values(none.counts).every((n) => n === 0)).toBe(true);
    expect(none.buckets.map((b) => b.finished)).toEqual([0, 0]);
  });
});
