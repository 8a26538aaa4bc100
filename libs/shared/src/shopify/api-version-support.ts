// Shopify releases an Admin API version each quarter (YYYY-01, -04, -07, -10) and supports it
// for 12 months: version YYYY-MM is supported until the first day of the same month a year
// later (shopify.dev "About Shopify API versioning"). Close to that date the version is due
// for an upgrade.

export const VERSION_ENDING_SOON_DAYS = 90;
const DAY_MS = 86_400_000;
const STABLE_VERSION = /^(\d{4})-(01|04|07|10)$/;

export interface ApiVersionSupport {
  // null: not a stable quarterly version (`unstable`, or malformed).
  supportedUntil: Date | null;
  daysLeft: number | null;
  // Within VERSION_ENDING_SOON_DAYS of leaving support, or past it.
  endingSoon: boolean;
  unsupported: boolean;
}

export function apiVersionSupportEnd(version: string): Date | null {
  const m = STABLE_VERSION.exec(version);
  if (!m) return null;
  return new Date(Date.UTC(Number(m[1]) + 1, Number(m[2]) - 1, 1));
}

export function apiVersionSupport(version: string, now: Date): ApiVersionSupport {
  const supportedUntil = apiVersionSupportEnd(version);
  if (!supportedUntil)
    return { supportedUntil, daysLeft: null, endingSoon: false, unsupported: false };
  const daysLeft = Math.floor((supportedUntil.getTime() - now.getTime()) / DAY_MS);
  return {
    supportedUntil,
    daysLeft,
    endingSoon: daysLeft <= VERSION_ENDING_SOON_DAYS,
    unsupported: daysLeft < 0,
  };
}

// Shopify names the version it served in `X-Shopify-API-Version`; it differs from the one asked
// for when that one is no longer (or not yet) supported.
export function apiVersionMismatch(configured: string, served: string | null | undefined): boolean {
  return typeof served === 'string' && served !== '' && served !== configured;
}
