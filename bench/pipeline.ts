// The shared contracts are decorated classes (class-validator/-transformer need the metadata API).
import 'reflect-metadata';
import { writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Queue, Worker as BullWorker } from 'bullmq';
import { Kafka, logLevel } from 'kafkajs';
import { PgBoss } from 'pg-boss';
import { encodeEvent, SyncCommandV1, TOPICS } from '@shopsync/shared';
import { KAFKA_BROKERS, kafkaScript, ROOT } from '../test/support/env';
import { createTestDatabase, query } from '../test/support/pg';
import { Stack } from '../test/support/stack';
import { leanClient } from './http-client';
import { pool, round, runMain, summarize, Summary } from './stats';

// npm run bench:pipeline — N no-op jobs over K keys through the real path (HTTP → database +
// outbox → Kafka → worker → status), then the same workload on pg-boss (ordered per key) and
// BullMQ (unordered upper bound). Environment: BENCH_JOBS, BENCH_KEYS, BENCH_WORKERS,
// BENCH_HTTP_CONCURRENCY, BENCH_RATE (jobs/s offered; 0 = as fast as possible), BENCH_PEERS,
// BENCH_WARMUP (jobs run first and not measured, default 1000), BENCH_REPEAT (runs per system,
// the median is reported, default 3), BENCH_WORKER_CONCURRENCY (default 64),
// BENCH_BATCH (requests per HTTP call for shopsync, comma-separated for several runs: 1 is the
// single-request route, more uses POST /v1/syncs). bench:peers also drives the Kafka-commands path
// and the peers' bulk enqueue through the functions below.
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
  // Whether the system promises per-key order (an unordered queue that happens to keep it still
  // does not promise it).
  promisesOrder?: boolean;
  // With BENCH_REPEAT > 1: jobs/s of every run; the figures above are the median run's.
  runs?: number[];
}

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

// Called around the measured window (after the warm-up, until the last job finished), so a caller
// can take CPU and database counters over exactly that window.
export interface MeasureHooks {
  begin(ctx: MeasureContext): Promise<void>;
  end(): Promise<void>;
}
export interface MeasureContext {
  // The database the system under test uses, if any.
  databaseName?: string;
  // The system's own processes, by role (the bench process itself is not listed).
  pids: Record<string, number[]>;
}

// The version's major of an installed package, for labels ("BullMQ 6").
export function major(pkg: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return String((require(`${pkg}/package.json`) as { version: string }).version.split('.')[0]);
}

interface PeerJob {
  i: number;
  key: number;
  seq: number;
  warmup?: boolean;
}

// What a peer's no-op jobs record: when each was requested, started and done, and per key the
// order they started in.
class Tally {
  readonly requested: number[];
  readonly started: number[];
  readonly done: number[];
  private readonly order = new Map<number, number[]>();
  finished = 0;
  warmed = 0;

  constructor(jobs: number) {
    this.requested = new Array<number>(jobs);
    this.started = new Array<number>(jobs);
    this.done = new Array<number>(jobs);
  }

  // The no-op job itself.
  run(job: PeerJob): void {
    if (job.warmup) {
      this.warmed++;
      return;
    }
    this.started[job.i] = Date.now();
    const seqs = this.order.get(job.key);
    if (seqs) seqs.push(job.seq);
    else this.order.set(job.key, [job.seq]);
    this.done[job.i] = Date.now();
    this.finished++;
  }

  // Every key's jobs started in request order (seq increasing).
  inOrder(): boolean {
    return [...this.order.values()].every((seqs) =>
      seqs.every((s, i) => i === 0 || s > seqs[i - 1]),
    );
  }
}

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

// How the load generator hands shopsync its requests: one HTTP call per request (batch 1) or per
// `batch` requests (POST /v1/syncs), or as commands produced straight to shopsync.sync.commands.v1
// (key: the shop code; `batch` messages per produce call), which the gateway turns into jobs.
export type ShopsyncVia = 'http' | 'kafka';

