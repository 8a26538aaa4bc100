import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

// Paths pino blanks out wherever they appear, so a token passed by mistake never reaches a log.
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-shopify-access-token"]',
  'req.headers["x-shopify-hmac-sha256"]',
  'req.headers.cookie',
  '*.accessToken',
  '*.appSecret',
  '*.password',
  '*.token',
  'accessToken',
  'appSecret',
];

export function loggingModule(app: string, level = 'info'): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { app },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      autoLogging: {
        ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics',
      },
      customProps: () => ({ app }),
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
