import os from 'node:os';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaScript } from '../test/support/env';
import { httpLimit, Limit, kafkaProducerLimit, postgresJobLimit } from './limits';
import {
  runBullMq,
  runPgBoss,
  runShopsync,
  machine,
  RunResult,
  ShopsyncVia,
  writeResults,
} from './pipeline';
import { Cost, CostProbe, kafkaPids, postgresPids, redisPids } from './probe';
import { round, runMain } from './stats';

// npm run bench:peers — shopsync side by side with the queues users pick for per-key order, on
// each path users take (BENCH_PATHS): `http`, one job per HTTP request; `kafka`, commands produced
// straight to shopsync.sync.commands.v1 with a keyed kafkajs producer; `batch`, BENCH_BATCH_SIZE
// requests per call of POST /v1/syncs. Same workload as bench:pipeline (N no-op jobs over K keys,
// C concurrent clients, each key's requests in order, warm-up excluded), systems alternated, the
// median of BENCH_RUNS runs each. The peers' comparable figure: their single send for `http` and
// `kafka` (one run serves both), their bulk enqueue (pg-boss `insert`, BullMQ `addBulk`) of the
// same size for `batch`. With the CPU each process spends per job, database/Redis work per job,
// request → start at half of each shopsync path's measured maximum (BENCH_HALF_RATE), and the
// machine's limits (Kafka's producer perf tool, pgbench on the minimal durable job).
// Environment: BENCH_JOBS (default 4000), BENCH_KEYS (100), BENCH_HTTP_CONCURRENCY (32),
// BENCH_WARMUP (400), BENCH_RUNS (3), BENCH_PATHS (comma-separated subset of http, kafka, batch),
// BENCH_BATCH_SIZE (50), BENCH_KAFKA_SEND_BATCH (commands per produce call, 1),
// BENCH_HALF_RATE (paths measured at 50 % of their maximum, default every chosen path; 0 skips),
// BENCH_SYSTEMS (comma-separated subset of shopsync, pg-boss, bullmq, bullmq-per-key),
// BENCH_BULLMQ_CONCURRENCY (16), BENCH_PGBOSS_SWEEP ("10x4,10x8,50x4,50x8": batchSize x
// localConcurrency tried once each with single sends, the best kept), BENCH_LIMITS (0 skips them),
// BENCH_PGBENCH_SECONDS (10), BENCH_KAFKA_RECORDS (200000), BENCH_NOTE (a label for the results,
// e.g. the machine's state), BENCH_OUT (the results' file name without extension, default
// peers-<date>), KAFKA_BROKERS / KAFKA_PORT (the broker shopsync uses).

export type PathId = 'http' | 'kafka' | 'batch';
const PATHS: PathId[] = ['http', 'kafka', 'batch'];

interface PeerResult extends RunResult {
  cost?: Cost;
  runCosts?: Cost[];
  config?: string;
  path?: PathId;
}

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const opts = {
  jobs: env('BENCH_JOBS', 4000),
  keys: env('BENCH_KEYS', 100),
  width: env('BENCH_HTTP_CONCURRENCY', 32),
  warmup: env('BENCH_WARMUP', 400),
  runs: Math.max(1, env('BENCH_RUNS', 3)),
  rate: 0,
  workers: 1,
};
const batchSize = Math.max(2, env('BENCH_BATCH_SIZE', 50));
const kafkaSendBatch = Math.max(1, env('BENCH_KAFKA_SEND_BATCH', 1));
const kafkaPort = Number(process.env.KAFKA_PORT ?? process.env.TEST_KAFKA_PORT ?? 9092);
const brokers = process.env.KAFKA_BROKERS ?? `127.0.0.1:${kafkaPort}`;
const bullmqConcurrency = env('BENCH_BULLMQ_CONCURRENCY', 16);

const bench = () => [process.pid];
const allPostgres = { 'PostgreSQL, all processes (other users’ work too)': postgresPids };

