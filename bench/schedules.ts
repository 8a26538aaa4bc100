import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { JobsRepository, openDataSource, ShopsRepository, TASKS } from '@shopsync/shared';
import type { CreateScheduleDto } from '../apps/gateway/src/schedules/dto/create-schedule.dto';
import { SchedulesRepository } from '../apps/gateway/src/schedules/schedules.repository';
import { SchedulesService } from '../apps/gateway/src/schedules/schedules.service';
import { kafkaScript } from '../test/support/env';
import { createTestDatabase, query } from '../test/support/pg';
import { RunningApp, Stack } from '../test/support/stack';
import { machine, writeResults } from './pipeline';
import { CostProbe, postgresPids } from './probe';
import { pool, round, runMain, summarize, Summary } from './stats';

// npm run bench:schedules — schedules at scale: BENCH_SCHEDULES active schedules (default 10,000)
// over BENCH_SHOPS shops (100) and the eight tasks, created through the gateway's
// POST /v1/shops/:code/schedules, each a 6-field cron firing once a minute at its own second
// (schedule i at second i mod 60, so about BENCH_SCHEDULES/60 fire every second) — by default
// through the gateway's SchedulesService in the bench process (the route's code path without
// HTTP: validation, first run, insert), BENCH_CREATE_VIA=api sends the HTTP requests instead
// (about 25/s on the shared 2-core machine, too slow for 10,000) — fired by
// BENCH_SCHEDULERS real scheduler processes (3) on one fresh PostgreSQL database. The schedulers
// start first, so every schedule's first occurrence comes due after its creation with them
// running; after the creation a BENCH_WARMUP_S warm-up (45), then BENCH_DURATION_S seconds (180)
// are measured. The set-up phase (creation and warm-up) is reported on its own: how late its
// occurrences fired and when the last one more than 1 s late was due. No sync-worker runs: the jobs
// just queue (overlap policy `allow`, so every occurrence makes a job), and the schedulers' outbox
// relay publishes them to Kafka as in production.
// Per occurrence due in the window: lateness = when it was enqueued − its scheduled time, from the
// scheduler's own "schedule occurrence fired" log line (written once the transaction committed)
// and from the job row's requestedAt (the firing transaction's clock reading); occurrences fired
// twice (job rows, occurrence records, log lines), occurrences missing or recorded as missed; CPU
// per occurrence of each scheduler process and of the database's backends (/proc/<pid>/stat).
// Also BENCH_SCHEDULER_ENV (JSON of extra scheduler env, e.g. '{"SCHEDULER_TICK_MS":"250"}'),
// BENCH_NOTE, BENCH_RESULT (a suffix for the result files' names), KAFKA_BROKERS / KAFKA_PORT.

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

const opts = {
  schedules: env('BENCH_SCHEDULES', 10_000),
  shops: env('BENCH_SHOPS', 100),
  schedulers: Math.max(1, env('BENCH_SCHEDULERS', 3)),
  durationS: env('BENCH_DURATION_S', 180),
  warmupS: env('BENCH_WARMUP_S', 45),
  // How long after the window the run goes on, so the window's last occurrences can fire.
  tailS: env('BENCH_TAIL_S', 15),
  createVia: process.env.BENCH_CREATE_VIA === 'api' ? 'api' : 'service',
};
const schedulerEnv = JSON.parse(process.env.BENCH_SCHEDULER_ENV ?? '{}') as Record<string, string>;
const kafkaPort = Number(process.env.KAFKA_PORT ?? process.env.TEST_KAFKA_PORT ?? 9092);
const brokers = process.env.KAFKA_BROKERS ?? `127.0.0.1:${kafkaPort}`;

interface Fired {
  scheduleId: string;
  occurrenceAt: number;
  loggedAt: number;
  scheduler: number;
}

