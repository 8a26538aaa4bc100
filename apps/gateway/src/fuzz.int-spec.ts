import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import request from 'supertest';
import { inProcessGateway } from '@test/support/gateway-in-process';

// Property: no body, however random or malformed, makes a write route answer 5xx; and a body
// that is invalid by construction is refused (4xx) and leaves every table as it was. Beside
// random JSON, the generators take each route's documented example and break it in the ways
// real clients do: nesting past the depth limit, NUL characters, nulls, arrays of arrays, huge
// numbers, odd charsets and content encodings; and page lists with absurd offsets.
describe('write routes under random and malformed bodies', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  let key: string;
  let sqlitePath: string;
  const targets: Array<{ method: 'post' | 'patch' | 'put'; url: string; example: unknown }> = [];
  const lists: string[] = [];

  beforeAll(async () => {
    ({ app, doc, key, sqlitePath } = await inProcessGateway());
    await request(app.getHttpServer())
      .post('/v1/shops')
      .set('authorization', `Bearer ${key}`)
      .send({ code: 'eu-store', domain: 'eu-store.myshopify.com' });
    // A real schedule, so its PATCH route gets past the lookup to the fields.
    const schedule = await request(app.getHttpServer())
      .post('/v1/shops/eu-store/schedules')
      .set('authorization', `Bearer ${key}`)
      .send({
        task: 'inventory',
        recurrence: { kind: 'cron', expression: '*/15 * * * *', timeZone: 'Europe/Amsterdam' },
      })
      .expect(201);
    for (const [path, item] of Object.entries(doc.paths)) {
      // A real schedule for its PATCH (the body-less actions would accept anything).
      const url = (path === '/v1/schedules/{id}' ? `/v1/schedules/${schedule.body.id}` : path)
        .replace('{code}', 'eu-store')
        .replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000');
      for (const method of ['post', 'patch', 'put'] as const) {
        const op = (item as Record<string, Operation | undefined>)[method];
        if (!op || path.includes('webhooks')) continue;
        targets.push({ method, url, example: exampleBody(op) });
      }
      const get = (item as Record<string, Operation | undefined>).get;
      if (get?.parameters?.some((p) => p.name === 'offset')) lists.push(url);
    }
  });

  interface Operation {
    parameters?: Array<{ name: string }>;
    requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  }
  interface Schema {
    $ref?: string;
    example?: unknown;
    properties?: Record<string, Schema>;
  }

  // A body built from the documented examples of the route's DTO (the starting point to break).
  function exampleBody(op: Operation): unknown {
    const resolve = (schema: Schema | undefined, depth = 0): unknown => {
      if (!schema || depth > 4) return undefined;
      if (schema.$ref) {
        const name = schema.$ref.split('/').pop() as string;
        return resolve(doc.components?.schemas?.[name] as Schema, depth + 1);
      }
      if (schema.example !== undefined) return schema.example;
      if (!schema.properties) return undefined;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties)) {
        const value = resolve(v, depth + 1);
        if (value !== undefined) out[k] = value;
      }
      return out;
    };
    return resolve(op.requestBody?.content?.['application/json']?.schema) ?? {};
  }

  afterAll(async () => {
    await app?.close();
  });

  function rowCounts(): Record<string, number> {
    const db = new Database(sqlitePath, { readonly: true });
    try {
      const tables = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'migrations'",
        )
        .all() as Array<{ name: string }>;
      return Object.fromEntries(
        tables.map((t) => [
          t.name,
          (db.prepare(`SELECT count(*) AS n FROM "${t.name}"`).get() as { n: number }).n,
        ]),
      );
    } finally {
      db.close();
    }
  }

  const send = (
    t: (typeof targets)[number],
    body: string,
    headers: Record<string, string> = { 'content-type': 'application/json' },
  ) => {
    let req = request(app.getHttpServer())[t.method](t.url).set('authorization', `Bearer ${key}`);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    return req.send(body);
  };

  const nest = (levels: number, inner: unknown): unknown => {
    let v = inner;
    for (let i = 0; i < levels; i++) v = i % 3 ? [v] : { a: v };
    return v;
  };
  // Thousands of levels are spliced in as text: JSON.stringify itself would overflow on them.
  const DEEP = '\u0001deep\u0001';
  const deepText = (levels: number) => `${'{"a":['.repeat(levels)}1${']}'.repeat(levels)}`;
  const stringify = (value: unknown, levels: number) =>
    JSON.stringify(value).replace(JSON.stringify(DEEP), deepText(levels));

  // Every place in a value where something else could stand: [] is the value itself.
  function slots(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
    const out = [path];
    if (path.length > 6 || value === null || typeof value !== 'object') return out;
    for (const [k, v] of Object.entries(value))
      out.push(...slots(v, [...path, Array.isArray(value) ? Number(k) : k]));
    return out;
  }

  function replaceAt(value: unknown, path: Array<string | number>, by: unknown): unknown {
    if (!path.length) return by;
    const copy = structuredClone(value) as Record<string | number, unknown>;
    let at = copy;
    for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
    at[path[path.length - 1]] = by;
    return copy;
  }

  const nulString = fc
    .tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }))
    .map(([a, b]) => `${a}\u0000${b}`);
  // Replacements that make any body invalid, wherever they stand.
  const poison = fc.oneof(
    nulString,
    fc.array(nulString, { minLength: 1, maxLength: 3 }),
    fc.dictionary(nulString, fc.integer(), { minKeys: 1, maxKeys: 2 }),
    fc.constant(DEEP),
  );
  // Replacements that are wrong in shape but may be legal where they land (a free-form map).
  const oddShape = fc.oneof(
    fc.constant(null),
    fc.constant([[]]),
    fc.constant([null]),
    fc.constant([[{}]]),
    fc.constant({}),
    fc.constant(''),
    fc.array(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 2 }), { maxLength: 2 }),
    fc.constantFrom(1e30, -1e30, 2 ** 53 + 2, 1e308, -0, 0.5),
    fc.integer({ min: 2, max: 64 }).map((n) => nest(n, null)),
  );
  const broken = (replacement: fc.Arbitrary<unknown>) =>
    fc
      .tuple(
        fc.integer({ min: 0, max: targets.length - 1 }),
        fc.nat(),
        replacement,
        fc.integer({ min: 33, max: 6000 }),
      )
      .map(([i, pick, by, levels]) => {
        const t = targets[i];
        const places = slots(t.example);
        const body = stringify(replaceAt(t.example, places[pick % places.length], by), levels);
        return { t, body };
      });
  // Headers no JSON body may come with (JSON is UTF-8; identity, gzip, deflate, br only).
  const oddHeaders = fc.oneof(
    fc
      .constantFrom('latin9', 'iso-8859-1', 'utf-7', 'utf-16', 'utf-32', 'x-foo', '')
      .map((cs) => ({ 'content-type': `application/json; charset=${cs}` })),
    fc
      .constantFrom('br', 'gzip', 'deflate', 'x-unknown', 'compress', 'zstd', 'gzip, br')
      .map((enc) => ({ 'content-type': 'application/json', 'content-encoding': enc })),
  );

  const parsesAsJson = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };

  // JSON that cannot be a valid body: not an object, an unknown field, or not JSON at all.
  const invalidBody = fc.oneof(
    fc
      .oneof(
        fc.array(fc.jsonValue(), { maxLength: 4 }),
        fc.integer(),
        fc.string(),
        fc.constant(null),
        fc.boolean(),
      )
      .map((v) => JSON.stringify(v)),
    fc
      .tuple(
        fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
        fc.string({ minLength: 1, maxLength: 10 }),
      )
      .map(([o, k]) => JSON.stringify({ ...o, [`zz_unknown_${k}`]: 1 })),
    fc
      .string({ minLength: 1, maxLength: 40 })
      .map((s) => `{${s}`)
      .filter((text) => !parsesAsJson(text)),
  );

  it('refuses 10,000 invalid bodies across every write route with a 4xx, storing nothing', async () => {
    expect(targets.length).toBeGreaterThan(5);
    const before = rowCounts();
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: targets.length - 1 }),
        invalidBody,
        async (i, body) => {
          const t = targets[i];
          const res = await send(t, body);
          seen.set(t.url, (seen.get(t.url) ?? 0) + 1);
          if (res.status < 400 || res.status >= 500)
            throw new Error(
              `${t.method} ${t.url} answered ${res.status} to ${body}: ${JSON.stringify(res.body)}`,
            );
          if (typeof res.body?.message !== 'string' || !res.body.message)
            throw new Error(`${t.url}: a 4xx without a message`);
        },
      ),
      { numRuns: 10_000, seed: 20261128 },
    );
    expect(rowCounts()).toEqual(before);
    expect(seen.size).toBe(new Set(targets.map((t) => t.url)).size);
  });

  it('refuses 2,000 documented bodies broken by deep nesting, NULs, odd charsets or encodings with a 4xx, storing nothing', async () => {
    const before = rowCounts();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          broken(poison).map((b) => ({ ...b, headers: undefined })),
          fc
            .tuple(fc.integer({ min: 0, max: targets.length - 1 }), oddHeaders)
            .map(([i, headers]) => ({
              t: targets[i],
              body: JSON.stringify(targets[i].example),
              headers,
            })),
        ),
        async ({ t, body, headers }) => {
          const res = await send(t, body, headers);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status < 400 || res.status >= 500)
            throw new Error(
              `${t.method} ${t.url} answered ${res.status} to ${body.slice(0, 200)} ${JSON.stringify(headers)}: ${JSON.stringify(res.body)}`,
            );
          if (typeof res.body?.message !== 'string' || !res.body.message)
            throw new Error(`${t.url}: a 4xx without a message`);
        },
      ),
      { numRuns: 2_000, seed: 1212 },
    );
    expect(rowCounts()).toEqual(before);
    expect([...statuses.keys()].sort()).toEqual([400, 415]);
  });

  it('never answers 5xx to documented bodies with nulls, nested arrays or huge numbers anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(broken(oddShape), async ({ t, body }) => {
        const res = await send(t, body);
        if (res.status >= 500)
          throw new Error(
            `${t.method} ${t.url} answered ${res.status} to ${body.slice(0, 300)}: ${JSON.stringify(res.body)}`,
          );
      }),
      { numRuns: 2_000, seed: 612 },
    );
  });

  it('never answers 5xx to a paged list asked for absurd offsets and limits', async () => {
    expect(lists.length).toBeGreaterThan(1);
    const number = fc.oneof(
      fc.constantFrom('1e30', '99999999999999999999', '-1', '1.5', 'NaN', 'Infinity', '0x10', ''),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...lists), number, number, async (url, offset, limit) => {
        const res = await request(app.getHttpServer())
          .get(url)
          .query({ offset, limit })
          .set('authorization', `Bearer ${key}`);
        if (res.status >= 500)
          throw new Error(
            `${url}?offset=${offset}&limit=${limit} answered ${res.status}: ${JSON.stringify(res.body)}`,
          );
      }),
      { numRuns: 500, seed: 4711 },
    );
  });

  it('never answers 5xx to arbitrary JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: targets.length - 1 }),
        fc.jsonValue({ maxDepth: 3 }),
        async (i, value) => {
          const res = await send(targets[i], JSON.stringify(value));
          if (res.status >= 500)
            throw new Error(
              `${targets[i].url} answered ${res.status} to ${JSON.stringify(value)}: ${JSON.stringify(res.body)}`,
            );
        },
      ),
      { numRuns: 2_000, seed: 7 },
    );
  });
});
