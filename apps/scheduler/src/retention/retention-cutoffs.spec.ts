import { ConfigInvalid, loadEnv } from '@shopsync/shared';
import { schedulerConfig, SchedulerEnv } from '../config/scheduler-env';
import { FAILED, retentionCutoffs, SUCCEEDED_LIKE } from './retention-cutoffs';

describe('retentionCutoffs', () => {
  const now = new Date('2026-11-28T10:00:00.000Z');

  it('keeps succeeded, cancelled, skipped and expired jobs 7 days and failed ones 30 by default', () => {
    const { retention } = schedulerConfig({} as SchedulerEnv);
    expect(retention).toEqual({ succeededDays: 7, failedDays: 30, batch: 1000, intervalMs: 60000 });
    const cutoffs = retentionCutoffs(now, retention);
    expect(cutoffs.jobs).toEqual([
      {
        statuses: ['succeeded', 'cancelled', 'skipped', 'expired'],
        before: new Date('2026-11-21T10:00:00Z'),
      },
      { statuses: ['failed'], before: new Date('2026-10-29T10:00:00Z') },
    ]);
    expect(cutoffs.occurrencesBefore).toEqual(new Date('2026-10-29T10:00:00Z'));
  });

  it('follows the configured ages', () => {
    const { retention } = schedulerConfig({
      RETENTION_SUCCEEDED_DAYS: 1,
      RETENTION_FAILED_DAYS: 2,
      RETENTION_BATCH: 10,
    } as SchedulerEnv);
    const cutoffs = retentionCutoffs(now, retention);
    expect(cutoffs.jobs.map((c) => c.before.toISOString())).toEqual([
      '2026-11-27T10:00:00.000Z',
      '2026-11-26T10:00:00.000Z',
    ]);
    expect(retention.batch).toBe(10);
  });

  it('never names an unfinished status', () => {
    for (const status of ['queued', 'running', 'retry-scheduled', 'delayed'])
      expect([...SUCCEEDED_LIKE, ...FAILED]).not.toContain(status);
  });
});

describe('retention configuration', () => {
  it('refuses a zero age, a batch too large and a non-number, naming each variable', () => {
    let problems: string[] = [];
    try {
      loadEnv(SchedulerEnv, {
        RETENTION_SUCCEEDED_DAYS: '0',
        RETENTION_BATCH: '100000',
        RETENTION_INTERVAL_MS: 'soon',
      });
    } catch (error) {
      if (!(error instanceof ConfigInvalid)) throw error;
      problems = error.problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'RETENTION_BATCH',
      'RETENTION_INTERVAL_MS',
      'RETENTION_SUCCEEDED_DAYS',
    ]);
  });

  it('reads the variables as numbers', () => {
    const config = schedulerConfig(
      loadEnv(SchedulerEnv, { RETENTION_FAILED_DAYS: '90', RETENTION_INTERVAL_MS: '5000' }),
    );
    expect(config.retention).toMatchObject({ failedDays: 90, intervalMs: 5000 });
  });
});
