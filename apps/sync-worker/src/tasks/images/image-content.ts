import { createHash } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { forbiddenAddressKind } from '@shopsync/shared';
import { WORKER_CONFIG, type WorkerConfig } from '../../config/worker-env';

// What "changed" means for an image: the ERP's content hash when it gave one, else a SHA-256 of
// the bytes shopsync downloads (bounded: Shopify takes images up to 20 MB, so a bigger one could
// not be uploaded anyway). Hashes carry their source, so an ERP hash never equals a SHA-256.

export const IMAGE_MAX_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class ImageUnavailable extends Error {}

export const erpImageHash = (hash: string): string => `erp:${hash}`;

// The URL without its query or fragment: what error messages may show (a query can hold a token).
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

// Where an image may be downloaded from: http(s) on a public address. The URL comes from the
// ERP, so without this a worker could be made to read the internal network or cloud metadata
// (169.254.169.254); IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES=true allows private hosts (an ERP
// serving images on the internal network, tests). Each redirect is checked the same way.
export async function imageUrlProblem(
  raw: string,
  allowPrivate: boolean,
  resolve: (host: string) => Promise<string[]> = async (host) =>
    (await lookup(host, { all: true })).map((a) => a.address),
): Promise<string | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'is not an http(s) URL';
  if (url.username || url.password) return 'carries a user name or password';
  if (allowPrivate) return null;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const hint = 'IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES=true allows such hosts';
  if (host === 'localhost' || host.endsWith('.localhost'))
    return `points to a loopback address; ${hint}`;
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    return null; // does not resolve: the download fails with its own error
  }
  for (const address of addresses) {
    const kind = forbiddenAddressKind(address);
    if (kind) return `points to a ${kind} address (${address}); ${hint}`;
  }
  return null;
}

export const IMAGE_URL_CHECK = Symbol('IMAGE_URL_CHECK');

@Injectable()
export class ImageContent {
  constructor(
    @Inject(WORKER_CONFIG) private readonly config: Pick<WorkerConfig, 'images'>,
    // The check of each URL fetched (tests give one that trusts their local server).
    @Optional()
    @Inject(IMAGE_URL_CHECK)
    private readonly check: typeof imageUrlProblem = imageUrlProblem,
  ) {}

  async sha256(url: string, signal: AbortSignal): Promise<string> {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]);
    let response: Response;
    let current = url;
    for (let hop = 0; ; hop++) {
      const problem = await this.check(current, this.config.images.allowPrivateAddresses);
      if (problem) throw new ImageUnavailable(`${shownUrl(current)} ${problem}`);
      try {
        response = await fetch(current, { signal: timeout, redirect: 'manual' });
      } catch (error) {
        if (signal.aborted) throw error;
        throw new ImageUnavailable(
          `${shownUrl(url)} could not be downloaded (${errorText(error)})`,
        );
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || !location) break;
      await response.body?.cancel();
      if (hop >= MAX_REDIRECTS)
        throw new ImageUnavailable(`${shownUrl(url)} redirects more than ${MAX_REDIRECTS} times`);
      current = new URL(location, current).href;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new ImageUnavailable(`${shownUrl(url)} answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > IMAGE_MAX_BYTES) {
      await response.body.cancel();
      throw new ImageUnavailable(tooBig(url));
    }
    const hash = createHash('sha256');
    let size = 0;
    const reader = response.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > IMAGE_MAX_BYTES) {
          await reader.cancel();
          throw new ImageUnavailable(tooBig(url));
        }
        hash.update(value);
      }
    } catch (error) {
      if (error instanceof ImageUnavailable || signal.aborted) throw error;
      throw new ImageUnavailable(
        `${shownUrl(url)} broke off while downloading (${errorText(error)})`,
      );
    }
    return `sha256:${hash.digest('hex')}`;
  }
}

const tooBig = (url: string) =>
  `${shownUrl(url)} is larger than ${IMAGE_MAX_BYTES / 1024 / 1024} MB (Shopify's image limit)`;

const errorText = (error: unknown): string =>
  error instanceof Error
    ? error.cause instanceof Error
      ? error.cause.message
      : error.message
    : 'unknown error';
