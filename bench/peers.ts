import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { kafkaScript, ROOT } from '../test/support/env';
import { Limit, kafkaProducerLimit, postgresJobLimit } from './limits';
import { runBullMq, runPgBoss, runShopsync, machine, RunResult } from './pipeline';
import { Cost, CostProbe, kafkaPids, postgresPids, redisPids } from './probe';
import { round, runMain } from './stats';

// npm run bench:peers — shopsync (one job per HTTP request) side by side with the queues users pick
// for per-key order, same workload as bench:pipeline (N no-op jobs over K keys, C concurrent
// clients, each key's requests in order, warm-up excluded), systems alternated, the median of
// BENCH_RUNS runs each; with the CPU each process spends per job, database/Redis work per job, and
// the machine's limits (Kafka's producer perf tool, pgbench on the minimal durable job).
// Environment: BENCH_JOBS (default 4000), BENCH_KEYS (100), BENCH_HTTP_CONCURRENCY (32),
// BENCH_WARMUP (400), BENCH_RUNS (3), BENCH_SYSTEMS (comma-separated subset of shopsync, pg-boss,
// bullmq, bullmq-per-key), BENCH_BULLMQ_CONCURRENCY (16), BENCH_PGBOSS_SWEEP ("10x4,10x8,50x4,50x8":
// batchSize x localConcurrency tried once each, the best kept), BENCH_LIMITS (0 skips them),
// BENCH_PGBENCH_SECONDS (10), BENCH_KAFKA_RECORDS (200000), BENCH_NOTE (a label for the results,
// e.g. the machine's state), KAFKA_BROKERS / KAFKA_PORT (the broker shopsync uses).

