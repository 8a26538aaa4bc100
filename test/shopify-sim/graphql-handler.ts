import {
  DocumentNode,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  parse,
  validate,
} from 'graphql';
import { calculateActualCost, calculateRequestedCost, MAX_QUERY_COST } from './cost-calculator';
import { invalidGidErrors } from './gid-check';
import { findOversizedInputArray, MAX_INPUT_ARRAY_SIZE } from './input-limits';
import { executeDocument } from './executable-schema';
import { ThrottleStatus } from './leaky-bucket';
import { SimServices } from './resolvers/context';
import { ShopState } from './state/shop-state';
import { isRecord } from './types';

// One Admin GraphQL call, in Shopify's order: parse, validate against the real schema, coerce
// variables, enforce the input-array cap and the single-query cost cap, take the requested cost
// from the bucket (or answer THROTTLED), execute, refund requested − actual. Every answer
// carries extensions.cost.

export interface GraphqlHttpResult {
  status: number;
  body: unknown;
}

interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: ThrottleStatus;
}

export const THROTTLED_DOCUMENTATION = 'https://shopify.dev/api/usage/rate-limits';

// graphql-ruby's static-validation codes, which Shopify reports, for the common mistakes.
const VALIDATION_CODES: [RegExp, string][] = [
  [/^Cannot query field/, 'undefinedField'],
  [/^Unknown argument/, 'argumentNotAccepted'],
  [/argument ".*" of type ".*" is required, but it was not provided/, 'missingRequiredArguments'],
  [/^Field ".*" of required type ".*" was not provided/, 'missingRequiredInputObjectAttribute'],
  [/^Unknown type/, 'undefinedType'],
  [/^Unknown directive/, 'undefinedDirective'],
  [/^Variable ".*" is never used/, 'variableNotUsed'],
  [/^Variable ".*" is not defined/, 'variableNotDefined'],
  [/must have a selection of subfields/, 'selectionMismatch'],
  [/must not have a selection since type/, 'selectionMismatch'],
  [/^Fragment ".*" is never used/, 'useAndDefineFragment'],
  [/^Unknown fragment/, 'useAndDefineFragment'],
  [/cannot represent|Expected value of type/, 'argumentLiteralsIncompatible'],
];

function validationCode(message: string): string {
  return (
    VALIDATION_CODES.find(([pattern]) => pattern.test(message))?.[1] ?? 'GRAPHQL_VALIDATION_FAILED'
  );
}

function formatError(error: GraphQLError, code?: string): GraphQLFormattedError {
  const formatted = error.toJSON();
  const extensions = { ...(formatted.extensions ?? {}) };
  if (code) extensions.code = code;
  // Resolver bugs surface as Shopify's generic internal error, not as a stack trace.
  if (!extensions.code && error.originalError && !(error.originalError instanceof GraphQLError))
    extensions.code = 'INTERNAL_SERVER_ERROR';
  return { ...formatted, extensions };
}

function operationNameOf(document: DocumentNode, requested: string | undefined): string | null {
  return getOperationAST(document, requested)?.name?.value ?? requested ?? null;
}

