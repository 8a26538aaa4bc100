import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DocumentNode, Kind, parse, validate } from 'graphql';
import { registeredGraphqlDocuments } from '@shopsync/shared';
import { loadAdminSchema } from './shopify-sim';

// Every GraphQL document the project sends lives in a `*.graphql.ts` file (gql-tagged
// constants) or a `.graphql` file anywhere under apps/ or libs/, and must validate against
// Shopify's real 2026-04 Admin schema with zero errors. New files are picked up by name.

const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['apps', 'libs'];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return [path];
  });
}

const files = SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d)));
const tsFiles = files.filter((f) => f.endsWith('.graphql.ts'));
const sdlFiles = files.filter((f) => f.endsWith('.graphql'));

interface Found {
  where: string;
  text: string;
}

function collect(): Found[] {
  const found: Found[] = [];
  for (const file of tsFiles) {
    const where = relative(ROOT, file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(file) as Record<string, unknown>;
    const strings = Object.entries(exported).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    );
    for (const [name, text] of strings) found.push({ where: `${where}#${name}`, text });
  }
  for (const file of sdlFiles)
    found.push({ where: relative(ROOT, file), text: readFileSync(file, 'utf8') });
  return found;
}

const operationsOf = (doc: DocumentNode) =>
  doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);

describe('GraphQL documents against the Shopify Admin schema (2026-04)', () => {
  const found = collect();
  const { schema } = loadAdminSchema();

  it('finds the documents (and every *.graphql.ts file exports some, tagged with gql)', () => {
    expect(tsFiles.length).toBeGreaterThan(0);
    const registered = new Set(registeredGraphqlDocuments());
    for (const file of tsFiles) {
      const where = relative(ROOT, file);
      const own = found.filter((f) => f.where.startsWith(`${where}#`));
      expect({ file: where, documents: own.length > 0 }).toEqual({ file: where, documents: true });
      for (const doc of own)
        expect({ doc: doc.where, tagged: registered.has(doc.text) }).toEqual({
          doc: doc.where,
          tagged: true,
        });
    }
  });

  it('validates every document with zero errors, each operation named', () => {
    const problems: string[] = [];
    let operations = 0;
    for (const { where, text } of found) {
      let doc: DocumentNode;
      try {
        doc = parse(text);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
        continue;
      }
      // A fragments-only export is validated inside the operations that use it.
      if (!operationsOf(doc).length) continue;
      operations += operationsOf(doc).length;
      for (const op of operationsOf(doc))
        if (op.kind === Kind.OPERATION_DEFINITION && !op.name)
          problems.push(`${where}: an operation has no name (the call log and faults use it)`);
      for (const error of validate(schema, doc)) problems.push(`${where}: ${error.message}`);
    }
    expect(problems).toEqual([]);
    expect(operations).toBeGreaterThan(0);
  });

  it('keeps documents out of ordinary source files', () => {
    const offenders = files
      .filter((f) => f.endsWith('.ts') && !/\.(graphql|spec|int-spec|e2e-spec)\.ts$/.test(f))
      .filter((f) => !f.endsWith(join('shopify', 'gql.ts')))
      .filter((f) => /\bgql`/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });
});
