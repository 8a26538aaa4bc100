import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  DatabaseSettings,
  databaseSettings,
  KafkaSettings,
  kafkaSettings,
  ShopifyAccessEnv,
  ShopifyAccessSettings,
  shopifyAccessSettings,
  ShorterThan,
} from '@shopsync/shared';

const DEFAULT_LEASE_TTL_MS = 60000;

export class WorkerEnv extends ShopifyAccessEnv {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT?: number;

  @IsOptional()
  @IsString()
  WORKER_HTTP_HOST?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  WORKER_CONCURRENCY?: number;

  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(100000)
  WORKER_MAX_BUFFERED_PER_PARTITION?: number;

  @IsOptional()
  @IsInt()
  @Min(6000)
  @Max(300000)
  KAFKA_SESSION_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(600000)
  WORKER_SHUTDOWN_GRACE_MS?: number;

  @IsOptional()
  @IsString()
  WORKER_HANDLER_MODULE?: string;

  @IsOptional()
  @IsInt()
  @Min(3000)
  @Max(3600000)
  LEASE_TTL_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(200)
  @Max(600000)
  // A heartbeat no shorter than the lease would let a live run's lease expire between beats.
  @ShorterThan('LEASE_TTL_MS', DEFAULT_LEASE_TTL_MS)
  LEASE_HEARTBEAT_MS?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'may hold letters, digits, dot, underscore and dash only',
  })
  INSTANCE_ID?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  SHOPIFY_CALL_LOG_RETENTION_DAYS?: number;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(300000)
  SHOPIFY_REQUEST_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  SHOPIFY_MAX_RETRIES?: number;

  @IsOptional()
  @IsNumber()
  @Min(1)
  @Max(1000)
  SHOPIFY_LIMITER_TIME_SCALE?: number;

  // Image downloads (the images task hashes ERP images) may reach private addresses.
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES?: string;
}

export interface WorkerConfig {
  httpPort: number;
  httpHost: string;
  concurrency: number;
  maxBufferedPerPartition: number;
  sessionTimeoutMs: number;
  shutdownGraceMs: number;
  handlerModule?: string;
  leaseTtlMs: number;
  leaseHeartbeatMs: number;
  workerId: string;
  logLevel: string;
  database: DatabaseSettings;
  kafka: KafkaSettings;
  shopify: ShopifyAccessSettings & ShopifyClientSettings;
  images: { allowPrivateAddresses: boolean };
}

export interface ShopifyClientSettings {
  callLogRetentionDays: number;
  requestTimeoutMs: number;
  maxRetries: number;
  // >1 only against a simulator whose buckets refill faster than real time.
  limiterTimeScale: number;
}

export const WORKER_CONFIG = Symbol('WORKER_CONFIG');

export function workerConfig(env: WorkerEnv): WorkerConfig {
  const workerId = env.INSTANCE_ID ?? `worker-${process.pid}-${Date.now().toString(36)}`;
  return {
    httpPort: env.WORKER_HTTP_PORT ?? 3001,
    httpHost: env.WORKER_HTTP_HOST ?? '127.0.0.1',
    concurrency: env.WORKER_CONCURRENCY ?? 16,
    maxBufferedPerPartition: env.WORKER_MAX_BUFFERED_PER_PARTITION ?? 5000,
    sessionTimeoutMs: env.KAFKA_SESSION_TIMEOUT_MS ?? 30000,
    shutdownGraceMs: env.WORKER_SHUTDOWN_GRACE_MS ?? 25000,
    handlerModule: env.WORKER_HANDLER_MODULE,
    leaseTtlMs: env.LEASE_TTL_MS ?? DEFAULT_LEASE_TTL_MS,
    leaseHeartbeatMs:
      env.LEASE_HEARTBEAT_MS ??
      Math.min(5000, Math.floor((env.LEASE_TTL_MS ?? DEFAULT_LEASE_TTL_MS) / 3)),
    workerId,
    logLevel: env.LOG_LEVEL ?? 'info',
    database: databaseSettings(env),
    kafka: kafkaSettings(env, `shopsync-worker-${workerId}`),
    shopify: {
      ...shopifyAccessSettings(env),
      callLogRetentionDays: env.SHOPIFY_CALL_LOG_RETENTION_DAYS ?? 14,
      requestTimeoutMs: env.SHOPIFY_REQUEST_TIMEOUT_MS ?? 30000,
      maxRetries: env.SHOPIFY_MAX_RETRIES ?? 5,
      limiterTimeScale: env.SHOPIFY_LIMITER_TIME_SCALE ?? 1,
    },
    images: { allowPrivateAddresses: env.IMAGE_DOWNLOAD_ALLOW_PRIVATE_ADDRESSES === 'true' },
  };
}
