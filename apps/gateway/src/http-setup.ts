import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { bodyParsing } from './common/body-parsing';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { validationPipe } from './common/validation';
import type { GatewayConfig } from './config/gateway-env';

export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('shopsync')
    .setDescription(
      'Keeps an ERP and Shopify stores in step: the eight Shopify sync tasks as ordered, lease-protected background jobs. ' +
        'Every /v1 route needs `Authorization: Bearer <API key>` (scopes read, write, admin); webhooks carry their HMAC instead.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key' }, 'api-key')
    .addSecurityRequirements('api-key')
    .build();
  return SwaggerModule.createDocument(app, config);
}

// Everything about the HTTP side that main.ts and in-process tests share.
export function configureHttp(app: INestApplication, config: GatewayConfig): OpenAPIObject {
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