export interface SchedulesResult {
  schedules: number;
  schedulers: number;
  windowSeconds: number;
  createVia: string;
  createSeconds: number;
  createdPerSecond: number;
  // Occurrences due before the window (while the schedules were created, and the warm-up).
  setUp: {
    seconds: number;
    warmupSeconds: number;
    fired: number;
    recordedMissed: number;
    latenessMs: Summary;
    // When (seconds after the creation ended; 0: before it ended) the last occurrence more than
    // 1 s late was due; null when none was.
    caughtUpAfterCreationS: number | null;
  };
  // Occurrences due in the window, and how they ended.
  expected: number;
  fired: number;
  missing: number;
  recordedMissed: number;
  recordedSkipped: number;
  // Occurrences with more than one job / occurrence record / fired log line (all must be 0).
  duplicateJobs: number;
  duplicateRecords: number;
  duplicateLogLines: number;
  // Scheduled time → the scheduler's "fired" log line (after the commit), ms.
  latenessMs: Summary;
  // Scheduled time → the job's requestedAt (the firing transaction's clock), ms.
  requestedLatenessMs: Summary;
  firedPerScheduler: number[];
  cpuMsPerOccurrence: Record<string, number>;
  dbCommitsPerOccurrence: number;
  dbRowsWrittenPerOccurrence: number;
  failedLines: number;
}

// The scheduler's log lines of fired occurrences (pino JSON, `time` in epoch ms).
function firedLines(stack: Stack, schedulers: RunningApp[]): { fired: Fired[]; failed: number } {
  const fired: Fired[] = [];
  let failed = 0;
  for (const app of schedulers) {
    const text = readFileSync(join(stack.logDir, `scheduler-${app.index}.log`), 'utf8');
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      if (line.includes('schedule could not fire')) failed++;
      if (!line.includes('schedule occurrence fired')) continue;
      const entry = JSON.parse(line) as {
        time: number;
        msg: string | { msg?: string };
        scheduleId?: string;
        occurrenceAt?: string;
      };
      if (!entry.scheduleId || !entry.occurrenceAt) continue;
      fired.push({
        scheduleId: entry.scheduleId,
        occurrenceAt: Date.parse(entry.occurrenceAt),
        loggedAt: entry.time,
        scheduler: app.index,
      });
    }
  }
  return { fired, failed };
}

const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