interface PeerResult extends RunResult {
  cost?: Cost;
  runCosts?: Cost[];
  config?: string;
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

type System = {
  id: string;
  run: (
    probe: CostProbe,
    pgBoss?: { batchSize: number; localConcurrency: number },
  ) => Promise<RunResult>;
  probe: () => CostProbe;
};

const systems: System[] = [
  {
    id: 'shopsync',
    run: (measure) => runShopsync({ ...opts, batch: 1, kafkaBrokers: brokers, measure }),
    probe: () =>
      new CostProbe(opts.jobs, {
        ...allPostgres,
        [`Kafka broker :${kafkaPort} (shared)`]: () => kafkaPids(kafkaPort),
        'load generator (bench process)': bench,
      }),
  },
  {
    id: 'pg-boss',
    run: (measure, tuned) => runPgBoss({ ...opts, ...tuned, measure }),
    probe: () =>
      new CostProbe(opts.jobs, {
        ...allPostgres,
        'bench process (load generator + pg-boss workers)': bench,
      }),
  },
  {
    id: 'bullmq',
    run: (measure) => runBullMq({ ...opts, concurrency: bullmqConcurrency, measure }),
    probe: bullMqProbe,
  },
  {
    id: 'bullmq-per-key',
    run: (measure) => runBullMq({ ...opts, perKey: true, measure }),
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

export function peersTable(results: PeerResult[]): string {
  const ordered = results.filter(
    (r) => r.promisesOrder && r.orderedPerKey && !r.system.startsWith('shopsync'),
  );
  const best = ordered.sort((a, b) => b.jobsPerSecond - a.jobsPerSecond)[0];
  const lines = [
    `| system | jobs/s (runs) | × best ordered peer${best ? ` (${best.system})` : ''} | per-key order kept | request → start p50 / p99 ms |`,
    '|---|---|---|---|---|',
    ...results.map(
      (r) =>
        `| ${r.system}${r.config ? ` (${r.config})` : ''} | ${round(r.jobsPerSecond)} (${(r.runs ?? []).join(', ')}) | ${best ? fmt(r.jobsPerSecond / best.jobsPerSecond) : '—'} | ${r.orderedPerKey ? 'yes' : 'no'}${r.promisesOrder ? '' : ' (not promised)'} | ${round(r.requestToStartMs.p50)} / ${round(r.requestToStartMs.p99)} |`,
    ),
  ];
  return lines.join('\n');
}

export function costTable(results: PeerResult[]): string {
  const lines = ['| system | process | CPU ms / job |', '|---|---|---|'];
  for (const r of results) {
    if (!r.cost) continue;
    let total = 0;
    for (const [name, ms] of Object.entries(r.cost.cpuMsPerJob)) {
      lines.push(`| ${r.system} | ${name} | ${fmt(ms, 3)} |`);
      if (!name.includes('all processes')) total += ms;
    }
    lines.push(`| ${r.system} | **sum (without “all processes”)** | **${fmt(total, 3)}** |`);
    if (r.cost.dbCommitsPerJob !== undefined)
      lines.push(
        `| ${r.system} | database: commits / rows written per job | ${fmt(r.cost.dbCommitsPerJob)} / ${fmt(r.cost.dbRowsWrittenPerJob)} |`,
      );
    if (r.cost.redisCommandsPerJob !== undefined)
      lines.push(`| ${r.system} | Redis commands per job | ${fmt(r.cost.redisCommandsPerJob)} |`);
  }
  return lines.join('\n');
}

export function limitsTable(limits: Limit[], shopsync?: PeerResult): string {
  const lines = ['| limit | jobs/s | shopsync as a fraction |', '|---|---|---|'];
  for (const l of limits)
    lines.push(
      `| ${l.name} | ${round(l.jobsPerSecond)} | ${shopsync ? `${fmt((shopsync.jobsPerSecond / l.jobsPerSecond) * 100, 1)} %` : '—'} |`,
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const wanted = (process.env.BENCH_SYSTEMS ?? systems.map((s) => s.id).join(',')).split(',');
  const chosen = systems.filter((s) => wanted.includes(s.id));
  const loadBefore = os.loadavg();
  if (chosen.some((s) => s.id === 'shopsync'))
    process.stdout.write(`${kafkaScript(['start'], { KAFKA_PORT: String(kafkaPort) }).trim()}\n`);
  process.stdout.write(
    `peers benchmark: ${opts.jobs} jobs over ${opts.keys} keys, ${opts.width} clients, warm-up ${opts.warmup}, ${opts.runs} run(s) each, Kafka ${brokers}\n`,
  );
  const pgBoss = chosen.some((s) => s.id === 'pg-boss') ? await tunePgBoss() : undefined;
  const runs = new Map<string, PeerResult[]>();
  // Alternated: one run of each system per round, so a noisy minute hits all of them.
  for (let round_ = 0; round_ < opts.runs; round_++)
    for (const system of chosen) {
      const probe = system.probe();
      const r: PeerResult = await system.run(probe, pgBoss);
      r.cost = probe.cost;
      if (system.id === 'pg-boss' && pgBoss)
        r.config = `batchSize ${pgBoss.batchSize}, localConcurrency ${pgBoss.localConcurrency}`;
      if (system.id === 'bullmq') r.config = `concurrency ${bullmqConcurrency}`;
      process.stdout.write(`  ${r.system}: ${round(r.jobsPerSecond)} jobs/s\n`);
      runs.set(system.id, [...(runs.get(system.id) ?? []), r]);
    }
  const results = chosen.map((s) => medianOf(runs.get(s.id) ?? []));
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
    for (const batch of [1, 50])
      limits.push(await postgresJobLimit({ batch, clients: 16, seconds }));
  }
  const shopsync = results.find((r) => r.system === 'shopsync');
  // One job per request meets the unbatched limits; the tighter of those bounds it.
  const tighter = limits
    .filter((l) => !l.batched)
    .sort((a, b) => a.jobsPerSecond - b.jobsPerSecond);
  const loadAfter = os.loadavg();
  const note = process.env.BENCH_NOTE;
  const text = [
    `## Peers: ${opts.jobs} no-op jobs over ${opts.keys} keys, ${opts.width} clients, median of ${opts.runs} run(s)`,
    '',
    ...(note ? [`**${note}**`, ''] : []),
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load average ${loadBefore.map((l) => round(l, 2)).join(' ')} before, ${loadAfter.map((l) => round(l, 2)).join(' ')} after; Node ${process.version}.`,
    '',
    peersTable(results),
    '',
    ...(pgBoss
      ? [
          `pg-boss sweep (one run each): ${Object.entries(pgBoss.tried)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ')}.`,
          '',
        ]
      : []),
    '### Where a job’s cost goes (median run, measured window only)',
    '',
    costTable(results),
    '',
    'Kafka produce/fetch round trips per job: not measured (the broker runs without JMX and is shared with other users).',
    '',
    ...(limits.length
      ? [
          '### Physical limits on this machine',
          '',
          limitsTable(limits, shopsync),
          '',
          ...(shopsync && tighter[0]
            ? [
                `shopsync runs at ${fmt((shopsync.jobsPerSecond / tighter[0].jobsPerSecond) * 100, 1)} % of the tighter unbatched limit (${tighter[0].name}).`,
                '',
              ]
            : []),
        ]
      : []),
  ].join('\n');
  process.stdout.write(`\n${text}\n`);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `peers-${new Date().toISOString().slice(0, 10)}`);
  writeFileSync(
    `${base}.json`,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        note: note ?? null,
        machine: { ...machine(), loadBefore, loadAfter },
        options: { ...opts, brokers, bullmqConcurrency },
        pgBossSweep: pgBoss ?? null,
        results,
        limits,
      },
      null,
      2,
    ),
  );
  writeFileSync(`${base}.md`, `${text}\n`);
  process.stdout.write(`written to ${base}.json and .md\n`);
}

if (require.main === module) runMain(main);
