import type { IncomingMessage } from 'node:http';
import { context, propagation, trace } from '@opentelemetry/api';

// A caller's `traceparent` is continued even with tracing off: the request then runs in the
// caller's trace context, so the jobs it creates and their Kafka messages carry that trace.
// With tracing on, the HTTP instrumentation has done this already (its server span is active).
export function continueCallerTrace(req: IncomingMessage, _res: unknown, next: () => void): void {
  if (trace.getSpan(context.active()) || !req.headers.traceparent) return next();
  context.with(propagation.extract(context.active(), req.headers), next);
}
