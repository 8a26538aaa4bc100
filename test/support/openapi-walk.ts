import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

interface SchemaObject {
  $ref?: string;
  example?: unknown;
  properties?: Record<string, SchemaObject>;
  allOf?: SchemaObject[];
}
interface Operation {
  parameters?: Array<{ name: string; in: string }>;
  requestBody?: { content?: Record<string, { schema?: SchemaObject }> };
}

export interface DocOperation {
  method: string;
  // As documented: `/v1/shops/{code}`.
  path: string;
  queryParams: string[];
  // The request example of the body, built from the schema's property examples.
  body: Record<string, unknown> | undefined;
}

// Every operation of the OpenAPI document, so a test over it covers a route added later.
export function operations(doc: OpenAPIObject): DocOperation[] {
  const resolve = (s: SchemaObject): SchemaObject => {
    if (s.$ref)
      return resolve((doc.components?.schemas ?? {})[s.$ref.split('/').pop()!] as SchemaObject);
    if (s.allOf?.length)
      return s.allOf
        .map(resolve)
        .reduce((a, b) => ({ ...a, ...b, properties: { ...a.properties, ...b.properties } }), {});
    return s;
  };
  const example = (s: SchemaObject): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(resolve(s).properties ?? {})
        .filter(([, p]) => p.example !== undefined)
        .map(([k, p]) => [k, p.example]),
    );
  const out: DocOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      out.push({
        method: method.toUpperCase(),
        path,
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: schema ? example(schema) : undefined,
      });
    }
  return out;
}

export interface RawResponse {
  status: number;
  body: string;
}

// A request sent with its path exactly as given (no client-side normalisation of `.`, `..`,
// `//` or percent-encoding, which URL-based clients apply). A stream is cut after `streamMs`.
export function raw(
  app: INestApplication,
  method: string,
  path: string,
  opts: { key?: string; body?: unknown; streamMs?: number } = {},
): Promise<RawResponse> {
  const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
  const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: {
          ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}),
          ...(payload ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        const done = () => resolve({ status: res.statusCode ?? 0, body });
        res.on('end', done);
        if (opts.streamMs !== undefined)
          setTimeout(() => {
            done();
            req.destroy();
          }, opts.streamMs);
      },
    );
    req.on('error', (e) => (opts.streamMs !== undefined ? undefined : reject(e)));
    req.end(payload);
  });
}

// A digest of every row of every table of the embedded database.
export function databaseDigest(sqlitePath: string): string {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const hash = createHash('sha256');
    const tables = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      .all() as Array<{ name: string }>;
    for (const { name } of tables) {
      hash.update(`\n#${name}\n`);
      for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).iterate())
        hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

// Outbox rows still waiting to be published (a flush in flight will mark them).
function unpublishedRows(sqlitePath: string): number {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        `SELECT COUNT(*) AS n FROM "outbox" WHERE "publishedAt" IS NULL AND "failedAt" IS NULL`,
      )
      .get() as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

// The digest once background writes have settled: every outbox row published (a first flush
// waits for the broker's connection and topic facts, longer than any fixed pause on a loaded
// machine) and then nothing changing for 300 ms.
export async function settledDigest(sqlitePath: string, deadlineMs = 10_000): Promise<string> {
  const end = Date.now() + deadlineMs;
  while (unpublishedRows(sqlitePath) > 0 && Date.now() < end)
    await new Promise((r) => setTimeout(r, 100));
  let last = databaseDigest(sqlitePath);
  for (;;) {
    await new Promise((r) => setTimeout(r, 300));
    const now = databaseDigest(sqlitePath);
    if (now === last || Date.now() > end) return now;
    last = now;
  }
}
