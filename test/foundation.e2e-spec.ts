import { Producer } from 'kafkajs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually } from './support/eventually';
import { collect, Collected, dataOf, testKafka } from './support/kafka';
import { createTestDatabase, query } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Job {
  id: string;
  status: string;
  task: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

describe('foundation: one job from HTTP to the worker and back (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  let lifecycle: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  let dlq: { messages: Collected[]; consumer: { disconnect(): Promise<void> } };
  let producer: Producer;
  const kafka = testKafka();

  beforeAll(async () => {
    db = await createTestDatabase('foundation');
    stack = await new Stack({
      name: 'foundation',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
    }).start();
    lifecycle = await collect(kafka, `${stack.topicPrefix}shopsync.sync.lifecycle.v1`);
    dlq = await collect(kafka, `${stack.topicPrefix}shopsync.dlq.v1`);
    producer = kafka.producer();
    await producer.connect();
    const shop = await stack.api('POST', '/v1/shops', {
      code: 'acme',
      domain: 'acme.myshopify.com',
    });
    expect(shop.status).toBe(201);
  });

  afterAll(async () => {
    await producer?.disconnect();
    await lifecycle?.consumer.disconnect();
    await dlq?.consumer.disconnect();
    await stack?.stop();
    await db?.drop();
  });

  it('runs a job queued → running → succeeded, seen over HTTP and on Kafka', async () => {
    const res = await stack.api<Job>('POST', '/v1/shops/acme/syncs', {
      task: 'products',
      params: { sleepMs: 2000, steps: 4 },
    });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('queued');
    expect(res.headers.get('location')).toBe(`/v1/jobs/${res.body.id}`);
    const seen = new Set<string>(['queued']);
    await eventually(
      async () => {
        const job = await stack.api<Job>('GET', `/v1/jobs/${res.body.id}`);
        seen.add(job.body.status);
        expect(job.body.status).toBe('succeeded');
      },
      30_000,
      100,
    );
    expect([...seen]).toEqual(['queued', 'running', 'succeeded']);
    const job = (await stack.api<Job>('GET', `/v1/jobs/${res.body.id}`)).body;
    expect(new Date(job.finishedAt!).getTime()).toBeGreaterThanOrEqual(
      new Date(job.startedAt!).getTime() + 1900,
    );
    const logs = await stack.api<{ items: Array<{ message: string }> }>(
      'GET',
      `/v1/jobs/${res.body.id}/logs`,
    );
    expect(logs.body.items.map((l) => l.message)).toEqual(
      expect.arrayContaining(['requested (manual)', 'started', 'succeeded']),
    );
    await eventually(() => {
      const statuses = lifecycle.messages
        .map((m) => dataOf<{ jobId: string; status: string }>(m))
        .filter((e) => e.jobId === res.body.id)
        .map((e) => e.status);
      expect(statuses).toEqual(expect.arrayContaining(['queued', 'running', 'succeeded']));
    });
    const event = lifecycle.messages.find((m) => m.value?.includes(res.body.id));
    expect(event?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('runs the built-in handlers, and fails one that cannot reach Shopify with a clear, permanent error', async () => {
    // A worker with the real task handlers: this shop has no Shopify credentials.
    const plain = await stack.startApp('sync-worker', {
      WORKER_HANDLER_MODULE: '',
      INSTANCE_ID: 'plain-worker',
    });
    await stack.waitReady(plain);
    await stack.stopApp(stack.apps.find((a) => a.name === 'sync-worker' && a.index === 0)!);
    try {
      const res = await stack.api<Job>('POST', '/v1/shops/acme/syncs', {
        task: 'orders',
        maxAttempts: 3,
      });
      await eventually(async () => {
        const job = await stack.api<Job & { errorCode: string; attempt: number }>(
          'GET',
          `/v1/jobs/${res.body.id}`,
        );
        expect(job.body.status).toBe('failed');
        expect(job.body.errorCode).toBe('SHOPIFY_CREDENTIALS_MISSING');
        expect(job.body.error).toMatch(/acme/);
        expect(job.body.attempt).toBe(1);
      });
      // `orders` is strict: the failure holds acme's key until it is acknowledged.
      const ack = await stack.api('POST', `/v1/jobs/${res.body.id}/acknowledge`);
      expect(ack.status).toBe(200);
    } finally {
      await stack.stopApp(plain);
      await stack.waitReady(await stack.startApp('sync-worker'));
    }
  });

  it('refuses bad input with a clear message and stores nothing', async () => {
    const count = async () =>
      Number((await query<{ n: string }>(db.url, 'SELECT count(*) AS n FROM jobs'))[0].n);
    const before = await count();
    const unknownTask = await stack.api<{ message: string; errors: Array<{ field: string }> }>(
      'POST',
      '/v1/shops/acme/syncs',
      { task: 'teleport' },
    );
    expect(unknownTask.status).toBe(400);
    expect(unknownTask.body.errors[0].field).toBe('task');
    expect(unknownTask.body.message).toContain('task: must be one of products');
    const unknownShop = await stack.api<{ message: string }>('POST', '/v1/shops/nope/syncs', {
      task: 'orders',
    });
    expect(unknownShop.status).toBe(404);
    expect(unknownShop.body.message).toBe("shop 'nope' does not exist");
    const malformed = await stack.api<{ message: string }>(
      'POST',
      '/v1/shops/acme/syncs',
      '{"task": "orders",',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/not valid JSON/);
    const huge = await stack.api<{ message: string }>('POST', '/v1/shops/acme/syncs', {
      task: 'orders',
      params: { blob: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/larger than the limit/);
    const extra = await stack.api<{ errors: Array<{ field: string }> }>(
      'POST',
      '/v1/shops/acme/syncs',
      { task: 'orders', bogus: 1 },
    );
    expect(extra.status).toBe(400);
    expect(extra.body.errors[0].field).toBe('bogus');
    const badShop = await stack.api<{ errors: Array<{ field: string }> }>('POST', '/v1/shops', {
      code: 'Bad Code!',
      domain: '',
    });
    expect(badShop.status).toBe(400);
    expect(badShop.body.errors.map((e) => e.field).sort()).toEqual(['code', 'domain']);
    expect(await count()).toBe(before);
  });

  it('sends a malformed Kafka message to the DLQ with the reason and goes on consuming', async () => {
    const topic = `${stack.topicPrefix}shopsync.sync.requested.v1`;
    await producer.send({
      topic,
      messages: [
        { key: 'x/default', value: 'not json at all' },
        // shopsync's own topics carry CloudEvents only: a bare payload is refused as such.
        { key: 'x/default', value: JSON.stringify({ jobId: 'nope', task: 'teleport' }) },
        {
          key: 'x/default',
          value: JSON.stringify({
            specversion: '1.0',
            id: 'bad-request-1',
            source: '/test',
            type: 'dev.shopsync.sync.requested.v1',
            data: { jobId: 'nope', task: 'teleport' },
          }),
        },
      ],
    });
    await eventually(() => {
      expect(dlq.messages).toHaveLength(3);
    });
    const reasons = dlq.messages.map((m) =>
      dataOf<{ reason: string; code: string; value: string }>(m),
    );
    expect(reasons[0].reason).toMatch(/not JSON/);
    expect(reasons[0].value).toBe('not json at all');
    expect(reasons[1].code).toBe('CONTRACT_VIOLATION');
    expect(reasons[1].reason).toMatch(/must be a CloudEvents 1.0 envelope/);
    expect(reasons[2].code).toBe('CONTRACT_VIOLATION');
    expect(reasons[2].reason).toMatch(/jobId: .*UUID/);
    expect(reasons[2].reason).toMatch(/task: /);
    const res = await stack.api<Job>('POST', '/v1/shops/acme/syncs', {
      task: 'orders',
      params: { sleepMs: 10 },
    });
    await eventually(async () =>
      expect((await stack.api<Job>('GET', `/v1/jobs/${res.body.id}`)).body.status).toBe(
        'succeeded',
      ),
    );
  });

  it('sends a sync command with params over the bound to the DLQ, naming params, and makes no job', async () => {
    const before = dlq.messages.length;
    const jobs = (await stack.api<{ total: number }>('GET', '/v1/jobs?shop=acme')).body.total;
    await producer.send({
      topic: `${stack.topicPrefix}shopsync.sync.commands.v1`,
      messages: [
        {
          key: 'acme',
          value: JSON.stringify({
            shop: 'acme',
            task: 'orders',
            params: { blob: 'x'.repeat(20_000) },
          }),
        },
      ],
    });
    await eventually(() => expect(dlq.messages.length).toBe(before + 1));
    const dead = dataOf<{ reason: string; code: string }>(dlq.messages[before]);
    expect(dead.code).toBe('CONTRACT_VIOLATION');
    expect(dead.reason).toContain('params: must be at most 16384 bytes of JSON and 8 levels deep');
    expect((await stack.api<{ total: number }>('GET', '/v1/jobs?shop=acme')).body.total).toBe(jobs);
  });

  it('lists jobs by shop, task and status, paged', async () => {
    const page = await stack.api<{ items: Job[]; total: number; limit: number }>(
      'GET',
      '/v1/jobs?shop=acme&status=succeeded&limit=1',
    );
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    expect(page.body.total).toBeGreaterThanOrEqual(2);
    const bad = await stack.api<{ errors: Array<{ field: string }> }>(
      'GET',
      '/v1/jobs?status=sleeping',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('status');
  });
});

describe('foundation on the embedded database (SQLite)', () => {
  let stack: Stack;

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shopsync-sqlite-'));
    stack = await new Stack({
      name: 'sqlite',
      sqlitePath: join(dir, 'shopsync.sqlite'),
      handlerModule: HANDLERS,
    }).start();
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('applies the migrations and runs the slice', async () => {
    expect(
      (await stack.api('POST', '/v1/shops', { code: 'lite', domain: 'lite.myshopify.com' })).status,
    ).toBe(201);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await stack.api<Job>('POST', '/v1/shops/lite/syncs', {
            task: 'orders',
            params: { seq: i, sleepMs: 50 },
          })
        ).body.id,
      );
    await eventually(async () => {
      for (const id of ids)
        expect((await stack.api<Job>('GET', `/v1/jobs/${id}`)).body.status).toBe('succeeded');
    });
  });
});