export async function runSchedules(): Promise<SchedulesResult> {
  const db = await createTestDatabase('bench_schedules');
  const stack = new Stack({
    name: 'bench-schedules',
    databaseUrl: db.url,
    kafkaBrokers: brokers,
    workers: 0,
    schedulers: 0,
  });
  try {
    // The gateway migrates the fresh database; its per-request log lines stay out of the way.
    const gateway = await stack.startApp('gateway', { LOG_LEVEL: 'warn' });
    await stack.waitReady(gateway);
    await pool(opts.shops, 16, async (k) => {
      const res = await stack.api('POST', '/v1/shops', {
        code: `s${k}`,
        domain: `s${k}.myshopify.com`,
      });
      if (res.status !== 201) throw new Error(`shop s${k}: ${res.status}`);
    });
    // The schedulers run before the schedules exist, so each schedule's first occurrence comes
    // due after it was created with the schedulers already firing (no backlog to start with);
    // whatever comes due while they are being created is the set-up phase, reported separately.
    const schedulers: RunningApp[] = [];
    for (let i = 0; i < opts.schedulers; i++)
      schedulers.push(await stack.startApp('scheduler', { LOG_LEVEL: 'info', ...schedulerEnv }));
    await Promise.all(schedulers.map((s) => stack.waitReady(s)));

    const createStarted = Date.now();
    const seconds = new Map<string, number>();
    const dto = (i: number): CreateScheduleDto => ({
      task: TASKS[i % TASKS.length],
      recurrence: { kind: 'cron', expression: `${i % 60} * * * * *`, timeZone: 'UTC' },
      overlapPolicy: 'allow',
    });
    if (opts.createVia === 'api')
      await pool(opts.schedules, 32, async (i) => {
        const res = await stack.api<{ id: string }>(
          'POST',
          `/v1/shops/s${i % opts.shops}/schedules`,
          dto(i),
        );
        if (res.status !== 201)
          throw new Error(`schedule ${i}: ${res.status} ${JSON.stringify(res.body)}`);
        seconds.set(res.body.id, i % 60);
      });
    else {
      const ds = await openDataSource({ url: db.url, sqlitePath: '', poolSize: 16 }, false);
      Logger.overrideLogger(['error']);
      try {
        // create() does not touch the jobs repository.
        const service = new SchedulesService(
          new SchedulesRepository(ds),
          new ShopsRepository(ds),
          null as unknown as JobsRepository,
          { now: () => new Date() },
        );
        await pool(opts.schedules, 16, async (i) => {
          const schedule = await service.create(`s${i % opts.shops}`, dto(i));
          seconds.set(schedule.id, i % 60);
        });
      } finally {
        await ds.destroy();
      }
    }
    const createSeconds = (Date.now() - createStarted) / 1000;
    process.stdout.write(
      `  ${opts.schedules} schedules created in ${round(createSeconds)} s (${round(opts.schedules / createSeconds)}/s)\n`,
    );

    const createEnded = Date.now();

    // The window starts on a whole second, so each schedule's occurrences in it are easy to count.
    const from = Math.ceil((Date.now() + opts.warmupS * 1000) / 1000) * 1000;
    const to = from + opts.durationS * 1000;
    await sleepUntil(from);
    const probe = new CostProbe(1, {
      'PostgreSQL, all processes (other users’ work too)': postgresPids,
    });
    await probe.begin({
      databaseName: db.name,
      pids: Object.fromEntries(schedulers.map((s) => [`scheduler-${s.index}`, [s.process.pid!]])),
    });
    process.stdout.write(`  measuring ${opts.durationS} s from ${new Date(from).toISOString()}\n`);
    await sleepUntil(to);
    await probe.end();
    await sleepUntil(to + opts.tailS * 1000);
    await Promise.all(schedulers.map((s) => stack.stopApp(s)));

    // Expected: every schedule's occurrences at its second of each minute inside [from, to).
    const expected = new Set<string>();
    for (const [id, second] of seconds)
      for (let t = Math.ceil(from / 60_000) * 60_000 - 60_000 + second * 1000; t < to; t += 60_000)
        if (t >= from) expected.add(`${id}/${t}`);

    const inWindow = (t: number) => t >= from && t < to;
    const jobs = await query<{ scheduleId: string; occurrenceAt: Date; requestedAt: Date }>(
      db.url,
      `SELECT "scheduleId", "occurrenceAt", "requestedAt" FROM jobs WHERE trigger = 'schedule'`,
    );
    const jobKeys = new Map<string, number>();
    const requestedLateness: number[] = [];
    for (const j of jobs) {
      const at = j.occurrenceAt.getTime();
      const key = `${j.scheduleId}/${at}`;
      jobKeys.set(key, (jobKeys.get(key) ?? 0) + 1);
      if (inWindow(at)) requestedLateness.push(j.requestedAt.getTime() - at);
    }
    const [dupRecords] = await query<{ n: string }>(
      db.url,
      `SELECT count(*) AS n FROM (SELECT 1 FROM schedule_occurrences
         GROUP BY "scheduleId", "occurrenceAt" HAVING count(*) > 1) d`,
    );
    const outcomes = await query<{ outcome: string; n: string }>(
      db.url,
      `SELECT outcome, count(*) AS n FROM schedule_occurrences
        WHERE "occurrenceAt" >= $1 AND "occurrenceAt" < $2 GROUP BY outcome`,
      [new Date(from), new Date(to)],
    );
    const outcome = (name: string) => Number(outcomes.find((o) => o.outcome === name)?.n ?? 0);

    const { fired, failed } = firedLines(stack, schedulers);
    const lineKeys = new Map<string, number>();
    const lateness: number[] = [];
    const firedPerScheduler = schedulers.map(() => 0);
    const setUp: Fired[] = [];
    for (const f of fired) {
      const key = `${f.scheduleId}/${f.occurrenceAt}`;
      lineKeys.set(key, (lineKeys.get(key) ?? 0) + 1);
      if (f.occurrenceAt < from) setUp.push(f);
      if (!inWindow(f.occurrenceAt)) continue;
      lateness.push(f.loggedAt - f.occurrenceAt);
      firedPerScheduler[f.scheduler]++;
    }
    // The set-up phase (creation and warm-up): how late its occurrences fired, and when the
    // schedulers had caught up (the last occurrence before the window more than 1 s late).
    const [setUpMissed] = await query<{ n: string }>(
      db.url,
      `SELECT count(*) AS n FROM schedule_occurrences WHERE outcome = 'missed' AND "occurrenceAt" < $1`,
      [new Date(from)],
    );
    const lastLate = setUp.reduce(
      (last, f) => (f.loggedAt - f.occurrenceAt > 1_000 ? Math.max(last, f.occurrenceAt) : last),
      -Infinity,
    );
    const firedInWindow = [...expected].filter((k) => jobKeys.has(k)).length;
    const cost = probe.cost!;
    const per = (n: number) => (firedInWindow ? n / firedInWindow : NaN);
    const cpuMsPerOccurrence: Record<string, number> = {};
    let schedulerTotal = 0;
    for (const [name, ms] of Object.entries(cost.cpuMsPerJob)) {
      const own = /^shopsync scheduler-(\d+)$/.exec(name);
      if (own) {
        // Each scheduler's CPU over the occurrences it fired itself.
        const n = firedPerScheduler[Number(own[1])];
        cpuMsPerOccurrence[`${name} (over its own occurrences)`] = n ? ms / n : NaN;
        schedulerTotal += ms;
      } else cpuMsPerOccurrence[name] = per(ms);
    }
    cpuMsPerOccurrence['all schedulers'] = per(schedulerTotal);
    return {
      schedules: opts.schedules,
      schedulers: opts.schedulers,
      windowSeconds: cost.windowSeconds,
      createVia: opts.createVia,
      createSeconds,
      createdPerSecond: opts.schedules / createSeconds,
      setUp: {
        seconds: (from - createStarted) / 1000,
        warmupSeconds: (from - createEnded) / 1000,
        fired: setUp.length,
        recordedMissed: Number(setUpMissed.n),
        latenessMs: summarize(setUp.map((f) => f.loggedAt - f.occurrenceAt)),
        caughtUpAfterCreationS:
          lastLate === -Infinity ? null : Math.max(0, (lastLate - createEnded) / 1000),
      },
      expected: expected.size,
      fired: firedInWindow,
      missing: expected.size - firedInWindow,
      recordedMissed: outcome('missed'),
      recordedSkipped: outcome('skipped'),
      duplicateJobs: [...jobKeys.values()].filter((n) => n > 1).length,
      duplicateRecords: Number(dupRecords.n),
      duplicateLogLines: [...lineKeys.values()].filter((n) => n > 1).length,
      latenessMs: summarize(lateness),
      requestedLatenessMs: summarize(requestedLateness),
      firedPerScheduler,
      cpuMsPerOccurrence,
      dbCommitsPerOccurrence: per(cost.dbCommitsPerJob ?? NaN),
      dbRowsWrittenPerOccurrence: per(cost.dbRowsWrittenPerJob ?? NaN),
      failedLines: failed,
    };
  } finally {
    await stack.stop();
    await db.drop();
  }
}

