import { Kafka } from 'kafkajs';
import type { KafkaSettings } from '../config/common-env';
import { KafkaProducer } from './kafka-producer.service';
import { KeyedKafkaServer, KeyedKafkaServerOptions } from './keyed-kafka.server';

export type KeyedServerTuning = Partial<
  Pick<
    KeyedKafkaServerOptions,
    | 'concurrency'
    | 'maxBufferedPerPartition'
    | 'sessionTimeoutMs'
    | 'heartbeatIntervalMs'
    | 'commitIntervalMs'
    | 'joinTimeoutMs'
    | 'shutdownGraceMs'
    | 'maxHandlerRetries'
    | 'fromBeginning'
    | 'topics'
    | 'unwanted'
  >
> & { instanceGroupPrefix?: string };

// Defaults suit a small machine; every app may tune them from its configuration.
export function keyedKafkaServer(
  kafka: Kafka,
  settings: KafkaSettings,
  producer: KafkaProducer,
  groupId: string,
  consumerName: string,
  tuning: KeyedServerTuning = {},
): KeyedKafkaServer {
  return new KeyedKafkaServer({
    kafka,
    settings,
    producer,
    groupId: `${settings.topicPrefix}${groupId}`,
    consumerName,
    concurrency: tuning.concurrency ?? 16,
    maxBufferedPerPartition: tuning.maxBufferedPerPartition ?? 1000,
    sessionTimeoutMs: tuning.sessionTimeoutMs ?? 30000,
    heartbeatIntervalMs: tuning.heartbeatIntervalMs ?? 3000,
    commitIntervalMs: tuning.commitIntervalMs ?? 500,
    joinTimeoutMs: tuning.joinTimeoutMs ?? 60000,
    shutdownGraceMs: tuning.shutdownGraceMs ?? 25000,
    maxHandlerRetries: tuning.maxHandlerRetries ?? 12,
    fromBeginning: tuning.fromBeginning ?? true,
    topics: tuning.topics,
    unwanted: tuning.unwanted,
    instanceGroupPrefix:
      tuning.instanceGroupPrefix && `${settings.topicPrefix}${tuning.instanceGroupPrefix}`,
  });
}
