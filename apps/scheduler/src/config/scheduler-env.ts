import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  CommonEnv,
  DatabaseSettings,
  databaseSettings,
  KafkaSettings,
  kafkaSettings,
} from '@shopsync/shared';

export class SchedulerEnv extends CommonEnv {
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
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'may hold letters, digits, dot, underscore and dash only',
  })
  INSTANCE_ID?: string;
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
    instanceId,
    logLevel: env.LOG_LEVEL ?? 'info',
    database: databaseSettings(env),
    kafka: kafkaSettings(env, `shopsync-scheduler-${instanceId}`),
  };
}
