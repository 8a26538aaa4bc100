import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { adminQuery } from '../test/support/pg';
import type { MeasureContext, MeasureHooks } from './pipeline';

// Where a job's cost goes: CPU per process (from /proc/<pid>/stat utime + stime) and database /
// Redis work over the measured window, each divided by the jobs run.
export interface Cost {
  // CPU milliseconds per job, by process group.
  cpuMsPerJob: Record<string, number>;
  // Transactions committed and rows written in the system's database, per job.
  dbCommitsPerJob?: number;
  dbRowsWrittenPerJob?: number;
  // Commands Redis processed, per job (every client of this Redis counts).
  redisCommandsPerJob?: number;
  // Kafka requests shopsync's apps sent, per job, by API (Produce, Fetch, ...; the rest summed
  // as "other"), from bench/count-kafka-requests.js.
  kafkaRequestsPerJob?: Record<string, number>;
  windowSeconds: number;
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

// utime + stime of a process in clock ticks, or null when it is gone.
function ticks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

// Pids whose command line matches.
export function pidsByCommand(match: (argv: string[]) => boolean): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (argv.length && match(argv)) out.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

// The broker the helpers' scripts/kafka.sh started for this port (its config file names the port).
export const kafkaPids = (port: number) =>
  pidsByCommand(
    (argv) => argv[0].endsWith('java') && argv.some((a) => a.endsWith(`server-${port}.properties`)),
  );
export const redisPids = () =>
  pidsByCommand((argv) => argv[0].includes('redis-server') && argv.join(' ').includes(':6379'));
export const postgresPids = () =>
  pidsByCommand((argv) => argv[0].startsWith('postgres') || argv[0].endsWith('/postgres'));

async function databasePids(name: string): Promise<number[]> {
  const rows = await adminQuery<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = $1',
    [name],
  );
  return rows.map((r) => r.pid);
}

async function databaseCounters(name: string): Promise<{ commits: number; rows: number }> {
  const [row] = await adminQuery<{ commits: string; rows: string }>(
    `SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS rows
       FROM pg_stat_database WHERE datname = $1`,
    [name],
  );
  return { commits: Number(row?.commits ?? 0), rows: Number(row?.rows ?? 0) };
}

async function redisCommands(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(6379, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString();
      const m = /total_commands_processed:(\d+)/.exec(text);
      if (m) {
        socket.end();
        resolve(Number(m[1]));
      }
    });
    socket.on('error', reject);
    socket.write('INFO stats\r\n');
  });
}

// The Kafka requests counted in the apps (bench/count-kafka-requests.js, preloaded by the stack
// while SHOPSYNC_KAFKA_REQUESTS_DIR names a folder): totals by API over every process's file.
// The files are rewritten every 250 ms, so a count may lag by that much.
function kafkaRequests(): Map<string, number> | null {
  const dir = process.env.SHOPSYNC_KAFKA_REQUESTS_DIR;
  if (!dir) return null;
  const out = new Map<string, number>();
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.kafka.json'));
  } catch {
    return null;
  }
  for (const file of files) {
    try {
      const { requests } = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as {
        requests: Record<string, number>;
      };
      for (const [api, n] of Object.entries(requests)) out.set(api, (out.get(api) ?? 0) + n);
    } catch {
      // being rewritten: the next read has it
    }
  }
  return out;
}

const KAFKA_APIS_SHOWN = ['Produce', 'Fetch'];

// Pending statistics reach pg_stat_database up to about a second after a transaction ends.
const STATS_DELAY_MS = 1500;

// Measures one run's window. Groups are resolved at both ends (pids present at both count their
// delta, pids that appeared count whole, pids that went away count nothing).
export class CostProbe implements MeasureHooks {
  private groups: Record<string, () => Promise<number[]> | number[]> = {};
  private before = new Map<string, Map<number, number>>();
  private startedAt = 0;
  private dbBefore?: { commits: number; rows: number };
  private redisBefore?: number;
  private kafkaBefore?: Map<string, number> | null;
  private ctx?: MeasureContext;
  cost?: Cost;

  constructor(
    private readonly jobs: number,
    private readonly extraGroups: Record<string, () => Promise<number[]> | number[]>,
    private readonly redis = false,
  ) {}

  private async snapshot(): Promise<Map<string, Map<number, number>>> {
    const out = new Map<string, Map<number, number>>();
    for (const [name, resolve] of Object.entries(this.groups)) {
      const m = new Map<number, number>();
      for (const pid of await resolve()) {
        const t = ticks(pid);
        if (t !== null) m.set(pid, t);
      }
      out.set(name, m);
    }
    return out;
  }

  async begin(ctx: MeasureContext): Promise<void> {
    this.ctx = ctx;
    this.groups = {};
    for (const [role, pids] of Object.entries(ctx.pids))
      this.groups[`shopsync ${role}`] = () => pids;
    const databaseName = ctx.databaseName;
    if (databaseName)
      this.groups['PostgreSQL, this database’s backends'] = () => databasePids(databaseName);
    Object.assign(this.groups, this.extraGroups);
    if (databaseName) {
      await new Promise((r) => setTimeout(r, STATS_DELAY_MS));
      this.dbBefore = await databaseCounters(databaseName);
    }
    if (this.redis) this.redisBefore = await redisCommands();
    this.kafkaBefore = Object.keys(ctx.pids).length ? kafkaRequests() : null;
    this.before = await this.snapshot();
    this.startedAt = Date.now();
  }

  async end(): Promise<void> {
    const after = await this.snapshot();
    const windowSeconds = (Date.now() - this.startedAt) / 1000;
    const cpuMsPerJob: Record<string, number> = {};
    for (const [name, now] of after) {
      const was = this.before.get(name) ?? new Map<number, number>();
      let total = 0;
      for (const [pid, t] of now) total += t - (was.get(pid) ?? 0);
      cpuMsPerJob[name] = ((total / TICKS_PER_SECOND) * 1000) / this.jobs;
    }
    const cost: Cost = { cpuMsPerJob, windowSeconds };
    if (this.redisBefore !== undefined)
      cost.redisCommandsPerJob = ((await redisCommands()) - this.redisBefore) / this.jobs;
    const databaseName = this.ctx?.databaseName;
    if (databaseName && this.dbBefore) {
      await new Promise((r) => setTimeout(r, STATS_DELAY_MS));
      const db = await databaseCounters(databaseName);
      cost.dbCommitsPerJob = (db.commits - this.dbBefore.commits) / this.jobs;
      cost.dbRowsWrittenPerJob = (db.rows - this.dbBefore.rows) / this.jobs;
    }
    const kafkaAfter = this.kafkaBefore ? kafkaRequests() : null;
    if (this.kafkaBefore && kafkaAfter) {
      const perJob: Record<string, number> = { Produce: 0, Fetch: 0, other: 0 };
      for (const [api, n] of kafkaAfter) {
        const bucket = KAFKA_APIS_SHOWN.includes(api) ? api : 'other';
        perJob[bucket] += (n - (this.kafkaBefore.get(api) ?? 0)) / this.jobs;
      }
      cost.kafkaRequestsPerJob = perJob;
    }
    this.cost = cost;
  }
}
