import { createHash, randomUUID } from 'node:crypto';
import { ContractViolation, FieldError } from '../domain/errors';
import type { DeadLetterV1 } from './dlq.v1';
import { ERP_DOC_TYPES, ErpOutboundV1 } from './erp-outbound.v1';
import type { SyncCommandV1 } from './sync-command.v1';
import type { SyncLifecycleV1 } from './sync-lifecycle.v1';
import type { SyncRequestedV1 } from './sync-requested.v1';
import { TOPICS, TopicName } from './topics';

// Every message shopsync produces travels as a CloudEvents 1.0 event in structured JSON mode:
// the Kafka value is the envelope below, `data` the topic's versioned payload.
export interface CloudEventV1<T = unknown> {
  specversion: '1.0';
  // Unique per source; the same outbox row re-published keeps its id, so consumers can dedupe.
  id: string;
  source: string;
  type: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  dataschema: string;
  data: T;
}

export type CloudEventAttributes = Omit<CloudEventV1, 'data'>;

// Where the checked-in JSON Schemas (schemas/events/*.json) say they live; their `$id`.
export const EVENT_SCHEMA_BASE = 'https://shopsync.dev/schemas/events/';
export const CLOUD_EVENT_SCHEMA = `${EVENT_SCHEMA_BASE}cloudevent.v1.json`;

interface TopicEvents<T> {
  // File name of the payload's schema, without `.json`.
  schema: string;
  types: readonly string[];
  typeOf(data: T): string;
  sourceOf(data: T, key: string | null): string;
  subjectOf(data: T, key: string | null): string | undefined;
  // Topics other systems write to also take the bare payload, as before envelopes existed.
  acceptsBare: boolean;
  // One line for the AsyncAPI document.
  summary: string;
}

const shopSource = (shopId: string | undefined): string => `/shopsync/shops/${shopId ?? 'unknown'}`;
const shopOfKey = (key: string | null): string | undefined => key?.split('/')[0] || undefined;
const one = (type: string) => ({ types: [type], typeOf: () => type });
const outboundType = (docType: string): string => `dev.shopsync.erp.${docType}.v1`;

export const TOPIC_EVENTS: { [K in TopicName]: TopicEvents<never> } = {
  [TOPICS.syncRequested]: {
    schema: 'sync-requested.v1',
    ...one('dev.shopsync.sync.requested.v1'),
    sourceOf: (d: SyncRequestedV1) => shopSource(d.shopId),
    subjectOf: (d: SyncRequestedV1) => d.jobId,
    acceptsBare: false,
    summary: 'A job to run (or run again), for the workers.',
  },
  [TOPICS.syncCommands]: {
    schema: 'sync-command.v1',
    ...one('dev.shopsync.sync.command.v1'),
    sourceOf: (d: SyncCommandV1) => `/erp/shops/${d.shop}`,
    subjectOf: (d: SyncCommandV1) => d.shop,
    acceptsBare: true,
    summary: 'A sync requested by another system; becomes a job like POST /v1/shops/:code/syncs.',
  },
  [TOPICS.syncLifecycle]: {
    schema: 'sync-lifecycle.v1',
    ...one('dev.shopsync.job.lifecycle.v1'),
    sourceOf: (_d: SyncLifecycleV1, key: string | null) => shopSource(shopOfKey(key)),
    subjectOf: (d: SyncLifecycleV1) => d.jobId,
    acceptsBare: false,
    summary: "A job's status changed (queued, waiting, running, progress, settled).",
  },
  [TOPICS.erpInbound]: {
    schema: 'erp-inbound.v1',
    ...one('dev.shopsync.erp.inbound.v1'),
    sourceOf: () => '/erp',
    subjectOf: (_d: unknown, key: string | null) => key ?? undefined,
    acceptsBare: true,
    summary: 'One ERP record (item, stock, customer, shipment) to store in the ERP inbox.',
  },
  [TOPICS.erpOutbound]: {
    schema: 'erp-outbound.v1',
    types: ERP_DOC_TYPES.map(outboundType),
    typeOf: (d: ErpOutboundV1) => outboundType(d.docType),
    sourceOf: (d: ErpOutboundV1) => shopSource(d.shopId),
    subjectOf: (d: ErpOutboundV1) => d.document.id,
    acceptsBare: false,
    summary: 'A document shopsync made for the ERP (sales order, customer, payment, ...).',
  },
  [TOPICS.dlq]: {
    schema: 'dlq.v1',
    ...one('dev.shopsync.dlq.v1'),
    sourceOf: (d: DeadLetterV1) => `/shopsync/consumers/${d.consumer}`,
    subjectOf: (d: DeadLetterV1) => `${d.topic}/${d.partition}/${d.offset}`,
    acceptsBare: false,
    summary: 'A message a consumer refused, untouched, with the reason.',
  },
};

