import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLOUD_EVENT_SCHEMA, CloudEventV1, TOPIC_EVENTS, TopicName } from '@shopsync/shared';
import { ROOT } from './env';

// The checked-in JSON Schemas (schemas/events), compiled once: every message a test reads off
// a topic is checked against the envelope's schema and its payload's, then unwrapped.
let ajv: Ajv2020 | undefined;

export function eventSchemas(): Ajv2020 {
  if (ajv) return ajv;
  ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const dir = join(ROOT, 'schemas', 'events');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
    ajv.addSchema(JSON.parse(readFileSync(join(dir, file), 'utf8')) as object);
  return ajv;
}

function schema(id: string): ValidateFunction {
  const validate = eventSchemas().getSchema(id);
  if (!validate) throw new Error(`no checked-in schema has $id ${id}`);
  return validate;
}

function check(validate: ValidateFunction, value: unknown, what: string): void {
  if (!validate(value))
    throw new Error(
      `${what} does not match its schema: ${eventSchemas().errorsText(validate.errors)}`,
    );
}

// The envelope of a message of `topic` (its base name; a test prefix in front is fine), checked
// against cloudevent.v1.json, its type against the topic's and its data against `dataschema`.
export function validEvent<T = Record<string, unknown>>(
  topic: string,
  value: string | null,
): CloudEventV1<T> {
  const base = (Object.keys(TOPIC_EVENTS) as TopicName[]).find((t) => topic.endsWith(t));
  if (!base) throw new Error(`${topic} is not a shopsync topic`);
  const event = JSON.parse(value ?? 'null') as CloudEventV1<T>;
  check(schema(CLOUD_EVENT_SCHEMA), event, `the envelope on ${base}`);
  if (!TOPIC_EVENTS[base].types.includes(event.type))
    throw new Error(`type ${event.type} is not one that ${base} carries`);
  check(schema(event.dataschema), event.data, `the ${event.type} payload`);
  return event;
}

export function eventData<T = Record<string, unknown>>(topic: string, value: string | null): T {
  return validEvent<T>(topic, value).data;
}
