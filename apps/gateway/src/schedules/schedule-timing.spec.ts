import type { Recurrence } from '@shopsync/shared';
import { firstRunAt } from './schedule-timing';

const hourly: Recurrence = { kind: 'cron', expression: '0 * * * *', timeZone: 'Europe/Amsterdam' };
const at = (iso: string): Date => new Date(iso);
const timing = (over: Partial<Parameters<typeof firstRunAt>[0]> = {}) => ({
  recurrence: hourly,
  earliestStartAt: null,
  expiresAt: null,
  lastScheduledAt: null,
  ...over,
});

describe('firstRunAt', () => {
  it('is the first occurrence strictly after now', () => {
    expect(firstRunAt(timing(), at('2026-05-04T10:00:00Z'))).toEqual(at('2026-05-04T11:00:00Z'));
    expect(firstRunAt(timing(), at('2026-05-04T10:00:01Z'))).toEqual(at('2026-05-04T11:00:00Z'));
  });

  it('waits for earliestStartAt, which itself may be the first run', () => {
    const earliest = at('2026-05-06T08:00:00Z');
    expect(firstRunAt(timing({ earliestStartAt: earliest }), at('2026-05-04T10:30:00Z'))).toEqual(
      earliest,
    );
  });

  it('never repeats an occurrence the scheduler already dealt with', () => {
    const last = at('2026-05-04T12:00:00Z');
    expect(firstRunAt(timing({ lastScheduledAt: last }), at('2026-05-04T11:59:00Z'))).toEqual(
      at('2026-05-04T13:00:00Z'),
    );
  });

  it('is null when the next occurrence is after expiry', () => {
    const expiresAt = at('2026-05-04T10:59:59Z');
    expect(firstRunAt(timing({ expiresAt }), at('2026-05-04T10:30:00Z'))).toBeNull();
  });
});