const ms = (s: Summary) => `${round(s.p50)} / ${round(s.p95)} / ${round(s.p99)} / ${round(s.max)}`;

export function schedulesText(r: SchedulesResult): string {
  return [
    '| figure | value |',
    '|---|---|',
    `| schedules created (${r.createVia === 'api' ? 'POST /v1/shops/:code/schedules, 32 clients' : 'SchedulesService.create, 16 at a time'}) | ${r.schedules} in ${round(r.createSeconds)} s (${round(r.createdPerSecond)}/s) |`,
    `| set-up (creation + ${round(r.setUp.warmupSeconds)} s warm-up, ${round(r.setUp.seconds)} s, not measured): occurrences fired / recorded missed | ${r.setUp.fired} / ${r.setUp.recordedMissed} |`,
    `| set-up lateness (log line), p50 / p95 / p99 / max ms | ${ms(r.setUp.latenessMs)} |`,
    `| set-up: last occurrence more than 1 s late was due | ${r.setUp.caughtUpAfterCreationS === null ? 'none was' : r.setUp.caughtUpAfterCreationS === 0 ? 'during the creation' : `${round(r.setUp.caughtUpAfterCreationS)} s after the creation ended`} |`,
    `| occurrences due in the window / fired / missing | ${r.expected} / ${r.fired} / ${r.missing} |`,
    `| recorded missed / skipped in the window | ${r.recordedMissed} / ${r.recordedSkipped} |`,
    `| fired twice: jobs / occurrence records / log lines | ${r.duplicateJobs} / ${r.duplicateRecords} / ${r.duplicateLogLines} |`,
    `| lateness to the committed firing (log line), p50 / p95 / p99 / max ms | ${ms(r.latenessMs)} |`,
    `| lateness to the job's requestedAt, p50 / p95 / p99 / max ms | ${ms(r.requestedLatenessMs)} |`,
    `| occurrences fired per scheduler | ${r.firedPerScheduler.join(' / ')} |`,
    ...Object.entries(r.cpuMsPerOccurrence).map(
      ([name, v]) => `| CPU ms per occurrence: ${name} | ${round(v, 3)} |`,
    ),
    `| database commits / rows written per occurrence | ${round(r.dbCommitsPerOccurrence, 2)} / ${round(r.dbRowsWrittenPerOccurrence, 2)} |`,
    `| "schedule could not fire" log lines | ${r.failedLines} |`,
  ].join('\n');
}

