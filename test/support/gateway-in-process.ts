import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OpenAPIObject } from '@nestjs/swagger';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@shopsync/shared';
import { GatewayModule } from '../../apps/gateway/src/app.module';
import { gatewayConfig, GatewayEnv } from '../../apps/gateway/src/config/gateway-env';
import { configureHttp, httpAdapter } from '../../apps/gateway/src/http-setup';
import { KAFKA_BROKERS } from './env';

export interface InProcessGateway {
  app: INestApplication;
  doc: OpenAPIObject;
  key: string;
  sqlitePath: string;
}

// The gateway in this process, on a fresh embedded database and the test Kafka: for tests that
// send many requests (fuzzing, the OpenAPI checks) without process and network overhead.
export async function inProcessGateway(
  extra: Record<string, string> = {},
): Promise<InProcessGateway> {
  const home = mkdtempSync(join(tmpdir(), 'shopsync-gw-'));
  const key = `sk_${randomBytes(16).toString('hex')}`;
  const sqlitePath = join(home, 'shopsync.sqlite');
  const env = loadEnv(GatewayEnv, {
    SHOPSYNC_HOME: home,
    SQLITE_PATH: sqlitePath,
    KAFKA_BROKERS,
    KAFKA_TOPIC_PREFIX: `ip${randomBytes(3).toString('hex')}.`,
    API_KEYS: JSON.stringify([
      { name: 'admin', sha256: createHash('sha256').update(key).digest('hex'), scopes: ['admin'] },
    ]),
    API_RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'silent',
    ...extra,
  });
  const config = gatewayConfig(env);
  const app = await NestFactory.create(GatewayModule.forRoot(config), httpAdapter(), {
    bodyParser: false,
    logger: false,
  });
  const doc = configureHttp(app, config);
  await app.init();
  return { app, doc, key, sqlitePath };
}