const bullMqProbe = () =>
  new CostProbe(
    opts.jobs,
    { Redis: redisPids, 'bench process (load generator + BullMQ workers)': bench },
    true,
  );

// What a path hands the system under test: shopsync takes the path itself; a peer has no Kafka
// intake or batch route, so it gets its single send (http, kafka) or its bulk enqueue (batch).
type Mode = { shopsync: { via: ShopsyncVia; batch: number }; peerBulk: number };
const modeOf = (path: PathId): Mode =>
  path === 'kafka'
    ? { shopsync: { via: 'kafka', batch: kafkaSendBatch }, peerBulk: 1 }
    : path === 'batch'
      ? { shopsync: { via: 'http', batch: batchSize }, peerBulk: batchSize }
      : { shopsync: { via: 'http', batch: 1 }, peerBulk: 1 };

type System = {
  id: string;
  run: (
    mode: Mode,
    probe: CostProbe,
    pgBoss?: { batchSize: number; localConcurrency: number },
    rate?: number,
  ) => Promise<RunResult>;
  probe: () => CostProbe;
};

const systems: System[] = [
  {
    id: 'shopsync',
    run: (mode, measure, _tuned, rate = 0) =>
      runShopsync({ ...opts, ...mode.shopsync, rate, kafkaBrokers: brokers, measure }),
    probe: () =>
      new CostProbe(opts.jobs, {
        ...allPostgres,
        [`Kafka broker :${kafkaPort} (shared)`]: () => kafkaPids(kafkaPort),
        'load generator (bench process)': bench,
      }),
  },
  {
    id: 'pg-boss',
    run: (mode, measure, tuned) => runPgBoss({ ...opts, ...tuned, bulk: mode.peerBulk, measure }),
    probe: () =>
      new CostProbe(opts.jobs, {
        ...allPostgres,
        'bench process (load generator + pg-boss workers)': bench,
      }),
  },
  {
    id: 'bullmq',
    run: (mode, measure) =>
      runBullMq({ ...opts, concurrency: bullmqConcurrency, bulk: mode.peerBulk, measure }),
    probe: bullMqProbe,
  },
  {
    id: 'bullmq-per-key',
    run: (mode, measure) => runBullMq({ ...opts, perKey: true, bulk: mode.peerBulk, measure }),
    probe: bullMqProbe,
  },
];

// pg-boss's fetch batch and pollers, tried once each on the workload; the fastest is kept.
async function tunePgBoss(): Promise<{
  batchSize: number;
  localConcurrency: number;
  tried: Record<string, number>;
}> {
  const configs = (process.env.BENCH_PGBOSS_SWEEP ?? '10x4,10x8,50x4,50x8').split(',').map((c) => {
    const [batchSize, localConcurrency] = c.split('x').map(Number);
    return { batchSize, localConcurrency };
  });
  const tried: Record<string, number> = {};
  let best = configs[0];
  let bestRate = -1;
  for (const config of configs) {
    const r = await runPgBoss({ ...opts, ...config });
    const label = `batchSize ${config.batchSize} × localConcurrency ${config.localConcurrency}`;
    tried[label] = round(r.jobsPerSecond);
    process.stdout.write(`  pg-boss sweep, ${label}: ${round(r.jobsPerSecond)} jobs/s\n`);
    if (r.jobsPerSecond > bestRate) {
      bestRate = r.jobsPerSecond;
      best = config;
    }
  }
  return { ...best, tried };
}

function medianOf(results: PeerResult[]): PeerResult {
  const sorted = [...results].sort((a, b) => a.jobsPerSecond - b.jobsPerSecond);
  const mid = sorted[Math.floor((sorted.length - 1) / 2)];
  return {
    ...mid,
    // Kept only if every run kept it.
    orderedPerKey: results.every((r) => r.orderedPerKey),
    runs: results.map((r) => round(r.jobsPerSecond)),
    runCosts: results.map((r) => r.cost).filter((c): c is Cost => Boolean(c)),
  };
}

