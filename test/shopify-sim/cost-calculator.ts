import {
  DocumentNode,
  FieldNode,
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isLeafType,
  isObjectType,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import {
  argsOf,
  candidateTypes,
  collectFields,
  CompositeType,
  CostContext,
  fieldsOf,
  fragmentsOf,
  isComposite,
  isConnectionField,
  isListField,
  pageSize,
  subSelections,
} from './selection-walk';
import { isRecord } from './types';

// Shopify's calculated query cost (shopify.dev "GraphQL Admin API rate limits"): scalars and enums
// 0, objects 1, interfaces/unions the maximum over the possible selections, connections
// 2 + first/last × one node, mutations 10 (some dynamic). The same walk over the returned data
// gives the actual cost, which can only be lower, so the difference is refunded.

export const MAX_QUERY_COST = 1000;
export const MUTATION_BASE_COST = 10;

// Inside a mutation payload plain objects are free; connections still cost.
type Mode = 'normal' | 'mutationPayload';

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

// Mutations whose cost depends on their input (productSet: 10 + 0.2 per variant, rounded up).
const DYNAMIC_MUTATION_COSTS: Record<string, (args: Record<string, unknown>) => number> = {
  productSet: (args) =>
    MUTATION_BASE_COST +
    Math.ceil(0.2 * listLength(isRecord(args.input) ? args.input.variants : undefined)),
  productVariantsBulkUpdate: (args) =>
    MUTATION_BASE_COST + Math.ceil(0.2 * listLength(args.variants)),
  productVariantsBulkCreate: (args) =>
    MUTATION_BASE_COST + Math.ceil(0.2 * listLength(args.variants)),
};

// ---- requested cost ---------------------------------------------------------------------------

function selectionCost(
  ctx: CostContext,
  type: CompositeType,
  sets: readonly SelectionSetNode[],
  mode: Mode,
): number {
  let best = 0;
  for (const candidate of candidateTypes(ctx, type, sets)) {
    let sum = 0;
    const defs = fieldsOf(candidate);
    for (const nodes of collectFields(ctx, candidate, sets).values()) {
      const def = defs[nodes[0].name.value];
      if (def) sum += fieldCost(ctx, def, nodes, mode);
    }
    best = Math.max(best, sum);
  }
  return best;
}

function connectionNodeCost(
  ctx: CostContext,
  connection: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
): number {
  let best = 0;
  const defs = connection.getFields();
  for (const nodes of collectFields(ctx, connection, sets).values()) {
    const name = nodes[0].name.value;
    const def = defs[name];
    if (!def) continue;
    const named = getNamedType(def.type);
    if (name === 'nodes' && isComposite(named)) {
      best = Math.max(best, 1 + selectionCost(ctx, named, subSelections(nodes), 'normal'));
    } else if (name === 'edges' && isObjectType(named)) {
      const edgeDefs = named.getFields();
      for (const edgeNodes of collectFields(ctx, named, subSelections(nodes)).values()) {
        const edgeDef = edgeDefs[edgeNodes[0].name.value];
        const nodeType = edgeDef ? getNamedType(edgeDef.type) : undefined;
        if (edgeNodes[0].name.value === 'node' && nodeType && isComposite(nodeType)) {
          best = Math.max(
            best,
            1 + selectionCost(ctx, nodeType, subSelections(edgeNodes), 'normal'),
          );
        }
      }
    }
  }
  return best;
}

function fieldCost(
  ctx: CostContext,
  def: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  mode: Mode,
): number {
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isComposite(named)) return 0;
  const args = argsOf(ctx, def, nodes[0]);
  const sets = subSelections(nodes);
  if (isConnectionField(def, named)) {
    return 2 + pageSize(args) * connectionNodeCost(ctx, named as GraphQLObjectType, sets);
  }
  const own = mode === 'mutationPayload' ? 0 : 1;
  const single = own + selectionCost(ctx, named, sets, mode);
  return isListField(def.type) && typeof args.first === 'number' ? args.first * single : single;
}

export interface RequestedCost {
  total: number;
  // Root field name → cost, for counters and debugging.
  perField: Record<string, number>;
}

export function calculateRequestedCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): RequestedCost {
  const ctx: CostContext = { schema, fragments: fragmentsOf(document), variables };
  const root =
    operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return { total: 0, perField: {} };
  const perField: Record<string, number> = {};
  let total = 0;
  const defs = root.getFields();
  for (const [key, nodes] of collectFields(ctx, root, [operation.selectionSet])) {
    const def = defs[nodes[0].name.value];
    if (!def) continue;
    let cost: number;
    if (operation.operation === 'mutation') {
      const args = argsOf(ctx, def, nodes[0]);
      const base = DYNAMIC_MUTATION_COSTS[def.name]?.(args) ?? MUTATION_BASE_COST;
      const payload = getNamedType(def.type);
      cost =
        base +
        (isComposite(payload)
          ? selectionCost(ctx, payload, subSelections(nodes), 'mutationPayload')
          : 0);
    } else {
      cost = fieldCost(ctx, def, nodes, 'normal');
    }
    perField[key] = cost;
    total += cost;
  }
  return { total, perField };
}

