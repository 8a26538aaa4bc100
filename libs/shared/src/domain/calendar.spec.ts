import { calendarDayExists } from './calendar';

describe('calendarDayExists', () => {
  it.each(['2026-01-31T00:00:00Z', '2024-02-29', '2000-02-29T12:00:00+02:00', '2026-12-31'])(
    'takes %s',
    (text) => expect(calendarDayExists(text)).toBe(true),
  );
  it.each([
    '2026-02-29',
    '2026-02-30T00:00:00Z',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    'x',
  ])('refuses %s', (text) => expect(calendarDayExists(text)).toBe(false));
});
