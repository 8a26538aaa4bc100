import {
  DocumentNode,
  FieldNode,
  getArgumentValues,
  GraphQLSchema,
  OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { fragmentsOf } from './selection-walk';
import { isRecord } from './types';

// Shopify caps every input array at 250 items (an error, not a user error).

export const MAX_INPUT_ARRAY_SIZE = 250;

export interface OversizedInput {
  size: number;
  path: (string | number)[];
  node: FieldNode;
}

function findLongArray(
  value: unknown,
  path: (string | number)[],
): { size: number; path: (string | number)[] } | null {
  if (Array.isArray(value)) {
    if (value.length > MAX_INPUT_ARRAY_SIZE) return { size: value.length, path };
    for (let i = 0; i < value.length; i++) {
      const found = findLongArray(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = findLongArray(v, [...path, k]);
      if (found) return found;
    }
  }
  return null;
}

// Shopify caps every input array at 250 items, whether passed inline or through variables.
export function findOversizedInputArray(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): OversizedInput | null {
  const typeInfo = new TypeInfo(schema);
  let found: OversizedInput | null = null;
  const fragments = Object.values(fragmentsOf(document));
  for (const definition of [operation, ...fragments]) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          if (found || !node.arguments?.length) return;
          const def = typeInfo.getFieldDef();
          if (!def) return;
          let args: Record<string, unknown>;
          try {
            args = getArgumentValues(def, node, variables);
          } catch {
            return;
          }
          const hit = findLongArray(args, [node.name.value]);
          if (hit) found = { ...hit, node };
        },
      }),
    );
  }
  return found;
}
