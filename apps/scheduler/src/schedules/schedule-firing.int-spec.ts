import {
  JobEntity,
  ManualClock,
  occurrencesBetween,
  OutboxEntity,
  type Recurrence,
  TOPICS,
} from '@shopsync/shared';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@test/support/pg';
import {
  addStats,
  emptyStats,
  insertShop,
  historyOf,
  isoOf,
  jobsOf,
  openScheduler,
  quietLogs,
  scheduleService,
  SchedulerUnderTest,
} from '../../../../test/schedules-harness';
import type { CreateScheduleDto } from '../../../gateway/src/schedules/dto/create-schedule.dto';
import type { SchedulesService } from '../../../gateway/src/schedules/schedules.service';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const at = (iso: string): Date => new Date(iso);
const cron = (expression: string, timeZone = 'UTC'): Recurrence => ({
  kind: 'cron',
  expression,
  timeZone,
});

// The firing path against the real PostgreSQL with a manual clock: every behaviour of a
// schedule, one scheduler instance (the three-instance week is schedule-week.int-spec.ts).
describe('schedule firing (PostgreSQL, manual clock)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let scheduler: SchedulerUnderTest;
  let ds: DataSource;
  let schedules: SchedulesService;
  const clock = new ManualClock(at('2026-05-04T06:00:00Z'));
  let shopSeq = 0;

  beforeAll(async () => {
    quietLogs();
    db = await createTestDatabase('schedules');
    scheduler = await openScheduler({ url: db.url }, clock);
    ds = scheduler.ds;
    schedules = scheduleService(ds, clock);
  });

  afterEach(async () => {
    // Each test owns its schedules; park them so the next test's clock does not fire them.
    await ds.query(`UPDATE schedules SET status = 'paused', "nextRunAt" = NULL`);
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  async function shop(): Promise<string> {
    const code = `shop-${++shopSeq}`;
    await insertShop(ds, code);
    return code;
  }

  async function create(code: string, dto: Partial<CreateScheduleDto>) {
    return schedules.create(code, {
      task: 'inventory',
      recurrence: {},
      ...dto,
    } as CreateScheduleDto);
  }

  // Ticks like the loop does, every `stepMs` of simulated time, until `until`.
  async function runUntil(until: Date, stepMs: number, eachStep?: () => Promise<void>) {
    const stats = emptyStats();
    while (clock.now() < until) {
      clock.set(new Date(Math.min(clock.now().getTime() + stepMs, until.getTime())));
      addStats(stats, await scheduler.firing.tick());
      await eachStep?.();
    }
    return stats;
  }

  // A stand-in worker: starts queued jobs at once and finishes them after `durationMs`.
  function worker(durationMs: number): () => Promise<void> {
    return async () => {
      const now = clock.now();
      await ds.query(
        `UPDATE jobs SET status = 'succeeded', "finishedAt" = $1
          WHERE status = 'running' AND "startedAt" <= $2`,
        [now, new Date(now.getTime() - durationMs)],
      );
      await ds.query(
        `UPDATE jobs SET status = 'running', "startedAt" = $1 WHERE status = 'queued'`,
        [now],
      );
    };
  }

  const setStatus = (id: string | null, status: string) =>
    ds.query(`UPDATE jobs SET status = $1 WHERE id = $2`, [status, id]);

  it('no drift: every 15 minutes with jobs taking 7 minutes fires at :00, :15, :30, :45', async () => {
    clock.set(at('2026-05-04T06:53:20Z'));
    const s = await create(await shop(), {
      recurrence: cron('*/15 * * * *', 'Europe/Amsterdam'),
    });
    expect(s.nextRunAt?.toISOString()).toBe('2026-05-04T07:00:00.000Z');
    const stats = await runUntil(at('2026-05-04T09:59:59Z'), 20_000, worker(7 * MINUTE));
    const jobs = await jobsOf(ds, s.id);
    expect(isoOf(jobs.map((j) => j.occurrenceAt))).toEqual(
      Array.from({ length: 12 }, (_, i) => new Date(Date.UTC(2026, 4, 4, 7, i * 15)).toISOString()),
    );
    for (const job of jobs) {
      expect(job.trigger).toBe('schedule');
      expect(job.requestedAt.getTime() - job.occurrenceAt!.getTime()).toBeLessThan(20_000);
      expect(job.requestedAt.getTime()).toBeGreaterThanOrEqual(job.occurrenceAt!.getTime());
    }
    // Each ran 7 minutes, and the next still started on the quarter, not 15 minutes after.
    for (const job of jobs.slice(0, -1)) {
      expect(job.status).toBe('succeeded');
      expect(job.finishedAt!.getTime() - job.startedAt!.getTime()).toBeGreaterThanOrEqual(
        7 * MINUTE,
      );
    }
    expect(stats).toMatchObject({ jobs: 12, skipped: 0, missed: 0, failed: 0 });
    expect((await historyOf(ds, s.id)).map((h) => h.outcome)).toEqual(Array(12).fill('fired'));
    // Every job has its outbox message, written in the same transaction.
    const outbox = await ds.getRepository(OutboxEntity).count();
    expect(outbox).toBeGreaterThanOrEqual(12);
  });

  it('downtime: 3 hours stopped with a 1-hour catch-up window → one catch-up job each, the others missed', async () => {
    clock.set(at('2026-05-04T10:00:00Z'));
    const code = await shop();
    const recurrences: Recurrence[] = [
      cron('*/15 * * * *'),
      cron('*/10 * * * *', 'Europe/Amsterdam'),
      cron('0 * * * *', 'America/New_York'),
      cron('0 */7 * * * *', 'Australia/Sydney'),
      {
        kind: 'window',
        weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        startTime: '00:00',
        endTime: '00:00',
        everyMinutes: 20,
        timeZone: 'Asia/Kolkata',
      },
    ];
    const caught = [];
    for (const recurrence of recurrences) caught.push(await create(code, { recurrence }));
    const outside = await create(code, {
      recurrence: cron('0 11 * * *'),
      catchUpWindowSeconds: 1800,
    });
    const never = await create(code, { recurrence: cron('*/30 * * * *'), catchUpWindowSeconds: 0 });
    const all = [...caught, outside, never];

    await runUntil(at('2026-05-04T10:30:00Z'), 30_000, worker(MINUTE));
    const before = new Map<string, number>();
    for (const s of all) before.set(s.id, (await jobsOf(ds, s.id)).length);
    const lastFired = new Map<string, Date | null>();
    for (const s of all) lastFired.set(s.id, (await schedules.get(s.id)).lastScheduledAt);

    // The schedulers are down from 10:30 to 13:32:00 (the workers are not: they finish the
    // last jobs); then one tick.
    clock.set(at('2026-05-04T10:35:00Z'));
    await worker(MINUTE)();
    clock.set(at('2026-05-04T13:32:00Z'));
    const restart = await scheduler.firing.tick();
    expect(restart.failed).toBe(0);

    for (const s of caught) {
      const after = await schedules.get(s.id);
      const jobs = await jobsOf(ds, s.id);
      expect(jobs.length - before.get(s.id)!).toBe(1);
      const latest = jobs[jobs.length - 1];
      const history = await historyOf(ds, s.id);
      const since = lastFired.get(s.id) ?? s.createdAt;
      const down = history.filter((h) => h.occurrenceAt > since);
      // The latest occurrence of the downtime ran; every earlier one is recorded missed.
      expect(latest.occurrenceAt?.toISOString()).toBe(
        down[down.length - 1].occurrenceAt.toISOString(),
      );
      expect(down[down.length - 1]).toMatchObject({ outcome: 'fired', jobId: latest.id });
      expect(down.slice(0, -1).every((h) => h.outcome === 'missed' && h.jobId === null)).toBe(true);
      // Exactly the occurrences of the downtime, each recorded once.
      const expected = occurrencesBetween(s.recurrence, since, clock.now());
      expect(expected.length).toBeGreaterThanOrEqual(3);
      expect(isoOf(down.map((h) => h.occurrenceAt))).toEqual(isoOf(expected));
      // Counted on from the scheduled time: the next occurrence after the catch-up.
      expect(after.nextRunAt!.getTime()).toBeGreaterThan(clock.now().getTime());
      expect(after.nextRunAt!.getTime() - latest.occurrenceAt!.getTime()).toBeLessThanOrEqual(HOUR);
    }
    // 11:00 is 2.5 hours old, outside its 30-minute window: missed, no job.
    expect((await jobsOf(ds, outside.id)).length).toBe(before.get(outside.id));
    expect(
      (await historyOf(ds, outside.id)).map((h) => [h.occurrenceAt.toISOString(), h.outcome]),
    ).toEqual([['2026-05-04T11:00:00.000Z', 'missed']]);
    // A window of 0 never catches up: the six half hours are all missed.
    expect((await jobsOf(ds, never.id)).length).toBe(before.get(never.id));
    const neverDown = (await historyOf(ds, never.id)).filter((h) => h.outcome === 'missed');
    expect(neverDown).toHaveLength(6);
    expect(restart.jobs).toBe(caught.length);

    // Back to normal: the next occurrences fire on time.
    const resumed = await runUntil(at('2026-05-04T14:00:00Z'), 30_000, worker(MINUTE));
    expect(resumed).toMatchObject({ missed: 0, failed: 0 });
    expect(resumed.jobs).toBeGreaterThan(10);
  });

  it('overlap policies: skip records skipped, buffer-one keeps one waiting, allow runs every one', async () => {
    clock.set(at('2026-05-04T14:58:00Z'));
    const code = await shop();
    const skip = await create(code, { recurrence: cron('*/5 * * * *'), overlapPolicy: 'skip' });
    const buffer = await create(code, {
      recurrence: cron('*/5 * * * *'),
      overlapPolicy: 'buffer-one',
    });
    const allow = await create(code, { recurrence: cron('*/5 * * * *'), overlapPolicy: 'allow' });
    const ids = [skip.id, buffer.id, allow.id];
    const tickAt = async (iso: string) => {
      clock.set(at(iso));
      await scheduler.firing.tick();
    };

    await tickAt('2026-05-04T15:00:00.100Z'); // first jobs; they start running
    await ds.query(`UPDATE jobs SET status = 'running' WHERE "scheduleId" = ANY($1)`, [ids]);
    await tickAt('2026-05-04T15:05:00.100Z'); // skip: skipped; buffer-one: buffered; allow
    await tickAt('2026-05-04T15:10:00.100Z'); // skip: skipped; buffer-one: one waits already
    // The first jobs end; buffer-one's waiting job starts.
    await ds.query(
      `UPDATE jobs SET status = 'succeeded' WHERE "scheduleId" = ANY($1) AND "occurrenceAt" = $2`,
      [ids, at('2026-05-04T15:00:00Z')],
    );
    await setStatus((await schedules.get(buffer.id)).lastJobId, 'running');
    await tickAt('2026-05-04T15:15:00.100Z'); // skip fires again; buffer-one buffers again

    const outcomes = async (id: string) => (await historyOf(ds, id)).map((h) => h.outcome);
    expect(await outcomes(skip.id)).toEqual(['fired', 'skipped', 'skipped', 'fired']);
    expect(await outcomes(buffer.id)).toEqual(['fired', 'buffered', 'skipped', 'buffered']);
    expect(await outcomes(allow.id)).toEqual(['fired', 'fired', 'fired', 'fired']);
    const skipped = (await historyOf(ds, skip.id))[1];
    expect(skipped.reason).toMatch(/^previous job .+ is still running$/);
    expect(skipped.jobId).toBeNull();
    expect((await historyOf(ds, buffer.id))[2].reason).toMatch(/is already waiting \(queued\)/);
    expect((await jobsOf(ds, skip.id)).length).toBe(2);
    expect((await jobsOf(ds, buffer.id)).length).toBe(3);
    expect((await jobsOf(ds, allow.id)).length).toBe(4);
  });

  it('pause stops it; resume continues at the next occurrence without catching up the pause', async () => {
    clock.set(at('2026-05-04T15:58:00Z'));
    const s = await create(await shop(), { recurrence: cron('*/5 * * * *') });
    await runUntil(at('2026-05-04T16:02:00Z'), MINUTE, worker(0));
    const paused = await schedules.pause(s.id);
    expect(paused).toMatchObject({ status: 'paused', nextRunAt: null });
    // While paused, the preview shows what resuming now would give.
    expect((await schedules.occurrences(s.id, 2)).items.map((o) => o.utc)).toEqual([
      '2026-05-04T16:05:00.000Z',
      '2026-05-04T16:10:00.000Z',
    ]);
    const whilePaused = await runUntil(at('2026-05-04T16:31:00Z'), MINUTE, worker(0));
    expect(whilePaused.jobs + whilePaused.missed + whilePaused.skipped).toBe(0);
    const resumed = await schedules.resume(s.id);
    expect(resumed.nextRunAt?.toISOString()).toBe('2026-05-04T16:35:00.000Z');
    await runUntil(at('2026-05-04T16:41:00Z'), MINUTE, worker(0));
    const history = await historyOf(ds, s.id);
    expect(history.map((h) => [h.occurrenceAt.toISOString().slice(11, 16), h.outcome])).toEqual([
      ['16:00', 'fired'],
      ['16:35', 'fired'],
      ['16:40', 'fired'],
    ]);
  });

  it('run-now creates a manual job linked to the schedule, which the skip policy then sees', async () => {
    clock.set(at('2026-05-04T16:50:00Z'));
    const s = await create(await shop(), { recurrence: cron('0 * * * *'), status: 'paused' });
    const first = await schedules.runNow(s.id);
    const second = await schedules.runNow(s.id);
    for (const job of [first, second]) {
      expect(job).toMatchObject({
        trigger: 'manual',
        scheduleId: s.id,
        occurrenceAt: null,
        status: 'queued',
        task: 'inventory',
        maxAttempts: 3,
      });
    }
    const outbox = await ds.getRepository(OutboxEntity).find();
    const requests = outbox.filter((o) => o.topic === TOPICS.syncRequested);
    expect(requests.filter((o) => o.payload.includes(first.id))).toHaveLength(1);
    expect((await schedules.get(s.id)).lastJobId).toBe(second.id);
    // Resumed, the 17:00 occurrence finds the run-now job still queued.
    await schedules.resume(s.id);
    await runUntil(at('2026-05-04T17:00:30Z'), 30_000);
    const history = await historyOf(ds, s.id);
    expect(history).toMatchObject([
      { outcome: 'skipped', reason: `previous job ${second.id} is still queued` },
    ]);
    await ds.getRepository(JobEntity).update({ scheduleId: s.id }, { status: 'succeeded' });
    await runUntil(at('2026-05-04T18:00:30Z'), 30_000);
    expect((await historyOf(ds, s.id)).map((h) => h.outcome)).toEqual(['skipped', 'fired']);
  });

  it('earliest start delays the first run; expiry stops it (an occurrence at expiry still runs)', async () => {
    clock.set(at('2026-05-04T19:00:00Z'));
    const s = await create(await shop(), {
      recurrence: cron('*/15 * * * *'),
      earliestStartAt: '2026-05-04T20:03:00Z',
      expiresAt: '2026-05-04T21:00:00+00:00',
    });
    expect(s.nextRunAt?.toISOString()).toBe('2026-05-04T20:15:00.000Z');
    await runUntil(at('2026-05-04T22:30:00Z'), MINUTE, worker(0));
    const jobs = await jobsOf(ds, s.id);
    expect(jobs.map((j) => j.occurrenceAt?.toISOString().slice(11, 16))).toEqual([
      '20:15',
      '20:30',
      '20:45',
      '21:00',
    ]);
    const after = await schedules.get(s.id);
    expect(after).toMatchObject({ status: 'active', nextRunAt: null });
    expect((await schedules.occurrences(s.id, 5)).items).toEqual([]);
  });

  describe('DST, through the firing path', () => {
    // Steps of 5 minutes through the night; returns the occurrences each schedule fired.
    async function night(from: string, to: string, recurrences: Recurrence[]): Promise<string[][]> {
      clock.set(at(from));
      const code = await shop();
      const created = [];
      for (const recurrence of recurrences)
        created.push(await create(code, { recurrence, overlapPolicy: 'allow' }));
      const stats = await runUntil(at(to), 5 * MINUTE, worker(0));
      expect(stats).toMatchObject({ missed: 0, skipped: 0, failed: 0, alreadyFired: 0 });
      const fired = [];
      for (const s of created) {
        const jobs = await jobsOf(ds, s.id);
        for (const j of jobs)
          expect(j.requestedAt.getTime() - j.occurrenceAt!.getTime()).toBeLessThan(5 * MINUTE);
        fired.push(jobs.map((j) => j.occurrenceAt!.toISOString().slice(0, 16)));
      }
      return fired;
    }

    const halfHoursUtc = (from: string, count: number): string[] =>
      Array.from({ length: count }, (_, i) =>
        new Date(at(from).getTime() + i * 30 * MINUTE).toISOString().slice(0, 16),
      );

    it('Europe/Amsterdam spring forward (2026-03-29): a skipped time fires when the clocks jump', async () => {
      const [fixed, interval, window] = await night(
        '2026-03-28T20:10:00Z',
        '2026-03-29T05:10:00Z',
        [
          cron('30 2 * * *', 'Europe/Amsterdam'),
          cron('*/30 * * * *', 'Europe/Amsterdam'),
          {
            kind: 'window',
            weekdays: ['sat'],
            startTime: '22:00',
            endTime: '06:00',
            everyMinutes: 60,
            timeZone: 'Europe/Amsterdam',
          },
        ],
      );
      // 02:30 does not exist: 03:00+02:00.
      expect(fixed).toEqual(['2026-03-29T01:00']);
      // Real-time spacing stays 30 minutes across the jump.
      expect(interval).toEqual(halfHoursUtc('2026-03-28T20:30:00Z', 18));
      // 22:00 .. 06:00 local; 02:00 and 03:00 are both 03:00+02:00 and fire once.
      expect(window).toEqual([
        '2026-03-28T21:00',
        '2026-03-28T22:00',
        '2026-03-28T23:00',
        '2026-03-29T00:00',
        '2026-03-29T01:00',
        '2026-03-29T02:00',
        '2026-03-29T03:00',
        '2026-03-29T04:00',
      ]);
    });

    it('Europe/Amsterdam fall back (2026-10-25): a repeated time fires once; an interval keeps its spacing', async () => {
      const [fixed, interval] = await night('2026-10-24T20:10:00Z', '2026-10-25T05:10:00Z', [
        cron('30 2 * * *', 'Europe/Amsterdam'),
        cron('*/30 * * * *', 'Europe/Amsterdam'),
      ]);
      // 02:30+02:00 only, not again at 02:30+01:00.
      expect(fixed).toEqual(['2026-10-25T00:30']);
      // Both passes of the repeated hour: 00:00Z, 00:30Z (+02:00) and 01:00Z, 01:30Z (+01:00).
      expect(interval).toEqual(halfHoursUtc('2026-10-24T20:30:00Z', 18));
    });

    it('America/New_York spring forward (2026-03-08)', async () => {
      const [fixed, hourly] = await night('2026-03-07T04:00:00Z', '2026-03-09T08:00:00Z', [
        cron('30 2 * * *', 'America/New_York'),
        cron('0 1-4 * * *', 'America/New_York'),
      ]);
      // 02:30 EST (07:30Z); on the 8th 02:30 does not exist: 03:00 EDT (07:00Z); 02:30 EDT.
      expect(fixed).toEqual(['2026-03-07T07:30', '2026-03-08T07:00', '2026-03-09T06:30']);
      // On the 8th: 01:00 EST, 02:00 → 03:00 EDT, 03:00 EDT (the same instant, once), 04:00 EDT.
      expect(hourly.filter((h) => h.startsWith('2026-03-08'))).toEqual([
        '2026-03-08T06:00',
        '2026-03-08T07:00',
        '2026-03-08T08:00',
      ]);
    });

    it('America/New_York fall back (2026-11-01)', async () => {
      const [fixed, hourly] = await night('2026-11-01T02:00:00Z', '2026-11-01T09:00:00Z', [
        cron('30 1 * * *', 'America/New_York'),
        cron('0 * * * *', 'America/New_York'),
      ]);
      // 01:30 happens twice (05:30Z EDT, 06:30Z EST): it fires once, at the first.
      expect(fixed).toEqual(['2026-11-01T05:30']);
      // Every real hour, both 01:00s included.
      expect(hourly).toEqual([
        '2026-11-01T03:00',
        '2026-11-01T04:00',
        '2026-11-01T05:00',
        '2026-11-01T06:00',
        '2026-11-01T07:00',
        '2026-11-01T08:00',
        '2026-11-01T09:00',
      ]);
    });
  });

  it('the unique index is the last line of defence: an occurrence fired elsewhere is not fired again', async () => {
    clock.set(at('2026-05-05T08:00:00Z'));
    const s = await create(await shop(), {
      recurrence: cron('*/10 * * * *'),
      overlapPolicy: 'allow',
    });
    // As if another scheduler had fired 08:10 without advancing this row.
    const first = (await schedules.runNow(s.id)) as JobEntity;
    await ds
      .getRepository(JobEntity)
      .update({ id: first.id }, { occurrenceAt: at('2026-05-05T08:10:00Z'), trigger: 'schedule' });
    clock.set(at('2026-05-05T08:10:00.200Z'));
    const stats = await scheduler.firing.tick();
    expect(stats).toMatchObject({ alreadyFired: 1, jobs: 0, failed: 0, schedules: 1 });
    expect((await jobsOf(ds, s.id)).map((j) => j.id)).toEqual([first.id]);
    expect((await schedules.get(s.id)).nextRunAt?.toISOString()).toBe('2026-05-05T08:20:00.000Z');
  });

  it('a batch with an occurrence fired elsewhere falls back to one schedule at a time: the others fire once each', async () => {
    clock.set(at('2026-05-05T10:00:00Z'));
    const code = await shop();
    const made = [];
    for (let i = 0; i < 4; i++)
      made.push(await create(code, { recurrence: cron('*/10 * * * *'), overlapPolicy: 'allow' }));
    const first = (await schedules.runNow(made[2].id)) as JobEntity;
    await ds
      .getRepository(JobEntity)
      .update({ id: first.id }, { occurrenceAt: at('2026-05-05T10:10:00Z'), trigger: 'schedule' });
    clock.set(at('2026-05-05T10:10:00.200Z'));
    const stats = await scheduler.firing.tick();
    expect(stats).toMatchObject({ alreadyFired: 1, jobs: 3, failed: 0, schedules: 4, stale: 0 });
    for (const s of made) {
      const jobs = (await jobsOf(ds, s.id)).filter((j) => j.trigger === 'schedule');
      expect(jobs.map((j) => j.occurrenceAt?.toISOString())).toEqual(['2026-05-05T10:10:00.000Z']);
      expect((await schedules.get(s.id)).nextRunAt?.toISOString()).toBe('2026-05-05T10:20:00.000Z');
    }
    // The next batch has nothing unusual and fires together: a job each, one record each.
    clock.set(at('2026-05-05T10:20:00.100Z'));
    expect(await scheduler.firing.tick()).toMatchObject({ jobs: 4, alreadyFired: 0, schedules: 4 });
    const [records] = await ds.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM schedule_occurrences WHERE "scheduleId" = ANY($1)`,
      [made.map((s) => s.id)],
    );
    // 10:10 of the one fired elsewhere is that scheduler's to record: 3 + 4.
    expect(Number(records.n)).toBe(7);
  });

  it('occurrence records written over arrays: one already recorded keeps its first record, the rest are added', async () => {
    clock.set(at('2026-05-05T12:00:00Z'));
    const s = await create(await shop(), { recurrence: cron('*/10 * * * *') });
    const row = (iso: string, outcome: 'fired' | 'missed', reason: string | null) => ({
      scheduleId: s.id,
      occurrenceAt: at(iso),
      outcome,
      jobId: null,
      reason,
      recordedAt: clock.now(),
    });
    await scheduler.claims.transaction((m) =>
      scheduler.claims.recordOccurrences(m, [row('2026-05-05T12:10:00Z', 'missed', 'first')]),
    );
    await scheduler.claims.transaction((m) =>
      scheduler.claims.recordOccurrences(m, [
        row('2026-05-05T12:10:00Z', 'fired', 'second'),
        row('2026-05-05T12:20:00Z', 'missed', "it's 'quoted', with a comma"),
      ]),
    );
    const records = await ds.query<Array<{ at: Date; outcome: string; reason: string }>>(
      `SELECT "occurrenceAt" AS at, outcome, reason FROM schedule_occurrences
        WHERE "scheduleId" = $1 ORDER BY "occurrenceAt"`,
      [s.id],
    );
    expect(records.map((r) => [r.at.toISOString(), r.outcome, r.reason])).toEqual([
      ['2026-05-05T12:10:00.000Z', 'missed', 'first'],
      ['2026-05-05T12:20:00.000Z', 'missed', "it's 'quoted', with a comma"],
    ]);
  });

  it('advancing many at once is a compare-and-set per row: an edited one is not advanced', async () => {
    clock.set(at('2026-05-05T11:00:00Z'));
    const code = await shop();
    const kept = await create(code, { recurrence: cron('*/10 * * * *') });
    const edited = await create(code, { recurrence: cron('*/10 * * * *') });
    await schedules.update(edited.id, { recurrence: cron('*/20 * * * *') });
    const patch = {
      nextRunAt: at('2026-05-05T11:10:00Z'),
      lastScheduledAt: at('2026-05-05T11:00:00Z'),
      lastJobId: null,
      updatedAt: clock.now(),
    };
    const advanced = await scheduler.claims.transaction((m) =>
      scheduler.claims.advanceMany(m, [
        { schedule: kept, patch },
        { schedule: edited, patch },
      ]),
    );
    expect(advanced).toBe(1);
    const after = await schedules.get(kept.id);
    expect(after.version).toBe(kept.version + 1);
    expect(after.lastScheduledAt?.toISOString()).toBe('2026-05-05T11:00:00.000Z');
    expect((await schedules.get(edited.id)).nextRunAt?.toISOString()).toBe(
      '2026-05-05T11:20:00.000Z',
    );
  });

  it('an edit between claim and advance wins: the stale advance is refused', async () => {
    clock.set(at('2026-05-05T09:00:00Z'));
    const s = await create(await shop(), { recurrence: cron('*/10 * * * *') });
    await schedules.update(s.id, { recurrence: cron('*/20 * * * *') });
    const advanced = await scheduler.claims.transaction((m) =>
      scheduler.claims.advance(m, s, {
        nextRunAt: at('2026-05-05T09:10:00Z'),
        lastScheduledAt: null,
        lastJobId: null,
        updatedAt: clock.now(),
      }),
    );
    expect(advanced).toBe(false);
    expect((await schedules.get(s.id)).nextRunAt?.toISOString()).toBe('2026-05-05T09:20:00.000Z');
  });

  it('refuses invalid input naming each field and why', async () => {
    const code = await shop();
    await expect(
      create(code, {
        recurrence: { kind: 'cron', expression: '61 * * * *', timeZone: 'Mars/Olympus' },
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { field: 'recurrence.timeZone', message: expect.stringMatching(/unknown IANA time zone/) },
        { field: 'recurrence.expression', message: expect.stringMatching(/invalid cron/) },
      ],
    });
    await expect(
      create(code, {
        recurrence: {
          kind: 'window',
          weekdays: ['mon', 'funday'],
          startTime: '25:00',
          endTime: '06:00',
          everyMinutes: 0,
          timeZone: 'UTC',
        },
      }),
    ).rejects.toMatchObject({
      details: expect.arrayContaining([
        expect.objectContaining({ field: 'recurrence.weekdays[1]' }),
        expect.objectContaining({ field: 'recurrence.startTime' }),
        expect.objectContaining({ field: 'recurrence.everyMinutes' }),
      ]),
    });
    await expect(
      create(code, {
        recurrence: cron('0 * * * *'),
        earliestStartAt: '2026-06-01T00:00:00Z',
        expiresAt: '2026-05-30T00:00:00Z',
      }),
    ).rejects.toMatchObject({
      details: [{ field: 'expiresAt', message: 'must be after earliestStartAt' }],
    });
  });
});
