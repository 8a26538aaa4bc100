import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  CommonEnv,
  DatabaseSettings,
  databaseSettings,
  KafkaSettings,
  kafkaSettings,
} from '@shopsync/shared';

export class GatewayEnv extends CommonEnv {
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
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'may hold letters, digits, dot, underscore and dash only',
  })
  INSTANCE_ID?: string;
}

export interface GatewayConfig {
  port: number;
  host: string;
  bodyLimit: string;
  foregroundWaitMs: number;
  instanceId: string;
  logLevel: string;
  database: DatabaseSettings;
  kafka: KafkaSettings;
}

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');

export function gatewayConfig(env: GatewayEnv): GatewayConfig {
  const instanceId = env.INSTANCE_ID ?? `gw-${process.pid}-${Date.now().toString(36)}`;
  return {
    port: env.GATEWAY_PORT ?? 3000,
    host: env.GATEWAY_HOST ?? '127.0.0.1',
    bodyLimit: env.GATEWAY_BODY_LIMIT ?? '1mb',
    foregroundWaitMs: env.FOREGROUND_WAIT_MS ?? 120000,
    instanceId,
    logLevel: env.LOG_LEVEL ?? 'info',
    database: databaseSettings(env),
    kafka: kafkaSettings(env, `shopsync-gateway-${instanceId}`),
  };
}