const fmt = (n: number | undefined, digits = 2) =>
  n === undefined ? '—' : String(round(n, digits));

// The issue's targets for shopsync, as a multiple of pg-boss 12 key_strict_fifo on the same path.
export const TARGETS: Record<PathId, number> = { http: 2, kafka: 3, batch: 5 };
const PATH_LABELS: Record<PathId, string> = {
  http: 'one job per HTTP request',
  kafka: 'Kafka commands',
  batch: 'batch route',
};

// Short process names for the table's CPU cell; "all processes" (other users' work) is left out.
function shortProcess(name: string): string | undefined {
  if (name.includes('all processes')) return undefined;
  if (name.startsWith('shopsync ')) return name.slice('shopsync '.length);
  if (name.startsWith('PostgreSQL')) return 'PG';
  if (name.startsWith('Kafka')) return 'Kafka';
  if (name.startsWith('load generator')) return 'load gen';
  if (name.startsWith('bench process')) return 'bench';
  return name;
}

export function cpuCell(cost?: Cost): string {
  if (!cost) return '—';
  let total = 0;
  const parts: string[] = [];
  for (const [name, ms] of Object.entries(cost.cpuMsPerJob)) {
    const short = shortProcess(name);
    if (!short) continue;
    total += ms;
    parts.push(`${short} ${fmt(ms)}`);
  }
  return `${parts.join(' · ')} = **${fmt(total)}**`;
}

const isPeer = (r: PeerResult) => !r.system.startsWith('shopsync');

// One row per path × system; ratios within a path, to its best ordered peer and to pg-boss.
export function peersTable(results: PeerResult[]): string {
  const lines = [
    '| path | system | jobs/s (runs) | × best ordered peer | × pg-boss (target) | per-key order kept | request → start p50 / p99 ms | CPU ms / job by process |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const path of PATHS) {
    const rows = results.filter((r) => r.path === path);
    if (!rows.length) continue;
    const best = rows
      .filter((r) => isPeer(r) && r.promisesOrder && r.orderedPerKey)
      .sort((a, b) => b.jobsPerSecond - a.jobsPerSecond)[0];
    const pgBoss = rows.find((r) => r.system.startsWith('pg-boss'));
    for (const r of rows) {
      const vsBest = best
        ? `${fmt(r.jobsPerSecond / best.jobsPerSecond)}${r === best ? ' (best)' : ''}`
        : '—';
      const vsPgBoss = !pgBoss
        ? '—'
        : isPeer(r)
          ? fmt(r.jobsPerSecond / pgBoss.jobsPerSecond)
          : `${fmt(r.jobsPerSecond / pgBoss.jobsPerSecond)} (≥ ${TARGETS[path]}: ${r.jobsPerSecond / pgBoss.jobsPerSecond >= TARGETS[path] ? 'met' : 'not met'})`;
      lines.push(
        `| ${PATH_LABELS[path]} | ${r.system}${r.config ? ` (${r.config})` : ''} | ${round(r.jobsPerSecond)} (${(r.runs ?? []).join(', ')}) | ${vsBest} | ${vsPgBoss} | ${r.orderedPerKey ? 'yes' : 'no'}${r.promisesOrder ? '' : ' (not promised)'} | ${round(r.requestToStartMs.p50)} / ${round(r.requestToStartMs.p99)} | ${cpuCell(r.cost)} |`,
      );
    }
  }
  return lines.join('\n');
}

