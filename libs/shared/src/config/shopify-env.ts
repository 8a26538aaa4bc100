import { IsOptional, Matches } from 'class-validator';
import type { EncryptionKeySettings } from '../crypto/encryption-key';
import { CommonEnv } from './common-env';
import { Secret } from './load-config';

// The key of credentials at rest: the apps that seal or open them (gateway, sync-worker, and
// the scheduler for notification secrets).
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

// Variables of the apps that talk to Shopify or hold shop credentials (gateway, sync-worker).
export class ShopifyAccessEnv extends EncryptionEnv {
  @IsOptional()
  @Matches(/^[^=,\s]+=https?:\/\/[^,\s]+(,[^=,\s]+=https?:\/\/[^,\s]+)*$/, {
    message: 'must be domain=url[,domain=url...] with http(s) URLs; a domain may be *.suffix or *',
  })
  SHOPIFY_ENDPOINT_OVERRIDES?: string;
}

export interface ShopifyAccessSettings {
  encryption: EncryptionKeySettings;
  endpointOverrides?: string;
}

export function shopifyAccessSettings(env: ShopifyAccessEnv): ShopifyAccessSettings {
  return {
    encryption: encryptionSettings(env),
    endpointOverrides: env.SHOPIFY_ENDPOINT_OVERRIDES,
  };
}
