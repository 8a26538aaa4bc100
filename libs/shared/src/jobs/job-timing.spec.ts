import { readShopSettings } from '../settings/shop-settings.v1';
import { jobTimeout, MAX_DELAY_DAYS, readJobTiming, timingState } from './job-timing';

const now = new Date('2026-11-28T10:00:00.000Z');

describe('readJobTiming', () => {
  it('reads a timeout, an earliest start and an expiry', () => {
    const { timing, errors } = readJobTiming(
      {
        timeoutSeconds: 90,
        notBefore: '2026-11-28T13:00:00+02:00',
        expiresAt: '2026-11-28T11:30:00.250Z',
      },
      now,
    );
    expect(errors).toEqual([]);
    expect(timing).toEqual({
      timeoutSeconds: 90,
      notBefore: new Date('2026-11-28T11:00:00.000Z'),
      expiresAt: new Date('2026-11-28T11:30:00.250Z'),
    });
  });

  it('reads nothing as no timing, and a start already passed as no delay', () => {
    expect(readJobTiming({}, now)).toEqual({
      timing: { timeoutSeconds: null, notBefore: null, expiresAt: null },
      errors: [],
    });
    expect(readJobTiming({ notBefore: '2026-11-28T09:00:00Z' }, now).timing.notBefore).toBeNull();
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'a date without a time zone',
      { notBefore: '2026-11-28T12:00:00' },
      'notBefore',
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T08:00:00Z',
    ],
    [
      'a date only',
      { expiresAt: '2026-11-29' },
      'expiresAt',
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T08:00:00Z',
    ],
    [
      'an impossible date',
      { notBefore: '2026-13-40T12:00:00Z' },
      'notBefore',
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T08:00:00Z',
    ],
    [
      'a day the month does not have (read as March 2nd by Date)',
      { notBefore: '2026-02-30T12:00:00Z' },
      'notBefore',
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T08:00:00Z',
    ],
    [
      'the 29th of February in a common year',
      { expiresAt: '2027-02-29T00:00:00Z' },
      'expiresAt',
      'must be an ISO 8601 date-time with a time zone, e.g. 2026-05-01T08:00:00Z',
    ],
    [
      'a start too far ahead',
      { notBefore: '2027-12-01T00:00:00Z' },
      'notBefore',
      `must be at most ${MAX_DELAY_DAYS} days ahead`,
    ],
    [
      'an expiry too far ahead',
      { expiresAt: '2027-12-01T00:00:00Z' },
      'expiresAt',
      `must be at most ${MAX_DELAY_DAYS} days ahead`,
    ],
    [
      'an expiry passed',
      { expiresAt: '2026-11-28T09:59:59Z' },
      'expiresAt',
      'must be in the future',
    ],
    [
      'an expiry before the start',
      { notBefore: '2026-11-28T12:00:00Z', expiresAt: '2026-11-28T11:00:00Z' },
      'expiresAt',
      'must be after notBefore',
    ],
    [
      'an expiry equal to the start',
      { notBefore: '2026-11-28T12:00:00Z', expiresAt: '2026-11-28T12:00:00Z' },
      'expiresAt',
      'must be after notBefore',
    ],
    [
      'a timeout of zero',
      { timeoutSeconds: 0 },
      'timeoutSeconds',
      'must be a whole number of seconds from 1 to 86400',
    ],
    [
      'a timeout too long',
      { timeoutSeconds: 86_401 },
      'timeoutSeconds',
      'must be a whole number of seconds from 1 to 86400',
    ],
    [
      'a fractional timeout',
      { timeoutSeconds: 1.5 },
      'timeoutSeconds',
      'must be a whole number of seconds from 1 to 86400',
    ],
  ])('refuses %s, naming the field', (_what, input, field, message) => {
    const { errors } = readJobTiming(input, now, 'requests[2].');
    expect(errors).toEqual([{ field: `requests[2].${field}`, message }]);
  });
});

describe('jobTimeout', () => {
  const { settings } = readShopSettings({ timeouts: { orders: 120 } });

  it("takes the request's own timeout first", () => {
    expect(jobTimeout({ task: 'orders', timeoutSeconds: 5 }, settings)).toEqual({
      seconds: 5,
      source: 'the request',
    });
  });

  it("else its task's setting, or the task's default", () => {
    expect(jobTimeout({ task: 'orders', timeoutSeconds: null }, settings)).toEqual({
      seconds: 120,
      source: 'settings.timeouts.orders',
    });
    expect(jobTimeout({ task: 'products', timeoutSeconds: null }, settings)).toEqual({
      seconds: 7200,
      source: 'settings.timeouts.products',
    });
  });
});

describe('timingState', () => {
  const at = (iso: string) => new Date(iso);
  const unstarted = { notBefore: null, expiresAt: null, startedAt: null };

  it('is due without timing, or once notBefore has come', () => {
    expect(timingState(unstarted, now)).toBe('due');
    expect(timingState({ ...unstarted, notBefore: now }, now)).toBe('due');
  });

  it('is early before notBefore', () => {
    expect(timingState({ ...unstarted, notBefore: at('2026-11-28T10:00:01Z') }, now)).toBe('early');
  });

  it('is expired at expiresAt, even when early', () => {
    const expiresAt = now;
    expect(timingState({ ...unstarted, expiresAt }, now)).toBe('expired');
    expect(
      timingState({ ...unstarted, notBefore: at('2026-11-28T11:00:00Z'), expiresAt }, now),
    ).toBe('expired');
  });

  it('never delays or expires a job that has started (a recovery, a hand-back)', () => {
    const started = { notBefore: at('2026-11-29T00:00:00Z'), expiresAt: now, startedAt: now };
    expect(timingState(started, now)).toBe('due');
  });
});
