import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './support/env';
import { eventually, sleep } from './support/eventually';
import { createTestDatabase, query } from './support/pg';
import { RecordFile } from './support/records';
import { Stack } from './support/stack';

const HANDLERS = join(ROOT, 'test', 'support', 'handlers', 'recording-handlers.js');

interface Job {
  id: string;
  status: string;
  attempt: number;
}

// Short leases so a dead worker is noticed in seconds, not a minute.
const FAST = { LEASE_TTL_MS: '4000', LEASE_HEARTBEAT_MS: '500' };

describe('recovery', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let stack: Stack;
  const records = new RecordFile('recovery');
  let shops = 0;
  const shop = async () => {
    const code = `r${++shops}`;
    expect(
      (await stack.api('POST', '/v1/shops', { code, domain: `${code}.myshopify.com` })).status,
    ).toBe(201);
    return code;
  };
  const job = async (id: string) => (await stack.api<Job>('GET', `/v1/jobs/${id}`)).body;

  beforeAll(async () => {
    db = await createTestDatabase('recovery');
    stack = await new Stack({
      name: 'recovery',
      databaseUrl: db.url,
      handlerModule: HANDLERS,
      workers: 2,
      env: { REAPER_INTERVAL_MS: '500', SCHEDULER_TICK_MS: '100' },
      workerEnv: {
        TEST_RECORD_FILE: records.path,
        KAFKA_SESSION_TIMEOUT_MS: '10000',
        WORKER_SHUTDOWN_GRACE_MS: '1500',
        ...FAST,
      },
    }).start();
  });

  afterAll(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('recovers a job whose worker was SIGKILLed: attempt 2 succeeds, exactly 2 executions, nothing overlapped', async () => {
    const code = await shop();
    const victim = await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, {
      task: 'inventory',
      maxAttempts: 3,
      params: { sleepMs: 4000, steps: 8, seq: 0 },
    });
    const behind = await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, {
      task: 'orders',
      params: { sleepMs: 200, seq: 1 },
    });
    const first = await eventually(() => {
      const s = records.starts(victim.body.id);
      expect(s).toHaveLength(1);
      return s[0];
    });
    const worker = stack.running('sync-worker').find((a) => a.process.pid === first.pid)!;
    expect(worker).toBeDefined();
    await stack.stopApp(worker, 'SIGKILL');
    await stack.waitReady(await stack.startApp('sync-worker'));
    await eventually(
      async () => expect((await job(victim.body.id)).status).toBe('succeeded'),
      90_000,
      300,
    );
    const done = await job(victim.body.id);
    expect(done.attempt).toBe(2);
    const starts = records.starts(victim.body.id);
    expect(starts.map((s) => s.attempt)).toEqual([1, 2]);
    expect(starts[1].pid).not.toBe(first.pid);
    await eventually(async () => expect((await job(behind.body.id)).status).toBe('succeeded'));
    expect(records.starts(behind.body.id)[0].at).toBeGreaterThan(starts[1].at);
    const logs = (
      await stack.api<{ items: Array<{ message: string }> }>(
        'GET',
        `/v1/jobs/${victim.body.id}/logs`,
      )
    ).body.items.map((l) => l.message);
    expect(logs.some((m) => /lost its worker|stopped heartbeating/.test(m))).toBe(true);
    expect(records.overlaps()).toEqual([]);
  });

  it('keeps every shop+category exclusive while a worker leaves and rejoins, over 500 jobs', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) codes.push(await shop());
    const ids: string[] = [];
    await Promise.all(
      codes.map(async (code, s) => {
        for (let i = 0; i < 25; i++) {
          const res = await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, {
            task: i % 2 ? 'orders' : 'customers',
            params: { seq: i, sleepMs: 50 + ((s * 31 + i * 17) % 200) },
          });
          ids.push(res.body.id);
        }
      }),
    );
    expect(ids).toHaveLength(500);
    await sleep(3000);
    const leaving = stack.running('sync-worker')[0];
    await stack.stopApp(leaving, 'SIGTERM');
    await sleep(2000);
    await stack.waitReady(await stack.startApp('sync-worker'));
    await eventually(
      async () => {
        const rows = await query<{ n: string }>(
          db.url,
          `SELECT count(*) AS n FROM jobs WHERE status = 'succeeded' AND id = ANY($1)`,
          [ids],
        );
        expect(Number(rows[0].n)).toBe(500);
      },
      240_000,
      1000,
    );
    expect(records.overlaps()).toEqual([]);
    const executed = new Set(records.starts().map((r) => r.jobId));
    for (const id of ids) expect(executed.has(id)).toBe(true);
  });

  it('rides out a PostgreSQL restart: no job lost, none run twice at once', async () => {
    const version = readdirSync('/etc/postgresql')[0];
    const code = await shop();
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push(
        (
          await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, {
            task: 'payments',
            params: { seq: i, sleepMs: 150 },
          })
        ).body.id,
      );
    await sleep(1000);
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], {
      stdio: 'ignore',
    });
    await eventually(
      async () => {
        const rows = await query<{ status: string; n: string }>(
          db.url,
          `SELECT status, count(*) AS n FROM jobs WHERE id = ANY($1) GROUP BY status`,
          [ids],
        );
        expect(rows).toEqual([{ status: 'succeeded', n: '30' }]);
      },
      240_000,
      1000,
    );
    expect(records.overlaps()).toEqual([]);
    for (const id of ids) expect(records.starts(id).length).toBeGreaterThanOrEqual(1);
    // The apps reconnected: a new request still runs.
    const after = await stack.api<Job>('POST', `/v1/shops/${code}/syncs`, {
      task: 'payments',
      params: { seq: 99 },
    });
    expect(after.status).toBe(202);
    await eventually(
      async () => expect((await job(after.body.id)).status).toBe('succeeded'),
      60_000,
      500,
    );
  });
});
