#!/usr/bin/env node
// Generates the JSON Schemas (draft 2020-12) of the event payloads, schemas/events/*.json, from
// the TypeScript contracts, so the checked-in schemas say what the code produces. The envelope
// (cloudevent.v1.json) is written by hand from the CloudEvents 1.0 spec. `node
// scripts/event-schemas.js` rewrites the files; a unit test fails when they drift.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const CONTRACTS = 'libs/shared/src/contracts';
const BASE = 'https://shopsync.dev/schemas/events/';

// file (without .json) → [contract file, type, title]
const PAYLOADS = {
  'sync-requested.v1': ['sync-requested.v1.ts', 'SyncRequestedV1', 'A job to run'],
  'sync-command.v1': ['sync-command.v1.ts', 'SyncCommandV1', 'A sync requested by another system'],
  'sync-lifecycle.v1': ['sync-lifecycle.v1.ts', 'SyncLifecycleV1', "A job's status"],
  'erp-inbound.v1': ['erp-inbound.v1.ts', 'ErpInboundMessage', 'One ERP record'],
  'erp-outbound.v1': ['erp-outbound.v1.ts', 'ErpOutboundV1', 'A document for the ERP'],
  'dlq.v1': ['dlq.v1.ts', 'DeadLetterV1', 'A refused message and why'],
};

// What the class-validator decorators add to the TypeScript types (formats, integers, bounds).
const UUID = { format: 'uuid' };
const DATE_TIME = { format: 'date-time' };
const POSITIVE = { type: 'integer', minimum: 1 };
const COUNT = { type: 'integer', minimum: 0 };
const REFINE = {
  SyncRequestedV1: {
    jobId: UUID,
    shopId: UUID,
    category: { minLength: 1, maxLength: 64 },
    attempt: { ...POSITIVE, maximum: 10 },
    requestedAt: DATE_TIME,
    traceId: { minLength: 1, maxLength: 64 },
  },
  SyncCommandV1: {
    shop: { pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    idempotencyKey: { minLength: 1, maxLength: 200 },
    timeoutSeconds: { type: 'integer', minimum: 1, maximum: 86400 },
    notBefore: { maxLength: 40 },
    expiresAt: { maxLength: 40 },
  },
  SyncLifecycleV1: { jobId: UUID, waitingFor: UUID, at: DATE_TIME, attempt: POSITIVE },
  JobProgressV1: { processed: COUNT, total: COUNT },
  DeadLetterV1: { partition: COUNT, at: DATE_TIME },
};

function generate(file, type) {
  // Required here, not above: only this script and its test need the generator.
  const { createGenerator } = require('ts-json-schema-generator');
  return createGenerator({
    path: join(root, CONTRACTS, file),
    tsconfig: join(root, 'tsconfig.json'),
    type,
    expose: 'export',
    topRef: false,
    skipTypeCheck: true,
    additionalProperties: false,
    sortProps: true,
  }).createSchema(type);
}

// draft-07 as the generator writes it → 2020-12: `definitions` become `$defs`.
function to202012(node) {
  if (Array.isArray(node)) return node.map(to202012);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace('#/definitions/', '#/$defs/');
    else if (k === 'definitions') out.$defs = to202012(v);
    else out[k] = to202012(v);
  }
  return out;
}

function refine(schema, type) {
  const apply = (node, patches) => {
    for (const [prop, patch] of Object.entries(patches ?? {}))
      if (node.properties?.[prop]) Object.assign(node.properties[prop], patch);
  };
  apply(schema, REFINE[type]);
  for (const [name, def] of Object.entries(schema.$defs ?? {})) apply(def, REFINE[name]);
  return schema;
}

function generateEventSchemas() {
  const out = {};
  for (const [name, [file, type, title]] of Object.entries(PAYLOADS)) {
    const { $schema: _draft07, ...schema } = to202012(generate(file, type));
    if (!Object.keys(schema.$defs ?? {}).length) delete schema.$defs;
    out[name] = refine(
      {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `${BASE}${name}.json`,
        title,
        ...schema,
      },
      type,
    );
  }
  return out;
}

module.exports = { generateEventSchemas, PAYLOADS };

if (require.main === module) {
  for (const [name, schema] of Object.entries(generateEventSchemas())) {
    writeFileSync(
      join(root, 'schemas/events', `${name}.json`),
      `${JSON.stringify(schema, null, 2)}\n`,
    );
    console.log(`schemas/events/${name}.json`);
  }
}
