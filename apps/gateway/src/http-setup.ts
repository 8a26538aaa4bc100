import { INestApplication } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import express from 'express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { bodyParsing } from './common/body-parsing';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { validationPipe } from './common/validation';
import { httpMetrics } from './metrics/http-metrics';
import { MetricsService } from '@shopsync/shared';
import type { GatewayConfig } from './config/gateway-env';

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('shopsync')
    .setDescription(
      'Keeps an ERP and Shopify stores in step: the eight Shopify sync tasks as ordered, lease-protected background jobs. ' +
        'Every /v1 route needs `Authorization: Bearer <API key>` (scopes read, write, admin); webhooks carry their HMAC instead.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'this gateway')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key' }, 'api-key')
    .addSecurityRequirements('api-key')
    .build();
  return SwaggerModule.createDocument(app, config);
}

// Routing is case-sensitive and strict: `/V1/shops`, `/v1/shops/` are no route (404), so a path
// reaches a handler in one spelling only. Express reads these settings when it creates its
// router, which the adapter does at once: they are set on the instance before the adapter.
export function httpAdapter(): ExpressAdapter {
  const instance = express();
  instance.set('case sensitive routing', true);
  instance.set('strict routing', true);
  return new ExpressAdapter(instance);
}

// Everything about the HTTP side that main.ts and in-process tests share.
export function configureHttp(app: INestApplication, config: GatewayConfig): OpenAPIObject {
  const router = (app.getHttpAdapter().getInstance() as express.Express).router as {
    caseSensitive?: boolean;
    strict?: boolean;
  };
  if (!router.caseSensitive || !router.strict)
    throw new Error(
      'the gateway must be created with httpAdapter() (strict, case-sensitive routing)',
    );
  app.use(httpMetrics(app.get(MetricsService)));
  app.use(...bodyParsing(config.bodyLimit));
  app.useGlobalFilters(new DomainExceptionFilter());
  app.useGlobalPipes(validationPipe());
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    customSiteTitle: 'shopsync API',
  });
  return document;
}
