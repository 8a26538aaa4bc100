import { Producer } from 'kafkajs';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually, sleep } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase } from './support/pg';
import { RecordFile } from './support/records';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Job {
  id: string;
  status: string;
  attempt: number;
  trigger: string;
  parentJobId: string | null;
  error: string | null;
  errorCode: string | null;
  coalesced?: boolean;
  cancelRequested: boolean;
  progress: { processed: number; total: number | null } | null;
  summary: Record<string, unknown> | null;
  category: string;
  task: string;
}

describe('job queue semantics', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const records = new RecordFile('job-queue');
  const kafka = testKafka();
  let producer: Producer;
  let dlq: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  let n = 0;
  const shop = async (extra: Record<string, unknown> = {}) => {
    const code = `q${++n}`;
    expect(
      (await stack.api('POST', '/v1/shops', { code, domain: `${code}.myshopify.com`, ...extra }))
        .status,
    ).toBe(201);
    return code;
  };
  const sync = (code: string, body: Record<string, unknown>) =>
    stack.api<Job>('POST', `/v1/shops/${code}/syncs`, body);
  const job = async (id: string) => (await stack.api<Job>('GET', `/v1/jobs/${id}`)).body;
  const until = (id: string, status: string, timeoutMs = 30_000) =>
    eventually(
      async () => {
        const j = await job(id);
        expect(j.status).toBe(status);
        return j;
      },
      timeoutMs,
      150,
    );

  beforeAll(async () => {
    db = await createTestDatabase('jobqueue');
    stack = await new Stack({
      name: 'job-queue',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      env: { FOREGROUND_WAIT_MS: '3000', SCHEDULER_TICK_MS: '100', REAPER_INTERVAL_MS: '500' },
      workerEnv: {
        TEST_RECORD_FILE: records.path,
        LEASE_TTL_MS: '5000',
        LEASE_HEARTBEAT_MS: '500',
      },
    }).start();
    producer = kafka.producer();
    await producer.connect();
    dlq = await collect(kafka, `${stack.topicPrefix}shopsync.dlq.v1`);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await dlq?.consumer.disconnect();
    await stack?.stop();
    await db?.drop();
  });

  it('retries a transient failure after the rerun delay and succeeds at attempt 3', async () => {
    const code = await shop();
    const res = await sync(code, {
      task: 'orders',
      maxAttempts: 5,
      rerunDelaySeconds: 1,
      params: { failTimes: 2, sleepMs: 10 },
    });
    const done = await until(res.body.id, 'succeeded');
    expect(done.attempt).toBe(3);
    const runs = records.read().filter((r) => r.jobId === res.body.id);
    const starts = runs.filter((r) => r.event === 'start').sort((a, b) => a.attempt - b.attempt);
    const ends = runs.filter((r) => r.event === 'end').sort((a, b) => a.attempt - b.attempt);
    expect(starts.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(starts[1].at - ends[0].at).toBeGreaterThanOrEqual(1000);
    expect(starts[2].at - ends[1].at).toBeGreaterThanOrEqual(1000);
    const logs = (
      await stack.api<{ items: Array<{ message: string }> }>('GET', `/v1/jobs/${res.body.id}/logs`)
    ).body.items.map((l) => l.message);
    expect(logs.filter((m) => m.startsWith('re-queued as attempt'))).toHaveLength(2);
  });

  it('fails a permanent error at attempt 1, and spent attempts end failed with the last error', async () => {
    const code = await shop();
    const permanent = await sync(code, {
      task: 'orders',
      maxAttempts: 5,
      rerunDelaySeconds: 0,
      params: { failTimes: 9, failKind: 'permanent' },
    });
    const failed = await until(permanent.body.id, 'failed');
    expect(failed.attempt).toBe(1);
    expect(failed.error).toBe('planned permanent failure on attempt 1');
    // `orders` is strict: its failure holds the shop+category until an operator acknowledges it.
    const ack = await stack.api('POST', `/v1/jobs/${permanent.body.id}/acknowledge`);
    expect(ack.status).toBe(200);
    const spent = await sync(code, {
      task: 'orders',
      maxAttempts: 2,
      rerunDelaySeconds: 0,
      params: { failTimes: 9, seq: 2 },
    });
    const last = await until(spent.body.id, 'failed');
    expect(last.attempt).toBe(2);
    expect(last.error).toBe('planned transient failure on attempt 2');
  });

  it('coalesces an identical queued request, unless forced', async () => {
    const code = await shop();
    const blocker = await sync(code, { task: 'products', params: { sleepMs: 3000 } });
    await until(blocker.body.id, 'running');
    const first = await sync(code, { task: 'inventory', params: { a: 1, b: 2 } });
    expect(first.status).toBe(202);
    const twin = await sync(code, { task: 'inventory', params: { b: 2, a: 1 } });
    expect(twin.status).toBe(200);
    expect(twin.body.coalesced).toBe(true);
    expect(twin.body.id).toBe(first.body.id);
    const forced = await sync(code, { task: 'inventory', params: { a: 1, b: 2 }, force: true });
    expect(forced.status).toBe(202);
    expect(forced.body.id).not.toBe(first.body.id);
    const other = await sync(code, { task: 'inventory', params: { a: 2 } });
    expect(other.body.id).not.toBe(first.body.id);
    for (const id of [first.body.id, forced.body.id, other.body.id]) await until(id, 'succeeded');
  });

  it('waits in the foreground: 200 with the finished job, or 202 when the bound passes', async () => {
    const code = await shop({ allowBackgroundSync: false });
    const quick = await sync(code, { task: 'customers', params: { sleepMs: 300 } });
    expect(quick.status).toBe(200);
    expect(quick.body.status).toBe('succeeded');
    const other = await shop();
    const waited = await sync(other, { task: 'customers', wait: true, params: { sleepMs: 200 } });
    expect(waited.status).toBe(200);
    expect(waited.body.status).toBe('succeeded');
    const slow = await sync(code, { task: 'customers', params: { sleepMs: 6000 } });
    expect(slow.status).toBe(202);
    expect(['queued', 'running']).toContain(slow.body.status);
    await until(slow.body.id, 'succeeded');
  });

  it('cancels a queued job at once and a running one between batches', async () => {
    const code = await shop();
    const running = await sync(code, { task: 'orders', params: { sleepMs: 20000, steps: 200 } });
    await until(running.body.id, 'running');
    const queued = await sync(code, { task: 'orders', params: { seq: 'behind' } });
    const c1 = await stack.api<Job>('POST', `/v1/jobs/${queued.body.id}/cancel`);
    expect(c1.status).toBe(200);
    expect(c1.body.status).toBe('cancelled');
    const c2 = await stack.api<Job>('POST', `/v1/jobs/${running.body.id}/cancel`);
    expect(c2.status).toBe(202);
    expect(c2.body.cancelRequested).toBe(true);
    const stopped = await until(running.body.id, 'cancelled', 10_000);
    expect(stopped.progress?.processed).toBeLessThan(200);
    await sleep(500);
    expect(records.starts(queued.body.id)).toHaveLength(0);
    const again = await stack.api<{ code: string }>('POST', `/v1/jobs/${queued.body.id}/cancel`);
    expect(again.status).toBe(409);
  });

  it('retries a failed job as a new linked job', async () => {
    const code = await shop();
    const failed = await sync(code, {
      task: 'payments',
      maxAttempts: 1,
      params: { failUnlessTrigger: 'retry' },
    });
    await until(failed.body.id, 'failed');
    const retried = await stack.api<Job>('POST', `/v1/jobs/${failed.body.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body.parentJobId).toBe(failed.body.id);
    expect(retried.body.trigger).toBe('retry');
    expect(retried.headers.get('location')).toBe(`/v1/jobs/${retried.body.id}`);
    await until(retried.body.id, 'succeeded');
    const conflict = await stack.api('POST', `/v1/jobs/${retried.body.id}/retry`);
    expect(conflict.status).toBe(409);
  });

  it('queues a chained follow-up when a job succeeds, and reports progress, summary and skipped records', async () => {
    const code = await shop();
    const parent = await sync(code, {
      task: 'orders',
      params: { chain: 'sales-orders', skip: 'order-17', sleepMs: 1500, steps: 3 },
    });
    const done = await until(parent.body.id, 'succeeded');
    expect(done.progress).toEqual({ processed: 3, total: 3 });
    expect(done.summary).toMatchObject({
      updated: 1,
      skipped: 1,
      skippedRecords: [{ record: 'order-17', reason: 'planned skip' }],
    });
    const children = await eventually(async () => {
      const list = (
        await stack.api<{ items: Job[] }>('GET', `/v1/jobs?shop=${code}&task=sales-orders`)
      ).body.items;
      expect(list).toHaveLength(1);
      return list;
    });
    expect(children[0].trigger).toBe('chained');
    expect(children[0].parentJobId).toBe(parent.body.id);
    await until(children[0].id, 'succeeded');
  });

  it('runs different categories of one shop side by side, and one category one at a time', async () => {
    const code = await shop();
    const patched = await stack.api<{ categoryMap: Record<string, string> }>(
      'PATCH',
      `/v1/shops/${code}`,
      { categoryMap: { inventory: 'stock' } },
    );
    expect(patched.body.categoryMap.inventory).toBe('stock');
    expect(patched.body.categoryMap.orders).toBe('default');
    const a = await sync(code, { task: 'orders', params: { sleepMs: 1500 } });
    const b = await sync(code, { task: 'inventory', params: { sleepMs: 1500 } });
    const c = await sync(code, { task: 'customers', params: { sleepMs: 1500 } });
    for (const id of [a.body.id, b.body.id, c.body.id]) await until(id, 'succeeded');
    expect((await job(b.body.id)).category).toBe('stock');
    const [sa, sb, sc] = [a, b, c].map((r) => records.starts(r.body.id)[0].at);
    expect(Math.abs(sb - sa)).toBeLessThan(1500); // different categories overlapped
    expect(sc - sa).toBeGreaterThanOrEqual(1500); // same category waited
    const bad = await stack.api<{ errors: Array<{ field: string }> }>(
      'PATCH',
      `/v1/shops/${code}`,
      { categoryMap: { teleport: 'x', orders: 'Bad Name' } },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.field).sort()).toEqual([
      'categoryMap.orders',
      'categoryMap.teleport',
    ]);
  });

  it('turns Kafka commands into jobs, once per idempotency key, and refuses bad ones to the DLQ', async () => {
    const code = await shop();
    const topic = `${stack.topicPrefix}shopsync.sync.commands.v1`;
    const command = {
      shop: code,
      task: 'orders',
      params: { sleepMs: 10 },
      idempotencyKey: `cmd-${code}`,
    };
    await producer.send({ topic, messages: [{ key: code, value: JSON.stringify(command) }] });
    // The same command again, in a CloudEvents envelope (both forms are taken): the same job.
    const event = {
      specversion: '1.0',
      id: `cmd-${code}-again`,
      source: '/erp/test',
      type: 'dev.shopsync.sync.command.v1',
      time: new Date().toISOString(),
      datacontenttype: 'application/json',
      data: { ...command, params: { sleepMs: 10, x: 1 } },
    };
    await producer.send({ topic, messages: [{ key: code, value: JSON.stringify(event) }] });
    await producer.send({
      topic,
      messages: [
        { key: 'nobody', value: JSON.stringify({ shop: 'nobody', task: 'orders' }) },
        { key: code, value: JSON.stringify({ shop: code, task: 'teleport' }) },
      ],
    });
    const jobs = await eventually(async () => {
      const list = (await stack.api<{ items: Job[] }>('GET', `/v1/jobs?shop=${code}`)).body.items;
      expect(list).toHaveLength(1);
      expect(list[0].status).toBe('succeeded');
      return list;
    });
    expect(jobs[0].trigger).toBe('kafka');
    await eventually(() => {
      const reasons = dlq.messages.map((m) => dataOf<{ reason: string; code: string }>(m));
      expect(reasons.map((r) => r.code).sort()).toEqual(['CONTRACT_VIOLATION', 'SHOP_NOT_FOUND']);
    });
    await sleep(1000);
    expect(
      (await stack.api<{ items: Job[] }>('GET', `/v1/jobs?shop=${code}`)).body.items,
    ).toHaveLength(1);
  });

  it('never overlapped two executions of one shop+category in any of the above', () => {
    expect(records.overlaps()).toEqual([]);
  });
});