// ---- actual cost ------------------------------------------------------------------------------

function actualSelectionCost(
  ctx: CostContext,
  type: CompositeType,
  sets: readonly SelectionSetNode[],
  data: unknown,
  mode: Mode,
): number {
  if (!isRecord(data)) return 0;
  let best = 0;
  for (const candidate of candidateTypes(ctx, type, sets)) {
    let sum = 0;
    const defs = fieldsOf(candidate);
    for (const [key, nodes] of collectFields(ctx, candidate, sets)) {
      const def = defs[nodes[0].name.value];
      if (def) sum += actualFieldCost(ctx, def, nodes, data[key], mode);
    }
    best = Math.max(best, sum);
  }
  return best;
}

function actualConnectionCost(
  ctx: CostContext,
  connection: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  data: unknown,
): number {
  if (!isRecord(data)) return 0;
  const perNode: number[] = [];
  const defs = connection.getFields();
  for (const [key, nodes] of collectFields(ctx, connection, sets)) {
    const name = nodes[0].name.value;
    const def = defs[name];
    const value = data[key];
    if (!def || !Array.isArray(value)) continue;
    const named = getNamedType(def.type);
    value.forEach((item: unknown, index: number) => {
      let cost = 0;
      if (name === 'nodes' && isComposite(named)) {
        cost = isRecord(item)
          ? 1 + actualSelectionCost(ctx, named, subSelections(nodes), item, 'normal')
          : 0;
      } else if (name === 'edges' && isObjectType(named) && isRecord(item)) {
        const edgeDefs = named.getFields();
        for (const [edgeKey, edgeNodes] of collectFields(ctx, named, subSelections(nodes))) {
          const edgeDef = edgeDefs[edgeNodes[0].name.value];
          const nodeType = edgeDef ? getNamedType(edgeDef.type) : undefined;
          const nodeValue = item[edgeKey];
          if (
            edgeNodes[0].name.value === 'node' &&
            nodeType &&
            isComposite(nodeType) &&
            isRecord(nodeValue)
          ) {
            cost = Math.max(
              cost,
              1 + actualSelectionCost(ctx, nodeType, subSelections(edgeNodes), nodeValue, 'normal'),
            );
          }
        }
      }
      perNode[index] = Math.max(perNode[index] ?? 0, cost);
    });
  }
  return 2 + perNode.reduce((a, b) => a + b, 0);
}

function actualFieldCost(
  ctx: CostContext,
  def: GraphQLField<unknown, unknown>,
  nodes: readonly FieldNode[],
  value: unknown,
  mode: Mode,
): number {
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isComposite(named) || value === null || value === undefined) return 0;
  const sets = subSelections(nodes);
  if (isConnectionField(def, named))
    return actualConnectionCost(ctx, named as GraphQLObjectType, sets, value);
  const own = mode === 'mutationPayload' ? 0 : 1;
  if (Array.isArray(value)) {
    const costs = value.map((item: unknown) =>
      isRecord(item) ? own + actualSelectionCost(ctx, named, sets, item, mode) : 0,
    );
    const args = argsOf(ctx, def, nodes[0]);
    // Lists paged by `first` were charged per item; other lists as a single object.
    if (typeof args.first === 'number') return costs.reduce((a, b) => a + b, 0);
    return costs.length ? Math.max(...costs) : 0;
  }
  return own + actualSelectionCost(ctx, named, sets, value, mode);
}

export function calculateActualCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  data: unknown,
): number {
  const ctx: CostContext = { schema, fragments: fragmentsOf(document), variables };
  const root =
    operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root || !isRecord(data)) return 0;
  let total = 0;
  const defs = root.getFields();
  for (const [key, nodes] of collectFields(ctx, root, [operation.selectionSet])) {
    const def = defs[nodes[0].name.value];
    if (!def) continue;
    if (operation.operation === 'mutation') {
      const args = argsOf(ctx, def, nodes[0]);
      const base = DYNAMIC_MUTATION_COSTS[def.name]?.(args) ?? MUTATION_BASE_COST;
      const payload = getNamedType(def.type);
      total +=
        base +
        (isComposite(payload)
          ? actualSelectionCost(ctx, payload, subSelections(nodes), data[key], 'mutationPayload')
          : 0);
    } else {
      total += actualFieldCost(ctx, def, nodes, data[key], 'normal');
    }
  }
  return total;
}
