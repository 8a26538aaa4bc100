import type { ShopifyGraphql, ShopifyRequestOptions } from './shopify-graphql';

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface Connection<TNode> {
  nodes?: TNode[];
  edges?: Array<{ node: TNode }>;
  pageInfo: PageInfo;
}

export interface Page<TNode> {
  nodes: TNode[];
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface PaginateOptions<TData, TNode> extends ShopifyRequestOptions {
  // Where the connection is in the answer, e.g. (d) => d.orders.
  connection: (data: TData) => Connection<TNode> | null | undefined;
  variables?: Record<string, unknown>;
  // Sent as $first (the document declares `$first: Int!, $after: String`). Mind the cost:
  // 2 + first × one node must stay under 1,000.
  pageSize?: number;
  // Resume after a stored cursor.
  after?: string | null;
}

// Cursor pagination: one page per call, in order, until `hasNextPage` is false. Yields pages so
// a handler can store `endCursor` as it goes and resume after a crash.
export async function* paginate<TData, TNode>(
  client: ShopifyGraphql,
  document: string,
  options: PaginateOptions<TData, TNode>,
): AsyncGenerator<Page<TNode>> {
  const { connection, variables = {}, pageSize = 100, operationName, signal } = options;
  let after = options.after ?? null;
  for (;;) {
    const data = await client.request<TData>(
      document,
      { ...variables, first: pageSize, after },
      { operationName, signal },
    );
    const conn = connection(data);
    const nodes = conn?.nodes ?? conn?.edges?.map((e) => e.node) ?? [];
    const pageInfo = conn?.pageInfo ?? { hasNextPage: false, endCursor: null };
    yield { nodes, endCursor: pageInfo.endCursor, hasNextPage: pageInfo.hasNextPage };
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
    after = pageInfo.endCursor;
  }
}

// Every node of every page, for the cases where holding them all is fine.
export async function collectAll<TData, TNode>(
  client: ShopifyGraphql,
  document: string,
  options: PaginateOptions<TData, TNode>,
): Promise<TNode[]> {
  const all: TNode[] = [];
  for await (const page of paginate(client, document, options)) all.push(...page.nodes);
  return all;
}
