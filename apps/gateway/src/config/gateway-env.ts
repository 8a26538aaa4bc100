import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  callbackPolicy,
  CallbackUrlPolicy,
  DatabaseSettings,
  databaseSettings,
  KafkaSettings,
  kafkaSettings,
  Secret,
  ShopifyAccessEnv,
  ShopifyAccessSettings,
  shopifyAccessSettings,
  WithCallbackPolicy,
} from '@shopsync/shared';
import type { AuthSettings } from '../auth/auth.module';

export class GatewayEnv extends WithCallbackPolicy(ShopifyAccessEnv) {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  GATEWAY_PORT?: number;

  @IsOptional()
  @IsString()
  GATEWAY_HOST?: string;

  @IsOptional()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must look like 512kb or 1mb' })
  GATEWAY_BODY_LIMIT?: string;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(600000)
  FOREGROUND_WAIT_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600000)
  FEED_SETTLE_MS?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'may hold letters, digits, dot, underscore and dash only',
  })
  INSTANCE_ID?: string;

  // JSON array of {name, sha256, scopes, shops?}; see `npm run api-key -- env-entry`.
  @IsOptional()
  @IsString()
  API_KEYS?: string;

  @IsOptional()
  @IsString()
  API_KEYS_FILE?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000000)
  API_RATE_LIMIT_PER_MINUTE?: number;

  // The HMAC secret of the managed API keys; generated into SHOPSYNC_HOME when unset.
  @IsOptional()
  @Secret()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message: 'must be 32 bytes in base64 (e.g. openssl rand -base64 32)',
  })
  SHOPSYNC_KEY_SECRET?: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(60000)
  API_KEY_CACHE_MS?: number;

  @IsOptional()
  @IsString()
  FIRST_ADMIN_KEY_FILE?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  SHOPIFY_WEBHOOK_RETENTION_DAYS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  SSE_MAX_STREAMS_PER_KEY?: number;
}

export interface GatewayConfig {
  port: number;
  host: string;
  bodyLimit: string;
  foregroundWaitMs: number;
  feedSettleMs: number;
  instanceId: string;
  logLevel: string;
  auth: AuthSettings;
  database: DatabaseSettings;
  kafka: KafkaSettings;
  shopify: ShopifyAccessSettings;
  webhookRetentionDays: number;
  sseMaxStreamsPerKey: number;
  // What a notification callback URL may be (NOTIFICATION_ALLOW_*).
  callbacks: CallbackUrlPolicy;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function gatewayConfig(env: GatewayEnv): GatewayConfig {
  const instanceId = env.INSTANCE_ID ?? `gw-${process.pid}-${Date.now().toString(36)}`;
  return {
    port: env.GATEWAY_PORT ?? 3000,
    host: env.GATEWAY_HOST ?? '127.0.0.1',
    bodyLimit: env.GATEWAY_BODY_LIMIT ?? '1mb',
    foregroundWaitMs: env.FOREGROUND_WAIT_MS ?? 120000,
    feedSettleMs: env.FEED_SETTLE_MS ?? 5000,
    instanceId,
    logLevel: env.LOG_LEVEL ?? 'info',
    auth: {
      apiKeysJson: env.API_KEYS,
      apiKeysFile: env.API_KEYS_FILE,
      rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE ?? 1200,
      keySecret: { key: env.SHOPSYNC_KEY_SECRET, home: env.SHOPSYNC_HOME ?? '.shopsync' },
      cacheMs: env.API_KEY_CACHE_MS ?? 5000,
      firstAdminKeyFile: env.FIRST_ADMIN_KEY_FILE,
    },
    database: databaseSettings(env),
    kafka: kafkaSettings(env, `shopsync-gateway-${instanceId}`),
    shopify: shopifyAccessSettings(env),
    webhookRetentionDays: env.SHOPIFY_WEBHOOK_RETENTION_DAYS ?? 7,
    sseMaxStreamsPerKey: env.SSE_MAX_STREAMS_PER_KEY ?? 10,
    callbacks: callbackPolicy(env),
  };
}
