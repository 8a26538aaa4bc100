import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import {
  ConfigInvalid,
  HealthRegistry,
  KAFKA,
  KafkaProducer,
  keyedKafkaServer,
  loadEnv,
  TOPICS,
} from '@shopsync/shared';
import { Kafka } from 'kafkajs';
import { GatewayModule } from './app.module';
import { configureHttp, httpAdapter } from './http-setup';
import { gatewayConfig, GatewayEnv } from './config/gateway-env';

async function bootstrap(): Promise<void> {
  const config = gatewayConfig(loadEnv(GatewayEnv, process.env));
  const app = await NestFactory.create(GatewayModule.forRoot(config), httpAdapter(), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app, config);
  app.enableShutdownHooks();

  // Every gateway instance sees every lifecycle event (its own group), to answer its own waits.
  const lifecycle = keyedKafkaServer(
    app.get<Kafka>(KAFKA),
    config.kafka,
    app.get(KafkaProducer),
    `shopsync-gateway-lifecycle-${config.instanceId}`,
    'gateway-lifecycle',
    {
      fromBeginning: false,
      concurrency: 64,
      shutdownGraceMs: 2000,
      topics: [TOPICS.syncLifecycle],
    },
  );
  // Sync commands from other systems: one group for all gateway instances.
  const commands = keyedKafkaServer(
    app.get<Kafka>(KAFKA),
    config.kafka,
    app.get(KafkaProducer),
    'shopsync-gateway-commands',
    'gateway-commands',
    { concurrency: 16, shutdownGraceMs: 10000, topics: [TOPICS.syncCommands] },
  );
  // ERP upserts (items, stock, ...): one group for all gateway instances.
  const erpInbound = keyedKafkaServer(
    app.get<Kafka>(KAFKA),
    config.kafka,
    app.get(KafkaProducer),
    'shopsync-gateway-erp-inbound',
    'gateway-erp-inbound',
    { concurrency: 16, shutdownGraceMs: 10000, topics: [TOPICS.erpInbound] },
  );
  app.connectMicroservice({ strategy: erpInbound }, { inheritAppConfig: false });
  app.get(HealthRegistry).register('kafka-erp-inbound', () => erpInbound.ready);
  app.connectMicroservice({ strategy: lifecycle }, { inheritAppConfig: false });
  app.connectMicroservice({ strategy: commands }, { inheritAppConfig: false });
  app.get(HealthRegistry).register('kafka-lifecycle', () => lifecycle.ready);
  app.get(HealthRegistry).register('kafka-commands', () => commands.ready);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  app.get(Logger).log({ msg: `gateway listening on ${url}`, url });
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigInvalid) process.stderr.write(`gateway: ${error.message}\n`);
  else
    process.stderr.write(
      `gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
