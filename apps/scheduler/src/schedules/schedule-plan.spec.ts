import type { Recurrence } from '@shopsync/shared';
import { overlapDecision, planOccurrences } from './schedule-plan';

const every15: Recurrence = { kind: 'cron', expression: '*/15 * * * *', timeZone: 'UTC' };
const at = (iso: string): Date => new Date(iso);
const iso = (dates: Array<Date | null>): Array<string | null> =>
  dates.map((d) => d?.toISOString() ?? null);

const schedule = (over: Partial<Parameters<typeof planOccurrences>[0]> = {}) => ({
  recurrence: every15,
  nextRunAt: at('2026-05-04T09:00:00Z'),
  expiresAt: null,
  catchUpWindowSeconds: 3600,
  ...over,
});

describe('planOccurrences', () => {
  it('runs the due occurrence and counts the next one from the scheduled time, not from now', () => {
    const plan = planOccurrences(schedule(), at('2026-05-04T09:00:40Z'), 60_000);
    expect(iso([plan.run, plan.latest, plan.nextRunAt])).toEqual([
      '2026-05-04T09:00:00.000Z',
      '2026-05-04T09:00:00.000Z',
      '2026-05-04T09:15:00.000Z',
    ]);
    expect(plan.missed).toEqual([]);
  });

  it('does nothing before the occurrence is due', () => {
    const plan = planOccurrences(schedule(), at('2026-05-04T08:59:59.999Z'), 60_000);
    expect(plan).toEqual({
      missed: [],
      run: null,
      latest: null,
      nextRunAt: at('2026-05-04T09:00:00Z'),
    });
  });

  it('after 3 hours down runs the latest occurrence once and records the others as missed', () => {
    const plan = planOccurrences(schedule(), at('2026-05-04T12:00:30Z'), 60_000);
    expect(plan.run?.toISOString()).toBe('2026-05-04T12:00:00.000Z');
    expect(plan.missed).toHaveLength(12);
    expect(plan.missed[0].at.toISOString()).toBe('2026-05-04T09:00:00.000Z');
    expect(plan.missed[0].reason).toMatch(/older than the catch-up window \(3600 s\)/);
    // 11:15, 11:30, 11:45 are inside the hour: they are the run at 12:00.
    expect(plan.missed.slice(9).map((m) => m.reason)).toEqual(
      Array(3).fill(
        'scheduler was not running; coalesced into the catch-up run of 2026-05-04T12:00:00.000Z',
      ),
    );
    expect(plan.nextRunAt?.toISOString()).toBe('2026-05-04T12:15:00.000Z');
  });

  it('runs nothing when even the latest missed occurrence is older than the window', () => {
    const daily = schedule({
      recurrence: { kind: 'cron', expression: '0 9 * * *', timeZone: 'UTC' },
      catchUpWindowSeconds: 1800,
    });
    const plan = planOccurrences(daily, at('2026-05-04T10:00:01Z'), 60_000);
    expect(plan.run).toBeNull();
    expect(iso(plan.missed.map((m) => m.at))).toEqual(['2026-05-04T09:00:00.000Z']);
    expect(plan.latest?.toISOString()).toBe('2026-05-04T09:00:00.000Z');
    expect(plan.nextRunAt?.toISOString()).toBe('2026-05-05T09:00:00.000Z');
  });

  it('with a catch-up window of 0 still runs an occurrence found within the grace', () => {
    const never = schedule({ catchUpWindowSeconds: 0 });
    expect(planOccurrences(never, at('2026-05-04T09:00:59Z'), 60_000).run).not.toBeNull();
    const late = planOccurrences(never, at('2026-05-04T09:01:01Z'), 60_000);
    expect(late.run).toBeNull();
    expect(late.missed).toHaveLength(1);
  });

  it('stops at expiry: nothing after it runs, and nothing is next', () => {
    const expiring = schedule({ expiresAt: at('2026-05-04T09:20:00Z') });
    const plan = planOccurrences(expiring, at('2026-05-04T09:15:00.2Z'), 60_000);
    expect(plan.run?.toISOString()).toBe('2026-05-04T09:15:00.000Z');
    expect(plan.nextRunAt).toBeNull();
    const after = planOccurrences(
      { ...expiring, nextRunAt: at('2026-05-04T09:30:00Z') },
      at('2026-05-04T09:30:00Z'),
      60_000,
    );
    expect(after).toEqual({ missed: [], run: null, latest: null, nextRunAt: null });
  });

  it('an occurrence exactly at expiry still runs', () => {
    const plan = planOccurrences(
      schedule({ expiresAt: at('2026-05-04T09:15:00Z'), nextRunAt: at('2026-05-04T09:15:00Z') }),
      at('2026-05-04T09:15:00.1Z'),
      60_000,
    );
    expect(plan.run?.toISOString()).toBe('2026-05-04T09:15:00.000Z');
    expect(plan.nextRunAt).toBeNull();
  });

  it('works a long backlog off in pieces, none of which runs but the last', () => {
    const perSecond = schedule({
      recurrence: { kind: 'cron', expression: '* * * * * *', timeZone: 'UTC' },
      nextRunAt: at('2026-05-04T09:00:00Z'),
    });
    const now = at('2026-05-04T09:04:09Z');
    const first = planOccurrences(perSecond, now, 60_000, 100);
    expect(first.run).toBeNull();
    expect(first.missed).toHaveLength(100);
    expect(first.nextRunAt?.toISOString()).toBe('2026-05-04T09:01:40.000Z');
    expect(first.missed[99].reason).toBe(
      'scheduler was not running; coalesced into a later catch-up run',
    );
    let plan = first;
    let missed = first.missed.length;
    while (plan.run === null) {
      plan = planOccurrences({ ...perSecond, nextRunAt: plan.nextRunAt }, now, 60_000, 100);
      missed += plan.missed.length;
    }
    expect(plan.run?.toISOString()).toBe('2026-05-04T09:04:09.000Z');
    expect(missed).toBe(249);
  });
});

describe('overlapDecision', () => {
  it.each([
    ['skip', null, 'fired'],
    ['skip', 'succeeded', 'fired'],
    ['skip', 'failed', 'fired'],
    ['skip', 'queued', 'skipped'],
    ['skip', 'running', 'skipped'],
    ['skip', 'retry-scheduled', 'skipped'],
    ['buffer-one', null, 'fired'],
    ['buffer-one', 'cancelled', 'fired'],
    ['buffer-one', 'running', 'buffered'],
    ['buffer-one', 'queued', 'skipped'],
    ['buffer-one', 'retry-scheduled', 'skipped'],
    ['allow', 'running', 'fired'],
    ['allow', 'queued', 'fired'],
  ] as const)('%s with the latest job %s → %s', (policy, status, outcome) => {
    const latest = status === null ? null : { id: 'j1', status };
    const decision = overlapDecision(policy, latest);
    expect(decision.outcome).toBe(outcome);
    if (outcome === 'fired') expect(decision.reason).toBeNull();
    else expect(decision.reason).toContain('j1');
  });
});
