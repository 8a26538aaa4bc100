import { GraphQLFieldResolver, GraphQLTypeResolver, isNonNullType } from 'graphql';
import { gidType } from '../gid';
import { notImplemented } from '../rule-enforcement';
import { isRecord } from '../types';

// Fields without a resolver read the property of the same name from the record. A property the
// record does not have is a field the simulator does not model: it answers
// NOT_IMPLEMENTED_IN_SIMULATOR rather than a made-up value (an empty string, a zero, a 1970
// date). A modelled nullable field holds an explicit null.

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
    throw notImplemented(`${info.parentType.name}.${info.fieldName}`, info);
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
  throw notImplemented(`the concrete type of this ${abstractType.name}`, info);
};
