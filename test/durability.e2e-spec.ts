import { join } from 'node:path';
import { kafkaScript, ROOT } from './support/env';
import { eventually } from './support/eventually';
import { createTestDatabase, query } from './support/pg';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');
// A broker of its own, so stopping it disturbs no other suite.
const PORT = Number(process.env.TEST_DURABILITY_KAFKA_PORT ?? 19092);
const broker = (cmd: string) => kafkaScript([cmd], { KAFKA_PORT: String(PORT) });

describe('durability: an accepted request survives a broker outage', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;

  beforeAll(async () => {
    broker('start');
    db = await createTestDatabase('durability');
    stack = await new Stack({
      name: 'durability',
      databaseUrl: db.url,
      kafkaBrokers: `127.0.0.1:${PORT}`,
      handlerModule: HANDLERS,
    }).start();
    expect(
      (await stack.api('POST', '/v1/shops', { code: 'dur', domain: 'dur.myshopify.com' })).status,
    ).toBe(201);
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
    broker('stop');
  });

  it('answers 202 with the broker down, and runs the job once it is back', async () => {
    broker('stop');
    const started = Date.now();
    const res = await stack.api<{ id: string; status: string }>('POST', '/v1/shops/dur/syncs', {
      task: 'orders',
      params: { sleepMs: 10 },
    });
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5000);
    const [row] = await query<{ status: string }>(db.url, 'SELECT status FROM jobs WHERE id = $1', [
      res.body.id,
    ]);
    expect(row.status).toBe('queued');
    const [outbox] = await query<{ n: string }>(
      db.url,
      'SELECT count(*) AS n FROM outbox WHERE "publishedAt" IS NULL',
    );
    expect(Number(outbox.n)).toBeGreaterThanOrEqual(1);
    broker('start');
    await eventually(
      async () => {
        const job = await stack.api<{ status: string }>('GET', `/v1/jobs/${res.body.id}`);
        expect(job.body.status).toBe('succeeded');
      },
      120_000,
      500,
    );
    const [left] = await query<{ n: string }>(
      db.url,
      'SELECT count(*) AS n FROM outbox WHERE "publishedAt" IS NULL',
    );
    expect(Number(left.n)).toBe(0);
  });
});
