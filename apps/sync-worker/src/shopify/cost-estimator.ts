import {
  FieldNode,
  FragmentDefinitionNode,
  Kind,
  OperationDefinitionNode,
  parse,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

// Shopify's requested-cost rules, applied to a document without the schema (the worker does
// not load the 3 MB SDL): a field without a selection is a scalar (0), one with a selection an
// object (1), one with `first`/`last` a connection (2 + n × one node), a mutation 10 plus its
// dynamic part; objects inside a mutation payload are free. Inline fragments on different types
// count the most expensive one. Shopify's own figure, read back after each call, corrects it.

export interface ParsedOperation {
  name: string;
  kind: 'query' | 'mutation';
  operation: OperationDefinitionNode;
  fragments: Map<string, FragmentDefinitionNode>;
}

type Mode = 'normal' | 'payload';
type Variables = Record<string, unknown>;

const MUTATION_COST = 10;
const DYNAMIC_MUTATIONS: Record<string, (args: Record<string, unknown>) => number> = {
  productSet: (a) => Math.ceil(0.2 * lengthOf((a.input as Record<string, unknown>)?.variants)),
  productVariantsBulkUpdate: (a) => Math.ceil(0.2 * lengthOf(a.variants)),
  productVariantsBulkCreate: (a) => Math.ceil(0.2 * lengthOf(a.variants)),
};

const parsed = new Map<string, ParsedOperation>();

export function parseOperation(document: string, operationName?: string): ParsedOperation {
  const key = `${operationName ?? ''}\n${document}`;
  const known = parsed.get(key);
  if (known) return known;
  const ast = parse(document);
  const operations = ast.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operationName
    ? operations.find((o) => o.name?.value === operationName)
    : operations[0];
  if (!operation || (!operationName && operations.length > 1))
    throw new Error(`the document does not define one operation ${operationName ?? ''}`.trim());
  if (operation.operation === 'subscription') throw new Error('subscriptions are not supported');
  const fragments = new Map(
    ast.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const result: ParsedOperation = {
    name: operation.name?.value ?? 'anonymous',
    kind: operation.operation,
    operation,
    fragments,
  };
  if (parsed.size > 1000) parsed.clear();
  parsed.set(key, result);
  return result;
}

export function estimateCost(op: ParsedOperation, variables: Variables = {}): number {
  const walk = new CostWalk(op.fragments, variables);
  let total = 0;
  for (const field of walk.fields(op.operation.selectionSet)) {
    if (op.kind === 'mutation') {
      const args = walk.args(field);
      total +=
        MUTATION_COST +
        (DYNAMIC_MUTATIONS[field.name.value]?.(args) ?? 0) +
        walk.selection(field.selectionSet, 'payload');
    } else {
      total += walk.field(field, 'normal');
    }
  }
  return total;
}

class CostWalk {
  constructor(
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Variables,
  ) {}

  // The fields selected directly (fragments on the same level are handled by `selection`).
  fields(set: SelectionSetNode | undefined): FieldNode[] {
    return (set?.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD);
  }

  selection(set: SelectionSetNode | undefined, mode: Mode): number {
    if (!set) return 0;
    let direct = 0;
    let fragmentMax = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) direct += this.field(s, mode);
      else if (s.kind === Kind.INLINE_FRAGMENT)
        fragmentMax = Math.max(fragmentMax, this.selection(s.selectionSet, mode));
      else {
        const fragment = this.fragments.get(s.name.value);
        if (fragment)
          fragmentMax = Math.max(fragmentMax, this.selection(fragment.selectionSet, mode));
      }
    }
    return direct + fragmentMax;
  }

  field(field: FieldNode, mode: Mode): number {
    if (!field.selectionSet) return 0;
    const args = this.args(field);
    const size = pageSize(args);
    if (size !== undefined) {
      const node = this.connectionNode(field.selectionSet);
      if (node !== undefined) return 2 + size * node;
      return size * (1 + this.selection(field.selectionSet, 'normal'));
    }
    return (mode === 'payload' ? 0 : 1) + this.selection(field.selectionSet, mode);
  }

  // One node of a connection: `nodes { … }` or `edges { node { … } }`; undefined if neither.
  private connectionNode(set: SelectionSetNode): number | undefined {
    let best: number | undefined;
    for (const f of this.fields(set)) {
      if (f.name.value === 'nodes')
        best = Math.max(best ?? 0, 1 + this.selection(f.selectionSet, 'normal'));
      if (f.name.value === 'edges')
        for (const e of this.fields(f.selectionSet))
          if (e.name.value === 'node')
            best = Math.max(best ?? 0, 1 + this.selection(e.selectionSet, 'normal'));
    }
    return best;
  }

  args(field: FieldNode): Record<string, unknown> {
    return Object.fromEntries(
      (field.arguments ?? []).map((a) => [a.name.value, this.value(a.value)]),
    );
  }

  private value(node: ValueNode): unknown {
    switch (node.kind) {
      case Kind.VARIABLE:
        return this.variables[node.name.value];
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      case Kind.LIST:
        return node.values.map((v) => this.value(v));
      case Kind.OBJECT:
        return Object.fromEntries(node.fields.map((f) => [f.name.value, this.value(f.value)]));
      case Kind.NULL:
        return null;
      default:
        return 'value' in node ? node.value : undefined;
    }
  }
}

function pageSize(args: Record<string, unknown>): number | undefined {
  const n = typeof args.first === 'number' ? args.first : args.last;
  return typeof n === 'number' && Number.isFinite(n) ? Math.max(0, n) : undefined;
}

function lengthOf(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