export async function handleGraphql(
  schema: GraphQLSchema,
  shop: ShopState,
  services: SimServices,
  apiVersion: string,
  payload: unknown,
): Promise<GraphqlHttpResult> {
  const cost = (requested: number, actual: number | null): { cost: CostExtension } => ({
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: actual,
      throttleStatus: shop.throttleStatus(),
    },
  });
  const query = isRecord(payload) ? payload.query : undefined;
  if (typeof query !== 'string' || !query.trim()) {
    return { status: 400, body: { errors: { query: 'Required parameter missing or invalid' } } };
  }
  const rawVariables = isRecord(payload) && isRecord(payload.variables) ? payload.variables : {};
  const operationName =
    isRecord(payload) && typeof payload.operationName === 'string'
      ? payload.operationName
      : undefined;
  shop.counters.calls += 1;

  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    const e = error instanceof GraphQLError ? error : new GraphQLError(String(error));
    return {
      status: 200,
      body: { errors: [formatError(e, 'PARSE_ERROR')], extensions: cost(0, 0) },
    };
  }
  const name = operationNameOf(document, operationName) ?? 'anonymous';
  shop.counters.byOperation[name] = (shop.counters.byOperation[name] ?? 0) + 1;

  const validationErrors = validate(schema, document);
  if (validationErrors.length) {
    return {
      status: 200,
      body: {
        errors: validationErrors.map((e) => formatError(e, validationCode(e.message))),
        extensions: cost(0, 0),
      },
    };
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    const message = operationName
      ? `No operation named "${operationName}"`
      : 'An operation name is required when the document contains multiple operations';
    return {
      status: 200,
      body: {
        errors: [{ message, extensions: { code: 'OPERATION_NOT_FOUND' } }],
        extensions: cost(0, 0),
      },
    };
  }
  if (operation.operation === 'subscription') {
    return {
      status: 200,
      body: {
        errors: [
          {
            message: 'Subscriptions are not supported over HTTP',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
        extensions: cost(0, 0),
      },
    };
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) {
    return {
      status: 200,
      body: {
        errors: coerced.errors.map((e) => formatError(e, 'INVALID_VARIABLE')),
        extensions: cost(0, 0),
      },
    };
  }
  const variables = coerced.coerced;

  const oversized = findOversizedInputArray(schema, document, operation, variables);
  if (oversized) {
    const error = new GraphQLError(
      `The input array size of ${oversized.size} is greater than the maximum allowed of ${MAX_INPUT_ARRAY_SIZE}.`,
      {
        nodes: [oversized.node],
        path: oversized.path,
        extensions: { code: 'MAX_INPUT_SIZE_EXCEEDED' },
      },
    );
    return { status: 200, body: { errors: [formatError(error)], extensions: cost(0, 0) } };
  }

  const badIds = invalidGidErrors(schema, operation, variables);
  if (badIds.length)
    return {
      status: 200,
      body: { errors: badIds.map((e) => formatError(e)), extensions: cost(0, 0) },
    };

  const requested = calculateRequestedCost(schema, document, operation, variables).total;
  if (requested > MAX_QUERY_COST) {
    const message =
      `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).\n\n` +
      'See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\n' +
      'To query larger amounts of data with fewer limits, bulk operations should be used instead.\n' +
      'See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n';
    return {
      status: 200,
      body: {
        errors: [
          {
            message,
            extensions: {
              code: 'MAX_COST_EXCEEDED',
              cost: requested,
              maxCost: MAX_QUERY_COST,
              documentation: THROTTLED_DOCUMENTATION,
            },
          },
        ],
        extensions: cost(requested, null),
      },
    };
  }
  if (!shop.bucket.tryTake(requested)) {
    shop.counters.throttled += 1;
    return {
      status: 200,
      body: {
        errors: [
          {
            message: 'Throttled',
            extensions: { code: 'THROTTLED', documentation: THROTTLED_DOCUMENTATION },
          },
        ],
        extensions: cost(requested, null),
      },
    };
  }

  const result = await executeDocument(
    schema,
    document,
    variables,
    { shop, services, apiVersion, bulk: false },
    operationName,
  );
  const actual = Math.min(
    requested,
    calculateActualCost(schema, document, operation, variables, result.data),
  );
  shop.bucket.refund(requested - actual);
  shop.counters.requestedPoints += requested;
  shop.counters.pointsUsed += actual;
  shop.counters.refundedPoints += requested - actual;
  const body: Record<string, unknown> = {};
  if (result.errors?.length) body.errors = result.errors.map((e) => formatError(e));
  body.data = result.data ?? null;
  body.extensions = cost(requested, actual);
  return { status: 200, body };
}
