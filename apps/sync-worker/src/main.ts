import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Kafka } from 'kafkajs';
import {
  answerInfoFlags,
  ConfigInvalid,
  envVarNames,
  HealthRegistry,
  KAFKA,
  KafkaProducer,
  keyedKafkaServer,
  loadEnv,
  TOPICS,
} from '@shopsync/shared';
import { WorkerModule } from './app.module';
import { WorkerMetrics } from './metrics/worker-metrics.service';
import { workerConfig, WorkerEnv } from './config/worker-env';

async function bootstrap(): Promise<void> {
  const config = workerConfig(loadEnv(WorkerEnv, process.env));
  const app = await NestFactory.create(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const server = keyedKafkaServer(
    app.get<Kafka>(KAFKA),
    config.kafka,
    app.get(KafkaProducer),
    'shopsync-sync-worker',
    'sync-worker',
    {
      concurrency: config.concurrency,
      maxBufferedPerPartition: config.maxBufferedPerPartition,
      sessionTimeoutMs: config.sessionTimeoutMs,
      heartbeatIntervalMs: Math.max(1000, Math.floor(config.sessionTimeoutMs / 10)),
      shutdownGraceMs: config.shutdownGraceMs,
      topics: [TOPICS.syncRequested],
    },
  );
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: false });
  app.get(HealthRegistry).register('kafka-consumer', () => server.ready);
  app.get(WorkerMetrics).attach(server);
  await app.startAllMicroservices();
  // A small HTTP side for health (and, later, metrics).
  await app.listen(config.httpPort, config.httpHost);
  app
    .get(Logger)
    .log({ msg: 'sync-worker started', workerId: config.workerId, health: await app.getUrl() });
}

answerInfoFlags({
  name: 'shopsync-sync-worker',
  summary: 'runs the sync jobs against Shopify and the ERP store',
  variables: envVarNames(WorkerEnv),
});

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigInvalid) process.stderr.write(`sync-worker: ${error.message}\n`);
  else
    process.stderr.write(
      `sync-worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
