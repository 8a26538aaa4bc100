import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Queue, Worker as BullWorker, QueueEvents } from 'bullmq';
import { PgBoss } from 'pg-boss';
import { kafkaScript, ROOT } from '../test/support/env';
import { createTestDatabase, query } from '../test/support/pg';
import { Stack } from '../test/support/stack';
import { pool, round, summarize, Summary } from './stats';

// npm run bench:pipeline — N no-op jobs over K keys through the real path (HTTP → database +
// outbox → Kafka → worker → status), then the same workload on pg-boss (ordered per key) and
// BullMQ (unordered upper bound). Environment: BENCH_JOBS, BENCH_KEYS, BENCH_WORKERS,
// BENCH_HTTP_CONCURRENCY, BENCH_RATE (jobs/s offered; 0 = as fast as possible), BENCH_PEERS,
// BENCH_WARMUP (jobs run first and not measured, default 1000), BENCH_REPEAT (runs per system,
// the median is reported, default 3), BENCH_WORKER_CONCURRENCY (default 64),
// BENCH_BATCH (requests per HTTP call for shopsync, comma-separated for several runs: 1 is the
// single-request route, more uses POST /v1/syncs).
export interface RunResult {
  system: string;
  jobs: number;
  keys: number;
  workers: number;
  seconds: number;
  jobsPerSecond: number;
  requestToStartMs: Summary;
  requestToDoneMs: Summary;
  orderedPerKey: boolean | null;
  offeredRate: number | null;
  requestsPerCall: number;
  // With BENCH_REPEAT > 1: jobs/s of every run; the figures above are the median run's.
  runs?: number[];
}

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// Sends each key's requests one after another (its request order); keys go in parallel, `width`
// lanes at a time, each lane sending `batch` requests per call.
async function submit(
  count: number,
  keys: number,
  width: number,
  rate: number,
  batch: number,
  send: (items: Array<{ key: number; seq: number }>) => Promise<void>,
): Promise<void> {
  const perKey = Math.ceil(count / keys);
  const lanes = Math.min(width, keys);
  const started = Date.now();
  let sent = 0;
  await pool(lanes, lanes, async (lane) => {
    const items: Array<{ key: number; seq: number }> = [];
    for (let seq = 0; seq < perKey; seq++)
      for (let key = lane; key < keys; key += lanes)
        if (seq * keys + key < count) items.push({ key, seq });
    for (let i = 0; i < items.length; i += batch) {
      const chunk = items.slice(i, i + batch);
      // Each call takes its place in the schedule before it waits, so the lanes spread evenly.
      const slot = sent;
      sent += chunk.length;
      if (rate > 0) {
        const due = started + ((slot + chunk.length - 1) / rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      await send(chunk);
    }
  });
}

export async function runShopsync(opts: {
  jobs: number;
  keys: number;
  workers: number;
  width: number;
  rate: number;
  batch?: number;
  partitions?: number;
  warmup?: number;
}): Promise<RunResult> {
  const warmup = opts.warmup ?? 0;
  const batch = opts.batch ?? 1;
  const db = await createTestDatabase('bench');
  const stack = new Stack({
    name: 'bench',
    databaseUrl: db.url,
    handlerModule: join(ROOT, 'bench', 'noop-handlers.js'),
    workers: opts.workers,
    env: {
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(opts.workers > 2 ? 8 : 16),
      KAFKA_PARTITIONS: String(opts.partitions ?? 12),
      API_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    workerEnv: { WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '64' },
  });
  try {
    await stack.start();
    await pool(opts.keys, 16, async (k) => {
      const res = await stack.api('POST', '/v1/shops', {
        code: `k${k}`,
        domain: `k${k}.myshopify.com`,
      });
      if (res.status !== 201) throw new Error(`shop k${k}: ${res.status}`);
    });
    const send = (warmup: boolean) => async (items: Array<{ key: number; seq: number }>) => {
      const params = (seq: number) => (warmup ? { seq, warmup } : { seq });
      const res =
        batch === 1
          ? await stack.api('POST', `/v1/shops/k${items[0].key}/syncs`, {
              task: 'inventory',
              params: params(items[0].seq),
            })
          : await stack.api('POST', '/v1/syncs', {
              requests: items.map(({ key, seq }) => ({
                shop: `k${key}`,
                task: 'inventory',
                params: params(seq),
              })),
            });
      if (res.status !== 202) throw new Error(`request: ${res.status} ${JSON.stringify(res.body)}`);
    };
    const settled = async (count: number) => {
      const deadline = Date.now() + 30 * 60_000;
      for (;;) {
        const [row] = await query<{ n: string }>(
          db.url,
          `SELECT count(*) AS n FROM jobs WHERE status = 'succeeded'`,
        );
        if (Number(row.n) >= count) return;
        if (Date.now() > deadline) throw new Error(`only ${row.n} of ${count} jobs finished`);
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    // Warm-up (not measured): connections, prepared statements, JIT, the consumer's fetch loop.
    if (warmup) {
      await submit(warmup, opts.keys, opts.width, 0, batch, send(true));
      await settled(warmup);
    }
    await submit(opts.jobs, opts.keys, opts.width, opts.rate, batch, send(false));
    await settled(warmup + opts.jobs);
    const rows = await query<{
      shopId: string;
      seq: string;
      requestedAt: Date;
      startedAt: Date;
      finishedAt: Date;
    }>(
      db.url,
      `SELECT "shopId", params::json->>'seq' AS seq, "requestedAt", "startedAt", "finishedAt" FROM jobs WHERE params::json->>'warmup' IS NULL ORDER BY "shopId", "startedAt", "finishedAt", (params::json->>'seq')::int`,
    );
    const t0 = Math.min(...rows.map((r) => r.requestedAt.getTime()));
    const t1 = Math.max(...rows.map((r) => r.finishedAt.getTime()));
    // Per key, in the order they ran: the client's request order (seq), one at a time.
    let ordered = true;
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1];
      const b = rows[i];
      if (
        a.shopId === b.shopId &&
        (Number(b.seq) < Number(a.seq) || b.startedAt.getTime() < a.finishedAt.getTime())
      )
        ordered = false;
    }
    return {
      system: batch === 1 ? 'shopsync' : `shopsync, ${batch} per call`,
      jobs: rows.length,
      keys: opts.keys,
      workers: opts.workers,
      seconds: (t1 - t0) / 1000,
      jobsPerSecond: rows.length / ((t1 - t0) / 1000),
      requestToStartMs: summarize(rows.map((r) => r.startedAt.getTime() - r.requestedAt.getTime())),
      requestToDoneMs: summarize(rows.map((r) => r.finishedAt.getTime() - r.requestedAt.getTime())),
      orderedPerKey: ordered,
      offeredRate: opts.rate || null,
      requestsPerCall: batch,
    };
  } finally {
    await stack.stop();
    await db.drop();
  }
}

// pg-boss 12: one queue with the key_strict_fifo policy (FIFO per singletonKey, other keys still
// fetchable), as many pollers as keys (what one queue per key gave pg-boss 10).
export async function runPgBoss(opts: {
  jobs: number;
  keys: number;
  width: number;
  rate: number;
  warmup?: number;
}): Promise<RunResult> {
  const warmup = opts.warmup ?? 0;
  const db = await createTestDatabase('bench_pgboss');
  const boss = new PgBoss({ connectionString: db.url, max: 20 });
  boss.on('error', () => undefined);
  const queue = 'bench';
  const requested = new Array<number>(opts.jobs);
  const started = new Array<number>(opts.jobs);
  const done = new Array<number>(opts.jobs);
  const order = new Map<number, number[]>();
  try {
    await boss.start();
    await boss.createQueue(queue, { policy: 'key_strict_fifo' });
    let finished = 0;
    let warmed = 0;
    await boss.work<{ i: number; key: number; seq: number; warmup?: boolean }>(
      queue,
      { batchSize: 1, pollingIntervalSeconds: 0.5, localConcurrency: opts.keys },
      async ([job]) => {
        if (job.data.warmup) {
          warmed++;
          return;
        }
        started[job.data.i] = Date.now();
        order.set(job.data.key, [...(order.get(job.data.key) ?? []), job.data.seq]);
        done[job.data.i] = Date.now();
        finished++;
      },
    );
    const send = (data: { i: number; key: number; seq: number; warmup?: boolean }) =>
      boss.send(queue, data, { singletonKey: `k${data.key}` });
    if (warmup) {
      await submit(warmup, opts.keys, opts.width, 0, 1, async ([{ key, seq }]) => {
        await send({ i: -1, key, seq, warmup: true });
      });
      while (warmed < warmup) await new Promise((r) => setTimeout(r, 200));
    }
    await submit(opts.jobs, opts.keys, opts.width, opts.rate, 1, async ([{ key, seq }]) => {
      const i = seq * opts.keys + key;
      requested[i] = Date.now();
      await send({ i, key, seq });
    });
    while (finished < opts.jobs) await new Promise((r) => setTimeout(r, 200));
    return result(
      'pg-boss 12',
      opts,
      requested,
      started,
      done,
      [...order.values()].every((seqs) => seqs.every((s, i) => i === 0 || s > seqs[i - 1])),
    );
  } finally {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await db.drop();
  }
}

// BullMQ on the local Redis: one queue, concurrent workers, no per-key order (the upper bound).
export async function runBullMq(opts: {
  jobs: number;
  keys: number;
  width: number;
  rate: number;
  warmup?: number;
}): Promise<RunResult> {
  const warmup = opts.warmup ?? 0;
  let warmed = 0;
  const connection = { host: '127.0.0.1', port: 6379 };
  const name = `bench-${Date.now()}`;
  const queue = new Queue(name, { connection });
  const events = new QueueEvents(name, { connection });
  const requested = new Array<number>(opts.jobs);
  const started = new Array<number>(opts.jobs);
  const done = new Array<number>(opts.jobs);
  let finished = 0;
  const worker = new BullWorker(
    name,
    async (job) => {
      if (job.data.warmup) {
        warmed++;
        return;
      }
      started[job.data.i] = Date.now();
      done[job.data.i] = Date.now();
      finished++;
    },
    { connection, concurrency: 64 },
  );
  try {
    if (warmup) {
      await submit(warmup, opts.keys, opts.width, 0, 1, async ([{ seq }]) => {
        await queue.add('job', { i: -1, seq, warmup: true }, { removeOnComplete: true });
      });
      while (warmed < warmup) await new Promise((r) => setTimeout(r, 100));
    }
    await submit(opts.jobs, opts.keys, opts.width, opts.rate, 1, async ([{ key, seq }]) => {
      const i = seq * opts.keys + key;
      requested[i] = Date.now();
      await queue.add('job', { i, seq }, { removeOnComplete: true, removeOnFail: true });
    });
    while (finished < opts.jobs) await new Promise((r) => setTimeout(r, 100));
    return result('BullMQ 5', opts, requested, started, done, null);
  } finally {
    await worker.close();
    await events.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

function result(
  system: string,
  opts: { jobs: number; keys: number; rate: number },
  requested: number[],
  started: number[],
  done: number[],
  ordered: boolean | null,
): RunResult {
  const t0 = Math.min(...requested);
  const t1 = Math.max(...done);
  return {
    system,
    jobs: opts.jobs,
    keys: opts.keys,
    workers: 1,
    seconds: (t1 - t0) / 1000,
    jobsPerSecond: opts.jobs / ((t1 - t0) / 1000),
    requestToStartMs: summarize(started.map((s, i) => s - requested[i])),
    requestToDoneMs: summarize(done.map((d, i) => d - requested[i])),
    orderedPerKey: ordered,
    offeredRate: opts.rate || null,
    requestsPerCall: 1,
  };
}

export function table(results: RunResult[]): string {
  const base = results.find((r) => r.system.startsWith('pg-boss'));
  const head =
    '| system | jobs | keys | workers | jobs/s | × pg-boss | start p50 / p95 / p99 ms | done p50 / p95 / p99 ms | per-key order |';
  const rows = results.map(
    (r) =>
      `| ${r.system} | ${r.jobs} | ${r.keys} | ${r.workers} | ${round(r.jobsPerSecond)} | ${base ? round(r.jobsPerSecond / base.jobsPerSecond, 2) : '—'} | ${round(r.requestToStartMs.p50)} / ${round(r.requestToStartMs.p95)} / ${round(r.requestToStartMs.p99)} | ${round(r.requestToDoneMs.p50)} / ${round(r.requestToDoneMs.p95)} / ${round(r.requestToDoneMs.p99)} | ${r.orderedPerKey === null ? 'not kept' : r.orderedPerKey ? 'kept' : 'BROKEN'} |`,
  );
  return [head, '|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

async function main(): Promise<void> {
  const opts = {
    jobs: env('BENCH_JOBS', 20000),
    keys: env('BENCH_KEYS', 500),
    workers: env('BENCH_WORKERS', 1),
    width: env('BENCH_HTTP_CONCURRENCY', 64),
    rate: env('BENCH_RATE', 0),
    warmup: env('BENCH_WARMUP', 1000),
    repeat: env('BENCH_REPEAT', 3),
    batches: (process.env.BENCH_BATCH ?? '1,50')
      .split(',')
      .map(Number)
      .filter((n) => n >= 1),
  };
  const peers = (process.env.BENCH_PEERS ?? 'pg-boss,bullmq').split(',').filter(Boolean);
  process.stdout.write(`${kafkaScript(['start']).trim()}\n`);
  process.stdout.write(
    `pipeline benchmark: ${opts.jobs} jobs over ${opts.keys} keys, ${opts.workers} worker(s), ${opts.width} HTTP clients${opts.rate ? `, ${opts.rate} jobs/s offered` : ''}\n`,
  );
  const results: RunResult[] = [];
  for (const batch of opts.batches)
    results.push(await median(opts.repeat, () => runShopsync({ ...opts, batch })));
  if (peers.includes('pg-boss')) results.push(await median(opts.repeat, () => runPgBoss(opts)));
  if (peers.includes('bullmq')) results.push(await median(opts.repeat, () => runBullMq(opts)));
  const text = table(results);
  process.stdout.write(`\n${text}\n`);
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', process.env.BENCH_OUT ?? 'pipeline.json');
  writeFileSync(
    file,
    JSON.stringify(
      { at: new Date().toISOString(), machine: machine(), options: opts, results },
      null,
      2,
    ),
  );
  process.stdout.write(`written to ${file}\n`);
}

// Runs a measurement `times` times and keeps the median run (by jobs/s): two cores shared by six
// processes make single runs vary.
async function median(times: number, run: () => Promise<RunResult>): Promise<RunResult> {
  const results: RunResult[] = [];
  for (let i = 0; i < Math.max(1, times); i++) {
    const r = await run();
    process.stdout.write(`  ${r.system}: ${round(r.jobsPerSecond)} jobs/s\n`);
    results.push(r);
  }
  const sorted = [...results].sort((a, b) => a.jobsPerSecond - b.jobsPerSecond);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)];
  return { ...mid, runs: results.map((r) => round(r.jobsPerSecond)) };
}

export function machine(): Record<string, unknown> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(
        `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
