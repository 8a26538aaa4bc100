// The API versions the simulator serves, kept in this one place. Shopify supports each stable
// version for at least twelve months and, for a request naming a version it no longer serves
// (or never did), "falls forward": it answers with the oldest supported stable version and says
// which in the X-Shopify-API-Version response header (shopify.dev "About Shopify API
// versioning"). A path segment that is not a version at all (`YYYY-MM` or `unstable`) is not an
// Admin API route: 404. Every version is served from the one checked-in 2026-04 schema.

export const SUPPORTED_API_VERSIONS: readonly string[] = [
  '2025-07',
  '2025-10',
  '2026-01',
  '2026-04',
];

export const VERSION_SEGMENT = /^(\d{4}-\d{2}|unstable)$/;

export interface ApiVersionWindow {
  supported: readonly string[];
}

export function defaultWindow(): ApiVersionWindow {
  return { supported: SUPPORTED_API_VERSIONS };
}

// The version a request for `requested` is answered with.
export function servedVersion(window: ApiVersionWindow, requested: string): string {
  if (window.supported.includes(requested)) return requested;
  return [...window.supported].sort()[0];
}

// What `publicApiVersions` reports.
export function publicApiVersions(window: ApiVersionWindow) {
  return [...window.supported].sort().map((handle) => ({
    handle,
    displayName: handle === latest(window) ? `${handle} (Latest)` : handle,
    supported: true,
  }));
}

export function latest(window: ApiVersionWindow): string {
  return [...window.supported].sort().at(-1) ?? '';
}
