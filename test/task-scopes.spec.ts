import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLObjectType, Kind, OperationDefinitionNode, parse } from 'graphql';
import { TASK_SCOPES, TASKS } from '@shopsync/shared';
import { loadAdminSchema } from './shopify-sim';
import { requiredScope, scopeMap } from './shopify-sim/access-scopes';

// TASK_SCOPES (libs/shared) is what the documents each task sends need: every root field of
// every document in the task's folder (`*.graphql.ts`, bulk query builders included), its
// scope as the simulator's schema-derived map gives it. `nodes` needs none of its own: the
// types it reads are covered by the task's other scopes (a write scope implies its read).

const TASKS_DIR = join(__dirname, '..', 'apps', 'sync-worker', 'src', 'tasks');

function documentsOf(task: string): string[] {
  const dir = join(TASKS_DIR, task);
  const docs: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.graphql.ts'))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(join(dir, file)) as Record<string, unknown>;
    for (const value of Object.values(exported)) {
      if (typeof value === 'string') docs.push(value);
      else if (typeof value === 'function')
        docs.push((value as (q: string) => string)('available'));
    }
  }
  return docs;
}

describe('TASK_SCOPES against the documents each task sends', () => {
  const { schema } = loadAdminSchema();

  function derived(task: string): string[] {
    const scopes = new Set<string>();
    for (const text of documentsOf(task))
      for (const def of parse(text).definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const kind =
          (def as OperationDefinitionNode).operation === 'mutation' ? 'mutation' : 'query';
        const root = (
          kind === 'mutation' ? schema.getMutationType() : schema.getQueryType()
        ) as GraphQLObjectType;
        for (const sel of def.selectionSet.selections) {
          if (sel.kind !== Kind.FIELD) continue;
          const scope = requiredScope(schema, kind, root.getFields()[sel.name.value]);
          if (scope) scopes.add(scope);
        }
      }
    return [...scopes].sort();
  }

  it.each([...TASKS])('%s', (task) => {
    expect([...TASK_SCOPES[task]].sort()).toEqual(derived(task));
  });

  it('names only scopes the schema knows', () => {
    const known = new Set(scopeMap(schema).all);
    for (const scopes of Object.values(TASK_SCOPES))
      for (const scope of scopes)
        expect({ scope, known: known.has(scope) }).toEqual({ scope, known: true });
  });
});
