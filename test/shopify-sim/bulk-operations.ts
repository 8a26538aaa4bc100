import {
  DocumentNode,
  FieldNode,
  getNamedType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  getOperationAST,
} from 'graphql';
import { executeDocument } from './executable-schema';
import { FileStore } from './file-store';
import { gid } from './gid';
import { BulkOperationResult, BulkService, SimServices } from './resolvers/context';
import { UserErrorRecord } from './state/catalog';
import { BulkOperationRecord } from './state/records';
import { ShopState } from './state/shop-state';
import { isRecord } from './types';

// Bulk operations run in the background (a timer, so clients really have to poll), outside
// the rate limit, and leave a JSONL file behind: one line per connection node, nested
// connection nodes on their own lines with `__parentId` pointing at the line they belong to.

// One bulk query and one bulk mutation at a time per shop (the 2026-04 schema's descriptions of
// bulkOperationRunQuery and currentBulkOperation); a second one of a type answers
// OPERATION_IN_PROGRESS naming the one running. A query and a mutation may run side by side.
const MAX_ACTIVE_PER_TYPE = 1;
// Mutations a bulk mutation may not run: the bulk machinery itself.
const NOT_IN_BULK = new Set([
  'bulkOperationRunMutation',
  'bulkOperationRunQuery',
  'bulkOperationCancel',
  'stagedUploadsCreate',
]);

export interface BulkRunnerOptions {
  schema: GraphQLSchema;
  files: FileStore;
  services: () => SimServices;
  apiVersion: string;
  delayMs: number;
  // The Mutation fields the simulator has resolvers for; a bulk mutation of another is refused.
  modeledMutations: () => ReadonlySet<string>;
}

// A bulk mutation runs exactly one mutation field, with at most one connection in what it
// selects back (Shopify's import limits); null when the document is acceptable.
export function bulkMutationProblem(
  schema: GraphQLSchema,
  document: DocumentNode,
  modeled: ReadonlySet<string>,
): string | null {
  const operation = getOperationAST(document);
  const roots = (operation?.selectionSet.selections ?? []).filter(
    (s): s is FieldNode => s.kind === Kind.FIELD,
  );
  if (roots.length !== 1 || roots.length !== operation?.selectionSet.selections.length)
    return 'A bulk mutation must contain exactly one mutation field.';
  const name = roots[0].name.value;
  if (NOT_IN_BULK.has(name)) return `${name} cannot be run as a bulk mutation.`;
  if (!modeled.has(name))
    return `The Shopify simulator does not model ${name} in bulk mutations (it has no resolver for it).`;
  const typeInfo = new TypeInfo(schema);
  let connections = 0;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (type && getNamedType(type).name.endsWith('Connection')) connections++;
      },
    }),
  );
  if (connections > 1)
    return `A bulk mutation may select at most one connection field (this one selects ${connections}).`;
  return null;
}

// Each line of the variables file is one JSON object; anything else refuses the whole file.
function parseVariablesFile(text: string): Record<string, unknown>[] | string {
  const lines = text.split('\n').filter((l) => l.trim());
  if (!lines.length) return 'The JSONL file is empty.';
  const inputs: Record<string, unknown>[] = [];
  for (const [index, line] of lines.entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      return `Line ${index + 1} of the JSONL file is not valid JSON.`;
    }
    if (!isRecord(parsed)) return `Line ${index + 1} of the JSONL file is not a JSON object.`;
    inputs.push(parsed);
  }
  return inputs;
}

function isConnectionValue(value: unknown): value is { edges?: unknown[]; nodes?: unknown[] } {
  return isRecord(value) && (Array.isArray(value.edges) || Array.isArray(value.nodes));
}

function connectionNodes(value: {
  edges?: unknown[];
  nodes?: unknown[];
}): Record<string, unknown>[] {
  const fromEdges = (value.edges ?? []).flatMap((e) =>
    isRecord(e) && isRecord(e.node) ? [e.node] : [],
  );
  const fromNodes = (value.nodes ?? []).filter(isRecord);
  return fromEdges.length ? fromEdges : fromNodes;
}

