import { mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { startShopifySimulator, ShopifySimulator } from '../test/shopify-sim';
import { kafkaScript, ROOT } from '../test/support/env';
import { createTestDatabase } from '../test/support/pg';
import { Stack } from '../test/support/stack';
import { machine } from './pipeline';
import { round, runMain } from './stats';

// npm run bench:sync — the sync engine against the simulator at standard-plan limits in real
// time (no time scaling): a products push of 2,000 items × 5 variants to an empty shop, a full
// inventory sync of those 10,000 variants × 5 locations (50,000 levels), then a no-change
// re-sync. BENCH_ITEMS, BENCH_VARIANTS, BENCH_LOCATIONS change the sizes.
// The shop keeps the default products.bulkExportThreshold, so that push is a bulk mutation.
// BENCH_MODE=products-bulk instead pushes the same catalog to two empty shops, one through the
// per-query path (products.bulkExportThreshold 0) and one through the bulk mutation, exports the
// bulk shop again unchanged, then changes every item's title and exports both shops again; it
// reports Shopify points per 10,000 variants for each (the real budget); the bulk path's seconds
// are the simulator's, not Shopify's (Shopify runs bulk operations at its own pace).
const MODE = process.env.BENCH_MODE ?? 'default';
const BULK_DOMAIN = 'bench-bulk-shop.myshopify.com';
const BULK_TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const ITEMS = Number(process.env.BENCH_ITEMS ?? 2000);
const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 5);
const LOCATIONS = Number(process.env.BENCH_LOCATIONS ?? 5);
const DOMAIN = 'bench-shop.myshopify.com';
const TOKEN = `shpat_${randomBytes(16).toString('hex')}`;
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL', '3XL', '4XL'].slice(0, VARIANTS);
const RESTORE = 100; // standard plan, points per second
const BUCKET = 2000;
const POINTS_PER_LEVEL_CALL = 10;
const LEVELS_PER_CALL = 250;

interface Job {
  id: string;
  status: string;
  startedAt: string;
  finishedAt: string;
  summary: Record<string, unknown> & { shopify?: Record<string, number> };
  error: string | null;
}

interface Phase {
  phase: string;
  seconds: number;
  status: string;
  summary: Record<string, unknown>;
  simulator: { calls: number; throttled: number; pointsUsed: number; mutations: number };
  bucketAtStart: number;
}

