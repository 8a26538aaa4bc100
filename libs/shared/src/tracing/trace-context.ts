import { randomUUID } from 'node:crypto';
import {
  context,
  Context,
  isSpanContextValid,
  propagation,
  Span,
  SpanOptions,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

// Trace context through the OpenTelemetry API only: without the SDK (tracing off) spans do not
// record, yet a remote parent (an incoming `traceparent`) still flows through the context, so
// jobs and Kafka messages carry the caller's trace id either way.

export const TRACER_NAME = 'shopsync';

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

export function newTraceId(): string {
  return randomUUID().replace(/-/g, '');
}

// W3C traceparent: the trace id, a fresh span id, sampled.
export function traceparent(traceId: string): string {
  return `00-${traceId.padEnd(32, '0').slice(0, 32)}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`;
}

// The trace id of the span (or remote parent) active in `ctx`, if any.
export function traceIdOf(ctx: Context = context.active()): string | undefined {
  const span = trace.getSpanContext(ctx);
  return span && isSpanContextValid(span) ? span.traceId : undefined;
}

// The W3C headers (`traceparent`, `tracestate`) of `ctx`, or none when it has no valid span.
export function traceHeadersOf(ctx: Context = context.active()): Record<string, string> {
  const headers: Record<string, string> = {};
  if (traceIdOf(ctx)) propagation.inject(ctx, headers);
  return headers;
}

// The headers of a job's messages: the active span when it belongs to the job's trace (the run
// in the worker, the request in the gateway), else the job's trace id under a fresh span id.
export function jobTraceHeaders(traceId: string): Record<string, string> {
  if (traceIdOf() === traceId) {
    const headers = traceHeadersOf();
    if (headers.traceparent) return headers;
  }
  return { traceparent: traceparent(traceId) };
}

// Runs `work` in a new active span (a child of `parent`, else of the active context), recording
// a thrown error on it; the span ends when `work` settles.
export function inSpan<T>(
  name: string,
  options: SpanOptions,
  work: (span: Span) => Promise<T>,
  parent: Context = context.active(),
): Promise<T> {
  return tracer().startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}
