import { GraphQLError } from 'graphql';

// Relay-style cursor pagination as Shopify does it: `first`/`last` are required (except inside a
// bulk operation), at most 250 per page, and cursors encode the sort key of the last item so a
// page boundary survives inserts and deletes.

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export type SortKey = (string | number)[];

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

export function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.every((p) => typeof p === 'string' || typeof p === 'number')
    ) {
      return parsed as SortKey;
    }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('Invalid cursor for current pagination.', {
    extensions: { code: 'BAD_REQUEST' },
  });
}

export function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

export function checkPageArgs(args: PageArgs, unlimited: boolean): void {
  if (unlimited) return;
  if (typeof args.first !== 'number' && typeof args.last !== 'number') {
    throw new GraphQLError('you must provide one of first or last', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  for (const [name, value] of [
    ['first', args.first],
    ['last', args.last],
  ] as const) {
    if (typeof value === 'number' && (value < 0 || value > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The value of '${name}' must be between 0 and ${MAX_PAGE_SIZE}.`, {
        extensions: { code: 'BAD_REQUEST' },
      });
    }
  }
}

// `items` in any order; `key` gives the sort tuple (ending in a unique id for stability).
export function paginate<T>(
  items: readonly T[],
  args: PageArgs,
  key: (item: T) => SortKey,
  unlimited = false,
): Connection<T> {
  checkPageArgs(args, unlimited);
  const direction = args.reverse ? -1 : 1;
  const keyed = items.map((node) => ({ node, key: key(node) }));
  keyed.sort((a, b) => direction * compareKeys(a.key, b.key));
  let start = 0;
  let end = keyed.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    while (start < end && direction * compareKeys(keyed[start].key, after) <= 0) start++;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    while (end > start && direction * compareKeys(keyed[end - 1].key, before) >= 0) end--;
  }
  if (!unlimited && typeof args.first === 'number') end = Math.min(end, start + args.first);
  if (!unlimited && typeof args.last === 'number') start = Math.max(start, end - args.last);
  const window = keyed.slice(start, end);
  const edges = window.map((k) => ({ cursor: encodeCursor(k.key), node: k.node }));
  return {
    edges,
    nodes: window.map((k) => k.node),
    pageInfo: {
      hasNextPage: end < keyed.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