// Connection nodes need an `id` so their children can point at them; add it where missing.
function withNodeIds(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node): FieldNode | undefined {
        const parent = typeInfo.getParentType();
        const type = typeInfo.getType();
        if (!parent || !type || !node.selectionSet) return undefined;
        const isNodeField =
          (node.name.value === 'node' && parent.name.endsWith('Edge')) ||
          (node.name.value === 'nodes' && parent.name.endsWith('Connection'));
        const named = getNamedType(type);
        if (
          !isNodeField ||
          !(isObjectType(named) || isInterfaceType(named)) ||
          !named.getFields().id
        )
          return undefined;
        if (
          node.selectionSet.selections.some(
            (s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias,
          )
        )
          return undefined;
        const idField: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } };
        return {
          ...node,
          selectionSet: {
            ...node.selectionSet,
            selections: [idField, ...node.selectionSet.selections],
          },
        };
      },
    }),
  );
}

// Splits one result into JSONL lines (parents before their children).
export function flattenBulkResult(data: unknown): { lines: string[]; rootCount: number } {
  const lines: string[] = [];
  let rootCount = 0;
  const emit = (node: Record<string, unknown>, parentId: string | null): void => {
    const nested: { nodes: Record<string, unknown>[] }[] = [];
    const strip = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(strip);
      if (!isRecord(value)) return value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (isConnectionValue(v)) nested.push({ nodes: connectionNodes(v) });
        else out[k] = strip(v);
      }
      return out;
    };
    const line = strip(node) as Record<string, unknown>;
    if (parentId) line.__parentId = parentId;
    lines.push(JSON.stringify(line));
    const id = typeof node.id === 'string' ? node.id : parentId;
    for (const group of nested) for (const child of group.nodes) emit(child, id);
  };
  if (isRecord(data)) {
    for (const value of Object.values(data)) {
      if (isConnectionValue(value)) {
        for (const node of connectionNodes(value)) {
          rootCount++;
          emit(node, null);
        }
      } else if (isRecord(value)) {
        emit(value, null);
        rootCount++;
      }
    }
  }
  return { lines, rootCount };
}

