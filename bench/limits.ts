import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { PG_ADMIN_URL, ROOT } from '../test/support/env';
import { createTestDatabase, query } from '../test/support/pg';
import { leanClient } from './http-client';

// The machine's physical limits for the work one job needs, measured with each system's own tool:
// Kafka's producer perf tool, and pgbench running the minimal durable job.
export interface Limit {
  name: string;
  // Batched limits bound batched submission; the single-request path meets the others.
  batched: boolean;
  jobsPerSecond: number;
  detail: string;
}

// The broker's jars, where scripts/kafka.sh keeps them.
function kafkaClasspath(): string {
  const home = process.env.SHOPSYNC_HOME ?? join(ROOT, '.shopsync');
  return `${process.env.KAFKA_CACHE_DIR ?? join(home, 'kafka', 'libs')}/*`;
}

function kafkaTool(className: string, args: string[]): string {
  return execFileSync('java', ['-cp', kafkaClasspath(), className, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

// kafka-producer-perf-test (org.apache.kafka.tools.ProducerPerformance) on a fresh topic.
export function kafkaProducerLimit(opts: {
  brokers: string;
  records: number;
  recordSize: number;
  partitions: number;
}): Limit {
  const topic = `bench-limit-${Date.now()}`;
  const server = ['--bootstrap-server', opts.brokers];
  kafkaTool('org.apache.kafka.tools.TopicCommand', [
    ...server,
    '--create',
    '--topic',
    topic,
    '--partitions',
    String(opts.partitions),
    '--replication-factor',
    '1',
  ]);
  try {
    const out = kafkaTool('org.apache.kafka.tools.ProducerPerformance', [
      '--topic',
      topic,
      '--num-records',
      String(opts.records),
      '--record-size',
      String(opts.recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${opts.brokers}`,
      'acks=all',
      'enable.idempotence=true',
    ]);
    // The summary is the last line: "N records sent, X records/sec (Y MB/sec), ..."
    const summary =
      out
        .trim()
        .split('\n')
        .filter((l) => l.includes('records sent'))
        .pop() ?? '';
    const rate = /([\d.]+) records\/sec/.exec(summary);
    if (!rate) throw new Error(`ProducerPerformance printed no summary:\n${out}`);
    return {
      name: 'Kafka producer (ProducerPerformance)',
      batched: false,
      jobsPerSecond: Number(rate[1]),
      detail: `${opts.records} records of ${opts.recordSize} bytes, acks=all, idempotent, ${opts.partitions} partitions, unkeyed (the tool sets no key): ${summary}`,
    };
  } finally {
    try {
      kafkaTool('org.apache.kafka.tools.TopicCommand', [...server, '--delete', '--topic', topic]);
    } catch {
      // the topic has a unique name: leaving it costs nothing
    }
  }
}

// The minimal durable job: one insert (accepted) and two updates (started, finished), each its own
// committed transaction, `batch` jobs per statement. pgbench runs each line as a transaction.
const JOB_SCRIPT = `\\set tag random(1, 2000000000)
INSERT INTO jobs (tag, shop, task, params, status, requested_at) SELECT :tag, 'k' || g, 'inventory', '{"seq": 1}', 'queued', now() FROM generate_series(1, :batch) g;
UPDATE jobs SET status = 'running', started_at = now() WHERE tag = :tag;
UPDATE jobs SET status = 'succeeded', finished_at = now() WHERE tag = :tag;
`;

export async function postgresJobLimit(opts: {
  batch: number;
  clients: number;
  seconds: number;
}): Promise<Limit> {
  const db = await createTestDatabase('bench_limit');
  const dir = mkdtempSync(join(os.tmpdir(), 'pgbench-'));
  try {
    await query(
      db.url,
      `CREATE TABLE jobs (id bigserial PRIMARY KEY, tag bigint NOT NULL, shop text NOT NULL,
         task text NOT NULL, params jsonb NOT NULL, status text NOT NULL,
         requested_at timestamptz NOT NULL, started_at timestamptz, finished_at timestamptz);
       CREATE INDEX jobs_tag ON jobs (tag)`,
    );
    const script = join(dir, 'job.sql');
    writeFileSync(script, JOB_SCRIPT);
    const url = new URL(PG_ADMIN_URL);
    const out = execFileSync(
      'pgbench',
      [
        '-n',
        '-h',
        url.hostname,
        '-p',
        url.port || '5432',
        '-U',
        decodeURIComponent(url.username || 'postgres'),
        '-c',
        String(opts.clients),
        '-j',
        '2',
        '-T',
        String(opts.seconds),
        '-D',
        `batch=${opts.batch}`,
        '-f',
        script,
        db.name,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: (opts.seconds + 120) * 1000 },
    );
    const tps = /tps = ([\d.]+)/.exec(out);
    if (!tps) throw new Error(`pgbench printed no tps:\n${out}`);
    return {
      name:
        opts.batch === 1
          ? 'PostgreSQL minimal durable job, one at a time (pgbench)'
          : `PostgreSQL minimal durable job, batched by ${opts.batch} (pgbench)`,
      batched: opts.batch > 1,
      jobsPerSecond: Number(tps[1]) * opts.batch,
      detail: `1 insert + 2 updates, each committed, ${opts.batch} job(s) per statement, ${opts.clients} clients, ${opts.seconds} s: ${tps[0]} scripts/s`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

// The HTTP layer alone: a server answering the sync route's shape of request (a small JSON body
// parsed, a small JSON answer) and the load generator's own client (leanClient) with
// `concurrency` requests in flight, the server in a process of its own. `express`: the framework the gateway runs on (json parser and
// one route); `node:http`: nothing but Node. What a request costs before any of shopsync's work.
export async function httpLimit(opts: {
  server: 'express' | 'node:http';
  concurrency: number;
  requests: number;
}): Promise<Limit> {
  const answer = JSON.stringify({ id: '0b4c0c4e-1111-4a1a-9c6d-000000000000', status: 'queued' });
  const serverCode =
    opts.server === 'express'
      ? `const express = require(${JSON.stringify(join(ROOT, 'node_modules', 'express'))});
         const app = express(); app.use(express.json());
         app.post('/v1/shops/:code/syncs', (req, res) => res.status(202).json(${answer}));
         const s = require('node:http').createServer(app);`
      : `const s = require('node:http').createServer((req, res) => { let b = '';
           req.on('data', (c) => (b += c)); req.on('end', () => { JSON.parse(b);
           res.writeHead(202, { 'content-type': 'application/json' }); res.end('${answer}'); }); });`;
  const child = spawn(
    process.execPath,
    ['-e', `${serverCode} s.listen(0, '127.0.0.1', () => console.log(s.address().port));`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
      child.once('exit', (code) => reject(new Error(`the HTTP limit's server exited (${code})`)));
    });
    const client = leanClient(`http://127.0.0.1:${port}`, null, opts.concurrency);
    const one = () => client.post('/v1/shops/bench/syncs', { task: 'products', params: {} });
    const round = async (n: number) => {
      let sent = 0;
      await Promise.all(
        Array.from({ length: opts.concurrency }, async () => {
          while (sent < n) {
            sent += 1;
            await one();
          }
        }),
      );
    };
    await round(Math.min(2000, opts.requests));
    const serverBefore = processCpuMs(child.pid!);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    await round(opts.requests);
    const seconds = (performance.now() - started) / 1000;
    const serverMs = (processCpuMs(child.pid!) - serverBefore) / opts.requests;
    const used = process.cpuUsage(clientBefore);
    const clientMs = (used.user + used.system) / 1000 / opts.requests;
    client.close();
    return {
      name: `HTTP request/response alone, ${opts.server} (${opts.concurrency} clients, keep-alive)`,
      batched: false,
      jobsPerSecond: opts.requests / seconds,
      detail: `CPU per request: server ${serverMs.toFixed(3)} ms, client ${clientMs.toFixed(3)} ms`,
    };
  } finally {
    child.kill();
  }
}

// utime + stime of a process, in ms (/proc/<pid>/stat, clock ticks of 10 ms).
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
