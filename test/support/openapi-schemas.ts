import type { OpenAPIObject } from '@nestjs/swagger';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;

// The OpenAPI document's component schemas as JSON Schema for ajv, in a strict view: an object
// that lists its properties takes no others (so a field the schema does not describe fails), and
// OpenAPI 3.0's `nullable` becomes "or null".
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, example: _example, ...rest } = node as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(rest)) {
    if (k === '$ref' && typeof v === 'string')
      out.$ref = v.replace('#/components/schemas/', '#/definitions/');
    else if (k === 'properties' && v && typeof v === 'object')
      out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s)]));
    else out[k] = strict(v);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  if (nullable !== true) return out;
  // `type: object` beside an allOf $ref (how @nestjs/swagger writes a nullable reference) goes
  // with the reference into the non-null branch.
  return { anyOf: [{ type: 'null' }, out] };
}

export interface OpenApiSchemas {
  // The ajv errors of `value` against the component schema `name` ([] when it matches).
  errors(name: string, value: unknown): string[];
  schema(name: string): Schema;
}

export function openApiSchemas(doc: OpenAPIObject): OpenApiSchemas {
  const components = (doc.components?.schemas ?? {}) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
  addFormats(ajv);
  ajv.addSchema({
    $id: 'openapi',
    definitions: Object.fromEntries(Object.entries(components).map(([n, s]) => [n, strict(s)])),
  });
  const compiled = new Map<string, ValidateFunction>();
  const validator = (name: string): ValidateFunction => {
    if (!components[name]) throw new Error(`no component schema ${name}`);
    let validate = compiled.get(name);
    if (!validate) {
      validate = ajv.getSchema(`openapi#/definitions/${name}`)!;
      compiled.set(name, validate);
    }
    return validate;
  };
  return {
    errors(name, value) {
      const validate = validator(name);
      return validate(value)
        ? []
        : (validate.errors ?? []).map(
            (e) =>
              `${e.instancePath || '/'} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? ` (${String((e.params as { additionalProperty: string }).additionalProperty)})` : ''}`,
          );
    },
    schema: (name) => components[name] as Schema,
  };
}

// The served document of a gateway a spec runs as a process (GET /docs/openapi.json).
export async function servedSchemas(
  api: (method: string, path: string) => Promise<{ status: number; body: unknown }>,
): Promise<OpenApiSchemas> {
  const res = await api('GET', '/docs/openapi.json');
  if (res.status !== 200) throw new Error(`GET /docs/openapi.json answered ${res.status}`);
  return openApiSchemas(res.body as OpenAPIObject);
}
