import {
  getDirectiveValues,
  GraphQLError,
  GraphQLFieldResolver,
  GraphQLResolveInfo,
  GraphQLSchema,
} from 'graphql';
import { ACCESS_DENIED_DOCUMENTATION, grants, requiredScope } from './access-scopes';
import { SimContext } from './resolvers/context';
import { inputViolations, InputViolation, schemaRules, userErrorCode } from './schema-rules';
import { runIdempotent } from './state/idempotency';

// Wraps every root field of the schema once: a field the simulator does not model answers
// NOT_IMPLEMENTED_IN_SIMULATOR; every mutation gets the description-derived rules (required
// @idempotent key, mandatory input fields, ledger document URIs) and, when a key is given,
// Shopify's idempotency (same key + same input replays, different input is refused).

export const NOT_IMPLEMENTED = 'NOT_IMPLEMENTED_IN_SIMULATOR';

export function notImplemented(what: string, info?: GraphQLResolveInfo): GraphQLError {
  return new GraphQLError(`${what} is not modelled by the Shopify simulator.`, {
    nodes: info?.fieldNodes,
    extensions: { code: NOT_IMPLEMENTED },
  });
}

// The key of @idempotent(key:) on this field, or null when the directive is absent.
export function idempotencyKeyOf(info: GraphQLResolveInfo): string | null {
  const directive = info.schema.getDirective('idempotent');
  const values = directive
    ? getDirectiveValues(directive, info.fieldNodes[0], info.variableValues)
    : undefined;
  return typeof values?.key === 'string' ? values.key : null;
}

function requiredKey(info: GraphQLResolveInfo, required: boolean): string | null {
  const key = idempotencyKeyOf(info);
  if (key === null && required)
    throw new GraphQLError(
      `The @idempotent directive is required for ${info.fieldName} as of API version 2026-04. Add @idempotent(key: "<uuid>") to the mutation field.`,
      { nodes: info.fieldNodes, extensions: { code: 'BAD_REQUEST' } },
    );
  if (key !== null && !key.trim())
    throw new GraphQLError('The idempotency key cannot be an empty string or whitespace only.', {
      nodes: info.fieldNodes,
      extensions: { code: 'BAD_REQUEST' },
    });
  return key;
}

const pathText = (path: string[]) =>
  path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p)).join('');

const MESSAGES: Record<InputViolation['kind'], string> = {
  mandatory: '',
  'ledger-required': 'A ledger document URI is required except when adjusting available.',
  'ledger-not-allowed': 'A ledger document URI is not allowed when adjusting available.',
  'ledger-internal':
    'Internal (gid://shopify/) ledger documents are not allowed to be adjusted via API.',
};

function userErrorPayload(
  schema: GraphQLSchema,
  mutation: string,
  violations: InputViolation[],
): { userErrors: unknown[] } {
  return {
    userErrors: violations.map((v) => ({
      field: v.path,
      message: MESSAGES[v.kind],
      code: userErrorCode(schema, mutation, v.kind) ?? 'INVALID',
    })),
  };
}

function wrapMutation(
  schema: GraphQLSchema,
  name: string,
  resolve: GraphQLFieldResolver<unknown, SimContext> | undefined,
): GraphQLFieldResolver<unknown, SimContext> {
  const rules = schemaRules(schema);
  const field = schema.getMutationType()!.getFields()[name];
  return (source, args, ctx, info) => {
    const key = requiredKey(info, rules.idempotentRequired.has(name));
    const violations = inputViolations(rules, field.args, args);
    const mandatory = violations.find((v) => v.kind === 'mandatory');
    if (mandatory) {
      const what = pathText(mandatory.path);
      throw new GraphQLError(
        `${what} is required as of API version 2026-04; pass null to opt out of the compare check.`,
        { nodes: info.fieldNodes, extensions: { code: 'BAD_REQUEST' } },
      );
    }
    if (violations.length) return userErrorPayload(schema, name, violations);
    if (!resolve) throw notImplemented(`Mutation.${name}`, info);
    if (key === null) return resolve(source, args, ctx, info);
    const outcome = runIdempotent(ctx.shop, name, key, args, () =>
      resolve(source, args, ctx, info),
    );
    if (outcome.kind !== 'mismatch') return outcome.payload;
    const code = userErrorCode(schema, name, 'mismatch');
    const message = 'The same idempotency key cannot be used with different operation parameters.';
    if (code) return { userErrors: [{ field: null, message, code }] };
    throw new GraphQLError(message, {
      nodes: info.fieldNodes,
      extensions: { code: 'IDEMPOTENCY_KEY_PARAMETER_MISMATCH' },
    });
  };
}

// Shopify's answer outside the granted scopes: the field is null, the error names the scope.
function accessDenied(info: GraphQLResolveInfo, scope: string): GraphQLError {
  const required = `\`${scope}\` access scope.`;
  return new GraphQLError(
    `Access denied for ${info.fieldName} field. Required access: ${required}`,
    {
      nodes: info.fieldNodes,
      extensions: {
        code: 'ACCESS_DENIED',
        documentation: ACCESS_DENIED_DOCUMENTATION,
        requiredAccess: required,
      },
    },
  );
}

function withScope(
  scope: string | null,
  resolve: GraphQLFieldResolver<unknown, SimContext>,
): GraphQLFieldResolver<unknown, SimContext> {
  if (!scope) return resolve;
  return (source, args, ctx, info) => {
    if (!grants(new Set(ctx.shop.accessScopes), scope)) throw accessDenied(info, scope);
    return resolve(source, args, ctx, info);
  };
}

export function enforceSchemaRules(schema: GraphQLSchema): void {
  const query = schema.getQueryType();
  for (const field of Object.values(query?.getFields() ?? {})) {
    const resolve =
      (field.resolve as GraphQLFieldResolver<unknown, SimContext> | undefined) ??
      ((_s, _a, _c, info) => {
        throw notImplemented(`QueryRoot.${field.name}`, info);
      });
    field.resolve = withScope(requiredScope(schema, 'query', field), resolve);
  }
  const mutation = schema.getMutationType();
  for (const field of Object.values(mutation?.getFields() ?? {}))
    field.resolve = withScope(
      requiredScope(schema, 'mutation', field),
      wrapMutation(
        schema,
        field.name,
        field.resolve as GraphQLFieldResolver<unknown, SimContext> | undefined,
      ),
    );
}