export function dataSchemaOf(topic: TopicName): string {
  return `${EVENT_SCHEMA_BASE}${TOPIC_EVENTS[topic].schema}.json`;
}

export interface EventIdentity {
  id?: string;
  time?: Date;
}

export function cloudEventOf<T>(
  topic: TopicName,
  key: string | null,
  data: T,
  { id = randomUUID(), time = new Date() }: EventIdentity = {},
): CloudEventV1<T> {
  const events = TOPIC_EVENTS[topic] as unknown as TopicEvents<T>;
  const subject = events.subjectOf(data, key);
  return {
    specversion: '1.0',
    id,
    source: events.sourceOf(data, key),
    type: events.typeOf(data),
    ...(subject === undefined ? {} : { subject }),
    time: time.toISOString(),
    datacontenttype: 'application/json',
    dataschema: dataSchemaOf(topic),
    data,
  };
}

// The Kafka value of a message: the only way shopsync serialises one.
export function encodeEvent<T>(
  topic: TopicName,
  key: string | null,
  data: T,
  identity?: EventIdentity,
): string {
  return JSON.stringify(cloudEventOf(topic, key, data, identity));
}

// A stable id for something that has no event id of its own yet (an outbox row written before
// envelopes existed): the same seed gives the same id on every publish.
export function stableEventId(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function isCloudEvent(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'specversion' in raw;
}

export interface DecodedEvent {
  data: unknown;
  // Absent when a topic that accepts bare payloads got one.
  event?: CloudEventAttributes;
}

// Unwraps a consumed value: an envelope is checked (version, attributes, a type this topic
// carries, JSON data); a bare payload is taken only where other systems produce (acceptsBare).
export function decodeEvent(topic: TopicName, raw: unknown): DecodedEvent {
  const events = TOPIC_EVENTS[topic];
  if (!isCloudEvent(raw)) {
    if (events.acceptsBare) return { data: raw };
    throw new ContractViolation('CloudEvent', [
      { field: '(root)', message: 'must be a CloudEvents 1.0 envelope (structured JSON mode)' },
    ]);
  }
  const errors: FieldError[] = [];
  const text = (field: string): void => {
    if (typeof raw[field] !== 'string' || !raw[field])
      errors.push({ field, message: 'must be a non-empty string' });
  };
  if (raw.specversion !== '1.0') errors.push({ field: 'specversion', message: 'must be "1.0"' });
  ['id', 'source', 'type'].forEach(text);
  if (typeof raw.type === 'string' && raw.type && !events.types.includes(raw.type))
    errors.push({ field: 'type', message: `must be one of ${events.types.join(', ')}` });
  for (const field of ['subject', 'time', 'dataschema']) if (raw[field] !== undefined) text(field);
  if (typeof raw.time === 'string' && Number.isNaN(Date.parse(raw.time)))
    errors.push({ field: 'time', message: 'must be an RFC 3339 timestamp' });
  const contentType = raw.datacontenttype;
  if (contentType !== undefined && !/^application\/(.+\+)?json(;.*)?$/.test(String(contentType)))
    errors.push({ field: 'datacontenttype', message: 'must be application/json' });
  if ('data_base64' in raw)
    errors.push({ field: 'data_base64', message: 'is not accepted: send JSON in data' });
  if (!('data' in raw)) errors.push({ field: 'data', message: 'must be present' });
  if (errors.length) throw new ContractViolation('CloudEvent', errors);
  const { data, ...attributes } = raw;
  return { data, event: attributes as unknown as CloudEventAttributes };
}
