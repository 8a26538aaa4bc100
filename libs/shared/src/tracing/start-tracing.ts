import { context, diag, DiagLogLevel, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  Sampler,
  SpanExporter,
  TraceIdRatioBasedSampler,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { loadEnv } from '../config/load-config';
import { OtelEnv, tracingSettings, TracingSettings } from '../config/otel-env';
import { packageInfo } from '../cli/package-info';

let provider: TracerProvider | undefined;
let started = false;

function samplerOf(s: TracingSettings): Sampler {
  const root = s.sampler.endsWith('always_off')
    ? new AlwaysOffSampler()
    : s.sampler.endsWith('traceidratio')
      ? new TraceIdRatioBasedSampler(s.samplerRatio)
      : new AlwaysOnSampler();
  return s.sampler.startsWith('parentbased_') ? new ParentBasedSampler({ root }) : root;
}

function exporterOf(s: TracingSettings): SpanExporter {
  if (s.exporter === 'console') return new ConsoleSpanExporter();
  return new OTLPTraceExporter({ url: s.endpoint, headers: s.headers });
}

// Called first thing in each app's main (before express and pg are loaded, so that their
// instrumentations apply). Trace context is always propagated (W3C `traceparent`); spans are
// recorded and exported only when OTEL_TRACES_EXPORTER names an exporter and
// OTEL_SDK_DISABLED is not true. A bad OTEL_* variable is reported by the app's configuration.
export function startTracing(
  defaultServiceName: string,
  env: NodeJS.ProcessEnv,
): TracingSettings | undefined {
  if (started) return undefined;
  started = true;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(
    new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  );
  let settings: TracingSettings;
  try {
    settings = tracingSettings(loadEnv(OtelEnv, env), defaultServiceName);
  } catch {
    return undefined;
  }
  if (!settings.exporter) return settings;
  // The SDK's own troubles (an unreachable collector) as warnings on stderr, never a crash.
  diag.setLogger(
    {
      error: (msg) => process.stderr.write(`opentelemetry: ${msg}\n`),
      warn: (msg) => process.stderr.write(`opentelemetry: ${msg}\n`),
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.WARN,
  );
  provider = new TracerProvider({
    resource: resourceFromAttributes({
      ...settings.resourceAttributes,
      [ATTR_SERVICE_NAME]: settings.serviceName,
      [ATTR_SERVICE_VERSION]: packageInfo().version,
    }),
    sampler: samplerOf(settings),
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: exporterOf(settings),
        scheduledDelayMillis: settings.scheduleDelayMs,
      }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? ''),
        headersToSpanAttributes: { server: { requestHeaders: ['x-request-id'] } },
      }),
      new ExpressInstrumentation({
        ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
      }),
      new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
    ],
  });
  return settings;
}

// Sends the spans still buffered (on shutdown).
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = undefined;
  await p?.shutdown().catch(() => undefined);
}
