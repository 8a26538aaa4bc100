import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import request from 'supertest';
import { inProcessGateway } from '../../../test/support/gateway-in-process';

// Property: no body, however random or malformed, makes a write route answer 5xx; and a body
// that is invalid by construction is refused (4xx) and leaves every table as it was.
describe('write routes under random and malformed bodies', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  let key: string;
  let sqlitePath: string;
  const targets: Array<{ method: 'post' | 'patch' | 'put'; url: string }> = [];

  beforeAll(async () => {
    ({ app, doc, key, sqlitePath } = await inProcessGateway());
    await request(app.getHttpServer())
      .post('/v1/shops')
      .set('authorization', `Bearer ${key}`)
      .send({ code: 'eu-store', domain: 'eu-store.myshopify.com' });
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of ['post', 'patch', 'put'] as const) {
        if (!(item as Record<string, unknown>)[method] || path.includes('webhooks')) continue;
        targets.push({
          method,
          url: path
            .replace('{code}', 'eu-store')
            .replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000'),
        });
      }
    }
  });

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

  const send = (t: (typeof targets)[number], body: string) =>
    request(app.getHttpServer())
      [t.method](t.url)
      .set('authorization', `Bearer ${key}`)
      .set('content-type', 'application/json')
      .send(body);

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
    fc.string({ minLength: 1, maxLength: 40 }).map((s) => `{${s}`),
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
