import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@shopsync/shared';
import {
  historyOf,
  insertShop,
  isoOf,
  jobsOf,
  openScheduler,
  quietLogs,
  scheduleService,
  SchedulerUnderTest,
} from '../../../../test/schedules-harness';

// The embedded database: one scheduler, a plain transaction instead of row locks.
describe('schedule firing on SQLite', () => {
  let scheduler: SchedulerUnderTest;
  const clock = new ManualClock(new Date('2026-10-24T23:40:00Z'));

  beforeAll(async () => {
    quietLogs();
    const sqlitePath = join(mkdtempSync(join(tmpdir(), 'shopsync-sched-')), 's.sqlite');
    scheduler = await openScheduler({ sqlitePath }, clock);
  });

  afterAll(async () => {
    await scheduler?.ds.destroy();
  });

  it('fires, skips by policy, catches up after downtime and stops when paused', async () => {
    const { ds } = scheduler;
    await insertShop(ds, 'lite');
    const schedules = scheduleService(ds, clock);
    const s = await schedules.create('lite', {
      task: 'orders',
      recurrence: { kind: 'cron', expression: '*/20 * * * *', timeZone: 'Europe/Amsterdam' },
    });
    const tickAt = async (iso: string) => {
      clock.set(new Date(iso));
      return scheduler.firing.tick();
    };
    await tickAt('2026-10-25T00:00:00.300Z');
    await tickAt('2026-10-25T00:20:00.300Z'); // the 00:00 job is still queued: skipped
    await ds.query(`UPDATE jobs SET status = 'succeeded'`);
    await tickAt('2026-10-25T00:40:00.300Z');
    await ds.query(`UPDATE jobs SET status = 'succeeded'`);
    const restart = await tickAt('2026-10-25T02:10:00Z'); // down 01:00 .. 02:10
    expect(restart).toMatchObject({ jobs: 1, missed: 3, failed: 0 });
    await schedules.pause(s.id);
    expect((await tickAt('2026-10-25T03:00:00.300Z')).schedules).toBe(0);

    expect(isoOf((await jobsOf(ds, s.id)).map((j) => j.occurrenceAt))).toEqual([
      '2026-10-25T00:00:00.000Z',
      '2026-10-25T00:40:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
    expect(
      (await historyOf(ds, s.id)).map((h) => [h.occurrenceAt.toISOString(), h.outcome]),
    ).toEqual([
      ['2026-10-25T00:00:00.000Z', 'fired'],
      ['2026-10-25T00:20:00.000Z', 'skipped'],
      ['2026-10-25T00:40:00.000Z', 'fired'],
      ['2026-10-25T01:00:00.000Z', 'missed'],
      ['2026-10-25T01:20:00.000Z', 'missed'],
      ['2026-10-25T01:40:00.000Z', 'missed'],
      ['2026-10-25T02:00:00.000Z', 'fired'],
    ]);
  });
});
