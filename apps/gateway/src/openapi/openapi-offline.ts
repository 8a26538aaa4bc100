import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@shopsync/shared';
import { GatewayModule } from '../app.module';
import { gatewayConfig, GatewayEnv } from '../config/gateway-env';
import { httpAdapter, openApiDocument } from '../http-setup';

// The OpenAPI document of the gateway without running one: the app is created (its modules and
// routes, on a throwaway embedded database) but never initialised, so nothing connects to Kafka
// and nothing listens.
export async function offlineOpenApiDocument(): Promise<OpenAPIObject> {
  const home = mkdtempSync(join(tmpdir(), 'shopsync-openapi-'));
  try {
    const config = gatewayConfig(
      loadEnv(GatewayEnv, {
        SHOPSYNC_HOME: home,
        SQLITE_PATH: join(home, 'shopsync.sqlite'),
        KAFKA_BROKERS: '127.0.0.1:1',
        LOG_LEVEL: 'silent',
      }),
    );
    const app = await NestFactory.create(GatewayModule.forRoot(config), httpAdapter(), {
      bodyParser: false,
      logger: false,
      abortOnError: false,
    });
    try {
      return openApiDocument(app);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
