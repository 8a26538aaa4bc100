import {
  ManualClock,
  occurrencesBetween,
  OutboxEntity,
  ScheduleOccurrenceEntity,
  type Recurrence,
  type Weekday,
} from '@shopsync/shared';
import { createTestDatabase } from '@test/support/pg';
import {
  addStats,
  emptyStats,
  insertShop,
  openScheduler,
  quietLogs,
  scheduleService,
  SchedulerUnderTest,
} from '../../../../test/schedules-harness';
import type { FiringStats } from './schedule-firing.service';

// From the Sunday Europe falls back to the Sunday New York does: a simulated week (and a few
// hours) with both autumn DST changes in it.
const START = new Date('2026-10-25T00:00:00Z');
const END = new Date('2026-11-01T08:00:00Z');
const SCHEDULES = 200;
const ZONES = [
  'Europe/Amsterdam',
  'America/New_York',
  'UTC',
  'Asia/Kolkata',
  'Australia/Sydney',
  'Asia/Kathmandu',
  'America/Sao_Paulo',
  'Pacific/Auckland',
];
const DAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// A small seeded generator, so a failure can be replayed.
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function recurrenceFor(i: number, rnd: () => number): Recurrence {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const timeZone = ZONES[i % ZONES.length];
  const minute = pick([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55]);
  const hhmm = (h: number, m: number) =>
    `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  const cron = (expression: string): Recurrence => ({ kind: 'cron', expression, timeZone });
  switch (Math.floor(i / ZONES.length) % 8) {
    case 0:
      return cron(`${minute} */3 * * *`);
    case 1:
      return cron(`${minute} ${Math.floor(rnd() * 24)} * * *`);
    case 2:
      return cron(`${minute} 9-17 * * 1-5`);
    case 3:
      return cron(i % 40 === 3 ? '*/30 * * * *' : `${minute} 0,6,12,18 * * *`);
    case 4:
      return cron(`${pick([0, 15, 30, 45])} ${minute} */4 * * *`);
    case 5:
      return {
        kind: 'window',
        weekdays: DAYS.filter(() => rnd() < 0.6)
          .concat(['wed'])
          .filter((d, k, all) => all.indexOf(d) === k),
        startTime: hhmm(Math.floor(rnd() * 24), minute),
        endTime: hhmm(Math.floor(rnd() * 24), pick([0, 30])),
        everyMinutes: pick([60, 90, 120, 240]),
        timeZone,
      };
    case 6:
      return {
        kind: 'window',
        weekdays: [...DAYS],
        startTime: '22:00',
        endTime: '06:00',
        everyMinutes: 120,
        timeZone,
      };
    default:
      return cron(pick(['30 2 * * *', '0 1-3 * * 0', '30 1 * * *']));
  }
}

// Issue 4's acceptance test: three scheduler instances (each its own connection pool) tick at
// the same moments over a week; every occurrence the recurrence library enumerates fires
// exactly once.
describe('three schedulers on one PostgreSQL, 200 schedules, a simulated week', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const instances: SchedulerUnderTest[] = [];
  const clock = new ManualClock(START);
  const expected = new Map<string, string[]>();

  beforeAll(async () => {
    quietLogs();
    db = await createTestDatabase('schedules_week');
    // A small batch, so the three interleave within one moment as well as across moments.
    for (let n = 0; n < 3; n++)
      instances.push(await openScheduler({ url: db.url }, clock, { SCHEDULER_BATCH_SIZE: 10 }));
    const ds = instances[0].ds;
    const schedules = scheduleService(ds, clock);
    const rnd = random(20261025);
    const shops: string[] = [];
    for (let n = 0; n < 10; n++) {
      shops.push(`week-${n}`);
      await insertShop(ds, `week-${n}`);
    }
    for (let i = 0; i < SCHEDULES; i++) {
      const recurrence = recurrenceFor(i, rnd);
      const s = await schedules.create(shops[i % shops.length], {
        task: 'inventory',
        recurrence,
        overlapPolicy: (['skip', 'buffer-one', 'allow'] as const)[i % 3],
      });
      expected.set(
        s.id,
        occurrencesBetween(recurrence, START, END).map((d) => d.toISOString()),
      );
    }
  });

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.ds.destroy()));
    await db?.drop();
  });

  it('fires every occurrence exactly once: zero duplicates, zero misses', async () => {
    const ds = instances[0].ds;
    const total = [...expected.values()].reduce((n, list) => n + list.length, 0);
    const moments = [...new Set([...expected.values()].flat().map((iso) => Date.parse(iso)))].sort(
      (a, b) => a - b,
    );
    expect(total).toBeGreaterThan(5_000);
    const perInstance: FiringStats[] = instances.map(() => emptyStats());
    const rnd = random(7);

    // Each moment: the clock a little past it (a tick's lateness, under a second), the three
    // schedulers tick at once, then a worker finishes what was queued.
    for (const moment of moments) {
      clock.set(new Date(Math.max(clock.now().getTime(), moment + Math.floor(rnd() * 900))));
      const results = await Promise.all(instances.map((i) => i.firing.tick()));
      results.forEach((r, n) => addStats(perInstance[n], r));
      await ds.query(`UPDATE jobs SET status = 'succeeded' WHERE status = 'queued'`);
    }
    clock.set(END);
    (await Promise.all(instances.map((i) => i.firing.tick()))).forEach((r, n) =>
      addStats(perInstance[n], r),
    );

    const sum = perInstance.reduce((into, s) => addStats(into, s), emptyStats());
    expect(sum).toEqual({ ...emptyStats(), schedules: total, jobs: total });
    // All three did part of the work.
    for (const s of perInstance) expect(s.jobs).toBeGreaterThan(0);

    const rows: Array<{
      scheduleId: string;
      occurrenceAt: Date;
      requestedAt: Date;
      trigger: string;
    }> = await ds.query(`SELECT "scheduleId", "occurrenceAt", "requestedAt", trigger FROM jobs`);
    expect(rows).toHaveLength(total);
    const fired = new Map<string, string[]>();
    for (const row of rows) {
      expect(row.trigger).toBe('schedule');
      // Within a second of its due time.
      expect(row.requestedAt.getTime() - row.occurrenceAt.getTime()).toBeLessThan(1000);
      fired.set(row.scheduleId, [
        ...(fired.get(row.scheduleId) ?? []),
        row.occurrenceAt.toISOString(),
      ]);
    }
    const mismatched = [...expected].filter(
      ([id, list]) => JSON.stringify((fired.get(id) ?? []).sort()) !== JSON.stringify(list),
    );
    expect(mismatched.map(([id]) => id)).toEqual([]);
    const duplicates =
      rows.length -
      new Set(rows.map((r) => `${r.scheduleId}@${r.occurrenceAt.toISOString()}`)).size;
    expect(duplicates).toBe(0);

    const outcomes: Array<{ outcome: string; n: string }> = await ds
      .getRepository(ScheduleOccurrenceEntity)
      .createQueryBuilder('o')
      .select('o.outcome', 'outcome')
      .addSelect('count(*)', 'n')
      .groupBy('o.outcome')
      .getRawMany();
    expect(outcomes).toEqual([{ outcome: 'fired', n: String(total) }]);
    // One run request per job, and its `queued` lifecycle event beside it.
    expect(
      await ds
        .getRepository(OutboxEntity)
        .createQueryBuilder('o')
        .where('o.topic LIKE :t', { t: '%sync.requested%' })
        .getCount(),
    ).toBe(total);
    expect(await ds.getRepository(OutboxEntity).count()).toBe(2 * total);
  });
});
