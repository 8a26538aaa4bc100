import {
  GraphQLFieldResolver,
  GraphQLOutputType,
  GraphQLSchema,
  GraphQLTypeResolver,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { gidType } from '../gid';
import { isRecord } from '../types';

// Fields without a resolver read the property of the same name from the record. Where the
// record has nothing and the schema says non-null, answer a neutral default instead of a
// "Cannot return null" error, so any valid document executes (unmodelled data reads as empty).

const SCALAR_DEFAULTS: Record<string, unknown> = {
  String: '',
  ID: 'gid://shopify/Unknown/0',
  Int: 0,
  Float: 0,
  Boolean: false,
  DateTime: '1970-01-01T00:00:00Z',
  Date: '1970-01-01',
  Decimal: '0.0',
  Money: '0.00',
  UnsignedInt64: '0',
  URL: 'https://example.invalid/',
  HTML: '',
  FormattedString: '',
  JSON: {},
  Color: '#000000',
  ARN: '',
  BigInt: '0',
  UtcOffset: '+00:00',
};

function defaultFor(type: GraphQLOutputType, schema: GraphQLSchema): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  if (isScalarType(inner)) return SCALAR_DEFAULTS[inner.name] ?? '';
  if (isEnumType(inner)) return inner.getValues()[0]?.value ?? null;
  if (isObjectType(inner)) return {};
  if (isAbstractType(inner)) return { __typename: schema.getPossibleTypes(inner)[0]?.name };
  return null;
}

export const simFieldResolver: GraphQLFieldResolver<unknown, unknown> = (
  source,
  args,
  context,
  info,
) => {
  let value: unknown = isRecord(source) ? source[info.fieldName] : undefined;
  if (typeof value === 'function')
    value = (value as (...a: unknown[]) => unknown).call(source, args, context, info);
  if (value === undefined || (value === null && isNonNullType(info.returnType)))
    return defaultFor(info.returnType, info.schema);
  return value;
};

// Records carry their GID; its type segment names the concrete GraphQL type.
export const simTypeResolver: GraphQLTypeResolver<unknown, unknown> = (
  value,
  _context,
  info,
  abstractType,
) => {
  const possible = info.schema.getPossibleTypes(abstractType);
  if (isRecord(value)) {
    const explicit = typeof value.__typename === 'string' ? value.__typename : null;
    const fromId = typeof value.id === 'string' ? gidType(value.id) : null;
    for (const name of [explicit, fromId])
      if (name && possible.some((t) => t.name === name)) return name;
  }
  return possible[0]?.name;
};