export function costTable(results: PeerResult[]): string {
  const lines = ['| path | system | process | CPU ms / job |', '|---|---|---|---|'];
  for (const r of results) {
    if (!r.cost) continue;
    const path = r.path ? PATH_LABELS[r.path] : '—';
    let total = 0;
    for (const [name, ms] of Object.entries(r.cost.cpuMsPerJob)) {
      lines.push(`| ${path} | ${r.system} | ${name} | ${fmt(ms, 3)} |`);
      if (!name.includes('all processes')) total += ms;
    }
    lines.push(
      `| ${path} | ${r.system} | **sum (without “all processes”)** | **${fmt(total, 3)}** |`,
    );
    if (r.cost.dbCommitsPerJob !== undefined)
      lines.push(
        `| ${path} | ${r.system} | database: commits / rows written per job | ${fmt(r.cost.dbCommitsPerJob)} / ${fmt(r.cost.dbRowsWrittenPerJob)} |`,
      );
    if (r.cost.kafkaRequestsPerJob)
      lines.push(
        `| ${path} | ${r.system} | Kafka requests per job: produce / fetch / other | ${Object.values(
          r.cost.kafkaRequestsPerJob,
        )
          .map((n) => fmt(n))
          .join(' / ')} |`,
      );
    if (r.cost.redisCommandsPerJob !== undefined)
      lines.push(
        `| ${path} | ${r.system} | Redis commands per job | ${fmt(r.cost.redisCommandsPerJob)} |`,
      );
  }
  return lines.join('\n');
}

export interface HalfRateResult {
  path: PathId;
  maxJobsPerSecond: number;
  offeredRate: number;
  result: RunResult;
}

// The latency target: request → start p99 ≤ 50 ms with the load generator held at half the
// path's measured maximum.
export const LATENCY_TARGET_MS = 50;

export function halfRateTable(rows: HalfRateResult[]): string {
  const lines = [
    '| path | max jobs/s (median above) | offered jobs/s (50 %) | achieved jobs/s | request → start p50 / p99 ms | p99 ≤ 50 ms |',
    '|---|---|---|---|---|---|',
  ];
  for (const h of rows)
    lines.push(
      `| ${PATH_LABELS[h.path]} | ${round(h.maxJobsPerSecond)} | ${round(h.offeredRate)} | ${round(h.result.jobsPerSecond)} | ${round(h.result.requestToStartMs.p50)} / ${round(h.result.requestToStartMs.p99)} | ${h.result.requestToStartMs.p99 <= LATENCY_TARGET_MS ? 'met' : 'not met'} |`,
    );
  return lines.join('\n');
}

export function limitsTable(limits: Limit[], shopsync?: PeerResult, batched?: PeerResult): string {
  const lines = ['| limit | jobs/s | detail | shopsync as a fraction |', '|---|---|---|---|'];
  for (const l of limits) {
    // Unbatched limits against one job per request, batched ones against the batch route.
    const r = l.batched ? batched : shopsync;
    lines.push(
      `| ${l.name} | ${round(l.jobsPerSecond)} | ${l.detail} | ${r ? `${fmt((r.jobsPerSecond / l.jobsPerSecond) * 100, 1)} % (${r.system})` : '—'} |`,
    );
  }
  return lines.join('\n');
}

