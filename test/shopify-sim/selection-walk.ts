import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getDirectiveValues,
  GraphQLField,
  GraphQLIncludeDirective,
  GraphQLInterfaceType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLSkipDirective,
  GraphQLType,
  GraphQLUnionType,
  isAbstractType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  SelectionSetNode,
} from 'graphql';

// Walking a document the way graphql-js executes it (fields grouped by response key, fragments
// applied per runtime type), for the cost calculator.

export type CompositeType = GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType;

export interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

export function fragmentsOf(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
  }
  return fragments;
}

export function shouldInclude(
  ctx: CostContext,
  node: FieldNode | { directives?: FieldNode['directives'] },
): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, ctx.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, ctx.variables);
  return include?.if !== false;
}

export function conditionApplies(
  ctx: CostContext,
  condition: string | undefined,
  candidate: CompositeType,
): boolean {
  if (!condition) return true;
  const condType = ctx.schema.getType(condition);
  if (!condType) return false;
  if (condType === candidate) return true;
  return (
    isObjectType(candidate) && isAbstractType(condType) && ctx.schema.isSubType(condType, candidate)
  );
}

// graphql-js's CollectFields for one runtime type: fields grouped by response key.
export function collectFields(
  ctx: CostContext,
  candidate: CompositeType,
  selectionSets: readonly SelectionSetNode[],
  out: Map<string, FieldNode[]> = new Map(),
  seenFragments: Set<string> = new Set(),
): Map<string, FieldNode[]> {
  for (const set of selectionSets) {
    for (const selection of set.selections) {
      if (!shouldInclude(ctx, selection)) continue;
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const list = out.get(key) ?? [];
        list.push(selection);
        out.set(key, list);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (conditionApplies(ctx, selection.typeCondition?.name.value, candidate)) {
          collectFields(ctx, candidate, [selection.selectionSet], out, seenFragments);
        }
      } else {
        const name = selection.name.value;
        const fragment = ctx.fragments[name];
        if (!fragment || seenFragments.has(name)) continue;
        if (conditionApplies(ctx, fragment.typeCondition.name.value, candidate)) {
          seenFragments.add(name);
          collectFields(ctx, candidate, [fragment.selectionSet], out, seenFragments);
        }
      }
    }
  }
  return out;
}

// For an abstract type, the concrete types the selection distinguishes (plus the abstract type
// itself for fields selected on it directly); the cost is the maximum over them.
export function candidateTypes(
  ctx: CostContext,
  type: CompositeType,
  selectionSets: readonly SelectionSetNode[],
): CompositeType[] {
  if (isObjectType(type)) return [type];
  const found = new Set<CompositeType>([type]);
  const seen = new Set<string>();
  const scan = (sets: readonly SelectionSetNode[]): void => {
    for (const set of sets) {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) continue;
        let condition: string | undefined;
        let inner: SelectionSetNode;
        if (selection.kind === Kind.INLINE_FRAGMENT) {
          condition = selection.typeCondition?.name.value;
          inner = selection.selectionSet;
        } else {
          const fragment = ctx.fragments[selection.name.value];
          if (!fragment || seen.has(fragment.name.value)) continue;
          seen.add(fragment.name.value);
          condition = fragment.typeCondition.name.value;
          inner = fragment.selectionSet;
        }
        const condType = condition ? ctx.schema.getType(condition) : undefined;
        if (condType && (isObjectType(condType) || isAbstractType(condType)) && condType !== type) {
          found.add(condType);
        }
        scan([inner]);
      }
    }
  };
  scan(selectionSets);
  return [...found];
}

export function fieldsOf(type: CompositeType): Record<string, GraphQLField<unknown, unknown>> {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields() : {};
}

export function argsOf(
  ctx: CostContext,
  def: GraphQLField<unknown, unknown>,
  node: FieldNode,
): Record<string, unknown> {
  try {
    return getArgumentValues(def, node, ctx.variables);
  } catch {
    return {};
  }
}

export function subSelections(nodes: readonly FieldNode[]): SelectionSetNode[] {
  return nodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
}

export function isComposite(type: GraphQLNamedType): type is CompositeType {
  return isObjectType(type) || isInterfaceType(type) || isUnionType(type);
}

// A field returning a *Connection type that takes first/last is paged: 2 + size × node.
export function isConnectionField(
  def: GraphQLField<unknown, unknown>,
  named: GraphQLNamedType,
): boolean {
  return (
    isObjectType(named) &&
    named.name.endsWith('Connection') &&
    def.args.some((a) => a.name === 'first' || a.name === 'last')
  );
}

export function isListField(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

export function pageSize(args: Record<string, unknown>): number {
  if (typeof args.first === 'number') return args.first;
  if (typeof args.last === 'number') return args.last;
  return 0;
}
