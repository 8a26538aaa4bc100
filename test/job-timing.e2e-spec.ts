import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer, Producer } from 'kafkajs';
import { ROOT } from './support/env';
import { eventually } from './support/eventually';
import { waitForJobEnd } from './support/jobs';
import { Collected, collect, dataOf, testKafka } from './support/kafka';
import { createTestDatabase } from './support/pg';
import { RecordFile } from './support/records';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Job {
  id: string;
  status: string;
  waitingFor: string | null;
  ordering: string;
  attempt: number;
  error: string | null;
  errorCode: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  timeoutSeconds: number | null;
  notBefore: string | null;
  expiresAt: string | null;
}
interface FieldErrors {
  code: string;
  errors: Array<{ field: string; message: string }>;
}

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

// Issue 19, items 2 and 3: a run stopped by its timeout fails TIMEOUT and is retried like a
// transient failure, releasing its lease; a delayed job waits `delayed` without holding up
// other keys or (lenient) its own key's later jobs, keeps its place in a strict category, and
// ends `expired` when it could not start in time. Every task of a shop shares one key
// (`default`); `orders` is strict, `inventory` and `products` lenient.
describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
])('job timeouts and delayed jobs on %s', (_name, kind) => {
  let stack: Stack;
  let drop: (() => Promise<void>) | undefined;
  let lifecycle: { messages: Collected[]; consumer: Consumer };
  let dlq: { messages: Collected[]; consumer: Consumer };
  let producer: Producer;
  const kafka = testKafka();
  const records = new RecordFile(`timing-${kind}`);
  let shops = 0;

  const shop = async (settings?: Record<string, unknown>) => {
    const code = `${kind}-t${++shops}`;
    const res = await stack.api('POST', '/v1/shops', {
      code,
      domain: `${code}.myshopify.com`,
      ...(settings ? { settings } : {}),
    });
    expect(res.status).toBe(201);
    return code;
  };
  const request = async (code: string, body: Record<string, unknown>): Promise<Job> => {
    const res = await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, { force: true, ...body });
    expect(res.status).toBe(202);
    return res.body;
  };
  const job = async (id: string) => (await stack.api<Job>('GET', `/v1/jobs/${id}`)).body;
  const logsOf = async (id: string) =>
    (
      await stack.api<{ items: Array<{ message: string; attempt: number }> }>(
        'GET',
        `/v1/jobs/${id}/logs`,
      )
    ).body.items;
  const startOrder = (ids: string[]) =>
    records
      .starts()
      .filter((r) => ids.includes(r.jobId))
      .sort((a, b) => a.at - b.at)
      .map((r) => `${ids.indexOf(r.jobId)}#${r.attempt}`);
  const events = (id: string) =>
    lifecycle.messages
      .map((m) => dataOf(m))
      .filter((e) => e.jobId === id)
      .map((e) => e.status);

  beforeAll(async () => {
    const storage: { databaseUrl?: string; sqlitePath?: string } = {};
    if (kind === 'pg') {
      const db = await createTestDatabase('job_timing');
      storage.databaseUrl = db.url;
      drop = db.drop;
    } else {
      storage.sqlitePath = join(mkdtempSync(join(tmpdir(), 'shopsync-timing-')), 'timing.sqlite');
    }
    stack = await new Stack({
      name: `timing-${kind}`,
      ...storage,
      handlerModule: HANDLERS,
      workers: 1,
      env: { REAPER_INTERVAL_MS: '500', SCHEDULER_TICK_MS: '100' },
      workerEnv: { TEST_RECORD_FILE: records.path, LEASE_HEARTBEAT_MS: '500' },
    }).start();
    lifecycle = await collect(kafka, `${stack.topicPrefix}shopsync.sync.lifecycle.v1`);
    dlq = await collect(kafka, `${stack.topicPrefix}shopsync.dlq.v1`);
    producer = kafka.producer();
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await lifecycle?.consumer.disconnect();
    await dlq?.consumer.disconnect();
    await stack?.stop();
    await drop?.();
  });

  it('a run past its timeoutSeconds is stopped and fails TIMEOUT, is retried per its policy, and lets the key go: a later job runs meanwhile', async () => {
    const code = await shop();
    const slow = await request(code, {
      task: 'inventory',
      timeoutSeconds: 2,
      maxAttempts: 2,
      rerunDelaySeconds: 5,
      params: { seq: 0, sleepMs: 120_000, steps: 240 },
    });
    expect(slow.timeoutSeconds).toBe(2);
    const later = await request(code, { task: 'inventory', params: { seq: 1, sleepMs: 50 } });

    const ended = await waitForJobEnd(stack, slow.id, 60_000);
    expect(ended).toMatchObject({ status: 'failed', errorCode: 'TIMEOUT', attempt: 2 });
    expect(ended.error).toBe('timed out after 2 s (timeout from the request)');
    expect((await waitForJobEnd(stack, later.id, 30_000)).status).toBe('succeeded');
    // Attempt 1 timed out and released the lease: the later job ran before the retry.
    expect(startOrder([slow.id, later.id])).toEqual(['0#1', '1#1', '0#2']);
    expect(records.overlaps()).toEqual([]);
    const logs = await logsOf(slow.id);
    expect(
      logs.filter((l) => l.message === 'timed out after 2 s: stopped').map((l) => l.attempt),
    ).toEqual([1, 2]);
    expect(
      logs.some((l) => l.message.startsWith('attempt failed; retry at ') && l.attempt === 1),
    ).toBe(true);
    expect(events(slow.id)).toEqual(expect.arrayContaining(['retry-scheduled', 'failed']));
  });

  it("the task's default timeout comes from settings.timeouts", async () => {
    const code = await shop({ timeouts: { products: 1 } });
    const slow = await request(code, {
      task: 'products',
      maxAttempts: 1,
      params: { seq: 0, sleepMs: 120_000, steps: 240 },
    });
    expect(slow.timeoutSeconds).toBeNull();
    const ended = await waitForJobEnd(stack, slow.id, 60_000);
    expect(ended).toMatchObject({ status: 'failed', errorCode: 'TIMEOUT', attempt: 1 });
    expect(ended.error).toBe('timed out after 1 s (timeout from settings.timeouts.products)');
    // Another task keeps its default (an hour): it runs to its end.
    const quick = await request(code, { task: 'inventory', params: { seq: 1, sleepMs: 1500 } });
    expect((await waitForJobEnd(stack, quick.id, 30_000)).status).toBe('succeeded');
  });

  it('lenient: a notBefore job starts no earlier than notBefore; other keys and its own key’s later jobs run meanwhile', async () => {
    const code = await shop();
    const other = await shop();
    const notBefore = inSeconds(8);
    const delayed = await request(code, {
      task: 'inventory',
      notBefore,
      params: { seq: 0, sleepMs: 50 },
    });
    expect(delayed.notBefore).toBe(notBefore);
    await eventually(async () => expect((await job(delayed.id)).status).toBe('delayed'));
    const later = await request(code, { task: 'inventory', params: { seq: 1, sleepMs: 50 } });
    const elsewhere = await request(other, { task: 'inventory', params: { seq: 2, sleepMs: 50 } });
    for (const j of [later, elsewhere])
      expect((await waitForJobEnd(stack, j.id, 30_000)).status).toBe('succeeded');

    expect((await waitForJobEnd(stack, delayed.id, 60_000)).status).toBe('succeeded');
    const [start] = records.starts(delayed.id);
    expect(start.at).toBeGreaterThanOrEqual(Date.parse(notBefore));
    expect(startOrder([delayed.id, later.id])).toEqual(['1#1', '0#1']);
    expect(records.starts(elsewhere.id)[0].at).toBeLessThan(start.at);
    const logs = (await logsOf(delayed.id)).map((l) => l.message);
    expect(logs).toContain(`delayed: not before ${notBefore}`);
    expect(logs).toContain(`due: not before ${notBefore} has come; queued`);
    expect(events(delayed.id)).toEqual(expect.arrayContaining(['delayed', 'running']));
  });

  it('strict: a notBefore job keeps its place, the later jobs of its key wait behind it (waitingFor), other keys run', async () => {
    const code = await shop();
    const other = await shop();
    const notBefore = inSeconds(6);
    const delayed = await request(code, { task: 'orders', notBefore, params: { seq: 0 } });
    expect(delayed.ordering).toBe('strict');
    const later = await request(code, { task: 'orders', params: { seq: 1, sleepMs: 50 } });
    const elsewhere = await request(other, { task: 'orders', params: { seq: 2, sleepMs: 50 } });
    await eventually(
      async () => {
        expect((await job(delayed.id)).status).toBe('delayed');
        expect(await job(later.id)).toMatchObject({ status: 'waiting', waitingFor: delayed.id });
      },
      20_000,
      100,
    );
    expect((await waitForJobEnd(stack, elsewhere.id, 30_000)).status).toBe('succeeded');
    for (const j of [delayed, later])
      expect((await waitForJobEnd(stack, j.id, 60_000)).status).toBe('succeeded');
    expect(records.starts(delayed.id)[0].at).toBeGreaterThanOrEqual(Date.parse(notBefore));
    expect(startOrder([delayed.id, later.id])).toEqual(['0#1', '1#1']);
    expect(records.starts(elsewhere.id)[0].at).toBeLessThan(records.starts(delayed.id)[0].at);
  });

  it('a job that could not start by its expiresAt ends expired, never runs, and does not hold its key', async () => {
    const code = await shop();
    const running = await request(code, {
      task: 'inventory',
      params: { seq: 0, sleepMs: 10_000, steps: 20 },
    });
    await eventually(async () => expect((await job(running.id)).status).toBe('running'));
    const expiresAt = inSeconds(3);
    const expiring = await request(code, { task: 'orders', expiresAt, params: { seq: 1 } });
    const later = await request(code, { task: 'orders', params: { seq: 2, sleepMs: 50 } });

    const ended = await waitForJobEnd(stack, expiring.id, 30_000);
    expect(ended).toMatchObject({ status: 'expired', errorCode: 'JOB_EXPIRED', startedAt: null });
    expect(Date.parse(ended.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(expiresAt));
    expect((await logsOf(expiring.id)).map((l) => l.message)).toContain(
      `expired: not started by its expiresAt ${expiresAt}`,
    );
    expect((await waitForJobEnd(stack, later.id, 60_000)).status).toBe('succeeded');
    expect(records.starts(expiring.id)).toEqual([]);
    expect(startOrder([running.id, later.id])).toEqual(['0#1', '1#1']);
    await eventually(() => expect(events(expiring.id)).toContain('expired'));
    const listed = await stack.api<{ items: Job[] }>('GET', `/v1/jobs?shop=${code}&status=expired`);
    expect(listed.body.items.map((j) => j.id)).toEqual([expiring.id]);
  });

  it('refuses bad timing naming the field (HTTP, the batch route, settings), and sends a bad Kafka command to the DLQ with the reason', async () => {
    const code = await shop();
    const refused = async (path: string, body: Record<string, unknown>, field: string) => {
      const res = await stack.api<FieldErrors>('POST', path, body);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e) => e.field)).toEqual([field]);
      return res.body.errors[0].message;
    };
    const syncs = `/v1/shops/${code}/syncs`;
    expect(
      await refused(syncs, { task: 'orders', notBefore: '2026-05-01T08:00:00' }, 'notBefore'),
    ).toMatch(/time zone/);
    expect(
      await refused(
        syncs,
        { task: 'orders', notBefore: inSeconds(600), expiresAt: inSeconds(300) },
        'expiresAt',
      ),
    ).toBe('must be after notBefore');
    expect(await refused(syncs, { task: 'orders', expiresAt: inSeconds(-60) }, 'expiresAt')).toBe(
      'must be in the future',
    );
    expect(
      await refused(syncs, { task: 'orders', notBefore: inSeconds(400 * 86_400) }, 'notBefore'),
    ).toBe('must be at most 365 days ahead');
    await refused(syncs, { task: 'orders', timeoutSeconds: 0 }, 'timeoutSeconds');
    await refused(
      '/v1/syncs',
      {
        requests: [
          { shop: code, task: 'orders' },
          { shop: code, task: 'orders', expiresAt: inSeconds(-1) },
        ],
      },
      'requests[1].expiresAt',
    );
    const patched = await stack.api<FieldErrors>('PATCH', `/v1/shops/${code}`, {
      settings: { timeouts: { orders: 100_000 } },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.errors.map((e) => e.field)).toEqual(['settings.timeouts.orders']);
    expect((await stack.api<{ total: number }>('GET', `/v1/jobs?shop=${code}`)).body.total).toBe(0);

    const before = dlq.messages.length;
    await producer.send({
      topic: `${stack.topicPrefix}shopsync.sync.commands.v1`,
      messages: [
        {
          key: code,
          value: JSON.stringify({ shop: code, task: 'orders', expiresAt: inSeconds(-60) }),
        },
        { key: code, value: JSON.stringify({ shop: code, task: 'orders', timeoutSeconds: 0 }) },
      ],
    });
    await eventually(() => expect(dlq.messages.length).toBe(before + 2), 30_000);
    const dead = dlq.messages.slice(before).map((m) => dataOf<{ reason: string; code: string }>(m));
    expect(dead[0].code).toBe('VALIDATION_FAILED');
    expect(dead[0].reason).toContain('expiresAt: must be in the future');
    expect(dead[1].code).toBe('CONTRACT_VIOLATION');
    expect(dead[1].reason).toContain('timeoutSeconds');
    expect((await stack.api<{ total: number }>('GET', `/v1/jobs?shop=${code}`)).body.total).toBe(0);

    // A good command with timing makes a delayed job.
    const notBefore = inSeconds(3600);
    await producer.send({
      topic: `${stack.topicPrefix}shopsync.sync.commands.v1`,
      messages: [{ key: code, value: JSON.stringify({ shop: code, task: 'orders', notBefore }) }],
    });
    const made = await eventually(async () => {
      const page = await stack.api<{ items: Job[] }>('GET', `/v1/jobs?shop=${code}`);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.items[0]).toMatchObject({ status: 'delayed', notBefore });
      return page.body.items[0];
    }, 30_000);
    const cancelled = await stack.api<Job>('POST', `/v1/jobs/${made.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
  });
});
