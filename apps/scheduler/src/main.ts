import './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { answerInfoFlags, ConfigInvalid, envVarNames, loadEnv } from '@shopsync/shared';
import { SchedulerModule } from './app.module';
import { schedulerConfig, SchedulerEnv } from './config/scheduler-env';

async function bootstrap(): Promise<void> {
  const config = schedulerConfig(loadEnv(SchedulerEnv, process.env));
  const app = await NestFactory.create(SchedulerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(config.httpPort, config.httpHost);
  app
    .get(Logger)
    .log({ msg: 'scheduler started', instanceId: config.instanceId, health: await app.getUrl() });
}

answerInfoFlags({
  name: 'shopsync-scheduler',
  summary: 'fires schedules, re-queues retries, recovers lost jobs, relays the outbox',
  variables: envVarNames(SchedulerEnv),
});

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigInvalid) process.stderr.write(`scheduler: ${error.message}\n`);
  else
    process.stderr.write(
      `scheduler failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  process.exit(1);
});
