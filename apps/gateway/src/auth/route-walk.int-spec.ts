import { INestApplication } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { inProcessGateway } from '@test/support/gateway-in-process';
import { databaseDigest, DocOperation, operations, raw } from '@test/support/openapi-walk';

const SHOP = 'eu-store';
const ID = '00000000-0000-4000-8000-000000000000';

// The same path in the spellings a case-insensitive or normalising router would take for it.
function spellings(path: string): string[] {
  const segs = path.split('/').slice(1);
  const [first, ...others] = segs;
  const rest = others.length ? `/${others.join('/')}` : '';
  const literal = [...segs.keys()].filter((i) => segs[i] !== SHOP && segs[i] !== ID).pop()!;
  const withSeg = (i: number, s: string) => '/' + segs.map((x, j) => (j === i ? s : x)).join('/');
  const word = segs[literal];
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16)}`;
  const out = [
    path.toUpperCase(),
    `/${first.toUpperCase()}${rest}`,
    withSeg(literal, word[0].toUpperCase() + word.slice(1)),
    `/${path}`,
    `/${first}/${rest}`,
    `/${first}/.${rest}`,
    `/${first}/x/..${rest}`,
    `/${hex(first[0])}${first.slice(1)}${rest}`,
    withSeg(literal, word.slice(0, -1) + hex(word.slice(-1))),
    `${path}/`,
    `/${first};${rest}`,
  ];
  if (rest) out.push(`/${first}%2F${rest.slice(1)}`, `/${first}/./x/..${rest}`);
  if (literal === segs.length - 1) out.push(`${path};`);
  return out;
}

// Open by design: health, metrics, and webhooks (their HMAC is the authentication).
const PUBLIC = /^\/(health\/|metrics$|v1\/webhooks\/)/;

const concrete = (op: DocOperation) => op.path.replace('{code}', SHOP).replace(/\{id\}/g, ID);

// Item 1 of issue 12: whether a route needs a key is decided by the route the router matched,
// and the router matches one spelling only. No spelling of any documented path reaches a handler
// without a key, and nothing in the database changes.
describe('every route, every spelling, no key', () => {
  let app: INestApplication;
  let doc: OpenAPIObject;
  let key: string;
  let sqlitePath: string;

  beforeAll(async () => {
    ({ app, doc, key, sqlitePath } = await inProcessGateway());
    await app.listen(0, '127.0.0.1');
    // A shop to aim at, so a request that got through would find something to change.
    const created = await raw(app, 'POST', '/v1/shops', {
      key,
      body: { code: SHOP, domain: `${SHOP}.myshopify.com` },
    });
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('walks the document', () => {
    expect(operations(doc).length).toBeGreaterThan(25);
  });

  it('answers 401 for the true spelling of every keyed route, and never 2xx or 5xx', async () => {
    const before = databaseDigest(sqlitePath);
    const wrong: string[] = [];
    for (const op of operations(doc)) {
      const res = await raw(app, op.method, concrete(op), { body: op.body, streamMs: 1000 });
      const ok = PUBLIC.test(op.path) ? res.status < 500 : res.status === 401;
      if (!ok) wrong.push(`${op.method} ${op.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(databaseDigest(sqlitePath)).toBe(before);
  });

  it('routes no other spelling of a path, with or without a key (404)', async () => {
    const before = databaseDigest(sqlitePath);
    const wrong: string[] = [];
    let sent = 0;
    for (const op of operations(doc))
      for (const path of spellings(concrete(op)))
        for (const k of [undefined, key]) {
          const res = await raw(app, op.method, path, { key: k, body: op.body, streamMs: 1000 });
          sent++;
          if (res.status !== 404 && res.status !== 400)
            wrong.push(`${op.method} ${path} ${k ? 'with' : 'without'} key → ${res.status}`);
        }
    expect(sent).toBeGreaterThan(500);
    expect(wrong).toEqual([]);
    expect(databaseDigest(sqlitePath)).toBe(before);
  });

  it('keeps health, metrics, docs, the page and its assets open', async () => {
    for (const path of ['/health/live', '/metrics', '/docs/openapi.json', '/', '/ui/app.js'])
      expect([path, (await raw(app, 'GET', path)).status]).toEqual([path, 200]);
  });
});

// The per-key limit counts every keyed route by the route, whatever the spelling, and never
// applies to the public ones.
describe('rate limit by route', () => {
  let app: INestApplication;
  let key: string;

  beforeAll(async () => {
    ({ app, key } = await inProcessGateway({ API_RATE_LIMIT_PER_MINUTE: '3' }));
    await app.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('limits a key on /v1 routes and leaves health alone', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await raw(app, 'GET', '/v1/shops', { key })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another spelling is no route at all: it neither reaches the handler nor escapes the limit.
    expect((await raw(app, 'GET', '/V1/shops', { key })).status).toBe(404);
    for (let i = 0; i < 5; i++) expect((await raw(app, 'GET', '/health/live')).status).toBe(200);
  });
});
