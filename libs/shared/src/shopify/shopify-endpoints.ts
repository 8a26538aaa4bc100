import { shopifyRuntime } from './shopify-runtime';

// Where a shop's Admin API really lives. By default `https://<shop domain>`; an override maps a
// domain (exact, `*.suffix`, or `*`) to another base URL, e.g. the plain-HTTP simulator:
// SHOPIFY_ENDPOINT_OVERRIDES=demo-shop.myshopify.com=http://127.0.0.1:8787
export interface EndpointOverride {
  pattern: string;
  baseUrl: string;
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

  route(url: URL): URL {
    const override = this.match(url.host);
    if (!override) return url;
    const base = new URL(override.baseUrl);
    return new URL(`${base.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`, base.origin);
  }

  baseUrl(domain: string): string {
    return this.match(domain)?.baseUrl ?? `https://${domain}`;
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
    const target = (installed ?? endpoints).route(new URL(raw)).toString();
    return input instanceof Request ? fetch(new Request(target, input), init) : fetch(target, init);
  });
}
