import { dataSchemaOf, TOPIC_EVENTS, TopicName } from '@shopsync/shared';
import cloudEvent from '../../../../schemas/events/cloudevent.v1.json';
import dlq from '../../../../schemas/events/dlq.v1.json';
import erpInbound from '../../../../schemas/events/erp-inbound.v1.json';
import erpOutbound from '../../../../schemas/events/erp-outbound.v1.json';
import syncCommand from '../../../../schemas/events/sync-command.v1.json';
import syncLifecycle from '../../../../schemas/events/sync-lifecycle.v1.json';
import syncRequested from '../../../../schemas/events/sync-requested.v1.json';

export type JsonSchema = Record<string, unknown>;

// The checked-in schemas (schemas/events), by file name; compiled into the build with the code.
export const EVENT_SCHEMA_FILES: Record<string, JsonSchema> = {
  'cloudevent.v1.json': cloudEvent,
  'dlq.v1.json': dlq,
  'erp-inbound.v1.json': erpInbound,
  'erp-outbound.v1.json': erpOutbound,
  'sync-command.v1.json': syncCommand,
  'sync-lifecycle.v1.json': syncLifecycle,
  'sync-requested.v1.json': syncRequested,
};

export function payloadSchemaOf(topic: TopicName): JsonSchema {
  const file = `${TOPIC_EVENTS[topic].schema}.json`;
  const schema = EVENT_SCHEMA_FILES[file];
  if (schema?.$id !== dataSchemaOf(topic)) throw new Error(`schemas/events/${file} is missing`);
  return schema;
}