async function main(): Promise<void> {
  process.stdout.write(`${kafkaScript(['start'], { KAFKA_PORT: String(kafkaPort) }).trim()}\n`);
  process.stdout.write(
    `schedules benchmark: ${opts.schedules} schedules over ${opts.shops} shops, ${opts.schedulers} scheduler(s), ${opts.durationS} s measured after ${opts.warmupS} s, Kafka ${brokers}\n`,
  );
  const loadBefore = os.loadavg();
  const result = await runSchedules();
  const loadAfter = os.loadavg();
  const note = process.env.BENCH_NOTE;
  const text = [
    `## Schedules: ${opts.schedules} active schedules (each once a minute), ${opts.schedulers} schedulers, ${opts.durationS} s`,
    '',
    ...(note ? [`**${note}**`, ''] : []),
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load average ${loadBefore.map((l) => round(l, 2)).join(' ')} before, ${loadAfter.map((l) => round(l, 2)).join(' ')} after; Node ${process.version}.${Object.keys(schedulerEnv).length ? ` Scheduler env: ${JSON.stringify(schedulerEnv)}.` : ''}`,
    '',
    schedulesText(result),
    '',
  ].join('\n');
  process.stdout.write(`\n${text}\n`);
  const suffix = process.env.BENCH_RESULT ? `-${process.env.BENCH_RESULT}` : '';
  writeResults(
    `schedules-${new Date().toISOString().slice(0, 10)}${suffix}`,
    {
      at: new Date().toISOString(),
      note: note ?? null,
      machine: { ...machine(), loadBefore, loadAfter },
      options: { ...opts, brokers, schedulerEnv },
      result,
    },
    text,
  );
}

if (require.main === module) runMain(main);
