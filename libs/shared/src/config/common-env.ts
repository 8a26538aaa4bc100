import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { Secret } from './load-config';
import { OtelEnv } from './otel-env';

// Variables every app reads: database, Kafka, logging, tracing. Each app extends this with its own.
export class CommonEnv extends OtelEnv {
  @IsOptional()
  @Secret()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  SQLITE_PATH?: string;

  @IsOptional()
  @IsString()
  SHOPSYNC_HOME?: string;

  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'must be host:port[,host:port...]' })
  KAFKA_BROKERS?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]*$/, {
    message: 'may hold letters, digits, dot, underscore and dash only',
  })
  KAFKA_TOPIC_PREFIX?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_PARTITIONS?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE?: number;
}

export interface DatabaseSettings {
  url?: string;
  sqlitePath: string;
  poolSize: number;
}

export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  topicPrefix: string;
  partitions: number;
}

export function databaseSettings(env: CommonEnv): DatabaseSettings {
  const home = env.SHOPSYNC_HOME ?? '.shopsync';
  return {
    url: env.DATABASE_URL,
    sqlitePath: env.SQLITE_PATH ?? `${home}/shopsync.sqlite`,
    poolSize: env.DB_POOL_SIZE ?? 10,
  };
}

export function kafkaSettings(env: CommonEnv, clientId: string): KafkaSettings {
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    clientId,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    partitions: env.KAFKA_PARTITIONS ?? 12,
  };
}
