import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import request from 'supertest';
import { inProcessGateway } from '@test/support/gateway-in-process';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}
interface SchemaObject {
  $ref?: string;
  type?: string;
  example?: unknown;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  allOf?: SchemaObject[];
}

// The gateway in-process (embedded database, the test Kafka): the OpenAPI document must cover
// every /v1 route, and every request example in it must be accepted as valid.
describe('OpenAPI document', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  let key: string;

  beforeAll(async () => {
    ({ app, doc, key } = await inProcessGateway());
  });

  afterAll(async () => {
    await app?.close();
  });

  function routes(): Array<{ method: string; path: string }> {
    const express = app.getHttpAdapter().getInstance() as {
      router?: { stack: Layer[] };
      _router?: { stack: Layer[] };
    };
    const stack = (express.router ?? express._router)?.stack ?? [];
    return stack
      .filter((l) => l.route)
      .flatMap((l) =>
        Object.keys(l.route!.methods).map((m) => ({
          method: m.toLowerCase(),
          path: l.route!.path,
        })),
      );
  }

  it('documents every /v1 route', () => {
    const api = routes().filter((r) => r.path.startsWith('/v1/'));
    expect(api.length).toBeGreaterThan(15);
    const missing = api.filter((r) => {
      const p = r.path.replace(/:(\w+)/g, '{$1}');
      return !(doc.paths[p] as Record<string, unknown> | undefined)?.[r.method];
    });
    expect(missing).toEqual([]);
  });

  it('serves the document and Swagger UI', async () => {
    const json = await request(app.getHttpServer()).get('/docs/openapi.json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect((await request(app.getHttpServer()).get('/docs')).status).toBe(200);
  });

  it('serves the AsyncAPI document and the event schemas beside it, without a key', async () => {
    const asyncapi = await request(app.getHttpServer()).get('/docs/asyncapi.json');
    expect(asyncapi.status).toBe(200);
    expect(asyncapi.body.asyncapi).toBe('3.0.0');
    expect(Object.keys(asyncapi.body.channels)).toHaveLength(6);
    const schema = await request(app.getHttpServer()).get(
      '/docs/schemas/events/sync-lifecycle.v1.json',
    );
    expect(schema.status).toBe(200);
    expect(schema.body.$id).toBe('https://shopsync.dev/schemas/events/sync-lifecycle.v1.json');
    expect((await request(app.getHttpServer()).get('/docs/schemas/events/nope.json')).status).toBe(
      404,
    );
  });

  const resolve = (s: SchemaObject): SchemaObject => {
    if (s.$ref)
      return resolve((doc.components?.schemas ?? {})[s.$ref.split('/').pop()!] as SchemaObject);
    if (s.allOf?.length)
      return s.allOf
        .map(resolve)
        .reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    return s;
  };
  const example = (s: SchemaObject): Record<string, unknown> => {
    const r = resolve(s);
    return Object.fromEntries(
      Object.entries(r.properties ?? {})
        .filter(([, p]) => p.example !== undefined)
        .map(([k, p]) => [k, p.example]),
    );
  };

  it('accepts every request example (shop first, so the others have one to act on)', async () => {
    const ops: Array<{ method: string; path: string; body: Record<string, unknown> }> = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(
        item as Record<
          string,
          { requestBody?: { content?: Record<string, { schema?: SchemaObject }> } }
        >,
      )) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        if (!schema || path.includes('webhooks')) continue;
        ops.push({ method, path, body: example(schema) });
      }
    }
    ops.sort((a, b) => (a.path === '/v1/shops' ? -1 : b.path === '/v1/shops' ? 1 : 0));
    expect(ops.length).toBeGreaterThan(3);
    const refused: string[] = [];
    for (const op of ops) {
      const url = op.path
        .replace('{code}', 'eu-store')
        .replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await request(app.getHttpServer())
        [op.method as 'post'](url)
        .set('authorization', `Bearer ${key}`)
        .send(op.body);
      if (res.status === 400 || res.status >= 500)
        refused.push(
          `${op.method.toUpperCase()} ${op.path} → ${res.status} ${JSON.stringify(res.body)}`,
        );
    }
    expect(refused).toEqual([]);
  });
});