export class BulkOperationRunner implements BulkService {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BulkRunnerOptions) {}

  // How long an operation stays CREATED before it runs (tests that need one still running).
  setDelayMs(ms: number): void {
    this.options.delayMs = ms;
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private invalid(message: string, code: string, field = 'query'): BulkOperationResult {
    return { operation: null, userErrors: [{ field: [field], message, code }] };
  }

  private parseChecked(
    text: string,
    kind: 'query' | 'mutation',
  ): { document: DocumentNode | null; error: string | null } {
    let document: DocumentNode;
    try {
      document = parse(text);
    } catch (error) {
      return { document: null, error: error instanceof Error ? error.message : String(error) };
    }
    const errors = validate(this.options.schema, document);
    if (errors.length) return { document: null, error: errors.map((e) => e.message).join('; ') };
    const operation = getOperationAST(document);
    if (!operation || operation.operation !== kind)
      return {
        document: null,
        error: `Bulk ${kind === 'query' ? 'queries' : 'mutations'} must contain exactly one ${kind} operation.`,
      };
    return { document, error: null };
  }

  private create(
    shop: ShopState,
    type: 'QUERY' | 'MUTATION',
    query: string,
    extra: Partial<BulkOperationRecord>,
  ): BulkOperationRecord | UserErrorRecord {
    const active = [...shop.bulkOperations.values()].filter(
      (b) => b.type === type && (b.status === 'CREATED' || b.status === 'RUNNING'),
    );
    if (active.length >= MAX_ACTIVE_PER_TYPE) {
      return {
        field: null,
        message: `A bulk ${type.toLowerCase()} operation for this app and shop is already in progress: ${active[0].id}.`,
        code: 'OPERATION_IN_PROGRESS',
      };
    }
    const record: BulkOperationRecord = {
      id: gid('BulkOperation', shop.nextId()),
      type,
      status: 'CREATED',
      query,
      groupObjects: false,
      stagedUploadPath: null,
      clientIdentifier: null,
      errorCode: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      createdAt: shop.now(),
      completedAt: null,
      ...extra,
    };
    shop.bulkOperations.set(record.id, record);
    return record;
  }

  private schedule(
    shop: ShopState,
    record: BulkOperationRecord,
    work: () => Promise<string[]>,
    rootCount: () => number,
  ): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (record.status !== 'CREATED') return;
      record.status = 'RUNNING';
      void work()
        .then((lines) => {
          if ((record.status as string) !== 'RUNNING') return;
          record.objectCount = lines.length;
          record.rootObjectCount = rootCount();
          if (lines.length) {
            const key = `bulk/${record.id.split('/').pop()}.jsonl`;
            const data = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
            this.options.files.put(key, data, 'application/jsonl');
            record.url = this.options.files.urlFor(key);
            record.fileSize = data.length;
          }
          record.status = 'COMPLETED';
          record.completedAt = shop.now();
        })
        .catch(() => {
          record.status = 'FAILED';
          record.errorCode = 'INTERNAL_SERVER_ERROR';
          record.completedAt = shop.now();
        });
    }, this.options.delayMs);
    this.timers.add(timer);
  }

  runQuery(shop: ShopState, query: string, groupObjects: boolean): BulkOperationResult {
    const { document, error } = this.parseChecked(query, 'query');
    if (!document) return this.invalid(error ?? 'Invalid bulk query', 'INVALID');
    const created = this.create(shop, 'QUERY', query, { groupObjects });
    if (!('id' in created)) return { operation: null, userErrors: [created] };
    let roots = 0;
    this.schedule(
      shop,
      created,
      async () => {
        const result = await executeDocument(
          this.options.schema,
          withNodeIds(this.options.schema, document),
          undefined,
          {
            shop,
            services: this.options.services(),
            apiVersion: this.options.apiVersion,
            bulk: true,
          },
        );
        if (result.errors?.length) throw new Error(result.errors[0].message);
        const flat = flattenBulkResult(result.data);
        roots = flat.rootCount;
        return flat.lines;
      },
      () => roots,
    );
    return { operation: created, userErrors: [] };
  }

  runMutation(
    shop: ShopState,
    mutation: string,
    stagedUploadPath: string,
    clientIdentifier: string | null,
  ): BulkOperationResult {
    const { document, error } = this.parseChecked(mutation, 'mutation');
    if (!document)
      return this.invalid(error ?? 'Invalid bulk mutation', 'INVALID_MUTATION', 'mutation');
    const problem = bulkMutationProblem(
      this.options.schema,
      document,
      this.options.modeledMutations(),
    );
    if (problem) return this.invalid(problem, 'INVALID_MUTATION', 'mutation');
    const file = this.options.files.get(stagedUploadPath);
    if (!file)
      return this.invalid(
        'The JSONL file could not be found. Try uploading the file again.',
        'NO_SUCH_FILE',
        'stagedUploadPath',
      );
    const inputs = parseVariablesFile(file.data.toString('utf8'));
    if (typeof inputs === 'string')
      return this.invalid(inputs, 'INVALID_STAGED_UPLOAD_FILE', 'stagedUploadPath');
    const created = this.create(shop, 'MUTATION', mutation, { stagedUploadPath, clientIdentifier });
    if (!('id' in created)) return { operation: null, userErrors: [created] };
    // Each line runs through the same resolvers as a single call, outside the rate limit; the
    // result file has one line per input line, in order, with its `__lineNumber` (0-based).
    this.schedule(
      shop,
      created,
      async () => {
        const lines: string[] = [];
        for (const [index, variables] of inputs.entries()) {
          if ((created.status as string) !== 'RUNNING') break;
          const result = await executeDocument(this.options.schema, document, variables, {
            shop,
            services: this.options.services(),
            apiVersion: this.options.apiVersion,
            bulk: false,
          });
          lines.push(
            JSON.stringify({
              ...(result.errors?.length ? { errors: result.errors.map((e) => e.toJSON()) } : {}),
              data: result.data ?? null,
              __lineNumber: index,
            }),
          );
          created.objectCount = lines.length;
        }
        return lines;
      },
      () => inputs.length,
    );
    return { operation: created, userErrors: [] };
  }

  cancel(shop: ShopState, id: string): BulkOperationResult {
    const record = shop.bulkOperations.get(id);
    if (!record)
      return {
        operation: null,
        userErrors: [{ field: ['id'], message: 'Bulk operation does not exist', code: null }],
      };
    if (record.status !== 'CREATED' && record.status !== 'RUNNING') {
      return {
        operation: record,
        userErrors: [
          {
            field: null,
            message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}`,
            code: null,
          },
        ],
      };
    }
    record.status = 'CANCELED';
    record.completedAt = shop.now();
    return { operation: record, userErrors: [] };
  }
}
