import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { answerInfoFlags, ConfigInvalid, envVarNames, loadEnv } from '@shopsync/shared';
import { GatewayModule } from './app.module';
import { configureHttp, httpAdapter } from './http-setup';
import { connectKafkaConsumers } from './kafka-consumers';
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

  connectKafkaConsumers(app, config);
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  app.get(Logger).log({ msg: `gateway listening on ${url}`, url });
}

answerInfoFlags({
  name: 'shopsync-gateway',
  summary: 'the HTTP API, webhook intake, ERP inbox and feeds, the job page',
  variables: envVarNames(GatewayEnv),
});

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigInvalid) process.stderr.write(`gateway: ${error.message}\n`);
  else
    process.stderr.write(
      `gateway failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
