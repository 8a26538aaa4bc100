import { CronSchedule } from './cron-schedule';
import { limitCompiledRecurrences, nextOccurrence, occurrencesBetween } from './recurrence';

// Counts the cron compilations behind the recurrence functions.
jest.mock('./cron-schedule', () => {
  const actual = jest.requireActual<typeof import('./cron-schedule')>('./cron-schedule');
  return {
    ...actual,
    CronSchedule: jest.fn((...args: [string, string]) => new actual.CronSchedule(...args)),
  };
});

const compiled = CronSchedule as unknown as jest.Mock;
const cron = (expression: string, timeZone = 'UTC') =>
  ({ kind: 'cron', expression, timeZone }) as const;
const after = new Date('2026-05-04T06:00:00Z');

describe('compiled recurrences are cached by expression and zone', () => {
  beforeEach(() => compiled.mockClear());
  afterAll(() => limitCompiledRecurrences());

  it('the same expression in the same zone is compiled once, however often it is asked about', () => {
    for (let i = 0; i < 50; i++) {
      expect(nextOccurrence(cron('17 */5 * * * *'), after)?.toISOString()).toBe(
        '2026-05-04T06:00:17.000Z',
      );
      occurrencesBetween(cron('17 */5 * * * *'), after, new Date('2026-05-04T07:00:00Z'));
    }
    expect(compiled).toHaveBeenCalledTimes(1);
  });

  it('the same expression in another zone is another entry, with its own answers', () => {
    const utc = nextOccurrence(cron('0 30 2 * * *'), after);
    const amsterdam = nextOccurrence(cron('0 30 2 * * *', 'Europe/Amsterdam'), after);
    expect(utc?.toISOString()).toBe('2026-05-05T02:30:00.000Z');
    expect(amsterdam?.toISOString()).toBe('2026-05-05T00:30:00.000Z');
    nextOccurrence(cron('0 30 2 * * *'), after);
    nextOccurrence(cron('0 30 2 * * *', 'Europe/Amsterdam'), after);
    expect(compiled).toHaveBeenCalledTimes(2);
  });

  it('an invalid expression is refused every time and never cached', () => {
    expect(() => nextOccurrence(cron('61 * * * *'), after)).toThrow();
    expect(() => nextOccurrence(cron('61 * * * *'), after)).toThrow();
    expect(compiled).not.toHaveBeenCalled();
  });

  it('holds a full set of distinct recurrences, least recently used out first', () => {
    limitCompiledRecurrences(300);
    const hot = cron('5 4 7 * * *');
    nextOccurrence(hot, after);
    const distinct = (i: number) =>
      cron(`${i % 60} ${Math.floor(i / 60) % 60} ${Math.floor(i / 3600)} * * *`);
    for (let i = 0; i < 300; i++) {
      nextOccurrence(distinct(i), after);
      // Asked about all along, the hot one stays.
      if (i % 50 === 0) nextOccurrence(hot, after);
    }
    compiled.mockClear();
    nextOccurrence(hot, after);
    expect(compiled).not.toHaveBeenCalled();
    // The oldest of the others has gone.
    nextOccurrence(distinct(0), after);
    expect(compiled).toHaveBeenCalledTimes(1);
  });
});
