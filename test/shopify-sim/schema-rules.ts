import {
  getNamedType,
  GraphQLEnumType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { isRecord } from './types';

// Server-side rules Shopify states in the schema's descriptions (not expressible in SDL), read
// from the descriptions themselves so every mutation that has them is covered, not a hand list.

export const IDEMPOTENCY_REQUIRED =
  /As of (?:version )?`?2026-04`?,\s+the idempotency key is\s+required/;
// "This field is mandatory: you must explicitly pass in a value, even if that value is `null`".
// ("This field is mandatory in order to manipulate drafts with bundles" is conditional: not it.)
export const MANDATORY_FIELD = /you must explicitly pass in a value/;
export const LEDGER_REQUIRED = /Required for all quantity names except `available`/;
export const NO_SHOPIFY_GID = /Cannot use gid:\/\/shopify\/\* format/;

export interface SchemaRules {
  // Mutation fields whose key is required in 2026-04.
  idempotentRequired: ReadonlySet<string>;
  // input type → fields that must be present in the input (null allowed).
  mandatoryFields: ReadonlyMap<string, string[]>;
  // input type → ledger fields required unless the quantity name is `available`.
  ledgerFields: ReadonlyMap<string, string[]>;
  // input type → fields that refuse gid://shopify/ URIs.
  noShopifyGidFields: ReadonlyMap<string, string[]>;
}

const cache = new WeakMap<GraphQLSchema, SchemaRules>();

function push(map: Map<string, string[]>, type: string, field: string): void {
  map.set(type, [...(map.get(type) ?? []), field]);
}

export function schemaRules(schema: GraphQLSchema): SchemaRules {
  const cached = cache.get(schema);
  if (cached) return cached;
  const mutation = schema.getMutationType();
  const idempotentRequired = new Set(
    Object.values(mutation?.getFields() ?? {})
      .filter((f) => IDEMPOTENCY_REQUIRED.test((f.description ?? '').replace(/\s+/g, ' ')))
      .map((f) => f.name),
  );
  const mandatoryFields = new Map<string, string[]>();
  const ledgerFields = new Map<string, string[]>();
  const noShopifyGidFields = new Map<string, string[]>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const text = (field.description ?? '').replace(/\s+/g, ' ');
      if (MANDATORY_FIELD.test(text)) push(mandatoryFields, type.name, field.name);
      if (LEDGER_REQUIRED.test(text)) push(ledgerFields, type.name, field.name);
      if (NO_SHOPIFY_GID.test(text)) push(noShopifyGidFields, type.name, field.name);
    }
  }
  const rules = { idempotentRequired, mandatoryFields, ledgerFields, noShopifyGidFields };
  cache.set(schema, rules);
  return rules;
}

export interface InputViolation {
  kind: 'mandatory' | 'ledger-required' | 'ledger-not-allowed' | 'ledger-internal';
  path: string[];
}

// Walks coerced arguments (graphql-js leaves omitted input fields out, explicit nulls in) and
// reports what the rules refuse. The quantity name in scope is the nearest `name` field of the
// input or of an enclosing input (inventoryAdjustQuantities puts it on the parent).
export function inputViolations(
  rules: SchemaRules,
  argTypes: ReadonlyArray<{ name: string; type: GraphQLInputType }>,
  args: Record<string, unknown>,
): InputViolation[] {
  const out: InputViolation[] = [];
  const visit = (type: GraphQLInputType, value: unknown, path: string[], name: unknown): void => {
    if (value === null || value === undefined) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      if (Array.isArray(value))
        value.forEach((v, i) => visit(inner.ofType, v, [...path, String(i)], name));
      return;
    }
    if (!isInputObjectType(inner) || !isRecord(value)) return;
    const scopeName = typeof value.name === 'string' ? value.name : name;
    for (const field of rules.mandatoryFields.get(inner.name) ?? [])
      if (!(field in value)) out.push({ kind: 'mandatory', path: [...path, field] });
    for (const field of rules.ledgerFields.get(inner.name) ?? []) {
      const uri = value[field];
      const given = typeof uri === 'string' && uri.length > 0;
      if (scopeName !== 'available' && !given)
        out.push({ kind: 'ledger-required', path: [...path, field] });
      if (scopeName === 'available' && given)
        out.push({ kind: 'ledger-not-allowed', path: [...path, field] });
    }
    for (const field of rules.noShopifyGidFields.get(inner.name) ?? []) {
      const uri = value[field];
      if (typeof uri === 'string' && uri.startsWith('gid://shopify/'))
        out.push({ kind: 'ledger-internal', path: [...path, field] });
    }
    for (const field of Object.values(inner.getFields()))
      if (field.name in value)
        visit(field.type, value[field.name], [...path, field.name], scopeName);
  };
  for (const arg of argTypes) visit(arg.type, args[arg.name], [arg.name], undefined);
  return out;
}

// The user-error code a payload's `userErrors { code }` enum offers for a violation, found by
// the enum value's own description.
const CODE_DESCRIPTIONS: Record<InputViolation['kind'] | 'mismatch', RegExp> = {
  mandatory: /^$/,
  'ledger-required': /ledger document URI is required/,
  'ledger-not-allowed': /not allowed when adjusting available/,
  'ledger-internal': /Internal \(gid:\/\/shopify\/\) ledger documents/,
  mismatch: /idempotency key cannot be used with different/,
};

export function userErrorCodeEnum(
  schema: GraphQLSchema,
  mutationName: string,
): GraphQLEnumType | null {
  const payload = schema.getMutationType()?.getFields()[mutationName]?.type;
  const named = payload ? getNamedType(payload) : null;
  if (!isObjectType(named)) return null;
  const errors = named.getFields().userErrors;
  const errorType = errors ? getNamedType(errors.type) : null;
  if (!isObjectType(errorType)) return null;
  const code = errorType.getFields().code;
  const codeType = code ? getNamedType(code.type) : null;
  return isEnumType(codeType) ? codeType : null;
}

export function userErrorCode(
  schema: GraphQLSchema,
  mutationName: string,
  kind: InputViolation['kind'] | 'mismatch',
): string | null {
  const codes = userErrorCodeEnum(schema, mutationName);
  if (!codes) return null;
  const value = codes.getValues().find((v) => CODE_DESCRIPTIONS[kind].test(v.description ?? ''));
  return value?.name ?? null;
}
