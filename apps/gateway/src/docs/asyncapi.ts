import {
  CLOUD_EVENT_SCHEMA,
  dataSchemaOf,
  ERP_DOC_TYPES,
  packageInfo,
  TOPIC_EVENTS,
  TOPICS,
  TopicName,
} from '@shopsync/shared';
import { EVENT_SCHEMA_FILES, JsonSchema, payloadSchemaOf } from './event-schemas';

// Who writes and reads each topic (DESIGN.md's table): `send` and `receive` are shopsync's own.
const CHANNELS: Record<
  TopicName,
  { id: string; key: string; send: boolean; receive: boolean; description: string }
> = {
  [TOPICS.syncRequested]: {
    id: 'syncRequested',
    key: '<shopId>/<category>: one key, one partition, in order',
    send: true,
    receive: true,
    description:
      'Written by the gateway and the scheduler (through the outbox), read by the workers.',
  },
  [TOPICS.syncCommands]: {
    id: 'syncCommands',
    key: '<shop code>',
    send: false,
    receive: true,
    description:
      'Written by other systems, read by the gateway. Takes a CloudEvents envelope or, as before envelopes, the bare payload.',
  },
  [TOPICS.syncLifecycle]: {
    id: 'syncLifecycle',
    key: '<shopId>/<category>, as the request',
    send: true,
    receive: true,
    description:
      'Written by the workers, the gateway (cancellations) and the outbox (`queued`), read by the gateway and anyone.',
  },
  [TOPICS.erpInbound]: {
    id: 'erpInbound',
    key: '<entity>/<id>',
    send: false,
    receive: true,
    description:
      'Written by ERP producers, read by the gateway (ERP inbox). Takes a CloudEvents envelope or the bare payload.',
  },
  [TOPICS.erpOutbound]: {
    id: 'erpOutbound',
    key: '<shopId>/<docType>/<id>',
    send: true,
    receive: false,
    description: 'Written by the workers (through the outbox), read by ERP consumers.',
  },
  [TOPICS.dlq]: {
    id: 'dlq',
    key: 'the refused message key',
    send: true,
    receive: false,
    description: 'Written by any shopsync consumer, read by operators.',
  },
};

const HEADERS: JsonSchema = {
  type: 'object',
  properties: {
    traceparent: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C trace context of the job (or request) the message belongs to.',
    },
    tracestate: { type: 'string', description: 'W3C trace context vendor state, when present.' },
  },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const componentName = (file: string) => file.replace(/\.json$/, '');

// A 2020-12 schema file as AsyncAPI components: `$defs` become components of their own (the
// AsyncAPI schema format is draft-07 based and resolves `$ref` against the document).
function addSchema(file: string, schema: JsonSchema, into: Record<string, JsonSchema>): void {
  const prefix = componentName(file);
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) =>
        k === '$ref' && typeof v === 'string'
          ? [k, v.replace('#/$defs/', `#/components/schemas/${prefix}.`)]
          : [k, rewrite(v)],
      ),
    );
  };
  const { $schema: _s, $id: _id, $defs, ...root } = schema;
  into[prefix] = rewrite(root) as JsonSchema;
  for (const [name, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>))
    into[`${prefix}.${name}`] = rewrite(def) as JsonSchema;
}

function messageOf(topic: TopicName, type: string, data: JsonSchema, key: string) {
  return {
    name: type,
    title: type,
    summary: TOPIC_EVENTS[topic].summary,
    contentType: 'application/json',
    headers: ref('KafkaHeaders'),
    payload: {
      allOf: [
        ref(componentName('cloudevent.v1.json')),
        {
          type: 'object',
          properties: { type: { const: type }, dataschema: { const: dataSchemaOf(topic) }, data },
        },
      ],
    },
    bindings: { kafka: { key: { type: 'string', description: key }, bindingVersion: '0.5.0' } },
  };
}

// The AsyncAPI 3.0 document of every topic; served at /docs/asyncapi.json.
export function asyncApiDocument(): Record<string, unknown> {
  const schemas: Record<string, JsonSchema> = { KafkaHeaders: HEADERS };
  for (const [file, schema] of Object.entries(EVENT_SCHEMA_FILES)) addSchema(file, schema, schemas);
  const messages: Record<string, unknown> = {};
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of Object.values(TOPICS)) {
    const c = CHANNELS[topic];
    // Throws when the topic's checked-in schema is missing or names another $id.
    payloadSchemaOf(topic);
    const payload = ref(componentName(`${TOPIC_EVENTS[topic].schema}.json`));
    const kinds =
      topic === TOPICS.erpOutbound
        ? ERP_DOC_TYPES.map((docType) => ({
            id: `erp-${docType}`,
            type: `dev.shopsync.erp.${docType}.v1`,
            data: { allOf: [payload, { properties: { docType: { const: docType } } }] },
          }))
        : [{ id: c.id, type: TOPIC_EVENTS[topic].types[0], data: payload }];
    const channelMessages: Record<string, unknown> = {};
    for (const kind of kinds) {
      messages[kind.id] = messageOf(topic, kind.type, kind.data, c.key);
      channelMessages[kind.id] = { $ref: `#/components/messages/${kind.id}` };
    }
    channels[c.id] = { address: topic, description: c.description, messages: channelMessages };
    const opMessages = kinds.map((k) => ({ $ref: `#/channels/${c.id}/messages/${k.id}` }));
    for (const action of ['send', 'receive'] as const)
      if (c[action])
        operations[`${action}${c.id[0].toUpperCase()}${c.id.slice(1)}`] = {
          action,
          channel: { $ref: `#/channels/${c.id}` },
          messages: opMessages,
        };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'shopsync events',
      version: packageInfo(__dirname).version,
      description:
        'Every message is a CloudEvents 1.0 event in structured JSON mode: the Kafka value is the envelope ' +
        `(${CLOUD_EVENT_SCHEMA}), \`data\` the versioned payload its \`dataschema\` names. ` +
        'Topic names take KAFKA_TOPIC_PREFIX in front. The JSON Schemas (draft 2020-12) are served under /docs/schemas/events/.',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: {
        host: 'localhost:9092',
        protocol: 'kafka',
        description: 'The brokers of KAFKA_BROKERS.',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}