export async function runShopsync(opts: {
  jobs: number;
  keys: number;
  workers: number;
  width: number;
  rate: number;
  batch?: number;
  via?: ShopsyncVia;
  partitions?: number;
  warmup?: number;
  kafkaBrokers?: string;
  measure?: MeasureHooks;
}): Promise<RunResult> {
  const warmup = opts.warmup ?? 0;
  const batch = opts.batch ?? 1;
  const via = opts.via ?? 'http';
  const db = await createTestDatabase('bench');
  const stack = new Stack({
    name: 'bench',
    databaseUrl: db.url,
    handlerModule: join(ROOT, 'bench', 'noop-handlers.js'),
    workers: opts.workers,
    kafkaBrokers: opts.kafkaBrokers,
    env: {
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: String(opts.workers > 2 ? 8 : 16),
      KAFKA_PARTITIONS: String(opts.partitions ?? 12),
      API_RATE_LIMIT_PER_MINUTE: '1000000',
    },
    workerEnv: { WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '64' },
  });
  // Kafka commands: when each was produced (the load generator's clock, before the send), by
  // shop code and seq; a job's requestedAt is when the gateway consumed its command.
  const produced = new Map<string, number>();
  const producer =
    via === 'kafka'
      ? new Kafka({
          clientId: 'bench-commands',
          brokers: (opts.kafkaBrokers ?? KAFKA_BROKERS).split(','),
          logLevel: logLevel.ERROR,
        }).producer({ allowAutoTopicCreation: false })
      : undefined;
  try {
    await stack.start();
    await pool(opts.keys, 16, async (k) => {
      const res = await stack.api('POST', '/v1/shops', {
        code: `k${k}`,
        domain: `k${k}.myshopify.com`,
      });
      if (res.status !== 201) throw new Error(`shop k${k}: ${res.status}`);
    });
    await producer?.connect();
    const client = leanClient(stack.gatewayUrl, stack.apiKey, opts.width);
    const commandsTopic = `${stack.topicPrefix}${TOPICS.syncCommands}`;
    const send = (warmup: boolean) => async (items: Array<{ key: number; seq: number }>) => {
      const params = (seq: number) => (warmup ? { seq, warmup } : { seq });
      if (producer) {
        const now = Date.now();
        await producer.send({
          topic: commandsTopic,
          acks: -1,
          messages: items.map(({ key, seq }) => {
            if (!warmup) produced.set(`k${key}/${seq}`, now);
            const command: SyncCommandV1 = {
              shop: `k${key}`,
              task: 'inventory',
              params: params(seq),
            };
            return { key: `k${key}`, value: encodeEvent(TOPICS.syncCommands, `k${key}`, command) };
          }),
        });
        return;
      }
      const res =
        batch === 1
          ? await client.post(`/v1/shops/k${items[0].key}/syncs`, {
              task: 'inventory',
              params: params(items[0].seq),
            })
          : await client.post('/v1/syncs', {
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
    const pids: Record<string, number[]> = {};
    for (const app of stack.apps)
      if (app.process.pid) (pids[app.name] ??= []).push(app.process.pid);
    await opts.measure?.begin({ databaseName: db.name, pids });
    await submit(opts.jobs, opts.keys, opts.width, opts.rate, batch, send(false));
    await settled(warmup + opts.jobs);
    await opts.measure?.end();
    const rows = await query<{
      shopId: string;
      code: string;
      seq: string;
      requestedAt: Date;
      startedAt: Date;
      finishedAt: Date;
    }>(
      db.url,
      `SELECT j."shopId", s.code, j.params::json->>'seq' AS seq, j."requestedAt", j."startedAt", j."finishedAt" FROM jobs j JOIN shops s ON s.id = j."shopId" WHERE j.params::json->>'warmup' IS NULL ORDER BY j."shopId", j."startedAt", j."finishedAt", (j.params::json->>'seq')::int`,
    );
    // The request's time: the gateway's requestedAt for HTTP, the produce time for Kafka.
    const requestedAt = (r: (typeof rows)[number]): number =>
      via === 'kafka'
        ? (produced.get(`${r.code}/${r.seq}`) ?? r.requestedAt.getTime())
        : r.requestedAt.getTime();
    if (via === 'kafka' && rows.some((r) => !produced.has(`${r.code}/${r.seq}`)))
      throw new Error('a job has no produced command: the bench mislabelled one');
    const t0 = Math.min(...rows.map(requestedAt));
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
      system:
        via === 'kafka'
          ? `shopsync, Kafka commands${batch > 1 ? `, ${batch} per produce` : ''}`
          : batch === 1
            ? 'shopsync'
            : `shopsync, ${batch} per call`,
      jobs: rows.length,
      keys: opts.keys,
      workers: opts.workers,
      seconds: (t1 - t0) / 1000,
      jobsPerSecond: rows.length / ((t1 - t0) / 1000),
      requestToStartMs: summarize(rows.map((r) => r.startedAt.getTime() - requestedAt(r))),
      requestToDoneMs: summarize(rows.map((r) => r.finishedAt.getTime() - requestedAt(r))),
      orderedPerKey: ordered,
      offeredRate: opts.rate || null,
      requestsPerCall: batch,
      promisesOrder: true,
    };
  } finally {
    await producer?.disconnect().catch(() => undefined);
    await stack.stop();
    await db.drop();
  }
}

// pg-boss 12: one queue with the key_strict_fifo policy (FIFO per singletonKey, other keys still
// fetchable), by default as many pollers as keys fetching one job each (what one queue per key gave
// pg-boss 10); batchSize and localConcurrency tune it. With `bulk` > 1 the load generator enqueues
// `bulk` jobs per call with `insert` (its bulk send) instead of one `send` each.
export async function runPgBoss(opts: {
  jobs: number;
  keys: number;
  width: number;
  rate: number;
  warmup?: number;
  batchSize?: number;
  localConcurrency?: number;
  bulk?: number;
  measure?: MeasureHooks;
}): Promise<RunResult> {
  const bulk = opts.bulk ?? 1;
  const batchSize = opts.batchSize ?? 1;
  const localConcurrency = opts.localConcurrency ?? opts.keys;
  const warmup = opts.warmup ?? 0;
  const db = await createTestDatabase('bench_pgboss');
  const boss = new PgBoss({ connectionString: db.url, max: 20 });
  boss.on('error', () => undefined);
  const queue = 'bench';
  const tally = new Tally(opts.jobs);
  try {
    await boss.start();
    await boss.createQueue(queue, { policy: 'key_strict_fifo' });
    await boss.work<PeerJob>(
      queue,
      {
        batchSize,
        pollingIntervalSeconds: 0.5,
        localConcurrency,
        burstWhenBatchFull: batchSize > 1,
      },
      async (jobs) => {
        for (const job of jobs) tally.run(job.data);
      },
    );
    const send = async (jobs: PeerJob[]) => {
      if (bulk === 1) await boss.send(queue, jobs[0], { singletonKey: `k${jobs[0].key}` });
      else
        await boss.insert(
          queue,
          jobs.map((data) => ({ data, singletonKey: `k${data.key}` })),
        );
    };
    if (warmup) {
      await submit(warmup, opts.keys, opts.width, 0, bulk, async (items) => {
        await send(items.map(({ key, seq }) => ({ i: -1, key, seq, warmup: true })));
      });
      while (tally.warmed < warmup) await new Promise((r) => setTimeout(r, 200));
    }
    await opts.measure?.begin({ databaseName: db.name, pids: {} });
    await submit(opts.jobs, opts.keys, opts.width, opts.rate, bulk, async (items) => {
      const now = Date.now();
      const jobs = items.map(({ key, seq }) => ({ i: seq * opts.keys + key, key, seq }));
      for (const { i } of jobs) tally.requested[i] = now;
      await send(jobs);
    });
    while (tally.finished < opts.jobs) await new Promise((r) => setTimeout(r, 50));
    await opts.measure?.end();
    return {
      ...result(
        `pg-boss ${major('pg-boss')}${bulk > 1 ? `, insert ${bulk} per call` : ''}`,
        { ...opts, bulk },
        tally,
      ),
      promisesOrder: true,
    };
  } finally {
    await boss.stop({ graceful: false }).catch(() => undefined);
    await db.drop();
  }
}

// BullMQ on the local Redis. Unordered (the upper bound): one queue, `concurrency` jobs at a time,
// no per-key order. Ordered per key the way its open-source users get it (`perKey`): one queue per
// key, each with a worker of concurrency 1 (group order is a BullMQ Pro feature). With `bulk` > 1
// the load generator enqueues `bulk` jobs per call with `addBulk` (one call per queue involved).
export async function runBullMq(opts: {
  jobs: number;
  keys: number;
  width: number;
  rate: number;
  warmup?: number;
  concurrency?: number;
  perKey?: boolean;
  bulk?: number;
  measure?: MeasureHooks;
}): Promise<RunResult> {
  const bulk = opts.bulk ?? 1;
  const warmup = opts.warmup ?? 0;
  const connection = { host: '127.0.0.1', port: 6379 };
  const name = `bench-${Date.now()}`;
  const names = opts.perKey ? Array.from({ length: opts.keys }, (_, k) => `${name}-k${k}`) : [name];
  const queues = names.map((n) => new Queue(n, { connection }));
  const queueOf = (key: number) => queues[opts.perKey ? key : 0];
  const tally = new Tally(opts.jobs);
  const workers = names.map(
    (n) =>
      new BullWorker<PeerJob>(
        n,
        async (job) => {
          tally.run(job.data);
        },
        { connection, concurrency: opts.perKey ? 1 : (opts.concurrency ?? 64) },
      ),
  );
  try {
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const jobOpts = { removeOnComplete: true, removeOnFail: true };
    const send = async (jobs: PeerJob[]) => {
      if (bulk === 1) {
        await queueOf(jobs[0].key).add('job', jobs[0], jobOpts);
        return;
      }
      // Each queue gets its jobs in request order; different queues are different keys.
      const byQueue = new Map<Queue, PeerJob[]>();
      for (const job of jobs) {
        const q = queueOf(job.key);
        byQueue.set(q, [...(byQueue.get(q) ?? []), job]);
      }
      await Promise.all(
        [...byQueue].map(([q, list]) =>
          q.addBulk(list.map((data) => ({ name: 'job', data, opts: jobOpts }))),
        ),
      );
    };
    if (warmup) {
      await submit(warmup, opts.keys, opts.width, 0, bulk, async (items) => {
        await send(items.map(({ key, seq }) => ({ i: -1, key, seq, warmup: true })));
      });
      while (tally.warmed < warmup) await new Promise((r) => setTimeout(r, 100));
    }
    await opts.measure?.begin({ pids: {} });
    await submit(opts.jobs, opts.keys, opts.width, opts.rate, bulk, async (items) => {
      const now = Date.now();
      const jobs = items.map(({ key, seq }) => ({ i: seq * opts.keys + key, key, seq }));
      for (const { i } of jobs) tally.requested[i] = now;
      await send(jobs);
    });
    while (tally.finished < opts.jobs) await new Promise((r) => setTimeout(r, 50));
    await opts.measure?.end();
    const label = `BullMQ ${major('bullmq')}, ${opts.perKey ? 'one queue per key' : 'one queue, unordered'}${bulk > 1 ? `, addBulk ${bulk} per call` : ''}`;
    return {
      ...result(label, { ...opts, bulk }, tally),
      promisesOrder: Boolean(opts.perKey),
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await Promise.all(queues.map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await Promise.all(queues.map((q) => q.close()));
  }
}

function result(
  system: string,
  opts: { jobs: number; keys: number; rate: number; bulk?: number },
  tally: Tally,
): RunResult {
  const { requested, started, done } = tally;
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
    orderedPerKey: tally.inOrder(),
    offeredRate: opts.rate || null,
    requestsPerCall: opts.bulk ?? 1,
  };
}

export function table(results: RunResult[]): string {
  const base = results.find((r) => r.system.startsWith('pg-boss'));
  const head =
    '| system | jobs | keys | workers | jobs/s | × pg-boss | start p50 / p95 / p99 ms | done p50 / p95 / p99 ms | per-key order |';
  const rows = results.map(
    (r) =>
      `| ${r.system} | ${r.jobs} | ${r.keys} | ${r.workers} | ${round(r.jobsPerSecond)} | ${base ? round(r.jobsPerSecond / base.jobsPerSecond, 2) : '—'} | ${round(r.requestToStartMs.p50)} / ${round(r.requestToStartMs.p95)} / ${round(r.requestToStartMs.p99)} | ${round(r.requestToDoneMs.p50)} / ${round(r.requestToDoneMs.p95)} / ${round(r.requestToDoneMs.p99)} | ${r.orderedPerKey ? 'kept' : r.orderedPerKey === null || !r.promisesOrder ? 'not kept' : 'BROKEN'} |`,
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

// A bench's figures as bench/results/<name>.json and .md; says where.
export function writeResults(name: string, data: Record<string, unknown>, markdown: string): void {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, name);
  writeFileSync(`${base}.json`, JSON.stringify(data, null, 2));
  writeFileSync(`${base}.md`, markdown);
  process.stdout.write(`written to ${base}.json and .md\n`);
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

if (require.main === module) runMain(main);
