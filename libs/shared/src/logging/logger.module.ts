import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DynamicModule, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { LoggerModule } from 'nestjs-pino';
import { stopTracing } from '../tracing/start-tracing';

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

// A caller's `x-request-id` names the request in our logs (and is echoed back) when it is a
// plain token; otherwise the request gets one of ours.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

// Every line logged inside a trace names it (the OpenTelemetry log field names, so they never
// clash with a job's own `traceId` field).
function traceFields(): Record<string, string> {
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
}

// Buffered spans are sent before the process exits.
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}

@Module({})
class ObservabilityModule {}

export function loggingModule(app: string, level = 'info'): DynamicModule {
  const logger = LoggerModule.forRoot({
    pinoHttp: {
      level,
      // `app` is on every line through `base` (request lines too: their logger is a child). A
      // customProps copy of it cost a second child logger per request and a stringify after it.
      base: { app },
      mixin: traceFields,
      genReqId: requestIdOf,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      autoLogging: {
        ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics',
      },
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
  return {
    module: ObservabilityModule,
    imports: [logger],
    providers: [TracingShutdown],
    exports: [logger],
  };
}
