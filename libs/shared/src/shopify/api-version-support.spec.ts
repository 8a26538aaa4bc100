import { apiVersionMismatch, apiVersionSupport, apiVersionSupportEnd } from './api-version-support';

describe('apiVersionSupport', () => {
  it.each([
    ['2026-04', '2027-04-01'],
    ['2025-07', '2026-07-01'],
    ['2025-10', '2026-10-01'],
    ['2026-01', '2027-01-01'],
  ])('%s is supported until %s', (version, until) => {
    expect(apiVersionSupportEnd(version)?.toISOString().slice(0, 10)).toBe(until);
  });

  it.each(['unstable', '2026-05', '26-04', '', '2026-04-01'])('%s has no support window', (v) => {
    expect(apiVersionSupportEnd(v)).toBeNull();
    expect(apiVersionSupport(v, new Date('2026-12-01T00:00:00Z'))).toMatchObject({
      supportedUntil: null,
      endingSoon: false,
    });
  });

  it.each([
    // version, now, days left, ending soon, unsupported
    ['2026-04', '2026-12-01T00:00:00Z', 121, false, false],
    ['2026-04', '2027-01-01T00:00:00Z', 90, true, false],
    ['2026-04', '2027-01-01T23:59:59Z', 89, true, false],
    ['2026-04', '2026-12-31T23:59:59Z', 90, true, false],
    ['2026-04', '2026-12-31T00:00:00Z', 91, false, false],
    ['2026-01', '2026-12-01T00:00:00Z', 31, true, false],
    ['2025-10', '2026-12-01T00:00:00Z', -61, true, true],
    ['2026-04', '2027-03-31T23:59:59Z', 0, true, false],
    ['2026-04', '2027-04-01T00:00:00Z', 0, true, false],
    ['2026-04', '2027-04-01T00:00:01Z', -1, true, true],
  ])('%s at %s: %d days left', (version, now, daysLeft, endingSoon, unsupported) => {
    expect(apiVersionSupport(version, new Date(now))).toMatchObject({
      daysLeft,
      endingSoon,
      unsupported,
    });
  });
});

describe('apiVersionMismatch', () => {
  it.each([
    ['2026-04', '2026-04', false],
    ['2025-01', '2025-07', true],
    ['unstable', '2025-07', true],
    ['2026-04', undefined, false],
    ['2026-04', null, false],
    ['2026-04', '', false],
  ])('asked %s, served %s: %s', (configured, served, mismatch) => {
    expect(apiVersionMismatch(configured, served)).toBe(mismatch);
  });
});
