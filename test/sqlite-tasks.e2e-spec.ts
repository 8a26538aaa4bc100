import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShopifySimulator, startShopifySimulator } from './shopify-sim';
import { eventually } from './support/eventually';
import { Stack } from './support/stack';

const SHOPS = 18;
const PER_SHOP = 10;
const TOTAL = SHOPS * PER_SHOP;
const TIME_SCALE = 20;

interface Job {
  id: string;
  status: string;
  error?: unknown;
}

// The reported run: 18 shops, 180 payments/customers syncs in two batch calls, on the embedded
// database, with the real tasks against the simulator (each writes in its own transaction).
describe('SQLite with the real payments and customers tasks', () => {
  let sim: ShopifySimulator;
  let stack: Stack;

  beforeAll(async () => {
    sim = await startShopifySimulator({ timeScale: TIME_SCALE });
    stack = await new Stack({
      name: 'sqlite-tasks',
      sqlitePath: join(mkdtempSync(join(tmpdir(), 'shopsync-lite-tasks-')), 'shopsync.sqlite'),
      env: {
        SHOPSYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
      },
      workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: String(TIME_SCALE), WORKER_CONCURRENCY: '32' },
    }).start();
    for (let s = 0; s < SHOPS; s++) {
      const domain = `tasks-${s}.myshopify.com`;
      const accessToken = `shpat_${randomBytes(16).toString('hex')}`;
      sim.createShop({
        domain,
        plan: 'standard',
        accessToken,
        seed: { products: 2, locations: 1, customers: 40, orders: 30, seed: s + 1 },
      });
      const res = await stack.api('POST', '/v1/shops', {
        code: `tasks-${s}`,
        domain,
        accessToken,
        settings: { customers: { import: 'all', canUpdateShopifyCustomer: false } },
      });
      expect(res.status).toBe(201);
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    await sim?.close();
  });

  it('ends all 180 jobs, each once, and no request answers 500', async () => {
    const ids: string[] = [];
    for (let half = 0; half < 2; half++) {
      const requests = [];
      for (let i = 0; i < PER_SHOP / 2; i++)
        for (let s = 0; s < SHOPS; s++)
          requests.push({
            shop: `tasks-${s}`,
            task: i % 2 ? 'customers' : 'payments',
            force: true,
            maxAttempts: 1,
          });
      const res = await stack.api<{ jobs: Job[] }>('POST', '/v1/syncs', { requests });
      expect(res.status).toBe(202);
      ids.push(...res.body.jobs.map((j) => j.id));
    }
    expect(new Set(ids).size).toBe(TOTAL);
    const statuses = new Map<string, string>();
    await eventually(
      async () => {
        for (const id of ids) {
          if (['succeeded', 'failed', 'cancelled', 'skipped'].includes(statuses.get(id) ?? ''))
            continue;
          const res = await stack.api<Job>('GET', `/v1/jobs/${id}`);
          expect(res.status).toBe(200);
          statuses.set(id, res.body.status);
        }
        expect([...statuses.values()].filter((s) => s !== 'succeeded')).toEqual([]);
      },
      180_000,
      1000,
    );
  });
});
