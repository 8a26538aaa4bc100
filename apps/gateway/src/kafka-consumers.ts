import { INestApplication } from '@nestjs/common';
import { HealthRegistry, KAFKA, KafkaProducer, keyedKafkaServer, TOPICS } from '@shopsync/shared';
import { Kafka } from 'kafkajs';
import type { GatewayConfig } from './config/gateway-env';
import { JobEventsService } from './lifecycle/job-events.service';

// Every gateway instance sees every lifecycle event (a group of its own, to answer its own
// waits). The group goes with the instance: deleted on shutdown, and groups left by instances
// that died are deleted when the next one starts.
export const LIFECYCLE_GROUP_PREFIX = 'shopsync-gateway-lifecycle-';

// The gateway's Kafka consumers, wired into the app (main.ts and in-process tests share this).
export function connectKafkaConsumers(app: INestApplication, config: GatewayConfig): void {
  const kafka = app.get<Kafka>(KAFKA);
  const producer = app.get(KafkaProducer);
  const health = app.get(HealthRegistry);
  const events = app.get(JobEventsService);
  const lifecycle = keyedKafkaServer(
    kafka,
    config.kafka,
    producer,
    `${LIFECYCLE_GROUP_PREFIX}${config.instanceId}`,
    'gateway-lifecycle',
    {
      fromBeginning: false,
      concurrency: 64,
      shutdownGraceMs: 2000,
      topics: [TOPICS.syncLifecycle],
      instanceGroupPrefix: LIFECYCLE_GROUP_PREFIX,
      // No wait and no stream on this instance: the events are read and let go unparsed.
      unwanted: () => events.idle,
    },
  );
  // Sync commands from other systems: one group for all gateway instances.
  const commands = keyedKafkaServer(
    kafka,
    config.kafka,
    producer,
    'shopsync-gateway-commands',
    'gateway-commands',
    { concurrency: 16, shutdownGraceMs: 10000, topics: [TOPICS.syncCommands] },
  );
  // ERP upserts (items, stock, ...): one group for all gateway instances.
  const erpInbound = keyedKafkaServer(
    kafka,
    config.kafka,
    producer,
    'shopsync-gateway-erp-inbound',
    'gateway-erp-inbound',
    { concurrency: 16, shutdownGraceMs: 10000, topics: [TOPICS.erpInbound] },
  );
  app.connectMicroservice({ strategy: erpInbound }, { inheritAppConfig: false });
  health.register('kafka-erp-inbound', () => erpInbound.ready);
  app.connectMicroservice({ strategy: lifecycle }, { inheritAppConfig: false });
  app.connectMicroservice({ strategy: commands }, { inheritAppConfig: false });
  health.register('kafka-lifecycle', () => lifecycle.ready);
  health.register('kafka-commands', () => commands.ready);
}
