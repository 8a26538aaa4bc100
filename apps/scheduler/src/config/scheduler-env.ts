import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  callbackPolicy,
  CallbackUrlPolicy,
  DatabaseSettings,
  databaseSettings,
  EncryptionKeySettings,
  encryptionSettings,
  KafkaSettings,
  kafkaSettings,
  ShopifyAccessEnv,
  ShopifyAccessSettings,
  shopifyAccessSettings,
  ShorterThan,
  WithCallbackPolicy,
} from '@shopsync/shared';

// The scheduler holds shop credentials too: it keeps the shops' webhook subscriptions, and
// delivers notifications (their secrets sealed by the gateway).
export class SchedulerEnv extends WithCallbackPolicy(ShopifyAccessEnv) {
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  SCHEDULER_HTTP_PORT?: number;

  @IsOptional()
  @IsString()
  SCHEDULER_HTTP_HOST?: string;

  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(60000)
  SCHEDULER_TICK_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  SCHEDULER_BATCH_SIZE?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3600000)
  SCHEDULER_MISFIRE_GRACE_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(60000)
  OUTBOX_RELAY_INTERVAL_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600000)
  OUTBOX_RELAY_MIN_AGE_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(600000)
  REAPER_INTERVAL_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_SUCCEEDED_DAYS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  RETENTION_FAILED_DAYS?: number;

  // Bounded so one batch's ids fit in one statement on SQLite too, and its locks stay short.
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  RETENTION_BATCH?: number;

  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(86400000)
  RETENTION_INTERVAL_MS?: number;

  // How often each shop's subscriptions are compared with Shopify's (drift repair).
  @IsOptional()
  @IsInt()
  @Min(1000)
  @Max(86400000)
  WEBHOOK_CHECK_INTERVAL_MS?: number;

  // How often the scheduler looks for requested subscription work.
  @IsOptional()
  @IsInt()
  @Min(50)
  @Max(60000)
  WEBHOOK_SYNC_TICK_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(60000)
  NOTIFICATION_POLL_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(60000)
  NOTIFICATION_TIMEOUT_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  NOTIFICATION_CONCURRENCY?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(50)
  NOTIFICATION_MAX_ATTEMPTS?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(3600000)
  @ShorterThan('NOTIFICATION_BACKOFF_CAP_MS', 3_600_000)
  NOTIFICATION_BACKOFF_BASE_MS?: number;

  @IsOptional()
  @IsInt()
  @Min(100)
  @Max(86400000)
  NOTIFICATION_BACKOFF_CAP_MS?: number;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'may hold letters, digits, dot, underscore and dash only',
  })
  INSTANCE_ID?: string;
}

export interface RetentionSettings {
  // Succeeded, cancelled and skipped jobs (nothing to investigate) are kept this long.
  succeededDays: number;
  // Failed jobs, and the schedules' occurrence history (missed/skipped ones are what an
  // operator looks back at), are kept this long.
  failedDays: number;
  // Rows per delete transaction.
  batch: number;
  intervalMs: number;
}

export interface WebhookSyncSettings {
  checkIntervalMs: number;
  tickMs: number;
}

export interface NotificationDeliverySettings {
  pollMs: number;
  // One HTTP attempt, connect to last byte.
  timeoutMs: number;
  // Attempts in flight per scheduler.
  concurrency: number;
  maxAttempts: number;
  backoff: { baseMs: number; capMs: number };
  callbacks: CallbackUrlPolicy;
}

export interface SchedulerConfig {
  httpPort: number;
  httpHost: string;
  tickMs: number;
  // Due schedules claimed per transaction.
  scheduleBatchSize: number;
  // An occurrence found at most this late is on time, whatever its catch-up window.
  misfireGraceMs: number;
  relayIntervalMs: number;
  relayMinAgeMs: number;
  reaperIntervalMs: number;
  retention: RetentionSettings;
  webhooks: WebhookSyncSettings;
  shopify: ShopifyAccessSettings;
  notifications: NotificationDeliverySettings;
  // The key of notification secrets (the gateway seals them).
  encryption: EncryptionKeySettings;
  instanceId: string;
  logLevel: string;
  database: DatabaseSettings;
  kafka: KafkaSettings;
}

export const SCHEDULER_CONFIG = Symbol('SCHEDULER_CONFIG');

export function schedulerConfig(env: SchedulerEnv): SchedulerConfig {
  const instanceId = env.INSTANCE_ID ?? `scheduler-${process.pid}-${Date.now().toString(36)}`;
  return {
    httpPort: env.SCHEDULER_HTTP_PORT ?? 3002,
    httpHost: env.SCHEDULER_HTTP_HOST ?? '127.0.0.1',
    tickMs: env.SCHEDULER_TICK_MS ?? 250,
    scheduleBatchSize: env.SCHEDULER_BATCH_SIZE ?? 100,
    misfireGraceMs: env.SCHEDULER_MISFIRE_GRACE_MS ?? 60_000,
    relayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS ?? 1000,
    relayMinAgeMs: env.OUTBOX_RELAY_MIN_AGE_MS ?? 2000,
    reaperIntervalMs: env.REAPER_INTERVAL_MS ?? 5000,
    retention: {
      succeededDays: env.RETENTION_SUCCEEDED_DAYS ?? 7,
      failedDays: env.RETENTION_FAILED_DAYS ?? 30,
      batch: env.RETENTION_BATCH ?? 1000,
      intervalMs: env.RETENTION_INTERVAL_MS ?? 60_000,
    },
    webhooks: {
      checkIntervalMs: env.WEBHOOK_CHECK_INTERVAL_MS ?? 900_000,
      tickMs: env.WEBHOOK_SYNC_TICK_MS ?? 1000,
    },
    shopify: shopifyAccessSettings(env),
    notifications: {
      pollMs: env.NOTIFICATION_POLL_MS ?? 1000,
      timeoutMs: env.NOTIFICATION_TIMEOUT_MS ?? 10_000,
      concurrency: env.NOTIFICATION_CONCURRENCY ?? 16,
      maxAttempts: env.NOTIFICATION_MAX_ATTEMPTS ?? 12,
      backoff: {
        baseMs: env.NOTIFICATION_BACKOFF_BASE_MS ?? 10_000,
        capMs: env.NOTIFICATION_BACKOFF_CAP_MS ?? 3_600_000,
      },
      callbacks: callbackPolicy(env),
    },
    encryption: encryptionSettings(env),
    instanceId,
    logLevel: env.LOG_LEVEL ?? 'info',
    database: databaseSettings(env),
    kafka: kafkaSettings(env, `shopsync-scheduler-${instanceId}`),
  };
}
