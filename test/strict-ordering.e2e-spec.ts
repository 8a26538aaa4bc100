import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Consumer } from 'kafkajs';
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
  trigger: string;
  parentJobId: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

// Issue 19, items 4 and 5: per-key order under retries. `orders` is strict by default (so is
// `sales-orders`), `inventory` lenient; every task of a shop shares the `default` category, so
// one key. Short leases so a SIGKILLed worker is noticed in seconds; one worker, so the crash
// is of the worker running the key.
describe.each([
  ['PostgreSQL', 'pg'],
  ['SQLite', 'sqlite'],
])('ordering under retries on %s', (_name, kind) => {
  let stack: Stack;
  let drop: (() => Promise<void>) | undefined;
  let lifecycle: { messages: Collected[]; consumer: Consumer };
  const records = new RecordFile(`strict-${kind}`);
  let shops = 0;

  const shop = async (settings?: Record<string, unknown>) => {
    const code = `${kind}-o${++shops}`;
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
  // Each job's first start, in the order they happened.
  const startOrder = (ids: string[]) =>
    records
      .starts()
      .filter((r) => ids.includes(r.jobId))
      .sort((a, b) => a.at - b.at)
      .map((r) => `${ids.indexOf(r.jobId)}#${r.attempt}`);

  beforeAll(async () => {
    const storage: { databaseUrl?: string; sqlitePath?: string } = {};
    if (kind === 'pg') {
      const db = await createTestDatabase(`strict_ordering`);
      storage.databaseUrl = db.url;
      drop = db.drop;
    } else {
      storage.sqlitePath = join(mkdtempSync(join(tmpdir(), 'shopsync-strict-')), 'strict.sqlite');
    }
    stack = await new Stack({
      name: `strict-${kind}`,
      ...storage,
      handlerModule: HANDLERS,
      workers: 1,
      env: { REAPER_INTERVAL_MS: '500', SCHEDULER_TICK_MS: '100' },
      workerEnv: {
        TEST_RECORD_FILE: records.path,
        LEASE_TTL_MS: '4000',
        LEASE_HEARTBEAT_MS: '500',
        WORKER_SHUTDOWN_GRACE_MS: '1500',
        KAFKA_SESSION_TIMEOUT_MS: '10000',
      },
    }).start();
    lifecycle = await collect(testKafka(), `${stack.topicPrefix}shopsync.sync.lifecycle.v1`);
  }, 180_000);

  afterAll(async () => {
    await lifecycle?.consumer.disconnect();
    await stack?.stop();
    await drop?.();
  });

  it('strict: the first job fails twice and succeeds on its third attempt, the later ones wait (waiting, waitingFor, filter, event) and run after it in request order', async () => {
    const code = await shop();
    const first = await request(code, {
      task: 'orders',
      maxAttempts: 3,
      rerunDelaySeconds: 3,
      params: { seq: 0, failTimes: 2, sleepMs: 100 },
    });
    expect(first.ordering).toBe('strict');
    const later = [
      await request(code, { task: 'orders', params: { seq: 1, sleepMs: 50 } }),
      await request(code, { task: 'sales-orders', params: { seq: 2, sleepMs: 50 } }),
      await request(code, { task: 'orders', params: { seq: 3, sleepMs: 50 } }),
    ];
    const ids = [first.id, ...later.map((j) => j.id)];

    // While the first waits for its rerun delay, the later ones are `waiting` for it.
    await eventually(
      async () => {
        expect((await job(first.id)).status).toBe('retry-scheduled');
        for (const j of later)
          expect(await job(j.id)).toMatchObject({ status: 'waiting', waitingFor: first.id });
        const listed = await stack.api<{ items: Job[]; total: number }>(
          'GET',
          `/v1/jobs?shop=${code}&status=waiting`,
        );
        expect(listed.body.items.map((j) => j.id).sort()).toEqual(later.map((j) => j.id).sort());
        expect(listed.body.items.every((j) => j.waitingFor === first.id)).toBe(true);
      },
      20_000,
      100,
    );
    const queued = await stack.api<{ total: number }>('GET', `/v1/jobs?shop=${code}&status=queued`);
    expect(queued.body.total).toBe(0);
    const bad = await stack.api<{ errors: Array<{ field: string }> }>(
      'GET',
      '/v1/jobs?status=blocked',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('status');

    for (const id of ids) expect((await waitForJobEnd(stack, id, 60_000)).status).toBe('succeeded');
    expect((await job(first.id)).attempt).toBe(3);
    expect(startOrder(ids)).toEqual(['0#1', '0#2', '0#3', '1#1', '2#1', '3#1']);
    expect(records.overlaps()).toEqual([]);

    // The lifecycle topic announced each of them `waiting` behind the first.
    for (const j of later)
      expect(
        lifecycle.messages
          .map((m) => dataOf(m))
          .some((e) => e.jobId === j.id && e.status === 'waiting' && e.waitingFor === first.id),
      ).toBe(true);
    const logs = (
      await stack.api<{ items: Array<{ message: string }> }>('GET', `/v1/jobs/${later[0].id}/logs`)
    ).body.items.map((l) => l.message);
    expect(logs.some((m) => m.startsWith(`waiting for job ${first.id}`))).toBe(true);
  });

  it('lenient: a later job goes ahead while the first waits for its rerun delay', async () => {
    const code = await shop();
    const first = await request(code, {
      task: 'inventory',
      maxAttempts: 2,
      rerunDelaySeconds: 3,
      params: { seq: 0, failTimes: 1, sleepMs: 50 },
    });
    expect(first.ordering).toBe('lenient');
    const second = await request(code, { task: 'inventory', params: { seq: 1, sleepMs: 50 } });
    for (const id of [first.id, second.id])
      expect((await waitForJobEnd(stack, id, 60_000)).status).toBe('succeeded');
    expect(startOrder([first.id, second.id])).toEqual(['0#1', '1#1', '0#2']);
  });

  it('waiting: a job queued behind a running one of its key shows waiting for it, and leaves the filter when it runs', async () => {
    const code = await shop();
    const running = await request(code, {
      task: 'inventory',
      params: { seq: 0, sleepMs: 3000, steps: 6 },
    });
    const behind = await request(code, { task: 'products', params: { seq: 1, sleepMs: 50 } });
    await eventually(
      async () => {
        expect((await job(running.id)).status).toBe('running');
        expect(await job(behind.id)).toMatchObject({ status: 'waiting', waitingFor: running.id });
        const listed = await stack.api<{ items: Job[] }>(
          'GET',
          `/v1/jobs?shop=${code}&status=waiting,running`,
        );
        expect(listed.body.items.map((j) => [j.id, j.status, j.waitingFor])).toEqual([
          [behind.id, 'waiting', running.id],
          [running.id, 'running', null],
        ]);
      },
      10_000,
      100,
    );
    expect((await waitForJobEnd(stack, behind.id, 30_000)).status).toBe('succeeded');
    const waiting = await stack.api<{ total: number }>(
      'GET',
      `/v1/jobs?shop=${code}&status=waiting`,
    );
    expect(waiting.body.total).toBe(0);
  });

  it('a shop can make a task lenient: orders then overtake a retry', async () => {
    const code = await shop({ ordering: { orders: 'lenient' } });
    const first = await request(code, {
      task: 'orders',
      maxAttempts: 2,
      rerunDelaySeconds: 3,
      params: { seq: 0, failTimes: 1, sleepMs: 50 },
    });
    expect(first.ordering).toBe('lenient');
    const second = await request(code, { task: 'orders', params: { seq: 1, sleepMs: 50 } });
    for (const id of [first.id, second.id])
      expect((await waitForJobEnd(stack, id, 60_000)).status).toBe('succeeded');
    expect(startOrder([first.id, second.id])).toEqual(['0#1', '1#1', '0#2']);
  });

  it('strict: a final failure holds the key until it is acknowledged (audited), then the later jobs run in request order', async () => {
    const code = await shop();
    const failed = await request(code, {
      task: 'orders',
      maxAttempts: 1,
      params: { seq: 0, failTimes: 1, sleepMs: 50 },
    });
    const later = [
      await request(code, { task: 'orders', params: { seq: 1, sleepMs: 50 } }),
      await request(code, { task: 'inventory', params: { seq: 2, sleepMs: 50 } }),
    ];
    expect((await waitForJobEnd(stack, failed.id, 30_000)).status).toBe('failed');
    await eventually(async () => {
      for (const j of later)
        expect(await job(j.id)).toMatchObject({ status: 'waiting', waitingFor: failed.id });
    });
    // The scheduler's sweep runs every 500 ms: the key stays held however often it runs.
    await eventually(async () => {
      const logs = (
        await stack.api<{ items: Array<{ message: string }> }>(
          'GET',
          `/v1/jobs/${later[1].id}/logs`,
        )
      ).body.items.map((l) => l.message);
      expect(logs.some((m) => m.startsWith(`waiting for job ${failed.id}`))).toBe(true);
    });
    expect(records.starts(later[0].id)).toEqual([]);
    expect(records.starts(later[1].id)).toEqual([]);

    const notFailed = await stack.api<{ code: string }>(
      'POST',
      `/v1/jobs/${later[0].id}/acknowledge`,
    );
    expect(notFailed.status).toBe(409);
    const ack = await stack.api<Job>('POST', `/v1/jobs/${failed.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'failed', acknowledgedBy: 'test-admin' });
    expect(ack.body.acknowledgedAt).not.toBeNull();
    const again = await stack.api<Job>('POST', `/v1/jobs/${failed.id}/acknowledge`);
    expect(again.status).toBe(200);
    expect(again.body.acknowledgedAt).toBe(ack.body.acknowledgedAt);

    for (const j of later)
      expect((await waitForJobEnd(stack, j.id, 60_000)).status).toBe('succeeded');
    expect(startOrder([failed.id, ...later.map((j) => j.id)])).toEqual(['0#1', '1#1', '2#1']);
    const logs = (
      await stack.api<{ items: Array<{ message: string }> }>('GET', `/v1/jobs/${failed.id}/logs`)
    ).body.items.map((l) => l.message);
    expect(logs).toContain('failure acknowledged by test-admin');
  });

  it('strict: retrying a final failure runs the retry first, then the jobs held behind it', async () => {
    const code = await shop();
    const failed = await request(code, {
      task: 'orders',
      params: { seq: 0, failUnlessTrigger: 'retry', sleepMs: 50 },
    });
    const later = [
      await request(code, { task: 'orders', params: { seq: 1, sleepMs: 50 } }),
      await request(code, { task: 'orders', params: { seq: 2, sleepMs: 50 } }),
    ];
    expect((await waitForJobEnd(stack, failed.id, 30_000)).status).toBe('failed');
    await eventually(async () => {
      for (const j of later)
        expect(await job(j.id)).toMatchObject({ status: 'waiting', waitingFor: failed.id });
    });
    const retried = await stack.api<Job>('POST', `/v1/jobs/${failed.id}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ trigger: 'retry', parentJobId: failed.id });
    expect((await waitForJobEnd(stack, retried.body.id, 30_000)).status).toBe('succeeded');
    for (const j of later)
      expect((await waitForJobEnd(stack, j.id, 60_000)).status).toBe('succeeded');
    const ids = [failed.id, retried.body.id, ...later.map((j) => j.id)];
    expect(startOrder(ids)).toEqual(['0#1', '1#1', '2#1', '3#1']);
    expect(await job(failed.id)).toMatchObject({ acknowledgedBy: 'test-admin' });
  });

  it('strict across a worker SIGKILL and a restart: the interrupted job is recovered first, the later ones follow in request order', async () => {
    const code = await shop();
    const first = await request(code, {
      task: 'orders',
      maxAttempts: 3,
      rerunDelaySeconds: 1,
      params: { seq: 0, failTimes: 1, sleepMs: 4000, steps: 8 },
    });
    const later = [
      await request(code, { task: 'orders', params: { seq: 1, sleepMs: 50 } }),
      await request(code, { task: 'sales-orders', params: { seq: 2, sleepMs: 50 } }),
      await request(code, { task: 'orders', params: { seq: 3, sleepMs: 50 } }),
    ];
    // Attempt 1 fails; the later jobs park behind the retry; attempt 2 is killed with its worker.
    const second = await eventually(
      () => {
        const s = records.starts(first.id).filter((r) => r.attempt === 2);
        expect(s).toHaveLength(1);
        return s[0];
      },
      30_000,
      50,
    );
    const worker = stack.running('sync-worker').find((a) => a.process.pid === second.pid)!;
    expect(worker).toBeDefined();
    await stack.stopApp(worker, 'SIGKILL');
    // The scheduler restarts too: what holds the key is in the database, not in a process.
    const scheduler = stack.running('scheduler')[0];
    await stack.stopApp(scheduler, 'SIGKILL');
    await stack.waitReady(await stack.startApp('scheduler'));
    await stack.waitReady(await stack.startApp('sync-worker'));

    const ids = [first.id, ...later.map((j) => j.id)];
    for (const id of ids) expect((await waitForJobEnd(stack, id, 90_000)).status).toBe('succeeded');
    expect((await job(first.id)).attempt).toBe(3);
    expect(startOrder(ids)).toEqual(['0#1', '0#2', '0#3', '1#1', '2#1', '3#1']);
    expect(records.overlaps()).toEqual([]);
  });
});