async function main(): Promise<void> {
  process.stdout.write(`${kafkaScript(['start']).trim()}\n`);
  const sim: ShopifySimulator = await startShopifySimulator({
    timeScale: 1,
    emitWebhooks: false,
    bulkDelayMs: 20,
  });
  sim.createShop({
    domain: DOMAIN,
    plan: 'standard',
    accessToken: TOKEN,
    seed: { locations: LOCATIONS, products: 0, seed: 9 },
  });
  if (MODE === 'products-bulk')
    sim.createShop({
      domain: BULK_DOMAIN,
      plan: 'standard',
      accessToken: BULK_TOKEN,
      seed: { locations: LOCATIONS, products: 0, seed: 9 },
    });
  const db = await createTestDatabase('bench_sync');
  const stack = new Stack({
    name: 'bench-sync',
    databaseUrl: db.url,
    env: {
      LOG_LEVEL: 'warn',
      SHOPSYNC_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      SHOPIFY_ENDPOINT_OVERRIDES: `*.myshopify.com=${sim.url}/shops/{shop}`,
    },
    workerEnv: { SHOPIFY_LIMITER_TIME_SCALE: '1' },
  });
  const phases: Phase[] = [];
  try {
    await stack.start();
    const must = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await stack.api<T>(method, path, body);
      if (res.status >= 300)
        throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    await must('POST', '/v1/shops', {
      code: 'bench',
      domain: DOMAIN,
      accessToken: TOKEN,
      defaultMaxAttempts: 1,
      ...(MODE === 'products-bulk'
        ? { settings: { products: { bulkExportThreshold: 0, canUpdateShopifyProducts: true } } }
        : {}),
    });
    if (MODE === 'products-bulk')
      await must('POST', '/v1/shops', {
        code: 'bench-bulk',
        domain: BULK_DOMAIN,
        accessToken: BULK_TOKEN,
        defaultMaxAttempts: 1,
        settings: { products: { canUpdateShopifyProducts: true } },
      });
    const codes = Array.from({ length: LOCATIONS }, (_, l) => `WH${l + 1}`);
    await putItems(must, (n) => `Item ${n}`);
    const stock: Array<{ sku: string; locationCode: string; quantity: number }> = [];
    for (let n = 1; n <= ITEMS; n++)
      for (const s of SIZES)
        for (let l = 0; l < LOCATIONS; l++)
          stock.push({
            sku: `SKU-${n}-${s}`,
            locationCode: codes[l],
            quantity: 1 + ((n + l) % 40),
          });
    for (let i = 0; i < stock.length; i += 1000)
      await must('PUT', '/v1/erp/stock', { stock: stock.slice(i, i + 1000) });
    await must('GET', '/v1/shops/bench/locations');
    const simLocations = (sim.snapshot(DOMAIN, 'locations') as Array<{ id: string }>).map(
      (l) => l.id,
    );
    await must('PUT', '/v1/shops/bench/locations', {
      locations: simLocations.map((id, l) => ({
        shopifyLocationId: id,
        erpLocationCode: codes[l],
        stockSync: true,
      })),
    });
    await must('POST', '/v1/shops/bench/products', { filter: { all: true } });
    if (MODE === 'products-bulk') {
      await must('POST', '/v1/shops/bench-bulk/products', { filter: { all: true } });
      await productsBulk(sim, must);
      return;
    }

    const run = async (
      phase: string,
      task: string,
      params: Record<string, unknown>,
      mutationOps: string[],
    ): Promise<Phase> => {
      sim.resetCounters(DOMAIN);
      const bucketAtStart = sim.shop(DOMAIN).bucket.status().currentlyAvailable;
      const { id } = await must<{ id: string }>('POST', '/v1/shops/bench/syncs', {
        task,
        params,
        force: true,
      });
      let job: Job;
      for (;;) {
        job = await must<Job>('GET', `/v1/jobs/${id}`);
        if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const c = sim.counters(DOMAIN);
      const result: Phase = {
        phase,
        seconds: (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000,
        status: job.status,
        summary: job.summary ?? { error: job.error },
        simulator: {
          calls: c.calls,
          throttled: c.throttled,
          pointsUsed: c.pointsUsed,
          mutations: mutationOps.reduce((s, op) => s + (c.byOperation[op] ?? 0), 0),
        },
        bucketAtStart,
      };
      process.stdout.write(
        `${phase}: ${job.status} in ${round(result.seconds, 2)} s, ${c.calls} calls, ${c.throttled} throttled, ${c.pointsUsed} points\n`,
      );
      phases.push(result);
      return result;
    };
    const ops = (prefix: string) =>
      Object.keys(sim.counters(DOMAIN).byOperation).filter((k) => k.startsWith(prefix));
    await run(`products push (${ITEMS} items × ${VARIANTS} variants)`, 'products', {}, []);
    phases[0].simulator.mutations = phases[0].simulator.calls;
    const inventory = await run(
      `inventory, full (${ITEMS * VARIANTS} variants × ${LOCATIONS} locations)`,
      'inventory',
      {},
      [],
    );
    const setOps = ops('').filter((k) => /inventory/i.test(k) && /set|Set/.test(k));
    inventory.simulator.mutations = setOps.reduce(
      (s, op) => s + (sim.counters(DOMAIN).byOperation[op] ?? 0),
      0,
    );
    const resync = await run('inventory, no change', 'inventory', {}, setOps);

    const levels = ITEMS * VARIANTS * LOCATIONS;
    const neededPoints = Math.ceil(levels / LEVELS_PER_CALL) * POINTS_PER_LEVEL_CALL;
    const ceilingSeconds = Math.max(0, neededPoints - inventory.bucketAtStart) / RESTORE;
    const levelsPerSecond = levels / inventory.seconds;
    const ceilingLevelsPerSecond = ceilingSeconds > 0 ? levels / ceilingSeconds : Infinity;
    const report = {
      at: new Date().toISOString(),
      machine: machine(),
      plan: {
        name: 'standard',
        bucket: BUCKET,
        restorePerSecond: RESTORE,
        sustainedLevelsPerSecond: (RESTORE / POINTS_PER_LEVEL_CALL) * LEVELS_PER_CALL,
      },
      inventory: {
        levels,
        seconds: inventory.seconds,
        levelsPerSecond,
        bucketAtStart: inventory.bucketAtStart,
        ceilingSeconds,
        ceilingLevelsPerSecond,
        ratioToCeiling: Number.isFinite(ceilingLevelsPerSecond)
          ? levelsPerSecond / ceilingLevelsPerSecond
          : null,
        throttled: inventory.simulator.throttled,
        calls: inventory.simulator.calls,
        points: inventory.simulator.pointsUsed,
      },
      noChangeResync: {
        mutations: resync.simulator.mutations,
        points: resync.simulator.pointsUsed,
        seconds: resync.seconds,
      },
      phases,
    };
    process.stdout.write(
      [
        '',
        '| phase | status | seconds | calls | throttled | points | mutations |',
        '|---|---|---|---|---|---|---|',
        ...phases.map(
          (p) =>
            `| ${p.phase} | ${p.status} | ${round(p.seconds, 2)} | ${p.simulator.calls} | ${p.simulator.throttled} | ${p.simulator.pointsUsed} | ${p.simulator.mutations} |`,
        ),
        '',
        `inventory: ${round(levelsPerSecond)} levels/s; the standard plan's ceiling from a bucket of ${inventory.bucketAtStart} points is ${Number.isFinite(ceilingLevelsPerSecond) ? round(ceilingLevelsPerSecond) : '∞ (all in the starting bucket)'} levels/s → ${report.inventory.ratioToCeiling === null ? 'n/a' : `${round(100 * report.inventory.ratioToCeiling)} %`}`,
        `no-change re-sync: ${resync.simulator.mutations} mutations, ${resync.simulator.pointsUsed} points`,
        '',
      ].join('\n'),
    );
    mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results', 'sync.json'), JSON.stringify(report, null, 2));
    process.stdout.write(`written to ${join(ROOT, 'bench', 'results', 'sync.json')}\n`);
  } finally {
    await stack.stop();
    await sim.close();
    await db.drop();
  }
}

type Must = <T>(method: string, path: string, body?: unknown) => Promise<T>;

async function putItems(must: Must, title: (n: number) => string): Promise<void> {
  for (let i = 0; i < ITEMS; i += 500) {
    const items = Array.from({ length: Math.min(500, ITEMS - i) }, (_, k) => {
      const n = i + k + 1;
      return {
        itemNo: `ITEM-${n}`,
        title: title(n),
        vendor: 'Acme',
        productType: 'Shirts',
        tags: ['erp'],
        options: ['Size'],
        variants: SIZES.map((s) => ({ sku: `SKU-${n}-${s}`, options: [s], price: 10 + (n % 9) })),
      };
    });
    await must('PUT', '/v1/erp/items', { items });
  }
}

// The same push to two empty shops: per query (threshold 0) and as one bulk mutation; then a
// no-change export, and an update round (every item's title changed) through both paths.
async function productsBulk(sim: ShopifySimulator, must: Must): Promise<void> {
  const variants = ITEMS * VARIANTS;
  const push = async (shop: string, domain: string, phase: string) => {
    sim.resetCounters(domain);
    const bulkOps = (type: string) =>
      [...sim.shop(domain).bulkOperations.values()].filter((b) => b.type === type).length;
    const before = { MUTATION: bulkOps('MUTATION'), QUERY: bulkOps('QUERY') };
    const { id } = await must<{ id: string }>('POST', `/v1/shops/${shop}/syncs`, {
      task: 'products',
      force: true,
    });
    let job: Job;
    for (;;) {
      job = await must<Job>('GET', `/v1/jobs/${id}`);
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const c = sim.counters(domain);
    const row = {
      phase,
      status: job.status,
      simulatorSeconds: (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000,
      calls: c.calls,
      throttled: c.throttled,
      points: c.pointsUsed,
      pointsPer10kVariants: Math.round((c.pointsUsed / variants) * 10_000),
      bulkMutations: bulkOps('MUTATION') - before.MUTATION,
      bulkQueries: bulkOps('QUERY') - before.QUERY,
      variantReadsPerProduct: c.byOperation.CatalogProductVariants ?? 0,
      products: sim.shop(domain).products.size,
      summary: job.summary,
    };
    process.stdout.write(
      `${phase}: ${job.status}, ${c.calls} calls, ${c.pointsUsed} points (${row.pointsPer10kVariants} per 10,000 variants), ${round(row.simulatorSeconds, 2)} s in the simulator\n`,
    );
    return row;
  };
  const perQuery = await push('bench', DOMAIN, 'per-query path (bulkExportThreshold 0)');
  const bulk = await push('bench-bulk', BULK_DOMAIN, 'bulk mutation (bulkExportThreshold 100)');
  const noChange = await push('bench-bulk', BULK_DOMAIN, 'bulk shop, no change');
  await putItems(must, (n) => `Item ${n} renamed`);
  const perQueryUpdate = await push('bench', DOMAIN, 'per-query path, update (every title)');
  const bulkUpdate = await push('bench-bulk', BULK_DOMAIN, 'bulk mutation, update (every title)');
  const report = {
    at: new Date().toISOString(),
    machine: machine(),
    plan: { name: 'standard', bucket: BUCKET, restorePerSecond: RESTORE },
    items: ITEMS,
    variants,
    target: '≤ 2,000 points per 10,000 variants',
    note: "seconds are the simulator's: Shopify runs a bulk mutation at its own pace, outside the bucket",
    phases: [perQuery, bulk, noChange, perQueryUpdate, bulkUpdate],
  };
  process.stdout.write(
    [
      '',
      '| path | status | calls | points | points / 10,000 variants | bulk queries | bulk mutations | per-product variant reads | simulator s |',
      '|---|---|---|---|---|---|---|---|---|',
      ...report.phases.map(
        (p) =>
          `| ${p.phase} | ${p.status} | ${p.calls} | ${p.points} | ${p.pointsPer10kVariants} | ${p.bulkQueries} | ${p.bulkMutations} | ${p.variantReadsPerProduct} | ${round(p.simulatorSeconds, 2)} |`,
      ),
      '',
    ].join('\n'),
  );
  const file = join(ROOT, 'bench', 'results', 'sync-products-bulk.json');
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(file, JSON.stringify(report, null, 2));
  process.stdout.write(`written to ${file}\n`);
}

runMain(main);