// Comma-separated choices from the environment; an unknown one stops the bench naming it.
function choices<T extends string>(name: string, allowed: readonly T[], fallback: string): T[] {
  const wanted = (process.env[name] ?? fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = wanted.filter((w) => !allowed.includes(w as T));
  if (bad.length)
    throw new Error(`${name}: unknown ${bad.join(', ')} (one of ${allowed.join(', ')})`);
  return wanted as T[];
}

// One measured configuration: a system in a mode, serving one or more paths (the peers' single
// send serves both http and kafka).
interface Planned {
  key: string;
  system: System;
  mode: Mode;
  paths: PathId[];
}

function plan(paths: PathId[], chosen: System[]): Planned[] {
  const out: Planned[] = [];
  for (const path of paths)
    for (const system of chosen) {
      const mode = modeOf(path);
      const key =
        system.id === 'shopsync' ? `shopsync/${path}` : `${system.id}/bulk${mode.peerBulk}`;
      const known = out.find((p) => p.key === key);
      if (known) known.paths.push(path);
      else out.push({ key, system, mode, paths: [path] });
    }
  return out;
}

async function main(): Promise<void> {
  // The apps count their Kafka requests into this folder (test/support/stack.ts preloads the
  // counter while it is set).
  process.env.SHOPSYNC_KAFKA_REQUESTS_DIR ??= mkdtempSync(join(os.tmpdir(), 'shopsync-kafka-'));
  const paths = choices('BENCH_PATHS', PATHS, PATHS.join(','));
  const wanted = choices(
    'BENCH_SYSTEMS',
    systems.map((s) => s.id),
    systems.map((s) => s.id).join(','),
  );
  const chosen = systems.filter((s) => wanted.includes(s.id));
  const halfRatePaths =
    process.env.BENCH_HALF_RATE === '0'
      ? []
      : choices('BENCH_HALF_RATE', PATHS, paths.join(',')).filter((p) => paths.includes(p));
  const loadBefore = os.loadavg();
  if (chosen.some((s) => s.id === 'shopsync'))
    process.stdout.write(`${kafkaScript(['start'], { KAFKA_PORT: String(kafkaPort) }).trim()}\n`);
  process.stdout.write(
    `peers benchmark: ${opts.jobs} jobs over ${opts.keys} keys, ${opts.width} clients, warm-up ${opts.warmup}, ${opts.runs} run(s) each, paths ${paths.join(', ')} (batch ${batchSize}), Kafka ${brokers}\n`,
  );
  const pgBoss = chosen.some((s) => s.id === 'pg-boss') ? await tunePgBoss() : undefined;
  const planned = plan(paths, chosen);
  const runs = new Map<string, PeerResult[]>();
  // Alternated: one run of each configuration per round, so a noisy minute hits all of them.
  for (let round_ = 0; round_ < opts.runs; round_++)
    for (const item of planned) {
      const probe = item.system.probe();
      const r: PeerResult = await item.system.run(item.mode, probe, pgBoss);
      r.cost = probe.cost;
      if (item.system.id === 'pg-boss' && pgBoss)
        r.config = `batchSize ${pgBoss.batchSize}, localConcurrency ${pgBoss.localConcurrency}`;
      if (item.system.id === 'bullmq') r.config = `concurrency ${bullmqConcurrency}`;
      process.stdout.write(
        `  [${item.paths.join(', ')}] ${r.system}: ${round(r.jobsPerSecond)} jobs/s\n`,
      );
      runs.set(item.key, [...(runs.get(item.key) ?? []), r]);
    }
  const measured = planned.map((item) => ({ item, result: medianOf(runs.get(item.key) ?? []) }));
  // The table's rows: path × system; a peer's single-send runs appear under http and kafka alike.
  const results: PeerResult[] = [];
  for (const path of paths)
    for (const system of chosen)
      for (const { item, result } of measured) {
        if (item.system !== system || !item.paths.includes(path)) continue;
        const shared = item.paths.length > 1 && path !== item.paths[0];
        results.push({
          ...result,
          path,
          config: shared
            ? [result.config, `single send: the ${PATH_LABELS[item.paths[0]]} runs`]
                .filter(Boolean)
                .join('; ')
            : result.config,
        });
      }
  const shopsyncOf = (path: PathId) =>
    results.find((r) => r.path === path && r.system.startsWith('shopsync'));
  const halfRate: HalfRateResult[] = [];
  const shopsyncSystem = chosen.find((s) => s.id === 'shopsync');
  if (shopsyncSystem)
    for (const path of halfRatePaths) {
      const max = shopsyncOf(path);
      if (!max) continue;
      const offeredRate = max.jobsPerSecond / 2;
      const r = await shopsyncSystem.run(modeOf(path), shopsyncSystem.probe(), pgBoss, offeredRate);
      process.stdout.write(
        `  [${path}] ${r.system} at ${round(offeredRate)} jobs/s offered: request → start p99 ${round(r.requestToStartMs.p99)} ms\n`,
      );
      halfRate.push({ path, maxJobsPerSecond: max.jobsPerSecond, offeredRate, result: r });
    }
  const limits: Limit[] = [];
  if (env('BENCH_LIMITS', 1)) {
    const seconds = env('BENCH_PGBENCH_SECONDS', 10);
    limits.push(
      kafkaProducerLimit({
        brokers,
        records: env('BENCH_KAFKA_RECORDS', 200000),
        recordSize: 300,
        partitions: 12,
      }),
    );
    for (const batch of [1, batchSize])
      limits.push(await postgresJobLimit({ batch, clients: 16, seconds }));
    for (const server of ['node:http', 'express'] as const)
      limits.push(await httpLimit({ server, concurrency: opts.width, requests: 20000 }));
  }
  const shopsync = shopsyncOf('http') ?? shopsyncOf('kafka');
  // One job per request meets the unbatched limits; the tighter of those bounds it.
  const tighter = limits
    .filter((l) => !l.batched)
    .sort((a, b) => a.jobsPerSecond - b.jobsPerSecond);
  const loadAfter = os.loadavg();
  const note = process.env.BENCH_NOTE;
  const text = [
    `## Peers: ${opts.jobs} no-op jobs over ${opts.keys} keys, ${opts.width} clients, median of ${opts.runs} run(s), paths: ${paths.map((p) => PATH_LABELS[p]).join(', ')}`,
    '',
    ...(note ? [`**${note}**`, ''] : []),
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load average ${loadBefore.map((l) => round(l, 2)).join(' ')} before, ${loadAfter.map((l) => round(l, 2)).join(' ')} after; Node ${process.version}.`,
    '',
    `What each path compares: one job per HTTP request (\`POST /v1/shops/:code/syncs\`) and Kafka commands (${kafkaSendBatch} per produce call to \`shopsync.sync.commands.v1\`, timed from the produce call) against the peers' single send (\`send\` / \`add\`, one run serving both rows); the batch route (\`POST /v1/syncs\`, ${batchSize} per call) against the peers' bulk enqueue of ${batchSize} (pg-boss \`insert\`, BullMQ \`addBulk\`). Ratios compare rows of one path; targets are shopsync ÷ pg-boss on that path (one job per request ≥ 2, Kafka commands ≥ 3, batch ≥ 5).`,
    '',
    peersTable(results),
    '',
    ...(pgBoss
      ? [
          `pg-boss sweep (single send, one run each): ${Object.entries(pgBoss.tried)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}.`,
          '',
        ]
      : []),
    ...(halfRate.length
      ? [
          '### Request → start at half the measured maximum (rate-limited load generator)',
          '',
          halfRateTable(halfRate),
          '',
        ]
      : []),
    '### Where a job’s cost goes (median run, measured window only)',
    '',
    costTable(measured.map(({ item, result }) => ({ ...result, path: item.paths[0] }))),
    '',
    'Kafka requests per job: those shopsync’s apps send (counted in each process by `bench/count-kafka-requests.js`; the load generator’s own produce calls on the Kafka commands path are not in them); the broker’s side is its CPU above.',
    '',
    ...(limits.length
      ? [
          '### Physical limits on this machine',
          '',
          limitsTable(limits, shopsync, shopsyncOf('batch')),
          '',
          ...(shopsync && tighter[0]
            ? [
                `${shopsync.system} runs at ${fmt((shopsync.jobsPerSecond / tighter[0].jobsPerSecond) * 100, 1)} % of the tighter unbatched limit (${tighter[0].name}).`,
                '',
              ]
            : []),
        ]
      : []),
  ].join('\n');
  process.stdout.write(`\n${text}\n`);
  writeResults(
    process.env.BENCH_OUT ?? `peers-${new Date().toISOString().slice(0, 10)}`,
    {
      at: new Date().toISOString(),
      note: note ?? null,
      machine: { ...machine(), loadBefore, loadAfter },
      options: { ...opts, paths, batchSize, kafkaSendBatch, brokers, bullmqConcurrency },
      pgBossSweep: pgBoss ?? null,
      results,
      halfRate,
      limits,
    },
    `${text}\n`,
  );
}

if (require.main === module) runMain(main);
