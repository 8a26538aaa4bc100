import {
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  OperationDefinitionNode,
  typeFromAST,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { isRecord } from './types';

// Shopify (graphql-ruby) refuses an ID that is not a global id before anything runs: a variable
// answers "Variable $x of type ID! was provided invalid value" with the problem, a literal
// "Argument 'x' on Field 'y' has an invalid value". A well-formed GID of the wrong type is not
// an error here: it finds nothing (null, or the mutation's "does not exist" userError).

const SHOPIFY_GID = /^gid:\/\/shopify\/[A-Za-z][A-Za-z0-9]*\/[^/?\s]+(\?\S*)?$/;

export function isShopifyGid(value: unknown): boolean {
  return typeof value === 'string' && SHOPIFY_GID.test(value);
}

function badIdsIn(
  type: GraphQLInputType,
  value: unknown,
  path: (string | number)[],
): { path: (string | number)[]; value: unknown }[] {
  if (value === null || value === undefined) return [];
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner))
    return Array.isArray(value)
      ? value.flatMap((v, i) => badIdsIn(inner.ofType, v, [...path, i]))
      : badIdsIn(inner.ofType, value, path);
  if (isScalarType(inner))
    return inner.name === 'ID' && !isShopifyGid(value) ? [{ path, value }] : [];
  if (isInputObjectType(inner) && isRecord(value))
    return Object.values(inner.getFields()).flatMap((f) =>
      badIdsIn(f.type, value[f.name], [...path, f.name]),
    );
  return [];
}

export function invalidGidErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): GraphQLError[] {
  const errors: GraphQLError[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const name = definition.variable.name.value;
    if (!type) continue;
    const bad = badIdsIn(type, variables[name], []);
    if (bad.length)
      errors.push(
        new GraphQLError(`Variable $${name} of type ${String(type)} was provided invalid value`, {
          nodes: [definition],
          extensions: {
            code: 'INVALID_VARIABLE',
            value: variables[name],
            problems: bad.map((b) => ({
              path: b.path,
              explanation: `Invalid global id '${String(b.value)}'`,
            })),
          },
        }),
      );
  }
  const typeInfo = new TypeInfo(schema);
  visit(
    operation,
    visitWithTypeInfo(typeInfo, {
      [Kind.STRING]: (node) => {
        const input = typeInfo.getInputType();
        const named = input && (isNonNullType(input) ? input.ofType : input);
        const leaf = named && isListType(named) ? named.ofType : named;
        const scalar = leaf && isNonNullType(leaf) ? leaf.ofType : leaf;
        if (isScalarType(scalar) && scalar.name === 'ID' && !isShopifyGid(node.value))
          errors.push(
            new GraphQLError(
              `Argument '${typeInfo.getArgument()?.name ?? 'id'}' on Field '${typeInfo.getFieldDef()?.name ?? ''}' has an invalid value (Invalid global id '${node.value}'). Expected type '${String(input)}'.`,
              { nodes: [node], extensions: { code: 'argumentLiteralsIncompatible' } },
            ),
          );
      },
    }),
  );
  return errors;
}
