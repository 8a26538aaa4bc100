import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { insertShop } from '../../../../test/schedules-harness';
import { eventData } from '../../../../test/support/events';
import { createTestDatabase } from '../../../../test/support/pg';
import { TOPICS } from '../contracts/topics';
import { JobEntity, JobLogEntity, OutboxEntity } from '../database/entities';
import { openDataSource } from '../database/data-source';
import type { KafkaProducer } from '../kafka/kafka-producer.service';
import { OutboxPublisher } from '../outbox/outbox.publisher';
import { JobsRepository } from './jobs.repository';
import { newJob } from './new-job';

// Counts kicks instead of publishing: what matters is when the publisher is told to go.
class CountingOutbox extends OutboxPublisher {
  kicks = 0;
  override kick(): void {
    this.kicks++;
  }
}

describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
])('JobsRepository.requestRuns on %s', (_name, kind) => {
  let ds: DataSource;
  let drop: (() => Promise<void>) | undefined;
  let outbox: CountingOutbox;
  let jobs: JobsRepository;
  let shopId: string;
  const now = new Date('2026-11-28T10:00:00Z');

  beforeAll(async () => {
    if (kind === 'pg') {
      const db = await createTestDatabase('run_requests');
      drop = db.drop;
      ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 3 });
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'shopsync-runs-'));
      ds = await openDataSource({ sqlitePath: join(dir, 'r.sqlite'), poolSize: 1 });
    }
    outbox = new CountingOutbox(ds, undefined as unknown as KafkaProducer);
    jobs = new JobsRepository(ds, outbox);
    shopId = await insertShop(ds, `runs-${kind}`);
  });

  beforeEach(() => {
    outbox.kicks = 0;
  });

  afterAll(async () => {
    await outbox?.beforeApplicationShutdown();
    await ds?.destroy();
    await drop?.();
  });

  const fresh = (task = 'orders') =>
    newJob({
      shopId,
      task,
      category: 'default',
      trigger: 'manual',
      now,
      maxAttempts: 3,
      rerunDelaySeconds: 0,
    });

  async function written(ids: string[]) {
    const rows = await ds.getRepository(JobEntity).findBy(ids.map((id) => ({ id })));
    const outboxRows = await ds.getRepository(OutboxEntity).find({ order: { id: 'ASC' } });
    const messages = outboxRows
      .filter((r) => r.topic === TOPICS.syncRequested)
      .map((r) =>
        eventData<{ jobId: string; attempt: number; trigger: string }>(r.topic, r.payload),
      )
      .filter((m) => ids.includes(m.jobId));
    // Every request is announced `queued` on the lifecycle topic, its row before the request's.
    const announced = outboxRows
      .map((r) => ({
        topic: r.topic,
        ...eventData<{ jobId: string; status?: string }>(r.topic, r.payload),
      }))
      .filter((m) => ids.includes(m.jobId));
    const logs = await ds
      .getRepository(JobLogEntity)
      .find({ where: ids.map((jobId) => ({ jobId })), order: { id: 'ASC' } });
    return { rows, messages, logs, announced };
  }

  it('on its own: the jobs, their messages and first log lines at once, then a kick', async () => {
    const a = fresh();
    const b = fresh('inventory');
    await jobs.requestRuns(
      null,
      [{ job: a, log: { message: 'requested (manual)', data: { task: 'orders' } } }, { job: b }],
      now,
    );
    const { rows, messages, logs, announced } = await written([a.id, b.id]);
    expect(rows.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(messages.map((m) => m.jobId)).toEqual([a.id, b.id]);
    expect(announced.map((m) => [m.topic, m.jobId, m.status])).toEqual([
      [TOPICS.syncLifecycle, a.id, 'queued'],
      [TOPICS.syncRequested, a.id, undefined],
      [TOPICS.syncLifecycle, b.id, 'queued'],
      [TOPICS.syncRequested, b.id, undefined],
    ]);
    expect(logs.map((l) => [l.jobId, l.attempt, l.level, l.message, l.data])).toEqual([
      [a.id, 1, 'info', 'requested (manual)', { task: 'orders' }],
    ]);
    expect(outbox.kicks).toBe(1);
  });

  it('on its own: all or nothing', async () => {
    const a = fresh();
    await jobs.requestRuns(null, [{ job: a }], now);
    const b = fresh();
    // `a` again: its id is taken, so b must not be written either.
    await expect(
      jobs.requestRuns(null, [{ job: b, log: { message: 'b' } }, { job: a }], now),
    ).rejects.toThrow();
    const { rows, messages, logs } = await written([b.id]);
    expect([rows.length, messages.length, logs.length]).toEqual([0, 0, 0]);
  });

  it("in the caller's transaction: kicked after the outermost commit, not after a savepoint", async () => {
    const a = fresh();
    const kicksSeen: number[] = [];
    await jobs.transaction(async (manager) => {
      await manager.transaction(async (savepoint) => {
        await jobs.requestRuns(savepoint, [{ job: a, log: { message: 'requested' } }], now);
      });
      kicksSeen.push(outbox.kicks);
    });
    expect(kicksSeen).toEqual([0]);
    expect(outbox.kicks).toBe(1);
    const { rows, messages, logs } = await written([a.id]);
    expect([rows.length, messages.length, logs.length]).toEqual([1, 1, 1]);
  });

  it("in the caller's transaction: a batch, with and without log lines, written whole", async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    await jobs.transaction((m) =>
      jobs.requestRuns(
        m,
        [
          { job: a, log: { message: 'a', data: { n: 1 } } },
          { job: b },
          { job: c, log: { level: 'warn', message: 'c' } },
        ],
        now,
      ),
    );
    const { rows, messages, logs } = await written([a.id, b.id, c.id]);
    expect(rows.map((r) => r.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(messages).toHaveLength(3);
    expect(logs.map((l) => [l.jobId, l.level, l.message, l.data]).sort()).toEqual(
      [
        [a.id, 'info', 'a', { n: 1 }],
        [c.id, 'warn', 'c', null],
      ].sort(),
    );
    expect(outbox.kicks).toBe(1);
  });

  it("in the caller's transaction: a rollback writes nothing and kicks nothing", async () => {
    const a = fresh();
    await expect(
      jobs.transaction(async (manager) => {
        await jobs.requestRuns(manager, [{ job: a, log: { message: 'requested' } }], now);
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('changed its mind');
    expect(outbox.kicks).toBe(0);
    const { rows, messages, logs } = await written([a.id]);
    expect([rows.length, messages.length, logs.length]).toEqual([0, 0, 0]);
    // The next commit is not kicked twice for it.
    await jobs.transaction((m) => jobs.requestRuns(m, [{ job: fresh() }], now));
    expect(outbox.kicks).toBe(1);
  });

  it('a re-queued job gets its message and log line, not a second row', async () => {
    const a = fresh();
    await jobs.requestRuns(null, [{ job: a }], now);
    const again = { ...a, attempt: 2, trigger: 'retry' as const };
    for (const manager of [null, 'tx'] as const) {
      const request = [
        { job: again, requeued: true, log: { level: 'warn' as const, message: 'recovered' } },
      ];
      if (manager) await jobs.transaction((m) => jobs.requestRuns(m, request, now));
      else await jobs.requestRuns(null, request, now);
    }
    const { rows, messages, logs } = await written([a.id]);
    expect(rows).toHaveLength(1);
    expect(messages.map((m) => [m.attempt, m.trigger])).toEqual([
      [1, 'manual'],
      [2, 'retry'],
      [2, 'retry'],
    ]);
    expect(logs.map((l) => [l.attempt, l.level, l.message])).toEqual([
      [2, 'warn', 'recovered'],
      [2, 'warn', 'recovered'],
    ]);
  });
});
