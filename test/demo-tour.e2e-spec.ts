import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KAFKA_BROKERS, ROOT } from './support/env';
import { freePort } from './support/stack';

jest.setTimeout(300_000);

// `npm start` as a new user runs it (scripts/start.js, the built apps, the embedded SQLite, the
// demo store on the simulator), on the test broker under its own topic prefix: the demo tour
// must leave every task with real work done and a sales order in the ERP feed.
describe('npm start: the demo tour completes the loop', () => {
  const home = mkdtempSync(join(tmpdir(), 'shopsync-tour-'));
  let child: ChildProcess;
  let out = '';
  let gatewayUrl = '';
  let key = '';

  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${gatewayUrl}${path}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const [gateway, worker, scheduler, sim] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    gatewayUrl = `http://127.0.0.1:${gateway}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SHOPSYNC_HOME: home,
      KAFKA_BROKERS,
      KAFKA_TOPIC_PREFIX: `tour${randomBytes(3).toString('hex')}.`,
      GATEWAY_PORT: String(gateway),
      WORKER_HTTP_PORT: String(worker),
      SCHEDULER_HTTP_PORT: String(scheduler),
      SHOPIFY_SIM_PORT: String(sim),
    };
    child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no end of the tour:\n${out}`)), 280_000);
      const check = setInterval(() => {
        if (/tour {2}done|did not succeed|demo tour stopped|demo shop not registered/.test(out)) {
          clearInterval(check);
          clearTimeout(timer);
          resolve();
        }
      }, 200);
      child.once('exit', (code) => {
        clearInterval(check);
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}):\n${out}`));
      });
    });
    key = readFileSync(join(home, 'admin-api-key'), 'utf8').trim();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(home, { recursive: true, force: true });
  });

  it('runs every task once, each succeeding with its records through', async () => {
    const lines = out.split('\n').filter((l) => /shopsync: tour {2}(ok|FAIL)/.test(l));
    expect(lines.filter((l) => l.includes('FAIL'))).toEqual([]);
    const { items: jobs } = await api<{
      items: Array<{
        task: string;
        status: string;
        recordsOutcome: string | null;
        summary: Record<string, unknown>;
      }>;
    }>('/v1/jobs?limit=100');
    const tasks = new Set(jobs.map((j) => j.task));
    for (const task of [
      'products',
      'images',
      'customers',
      'orders',
      'sales-orders',
      'inventory',
      'shipments',
      'payments',
    ])
      expect(tasks).toContain(task);
    expect(jobs.filter((j) => j.status !== 'succeeded')).toEqual([]);
    expect(jobs.filter((j) => j.recordsOutcome === 'all-failed')).toEqual([]);
    const exports = jobs.filter(
      (j) => j.task === 'products' && j.summary.direction === 'to-shopify',
    );
    // The new ERP item is created; the products just imported from Shopify are not sent back.
    expect(exports).toHaveLength(1);
    expect(exports[0].summary).toMatchObject({ created: 1, updated: 0 });
    const shipments = jobs.find((j) => j.task === 'shipments')!;
    // (the output says why when it is not)
    expect({ fulfilled: shipments.summary.fulfilled, out }).toMatchObject({ fulfilled: 1 });
    expect(Number(jobs.find((j) => j.task === 'inventory')!.summary.changed)).toBeGreaterThan(0);
  });

  it('leaves sales orders in the ERP feed and prints where to look', async () => {
    const feed = await api<{ items: Array<{ shopifyOrderId: string; lines: unknown[] }> }>(
      '/v1/erp/sales-orders?shop=demo&limit=100',
    );
    expect(feed.items.length).toBeGreaterThan(0);
    expect(out).toContain(`${gatewayUrl}/ui`);
    expect(out).toContain('/v1/erp/sales-orders');
    expect(out).not.toContain(key);
  });
});
