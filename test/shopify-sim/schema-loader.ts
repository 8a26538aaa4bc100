import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSchema, GraphQLSchema } from 'graphql';

// The 2026-04 Admin SDL is 3.4 MB: parse and build it once per process and per path.

export interface LoadedSchema {
  schema: GraphQLSchema;
  path: string;
  buildMs: number;
}

const cache = new Map<string, LoadedSchema>();

// Walk up from here to the folder whose package.json is named "shopsync" (the repo root), so the
// loader works from test/ under ts-jest and from dist/test/ after a build alike.
export function findRepoRoot(start: string = __dirname): string {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const parsed: unknown = JSON.parse(readFileSync(pkg, 'utf8'));
        if (
          typeof parsed === 'object' &&
          parsed !== null &&
          'name' in parsed &&
          parsed.name === 'shopsync'
        ) {
          return dir;
        }
      } catch {
        // An unreadable package.json is not the root; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error(`shopify-sim: no package.json named "shopsync" above ${start}`);
    dir = parent;
  }
}

// The project keeps its own copy of Shopify's SDL (schemas/shopify), so a clone, a Docker build
// and CI read the same file; test/shopify-schema-copy.spec.ts pins it to the published checksum.
export function defaultSchemaPath(): string {
  return resolve(findRepoRoot(), 'schemas', 'shopify', 'admin-2026-04.graphql');
}

export function loadAdminSchema(schemaPath?: string): LoadedSchema {
  const path = resolve(schemaPath ?? defaultSchemaPath());
  const cached = cache.get(path);
  if (cached) return cached;
  const started = performance.now();
  const schema = buildSchema(readFileSync(path, 'utf8'));
  const loaded: LoadedSchema = { schema, path, buildMs: Math.round(performance.now() - started) };
  cache.set(path, loaded);
  return loaded;
}
