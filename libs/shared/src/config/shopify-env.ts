import { IsOptional, Matches } from 'class-validator';
import type { EncryptionKeySettings } from '../crypto/encryption-key';
import { CommonEnv } from './common-env';
import { Secret } from './load-config';

// https, a DNS host name (Shopify refuses localhost and IP addresses), optional port and path.
const PUBLIC_URL =
  /^https:\/\/(?!localhost(?:[:/]|$))(?![\d.]+(?:[:/]|$))[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+(?::\d{1,5})?(?:\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$/i;

// The key of credentials at rest: the apps that seal or open them (all three: the scheduler
// keeps the shops' webhook subscriptions and opens notification secrets).
export class EncryptionEnv extends CommonEnv {
  @IsOptional()
  @Secret()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)',
  })
  SHOPSYNC_ENCRYPTION_KEY?: string;
}

export function encryptionSettings(env: EncryptionEnv): EncryptionKeySettings {
  return { key: env.SHOPSYNC_ENCRYPTION_KEY, home: env.SHOPSYNC_HOME ?? '.shopsync' };
}

// Variables of the apps that talk to Shopify or hold shop credentials (all three).
export class ShopifyAccessEnv extends EncryptionEnv {
  @IsOptional()
  @Matches(/^[^=,\s]+=https?:\/\/[^,\s]+(,[^=,\s]+=https?:\/\/[^,\s]+)*$/, {
    message: 'must be domain=url[,domain=url...] with http(s) URLs; a domain may be *.suffix or *',
  })
  SHOPIFY_ENDPOINT_OVERRIDES?: string;

  // Where Shopify reaches the gateway (a reverse proxy or tunnel in front of it); webhook
  // subscriptions point at its intake path. Unset: shopsync makes no subscriptions.
  @IsOptional()
  @Matches(PUBLIC_URL, {
    message:
      'must be an https:// URL (host, optional port and path; no query, fragment, localhost or IP address): Shopify delivers webhooks to HTTPS only',
  })
  SHOPSYNC_PUBLIC_URL?: string;
}

export interface ShopifyAccessSettings {
  encryption: EncryptionKeySettings;
  endpointOverrides?: string;
  // Without a trailing slash; null when not configured.
  publicUrl?: string | null;
}

export function shopifyAccessSettings(env: ShopifyAccessEnv): ShopifyAccessSettings {
  return {
    encryption: encryptionSettings(env),
    endpointOverrides: env.SHOPIFY_ENDPOINT_OVERRIDES,
    publicUrl: env.SHOPSYNC_PUBLIC_URL ? env.SHOPSYNC_PUBLIC_URL.replace(/\/+$/, '') : null,
  };
}
