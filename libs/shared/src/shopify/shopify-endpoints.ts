import { shopifyRuntime } from './shopify-runtime';

// Where a shop's Admin API really lives. By default `https://<shop domain>`; an override maps a
// domain (exact, `*.suffix`, or `*`) to another base URL, e.g. the plain-HTTP simulator:
// SHOPIFY_ENDPOINT_OVERRIDES=demo-shop.myshopify.com=http://127.0.0.1:8787
// `{shop}` in a base URL is replaced by the shop's domain, so a request routed away from its
// host still names its shop (fetch cannot set `Host`):
// SHOPIFY_ENDPOINT_OVERRIDES=*.myshopify.com=http://127.0.0.1:8787/shops/{shop}
export interface EndpointOverride {
  pattern: string;
  baseUrl: string;
}

// A shop's domain as the API takes it: `<store>.myshopify.com`, the store one DNS label (1-63
// ASCII letters, digits and inner dashes). Nothing else: no scheme, port, path, IP or trailing
// dot. Upper case is accepted and stored lower case (DNS ignores case). Any other host is only
// reachable through SHOPIFY_ENDPOINT_OVERRIDES, never through API input.
const MYSHOPIFY_DOMAIN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.myshopify\.com$/;

export const MYSHOPIFY_DOMAIN_RULE =
  'must be <store>.myshopify.com: the store is 1-63 letters, digits or inner dashes, with no scheme, port, path or trailing dot';

// The domain in its stored (lower-case) form, or null when it is not a myshopify domain.
export function normaliseShopDomain(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  // ASCII letters only: toLowerCase() would turn e.g. the Kelvin sign into a plain `k`.
  const lower = input.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return MYSHOPIFY_DOMAIN.test(lower) ? lower : null;
}

export const ENDPOINT_OVERRIDES_FORMAT =
  /^[^=,\s]+=https?:\/\/[^,\s]+(,[^=,\s]+=https?:\/\/[^,\s]+)*$/;

export function parseEndpointOverrides(spec: string | undefined): EndpointOverride[] {
  if (!spec) return [];
  return spec.split(',').map((entry) => {
    const at = entry.indexOf('=');
    return {
      pattern: entry.slice(0, at).trim().toLowerCase(),
      baseUrl: entry
        .slice(at + 1)
        .trim()
        .replace(/\/+$/, ''),
    };
  });
}

export class ShopifyEndpoints {
  constructor(readonly overrides: EndpointOverride[] = []) {}

  // Exact domains win over `*.suffix` patterns (longest first), which win over `*`.
  match(host: string): EndpointOverride | undefined {
    const h = host.toLowerCase();
    const exact = this.overrides.find((o) => o.pattern === h);
    if (exact) return exact;
    const suffixes = this.overrides
      .filter((o) => o.pattern.startsWith('*.') && h.endsWith(o.pattern.slice(1)))
      .sort((a, b) => b.pattern.length - a.pattern.length);
    return suffixes[0] ?? this.overrides.find((o) => o.pattern === '*');
  }

  // A stored domain may be called when it is a myshopify domain or configuration routes it;
  // rows written before the domain rule existed may hold anything.
  allows(domain: string): boolean {
    return normaliseShopDomain(domain) !== null || this.match(domain) !== undefined;
  }

  route(url: URL): URL {
    const override = this.match(url.host);
    if (!override) {
      if (!this.allows(url.host)) throw new RefusedShopifyHost(url.host);
      return url;
    }
    const base = new URL(baseFor(override, url.hostname));
    return new URL(`${base.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, base.origin);
  }

  baseUrl(domain: string): string {
    const override = this.match(domain);
    return override ? baseFor(override, domain) : `https://${domain}`;
  }
}

const SHOP_PLACEHOLDER = '{shop}';

function baseFor(override: EndpointOverride, domain: string): string {
  return override.baseUrl.split(SHOP_PLACEHOLDER).join(encodeURIComponent(domain.toLowerCase()));
}

export class RefusedShopifyHost extends Error {
  constructor(host: string) {
    super(
      `${host} is not a myshopify.com domain and no SHOPIFY_ENDPOINT_OVERRIDES entry routes it`,
    );
    this.name = 'RefusedShopifyHost';
  }
}

let installed: ShopifyEndpoints | undefined;

// The library always calls https://<shop>/admin/api/<version>/graphql.json; its fetch hook is
// process-wide, so one routing table serves every client of the process.
export function installShopifyFetch(endpoints: ShopifyEndpoints): void {
  const first = installed === undefined;
  installed = endpoints;
  if (!first) return;
  shopifyRuntime.setAbstractFetchFunc((input, init) => {
    const raw = input instanceof Request ? input.url : String(input);
    // The last guard before a token leaves the process: an unroutable host is never called.
    let target: string;
    try {
      target = (installed ?? endpoints).route(new URL(raw)).toString();
    } catch (error) {
      return Promise.reject(error);
    }
    return input instanceof Request ? fetch(new Request(target, input), init) : fetch(target, init);
  });
}
