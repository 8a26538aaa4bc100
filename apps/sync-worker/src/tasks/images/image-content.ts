import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

// What "changed" means for an image: the ERP's content hash when it gave one, else a SHA-256 of
// the bytes shopsync downloads (bounded: Shopify takes images up to 20 MB, so a bigger one could
// not be uploaded anyway). Hashes carry their source, so an ERP hash never equals a SHA-256.

export const IMAGE_MAX_BYTES = 20 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

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

@Injectable()
export class ImageContent {
  async sha256(url: string, signal: AbortSignal): Promise<string> {
    const timeout = AbortSignal.any([signal, AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS)]);
    let response: Response;
    try {
      response = await fetch(url, { signal: timeout, redirect: 'follow' });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new ImageUnavailable(`${shownUrl(url)} could not be downloaded (${errorText(error)})`);
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
