import { BlockList, isIP, isIPv4 } from 'node:net';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

export interface CallbackUrlPolicy {
  // NOTIFICATION_ALLOW_HTTP: plain http:// callbacks (a local receiver in tests).
  allowHttp: boolean;
  // NOTIFICATION_ALLOW_PRIVATE_ADDRESSES: loopback, private and link-local receivers.
  allowPrivate: boolean;
}

export const MAX_CALLBACK_URL_LENGTH = 2048;

// Addresses a callback may not reach unless configured: the gateway's own host, the internal
// network, cloud metadata (169.254.169.254) and what is not a unicast Internet address.
const RANGES: Array<[string, number, 'ipv4' | 'ipv6', string]> = [
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['fc00::', 7, 'ipv6', 'private'],
  ['fec0::', 10, 'ipv6', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'private'],
  ['64:ff9b:1::', 48, 'ipv6', 'private'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['ff00::', 8, 'ipv6', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'reserved'],
  ['198.18.0.0', 15, 'ipv4', 'reserved'],
  ['198.51.100.0', 24, 'ipv4', 'reserved'],
  ['203.0.113.0', 24, 'ipv4', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'reserved'],
  ['100::', 64, 'ipv6', 'reserved'],
];

const BLOCKS = RANGES.map(([network, prefix, type, kind]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { list, type, kind };
});

const MAPPED = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i;

// What kind of forbidden address this is (`loopback`, `private`, `link-local`, …), or null for
// a public unicast address. An IPv4-mapped IPv6 address is judged as its IPv4 address.
export function forbiddenAddressKind(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  const version = isIP(ip);
  if (!version) return 'not an IP address';
  const mapped = version === 6 ? MAPPED.exec(ip) : null;
  if (mapped) {
    const v4 = mapped[1] ?? hexPairToIPv4(mapped[2], mapped[3]);
    return forbiddenAddressKind(v4);
  }
  const type = isIPv4(ip) ? 'ipv4' : 'ipv6';
  return BLOCKS.find((b) => b.type === type && b.list.check(ip, type))?.kind ?? null;
}

function hexPairToIPv4(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return [h >> 8, h & 255, l >> 8, l & 255].join('.');
}

const ALLOW_HINT = 'NOTIFICATION_ALLOW_PRIVATE_ADDRESSES=true allows such receivers';

// The URL's shape, without DNS: https (http only when allowed), no credentials, a host, and
// when the host is an IP literal (or `localhost`), an allowed address. Null when it passes.
export function callbackUrlProblem(input: unknown, policy: CallbackUrlPolicy): string | null {
  if (typeof input !== 'string' || !input) return 'must be an https:// URL';
  if (input.length > MAX_CALLBACK_URL_LENGTH)
    return `must be at most ${MAX_CALLBACK_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (url.protocol !== 'https:' && !(policy.allowHttp && url.protocol === 'http:'))
    return policy.allowHttp ? 'must be an http:// or https:// URL' : 'must be an https:// URL';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (!url.hostname) return 'must name a host';
  if (policy.allowPrivate) return null;
  const host = url.hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost'))
    return `must not point to a loopback address (${host}); ${ALLOW_HINT}`;
  if (isIP(host.replace(/^\[|\]$/g, ''))) return addressProblem(host);
  return null;
}

function addressProblem(address: string): string | null {
  const kind = forbiddenAddressKind(address);
  return kind ? `must not point to a ${kind} address (${address}); ${ALLOW_HINT}` : null;
}

export type Lookup = (
  hostname: string,
  options: { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

const LOOKUP_TIMEOUT_MS = 3000;

// Every address the host resolves to now must be allowed (a name with one private address among
// public ones would be a way in). A name that does not resolve (yet) passes: what decides is
// the check at every delivery, against the address connected to. Null when it passes.
export async function resolvedHostProblem(
  hostname: string,
  policy: CallbackUrlPolicy,
  lookup: Lookup = dnsLookup as unknown as Lookup,
): Promise<string | null> {
  if (policy.allowPrivate || isIP(hostname.replace(/^\[|\]$/g, ''))) return null;
  const addresses = await new Promise<LookupAddress[]>((resolve) => {
    const timer = setTimeout(() => resolve([]), LOOKUP_TIMEOUT_MS);
    lookup(hostname, { all: true }, (error, found) => {
      clearTimeout(timer);
      resolve(error ? [] : found);
    });
  });
  for (const { address } of addresses) {
    const kind = forbiddenAddressKind(address);
    if (kind)
      return `must not point to a ${kind} address (${hostname} resolves to ${address}); ${ALLOW_HINT}`;
  }
  return null;
}

// A `lookup` for http(s).request that refuses forbidden addresses at connect time: the address
// checked is the address connected to, so a name that re-resolves to 127.0.0.1 after it was
// registered (DNS rebinding) is refused at delivery.
export function guardedLookup(
  policy: CallbackUrlPolicy,
  lookup: Lookup = dnsLookup as unknown as Lookup,
) {
  return (
    hostname: string,
    options: object,
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void => {
    const wantsAll = (options as { all?: boolean }).all === true;
    lookup(hostname, { all: true }, (error, addresses) => {
      if (error) return callback(error, wantsAll ? [] : '');
      if (!policy.allowPrivate) {
        const bad = addresses.find((a) => forbiddenAddressKind(a.address));
        if (bad) {
          const refused: NodeJS.ErrnoException = new Error(
            `${hostname} resolves to ${bad.address}, a ${forbiddenAddressKind(bad.address)} address`,
          );
          refused.code = 'CALLBACK_ADDRESS_REFUSED';
          return callback(refused, wantsAll ? [] : '');
        }
      }
      if (wantsAll) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
