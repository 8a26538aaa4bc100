import { context, Context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { newTraceId, traceHeadersOf, traceparent } from '../tracing/trace-context';

// W3C trace context travels in Kafka headers only (the value is the payload and its envelope).

// The headers of a message to produce: a `traceparent` it already has is kept (a job's, set when
// it was written to the outbox); otherwise the active trace's, or a new trace's, so that every
// message shopsync produces can be followed.
export function withTraceContext(
  headers: Record<string, string> | undefined,
  ctx: Context = context.active(),
): Record<string, string> {
  if (headers?.traceparent) return headers;
  const traced = { ...headers, ...traceHeadersOf(ctx) };
  if (!traced.traceparent) traced.traceparent = traceparent(newTraceId());
  return traced;
}

// The trace context a consumed message carries (the root context when it has none).
export function traceContextOf(headers: Record<string, string>): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

// OpenTelemetry's messaging attributes of a consumed Kafka message.
export function consumerSpanAttributes(
  message: { topic: string; partition: number; offset: string; key: string | null },
  groupId: string,
): Record<string, string | number> {
  return {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': message.topic,
    'messaging.destination.partition.id': String(message.partition),
    'messaging.kafka.offset': Number(message.offset),
    'messaging.consumer.group.name': groupId,
    ...(message.key === null ? {} : { 'messaging.kafka.message.key': message.key }),
  };
}
